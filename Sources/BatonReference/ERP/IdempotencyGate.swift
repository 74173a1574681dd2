import Foundation

/// The keys whose first request is being processed right now: a repeat that arrives
/// meanwhile is answered `429` with `Retry-After` instead of being applied twice. Answers
/// themselves are stored in the database, in the transaction of the change.
final class IdempotencyGate: @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight: Set<String> = []

    /// Claims `key`; false when a request with it is in progress.
    func enter(_ key: String) -> Bool { lock.withLock { inFlight.insert(key).inserted } }

    func leave(_ key: String) { _ = lock.withLock { inFlight.remove(key) } }
}
