import BatonModel
public import BatonFEEL

/// What can be asked of a running process instance. Commands are in the imperative;
/// the engine answers with events in the past tense, or rejects the command.
public enum EngineCommand: Hashable, Sendable {
    /// Complete a user task with the given variables; `user` is recorded in the events.
    case completeUserTask(UserTaskKey, variables: FEELContext = FEELContext(), user: String? = nil)
    /// Complete a job with its result variables.
    case completeJob(JobKey, variables: FEELContext = FEELContext())
    /// Report a failed attempt. `retries` is how many attempts are left (default: one
    /// fewer than before); at zero an incident is raised.
    case failJob(JobKey, message: String, retries: Int? = nil, retryBackoffMilliseconds: Int64? = nil)
    /// The worker's business outcome is a BPMN error with this code.
    case throwJobError(JobKey, errorCode: String, message: String? = nil, variables: FEELContext = FEELContext())
    /// Deliver a message to the first matching subscription.
    case correlateMessage(name: String, correlationKey: String? = nil, variables: FEELContext = FEELContext())
    /// Deliver a signal to every element waiting for it in this instance.
    case broadcastSignal(name: String, variables: FEELContext = FEELContext())
    /// A timer subscription is due.
    case fireTimer(SubscriptionKey)
    /// Cancel every token, job, task and subscription.
    case cancel
    /// Set variables on the process scope (or on a given element instance's scope).
    case setVariables(FEELContext, scope: ElementInstanceKey? = nil)
    /// Try again the step an incident stopped.
    case resolveIncident(IncidentKey)
    /// Make a job waiting for its retry backoff due now.
    case retryJobNow(JobKey)
    /// Change who a user task is with: claim, unclaim, delegate, resolve, reassign.
    /// (Who may do what is checked by the runtime, not the engine.)
    case changeUserTask(UserTaskKey, UserTaskChange, by: String?)
}

/// Why the engine refused a command; the state is unchanged.
public struct CommandRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// A short, stable name for the kind of rejection.
    public enum Reason: String, Hashable, Sendable {
        case notFound, invalidState, invalidArgument, notCorrelated
    }

    public var reason: Reason
    public var message: String
    /// What was wrong with each field, when a user task's form refused the values (the
    /// message says the same in one sentence); empty otherwise.
    public var fieldErrors: [FieldError]

    public init(_ reason: Reason, _ message: String, fieldErrors: [FieldError] = []) {
        self.reason = reason
        self.message = message
        self.fieldErrors = fieldErrors
    }

    public var description: String { message }
}

/// One field's problem: `amount` "must be at least 1", `approved` "required".
public struct FieldError: Hashable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// How a user task's assignment changes.
public enum UserTaskChange: Hashable, Sendable {
    /// Take an unassigned task.
    case claim(String)
    /// Give an assigned task back to its candidates.
    case unclaim
    /// Hand the task to someone else, keeping its owner to `resolve` to.
    case delegate(to: String)
    /// Hand a delegated task back to its owner.
    case resolve
    /// Set the assignee, whoever had it (an administrator's correction).
    case reassign(to: String?)

    /// `claim`, `unclaim`, ...: for history and messages.
    public var name: String {
        switch self {
        case .claim: "claim"
        case .unclaim: "unclaim"
        case .delegate: "delegate"
        case .resolve: "resolve"
        case .reassign: "reassign"
        }
    }
}
