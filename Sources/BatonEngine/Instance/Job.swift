public import BatonModel

/// Work for a worker or connector: a service task (or a send, business rule or throw
/// event with a task definition) waiting for its result.
public struct Job: Hashable, Sendable, Codable {
    public var key: JobKey
    public var elementInstance: ElementInstanceKey
    public var element: ElementID
    /// The connector, external-task topic or job type; empty when the model names none.
    public var type: String
    /// The connector operation, if any.
    public var operation: String?
    /// Attempts left before a failure raises an incident.
    public var retries: Int
    /// The backoff between attempts, as written (ISO 8601 duration).
    public var retryBackoff: String?
    /// When a failed job may run again; nil when it may run now.
    public var retryAt: EngineInstant?
    public var headers: [NamedValue]
    /// The same for every attempt of this activity instance, so receivers can drop
    /// duplicate calls.
    public var idempotencyKey: String
    public var createdAt: EngineInstant
    /// The message of the last failure.
    public var lastError: String?
    /// Failed attempts so far.
    public var attempts: Int = 0

    public init(
        key: JobKey, elementInstance: ElementInstanceKey, element: ElementID, type: String, operation: String?, retries: Int,
        retryBackoff: String?, retryAt: EngineInstant?, headers: [NamedValue], idempotencyKey: String, createdAt: EngineInstant,
        lastError: String?, attempts: Int = 0
    ) {
        self.key = key
        self.elementInstance = elementInstance
        self.element = element
        self.type = type
        self.operation = operation
        self.retries = retries
        self.retryBackoff = retryBackoff
        self.retryAt = retryAt
        self.headers = headers
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.lastError = lastError
        self.attempts = attempts
    }
}

/// A task for a person: a user task waiting to be completed.
public struct UserTask: Hashable, Sendable, Codable {
    public var key: UserTaskKey
    public var elementInstance: ElementInstanceKey
    public var element: ElementID
    public var name: String?
    public var assignee: String?
    public var candidateGroups: [String]
    public var candidateUsers: [String]
    public var dueDate: String?
    public var followUpDate: String?
    public var priority: String?
    public var formKey: String?
    public var formFields: [FormField]
    public var createdAt: EngineInstant
    /// Who delegated the task (its assignee before), while it is delegated; `resolve`
    /// hands it back.
    public var owner: String? = nil
    /// Users who may not claim or complete it (`baton:excludedUsers`: four eyes).
    public var excludedUsers: [String] = []
    /// The variable that receives the completing user's name (`baton:completerVariable`).
    public var completerVariable: String? = nil

    /// Why `user` may not take or complete this task (`baton:excludedUsers`).
    public func exclusionMessage(for user: String) -> String {
        "task '\(element)' may not be done by \(user): baton:excludedUsers excludes them (four eyes: someone else must do it)"
    }

    /// Whether `user` is excluded from this task.
    public func excludes(_ user: String) -> Bool { excludedUsers.contains(user) }
}

/// A message, signal or timer an element waits for.
public struct Subscription: Hashable, Sendable, Codable {
    /// What is awaited.
    public enum Trigger: Hashable, Sendable, Codable {
        /// A message by name; when the catch has a correlation key, only a message with
        /// that key matches.
        case message(name: String, correlationKey: String?)
        case signal(name: String)
        case timer(dueAt: EngineInstant)
    }

    public var key: SubscriptionKey
    /// The element instance the subscription belongs to: the waiting element itself, or
    /// the activity a boundary event is attached to, the scope of an event subprocess,
    /// the event-based gateway choosing between events.
    public var elementInstance: ElementInstanceKey
    public var element: ElementID
    public var trigger: Trigger
    /// The boundary event, event subprocess start event or event-gateway target the
    /// subscription triggers; nil when the subscribing element itself waits.
    public var catchElement: ElementID?
    /// For a timer cycle on a non-interrupting boundary or event subprocess: when it
    /// fires again.
    public var cycle: TimerCycle?

    public init(
        key: SubscriptionKey, elementInstance: ElementInstanceKey, element: ElementID, trigger: Trigger,
        catchElement: ElementID? = nil, cycle: TimerCycle? = nil
    ) {
        self.key = key
        self.elementInstance = elementInstance
        self.element = element
        self.trigger = trigger
        self.catchElement = catchElement
        self.cycle = cycle
    }
}

/// The rest of a repeating timer: its interval and how many more times it fires (nil:
/// without end).
public struct TimerCycle: Hashable, Sendable, Codable {
    public var interval: ISO8601Duration
    public var remaining: Int?
    /// No firing after this moment (`R/PT1H/2027-01-01T00:00:00Z`).
    public var end: EngineInstant?

    public init(interval: ISO8601Duration, remaining: Int?, end: EngineInstant? = nil) {
        self.interval = interval
        self.remaining = remaining
        self.end = end
    }
}

/// A problem that stopped a token: it stays where it is until the incident is resolved.
public struct Incident: Hashable, Sendable, Codable {
    /// Which step to repeat when the incident is resolved.
    public enum Step: String, Hashable, Sendable, Codable {
        case activate, complete, continueRun
    }

    public var key: IncidentKey
    public var elementInstance: ElementInstanceKey?
    public var element: ElementID
    /// What went wrong, in a sentence.
    public var reason: String
    /// The expression that failed, as written, if one did.
    public var expression: String?
    /// Where the element (or expression) is written.
    public var location: SourceLocation?
    public var step: Step
    public var createdAt: EngineInstant
}
