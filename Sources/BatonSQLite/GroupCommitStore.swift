public import BatonEngine
import Foundation

/// Group commit over an ``SQLiteStore``: saves from many threads wait together and are
/// written by one writer in one transaction (one fsync), each caller answered only once
/// its batch is committed. With `synchronous=FULL` this is how many commands per second
/// can each be "on disk when acknowledged" on a disk that does a few hundred fsyncs.
///
/// Reads go straight to the store. Callers block while their batch is written, so use
/// it from threads (or a thread pool), not from Swift concurrency's cooperative pool.
public final class GroupCommitStore: ProcessStore, @unchecked Sendable {
    public let store: SQLiteStore
    /// The most saves written in one transaction.
    public let maxBatch: Int

    private let condition = NSCondition()
    private var queue: [(save: SQLiteStore.EncodedSave, ticket: Int)] = []
    private var results: [Int: Result<Int, StoreError>] = [:]
    private var nextTicket = 0
    private var writerRunning = false
    /// How many saves each transaction held, for `baton bench`.
    private var batchCounts: [Int: Int] = [:]

    public init(store: SQLiteStore, maxBatch: Int = 256) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// How many transactions wrote how many saves.
    public var batchSizes: [Int: Int] {
        condition.lock()
        defer { condition.unlock() }
        return batchCounts
    }

    public func save(_ state: ProcessInstanceState, expectedRevision: Int?, history: [EngineEvent], at: EngineInstant) throws(StoreError) -> Int {
        // Encoding is the caller's work, done in parallel before queueing.
        let encoded = SQLiteStore.EncodedSave(SaveRequest(state: state, expectedRevision: expectedRevision, history: history, at: at))
        condition.lock()
        let ticket = nextTicket
        nextTicket += 1
        queue.append((encoded, ticket))
        // The first caller to find no writer becomes the writer for everyone queued.
        while results[ticket] == nil {
            if !writerRunning {
                writerRunning = true
                let batch = Array(queue.prefix(maxBatch))
                queue.removeFirst(batch.count)
                condition.unlock()
                let outcome = store.saveBatch(encoded: batch.map(\.save))
                condition.lock()
                for (entry, result) in zip(batch, outcome) { results[entry.ticket] = result }
                batchCounts[batch.count, default: 0] += 1
                writerRunning = false
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
        let result = results.removeValue(forKey: ticket)!
        condition.unlock()
        return try result.get()
    }

    /// A batch is one transaction already: it goes straight to the store.
    public func saveBatch(_ requests: [SaveRequest]) -> [Result<Int, StoreError>] { store.saveBatch(requests) }
    public func deployments() throws(StoreError) -> [DeploymentRecord] { try store.deployments() }
    public func addDeployment(_ deployment: DeploymentRecord) throws(StoreError) { try store.addDeployment(deployment) }
    public func instance(_ id: ProcessInstanceID) throws(StoreError) -> StoredInstance? { try store.instance(id) }
    public func instances(_ filter: InstanceFilter?) throws(StoreError) -> [InstanceSummary] { try store.instances(filter) }
    public func history(of id: ProcessInstanceID) throws(StoreError) -> [HistoryEntry] { try store.history(of: id) }
    public func dueTimers(at now: EngineInstant, limit: Int) throws(StoreError) -> [DueTimer] { try store.dueTimers(at: now, limit: limit) }
    public func instancesWaiting(forMessage name: String, correlationKey: String?, businessKey: String?) throws(StoreError) -> [ProcessInstanceID] {
        try store.instancesWaiting(forMessage: name, correlationKey: correlationKey, businessKey: businessKey)
    }
    public func instancesWaiting(forSignal name: String) throws(StoreError) -> [ProcessInstanceID] { try store.instancesWaiting(forSignal: name) }
    public func acquireJobs(types: [String], owner: String, now: EngineInstant, lockFor: Int64, limit: Int) throws(StoreError) -> [AcquiredJob] {
        try store.acquireJobs(types: types, owner: owner, now: now, lockFor: lockFor, limit: limit)
    }
    public func jobLock(instance: ProcessInstanceID, job: JobKey) throws(StoreError) -> JobLock? { try store.jobLock(instance: instance, job: job) }
    public func extendJobLock(instance: ProcessInstanceID, job: JobKey, owner: String, now: EngineInstant, until: EngineInstant) throws(StoreError) -> Bool {
        try store.extendJobLock(instance: instance, job: job, owner: owner, now: now, until: until)
    }
    public func releaseJobLock(instance: ProcessInstanceID, job: JobKey, owner: String?) throws(StoreError) -> Bool { try store.releaseJobLock(instance: instance, job: job, owner: owner) }
    public func deleteHistory(ofInstancesEndedBefore cutoff: EngineInstant) throws(StoreError) -> Int { try store.deleteHistory(ofInstancesEndedBefore: cutoff) }
}
