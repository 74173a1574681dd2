import BatonEngine
import Foundation

/// Wakes whoever waits for jobs (long-polling external-task workers) when this process
/// commits new ones: every ``Runtime`` posts the types of the jobs its saves create, and a
/// waiter for some of those types wakes at once instead of at its next periodic check.
/// Jobs created by other processes sharing the database are not seen here; waiters check
/// the store periodically for those.
///
/// ```swift
/// let waiter = JobSignal.shared.waiter(for: ["invoices"])
/// defer { JobSignal.shared.remove(waiter) }
/// _ = waiter.wait(milliseconds: 1_000)   // true: woken by a new job
/// ```
public final class JobSignal: @unchecked Sendable {
    /// The signal every runtime in this process posts to.
    public static let shared = JobSignal()

    /// One waiting caller: woken when jobs of one of its types are created.
    public final class Waiter: @unchecked Sendable {
        let types: Set<String>
        private let semaphore = DispatchSemaphore(value: 0)

        init(types: Set<String>) { self.types = types }

        /// Waits until woken or `milliseconds` pass; true when woken. A wake-up that came
        /// while the caller was not waiting is kept for its next wait.
        public func wait(milliseconds: Int64) -> Bool {
            semaphore.wait(timeout: .now() + .milliseconds(Int(max(0, min(milliseconds, Int64(Int32.max)))))) == .success
        }

        func wake() { semaphore.signal() }
    }

    private let lock = NSLock()
    private var waiters: [ObjectIdentifier: Waiter] = [:]

    public init() {}

    /// Registers a waiter for jobs of `types`; remove it with ``remove(_:)`` when done.
    public func waiter(for types: Set<String>) -> Waiter {
        let waiter = Waiter(types: types)
        lock.withLock { waiters[ObjectIdentifier(waiter)] = waiter }
        return waiter
    }

    public func remove(_ waiter: Waiter) {
        _ = lock.withLock { waiters.removeValue(forKey: ObjectIdentifier(waiter)) }
    }

    /// Jobs of `types` were committed and may be acquired now.
    public func post(types: Set<String>) {
        guard !types.isEmpty else { return }
        let woken = lock.withLock { waiters.values.filter { !$0.types.isDisjoint(with: types) } }
        for waiter in woken { waiter.wake() }
    }

    /// Wakes every waiter (a worker stopping, say).
    public func wakeAll() {
        for waiter in lock.withLock({ Array(waiters.values) }) { waiter.wake() }
    }

    /// The types of the jobs a command made due now: those it created (not waiting for a
    /// backoff), and a job it made due at once (`retryJobNow`).
    static func dueTypes(of events: [EngineEvent], command: EngineCommand?, in state: ProcessInstanceState) -> Set<String> {
        var types = Set<String>()
        for case .jobCreated(let job) in events where job.retryAt == nil { types.insert(job.type) }
        if case .retryJobNow(let key)? = command, let job = state.jobs[key] { types.insert(job.type) }
        return types
    }
}
