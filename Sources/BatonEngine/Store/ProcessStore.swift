import BatonModel

/// Where deployments, instances, their jobs and their history live: the port every store
/// (the embedded SQLite one, PostgreSQL later) implements.
///
/// A store keeps each instance's ``ProcessInstanceState`` with a revision number and
/// writes it together with the history of the command that produced it, in one
/// transaction (`save`). Saving with an outdated revision fails with
/// ``StoreError/conflict(_:)``: optimistic locking, so several engine nodes can share one
/// database. The store also keeps what it needs to find instances without reading them:
/// due timers, message and signal subscriptions, incidents.
public protocol ProcessStore: Sendable {
    /// Every deployment, oldest first.
    func deployments() throws(StoreError) -> [DeploymentRecord]
    /// Adds a deployment; its processes' versions are chosen by the caller.
    func addDeployment(_ deployment: DeploymentRecord) throws(StoreError)
    /// An instance's state and revision.
    func instance(_ id: ProcessInstanceID) throws(StoreError) -> StoredInstance?
    /// Saves an instance (new when `expectedRevision` is nil) and appends `history`, in
    /// one transaction. Returns the new revision.
    @discardableResult
    func save(_ state: ProcessInstanceState, expectedRevision: Int?, history: [EngineEvent], at: EngineInstant) throws(StoreError) -> Int
    /// Instances, newest first, optionally only those in one state.
    func instances(_ filter: InstanceFilter?) throws(StoreError) -> [InstanceSummary]
    /// The history of an instance, in order.
    func history(of id: ProcessInstanceID) throws(StoreError) -> [HistoryEntry]
    /// Timer subscriptions due at `now`, earliest first.
    func dueTimers(at now: EngineInstant, limit: Int) throws(StoreError) -> [DueTimer]
    /// Instances with a subscription for message `name` that matches: its correlation
    /// key equals `correlationKey`, or (without one) the instance's business key equals
    /// `businessKey`.
    func instancesWaiting(forMessage name: String, correlationKey: String?, businessKey: String?) throws(StoreError) -> [ProcessInstanceID]
    /// Locks up to `limit` jobs of `types` that are due and not locked (or whose lock
    /// expired: a crashed owner's jobs run again) for `owner` until `now + lockFor`.
    func acquireJobs(types: [String], owner: String, now: EngineInstant, lockFor: Int64, limit: Int) throws(StoreError) -> [AcquiredJob]
    /// Who holds the lock on a job and until when; nil when the job does not exist (it
    /// was completed, or never was).
    func jobLock(instance: ProcessInstanceID, job: JobKey) throws(StoreError) -> JobLock?
    /// Moves the lock `owner` holds on a job to expire at `until`. False (and nothing
    /// changes) when the job is gone, or `owner` does not hold its lock at `now` (never
    /// locked, released, expired, or taken by another owner).
    func extendJobLock(instance: ProcessInstanceID, job: JobKey, owner: String, now: EngineInstant, until: EngineInstant) throws(StoreError) -> Bool
    /// Releases a job's lock (only if `owner` holds it, unless `owner` is nil), so it can be
    /// acquired again at once. False when the job does not exist or `owner` does not hold it.
    func releaseJobLock(instance: ProcessInstanceID, job: JobKey, owner: String?) throws(StoreError) -> Bool
    /// Instances with a subscription for signal `name`.
    func instancesWaiting(forSignal name: String) throws(StoreError) -> [ProcessInstanceID]
    /// Removes the history of instances that ended before `cutoff`; returns how many
    /// entries went.
    func deleteHistory(ofInstancesEndedBefore cutoff: EngineInstant) throws(StoreError) -> Int
    /// Saves many instances, each as ``save(_:expectedRevision:history:at:)`` would, in as
    /// few transactions as the store can (one, for SQLite); each succeeds or fails on its
    /// own. The results are in the requests' order.
    func saveBatch(_ requests: [SaveRequest]) -> [Result<Int, StoreError>]
}

extension ProcessStore {
    /// One save after another: for stores without a cheaper way.
    public func saveBatch(_ requests: [SaveRequest]) -> [Result<Int, StoreError>] {
        requests.map { request in
            Result { () throws(StoreError) in
                try save(request.state, expectedRevision: request.expectedRevision, history: request.history, at: request.at)
            }
        }
    }
}

