public import BatonFEEL
import BatonModel

/// Everything about one running (or finished) process instance: its tokens as element
/// instances, its variables, jobs, user tasks, subscriptions and incidents.
///
/// A plain `Codable` value: a store saves it after each command and restores it
/// exactly; the engine turns a state and a command into a new state and events.
///
/// ```swift
/// var (state, events) = try engine.start(processID: "order", id: "pi-1", variables: ["amount": .number(1200)])
/// let task = state.userTasks.values.first!
/// try engine.execute(.completeUserTask(task.key, variables: ["approved": .boolean(true)]), on: &state)
/// ```
public struct ProcessInstanceState: Hashable, Sendable {
    public var id: ProcessInstanceID
    public var businessKey: String?
    /// The process the instance runs.
    public var process: ProcessReference
    public var status: Status
    /// The processes element instances belong to: the instance's own (index 0) and any
    /// it called.
    public var definitions: [ProcessReference]
    public var rootKey: ElementInstanceKey
    public var elements: [ElementInstanceKey: ElementInstance]
    public var jobs: [JobKey: Job]
    public var userTasks: [UserTaskKey: UserTask]
    public var subscriptions: [SubscriptionKey: Subscription]
    public var incidents: [IncidentKey: Incident]
    public var startedAt: EngineInstant
    public var endedAt: EngineInstant?
    /// Steps not yet run because a command hit the step limit; resolving the
    /// step-limit incident runs them.
    var pendingSteps: [ExecutionStep]
    /// Scopes with tokens waiting at an inclusive join, checked when nothing else moves.
    var inclusiveJoinScopes: Set<ElementInstanceKey>
    var nextKey: Int

    /// Where an instance is in its life.
    public enum Status: String, Hashable, Sendable, Codable {
        case active, completed, cancelled
    }

    init(id: ProcessInstanceID, businessKey: String?, process: ProcessReference, now: EngineInstant) {
        self.id = id
        self.businessKey = businessKey
        self.process = process
        status = .active
        definitions = [process]
        rootKey = ElementInstanceKey(1)
        elements = [:]
        jobs = [:]
        userTasks = [:]
        subscriptions = [:]
        incidents = [:]
        startedAt = now
        pendingSteps = []
        inclusiveJoinScopes = []
        nextKey = 1
    }

    /// The process-level variables of the instance.
    public var variables: FEELContext { elements[rootKey]?.variables ?? FEELContext() }

    /// The earliest time a timer subscription is due, if any timer is pending.
    public var nextTimerDue: EngineInstant? {
        subscriptions.values.compactMap { subscription -> EngineInstant? in
            if case .timer(let due) = subscription.trigger { return due }
            return nil
        }.min()
    }

    /// An empty placeholder, held while an instance's state is moved elsewhere.
    static let vacant = ProcessInstanceState(
        id: "", businessKey: nil, process: ProcessReference(id: "", version: 0), now: EngineInstant(millisecondsSinceEpoch: 0))

    /// A new key, never used before in this instance.
    mutating func makeKey() -> Int {
        let key = nextKey
        nextKey += 1
        return key
    }
}

/// A unit of interpreter work, kept in the state only when a command stopped at its
/// step limit with work left.
enum ExecutionStep: Hashable, Sendable, Codable {
    case activate(ElementInstanceKey)
    case complete(ElementInstanceKey)
}

extension ProcessInstanceState {
    /// Every variable visible at an element instance (its own, its scopes', up to its
    /// process's root), inner ones hiding outer ones: what a worker sees for its job.
    public func variables(visibleAt key: ElementInstanceKey) -> FEELContext {
        var chain: [FEELContext] = []
        var current: ElementInstanceKey? = key
        while let currentKey = current, let instance = elements[currentKey] {
            if let variables = instance.variables { chain.append(variables) }
            if instance.isProcessRoot { break }
            current = instance.parent
        }
        var merged = FEELContext()
        for context in chain.reversed() {
            for (name, value) in context.entries { merged[name] = value }
        }
        return merged
    }
}
