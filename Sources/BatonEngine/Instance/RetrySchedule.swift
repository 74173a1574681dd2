/// When a failed job runs again: attempt *n* waits `base × 2^(n-1)`, at most ten minutes,
/// shortened by a jitter of up to a quarter that is fixed by the job's idempotency key and
/// the attempt. Many instances failing together against one system so come back spread
/// out instead of in lockstep, and replaying a run gives the same schedule (the
/// interpreter stays deterministic).
public enum RetrySchedule {
    /// The first retry waits this long when neither the model nor the bindings name a
    /// backoff.
    public static let defaultBackoff: Int64 = 1_000
    /// No retry waits longer than this (ten minutes).
    public static let maximumBackoff: Int64 = 600_000

    /// The wait, in milliseconds, before the attempt after failed attempt `attempt` (1 for
    /// the first failure).
    public static func delay(base: Int64, attempt: Int, idempotencyKey: String) -> Int64 {
        let (product, overflow) = max(0, base).multipliedReportingOverflow(by: Int64(1) << Int64(min(max(attempt, 1) - 1, 20)))
        let exponential = overflow ? maximumBackoff : min(maximumBackoff, product)
        return jittered(exponential, seed: "\(idempotencyKey)#\(attempt)")
    }

    /// `delay` shortened by up to a quarter, by an amount fixed by `seed`.
    static func jittered(_ delay: Int64, seed: String) -> Int64 {
        // FNV-1a: a stable hash (Swift's Hasher is seeded per process).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let quarter = delay / 4
        guard quarter > 0 else { return delay }
        return delay - Int64(hash % UInt64(quarter + 1))
    }
}