/// One instance save waiting to be written.
public struct SaveRequest: Sendable {
    public var state: ProcessInstanceState
    public var expectedRevision: Int?
    public var history: [EngineEvent]
    public var at: EngineInstant

    public init(state: ProcessInstanceState, expectedRevision: Int?, history: [EngineEvent], at: EngineInstant) {
        self.state = state
        self.expectedRevision = expectedRevision
        self.history = history
        self.at = at
    }
}

/// One deployed BPMN file: its text, and the process versions it created.
public struct DeploymentRecord: Hashable, Sendable, Codable {
    public var id: Int
    public var fileName: String
    public var xml: String
    /// SHA-256 of the XML, hex: deploying the same text again changes nothing.
    public var sha256: String
    public var processes: [ProcessReference]
    public var deployedAt: EngineInstant

    public init(id: Int, fileName: String, xml: String, sha256: String, processes: [ProcessReference], deployedAt: EngineInstant) {
        self.id = id
        self.fileName = fileName
        self.xml = xml
        self.sha256 = sha256
        self.processes = processes
        self.deployedAt = deployedAt
    }
}

/// An instance as stored: its state and the revision optimistic locking checks.
public struct StoredInstance: Hashable, Sendable {
    public var state: ProcessInstanceState
    public var revision: Int

    public init(state: ProcessInstanceState, revision: Int) {
        self.state = state
        self.revision = revision
    }
}

/// Which instances to list.
public enum InstanceFilter: String, Hashable, Sendable, CaseIterable {
    case active, completed, cancelled, incident
}

/// A line of `baton instances`.
public struct InstanceSummary: Hashable, Sendable {
    public var id: ProcessInstanceID
    public var process: ProcessReference
    public var businessKey: String?
    public var status: ProcessInstanceState.Status
    public var incidents: Int
    public var startedAt: EngineInstant
    public var endedAt: EngineInstant?

    public init(
        id: ProcessInstanceID, process: ProcessReference, businessKey: String?, status: ProcessInstanceState.Status, incidents: Int,
        startedAt: EngineInstant, endedAt: EngineInstant?
    ) {
        self.id = id
        self.process = process
        self.businessKey = businessKey
        self.status = status
        self.incidents = incidents
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// One entry of an instance's audit history.
public struct HistoryEntry: Hashable, Sendable {
    public var sequence: Int
    public var instance: ProcessInstanceID
    public var at: EngineInstant
    public var event: EngineEvent

    public init(sequence: Int, instance: ProcessInstanceID, at: EngineInstant, event: EngineEvent) {
        self.sequence = sequence
        self.instance = instance
        self.at = at
        self.event = event
    }
}

/// A job locked for a worker.
public struct AcquiredJob: Hashable, Sendable {
    public var instance: ProcessInstanceID
    public var job: JobKey
    public var type: String

    public init(instance: ProcessInstanceID, job: JobKey, type: String) {
        self.instance = instance
        self.job = job
        self.type = type
    }
}

/// The lock on a job: who holds it and until when (both nil when nobody does).
public struct JobLock: Hashable, Sendable {
    /// The job's type (connector, topic), as the job table keeps it.
    public var type: String
    public var owner: String?
    public var expiry: EngineInstant?

    public init(type: String, owner: String?, expiry: EngineInstant?) {
        self.type = type
        self.owner = owner
        self.expiry = expiry
    }

    /// Whether `owner` holds the lock at `now` (it has not expired).
    public func isHeld(by owner: String, at now: EngineInstant) -> Bool {
        self.owner == owner && (expiry.map { $0 > now } ?? false)
    }
}

/// A timer that is due.
public struct DueTimer: Hashable, Sendable {
    public var instance: ProcessInstanceID
    public var subscription: SubscriptionKey
    public var dueAt: EngineInstant

    public init(instance: ProcessInstanceID, subscription: SubscriptionKey, dueAt: EngineInstant) {
        self.instance = instance
        self.subscription = subscription
        self.dueAt = dueAt
    }
}

/// Why a store operation failed.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Someone else saved the instance since it was read.
    case conflict(ProcessInstanceID)
    /// An instance with this id exists already.
    case duplicate(ProcessInstanceID)
    /// The database cannot be used (corrupt, written by a newer Baton, disk full, ...).
    case unusable(String)

    public var description: String {
        switch self {
        case .conflict(let id): "process instance '\(id)' was changed by someone else; try again"
        case .duplicate(let id): "a process instance with id '\(id)' exists already"
        case .unusable(let message): message
        }
    }
}
