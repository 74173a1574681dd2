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

    /// One waiting caller: woken when jobs of one of its types are created. A waiter is
    /// used by one caller at a time, blocking (``wait(milliseconds:)``) or not
    /// (``wait(for:)``).
    public final class Waiter: @unchecked Sendable {
        let types: Set<String>
        private let semaphore = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        /// The suspended ``wait(for:)``, if one is.
        private var continuation: CheckedContinuation<Bool, Never>?
        /// A wake-up no ``wait(for:)`` took yet.
        private var pending = false

        init(types: Set<String>) { self.types = types }

        /// Waits until woken or `milliseconds` pass; true when woken. A wake-up that came
        /// while the caller was not waiting is kept for its next wait.
        public func wait(milliseconds: Int64) -> Bool {
            semaphore.wait(timeout: .now() + .milliseconds(Int(max(0, min(milliseconds, Int64(Int32.max)))))) == .success
        }

        /// Suspends (holding no thread) until woken or `duration` passes, or the task is
        /// cancelled; true when woken. A wake-up that came while the caller was not
        /// waiting is kept for its next wait.
        public func wait(for duration: Duration) async -> Bool {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask { await self.woken() }
                group.addTask {
                    try? await Task.sleep(for: duration)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
        }

        /// Suspends until woken (true) or cancelled (false).
        private func woken() async -> Bool {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let now: Bool? = lock.withLock {
                        if pending {
                            pending = false
                            return true
                        }
                        if Task.isCancelled { return false }
                        self.continuation = continuation
                        return nil
                    }
                    if let now { continuation.resume(returning: now) }
                }
            } onCancel: {
                let waiting = lock.withLock {
                    defer { continuation = nil }
                    return continuation
                }
                waiting?.resume(returning: false)
            }
        }

        func wake() {
            semaphore.signal()
            let waiting = lock.withLock {
                defer { continuation = nil }
                if continuation == nil { pending = true }
                return continuation
            }
            waiting?.resume(returning: true)
        }
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

    /// How many waiters wait for jobs of `type` (a long poll that ended has removed its own).
    public func waiterCount(forType type: String) -> Int {
        lock.withLock { waiters.values.filter { $0.types.contains(type) }.count }
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
