public import BatonEngine
public import BatonFEEL
public import BatonModel

/// A job locked for an external worker by ``ExternalTaskService/fetchAndLock(workerId:topics:maxTasks:longPollMilliseconds:)``:
/// what the worker needs to do the work and report back before ``lockExpiry``.
public struct ExternalTask: Hashable, Sendable {
    /// `INSTANCE/KEY`: names the task in complete, failure, BPMN error and lock calls.
    public var id: String
    /// The topic it was fetched on.
    public var topic: String
    /// The worker holding the lock.
    public var workerId: String
    public var instance: ProcessInstanceID
    public var process: ProcessReference
    public var businessKey: String?
    /// The service task (or send, business rule or throw event) waiting for the result.
    public var element: ElementID
    /// The job: its connector (``Job/type``), operation, headers, idempotency key,
    /// retries left and failed attempts so far.
    public var job: Job
    /// The variables visible at the task (or those the fetch asked for).
    public var variables: FEELContext
    /// When the lock expires: after that, another worker may fetch the task and this
    /// worker's reports are refused.
    public var lockExpiry: EngineInstant

    public init(
        id: String, topic: String, workerId: String, instance: ProcessInstanceID, process: ProcessReference, businessKey: String?,
        element: ElementID, job: Job, variables: FEELContext, lockExpiry: EngineInstant
    ) {
        self.id = id
        self.topic = topic
        self.workerId = workerId
        self.instance = instance
        self.process = process
        self.businessKey = businessKey
        self.element = element
        self.job = job
        self.variables = variables
        self.lockExpiry = lockExpiry
    }

    /// The connector name (the job's type).
    public var connector: String { job.type }
    public var operation: String? { job.operation }
    /// The same for every attempt at this activity instance.
    public var idempotencyKey: String { job.idempotencyKey }
    /// This attempt's number, from 1.
    public var attempt: Int { job.attempts + 1 }
    /// Attempts left before a failure raises an incident.
    public var retries: Int { job.retries }

    /// The id of the task for job `job` of `instance`.
    public static func id(instance: ProcessInstanceID, job: JobKey) -> String { "\(instance.rawValue)/\(job.rawValue)" }
}

/// One topic a worker fetches from, and how long it locks what it gets.
public struct FetchTopic: Hashable, Sendable {
    public var name: String
    /// How long the fetched tasks stay locked to the worker, in milliseconds.
    public var lockDuration: Int64
    /// Only these variables (nil: every variable visible at the task).
    public var variables: [String]?

    public init(name: String, lockDuration: Int64, variables: [String]? = nil) {
        self.name = name
        self.lockDuration = lockDuration
        self.variables = variables
    }
}

/// The result of one task, for completing a fetched batch at once.
public struct ExternalTaskCompletion: Hashable, Sendable {
    public var id: String
    public var variables: FEELContext

    public init(id: String, variables: FEELContext = FEELContext()) {
        self.id = id
        self.variables = variables
    }
}

/// Why the external-task service refused a call; ``kind`` is what an HTTP layer maps to a
/// status (not found 404, lock lost 409, invalid argument 400, refused 422, unavailable
/// 503).
public struct ExternalTaskError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for programs.
    public enum Kind: String, Hashable, Sendable {
        /// No such task: never existed, or completed, failed for good or cancelled.
        case notFound
        /// The worker does not hold the task's lock: never locked by it, released, expired
        /// (perhaps taken by another worker since).
        case lockLost
        /// A malformed id, an empty worker id or topic list, a lock duration of zero, ...
        case invalidArgument
        /// The engine refused the report (the task's element was left, say).
        case refused
        /// The database could not be used; try again later.
        case unavailable
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
