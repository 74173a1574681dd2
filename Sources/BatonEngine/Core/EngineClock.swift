import BatonModel
public import BatonFEEL
import Foundation

/// A moment in time: milliseconds since 1970-01-01T00:00:00Z.
///
/// The engine reads time only through an ``EngineClock``, so tests and `baton run`
/// simulate it.
public struct EngineInstant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch }

    /// The instant as a FEEL date and time in UTC (what `now()` returns in expressions).
    public var dateTime: FEELDateTime { FEELDateTime(epochMilliseconds: millisecondsSinceEpoch) }

    /// `2026-11-29T16:20:00Z`.
    public var description: String { dateTime.description }

    /// This instant plus some milliseconds.
    public func advanced(byMilliseconds milliseconds: Int64) -> EngineInstant {
        EngineInstant(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }
}

/// Where the engine reads the time: the system clock in production, a ``ManualClock`` in
/// tests and in `baton run`.
public protocol EngineClock: Sendable {
    /// The current time.
    func now() -> EngineInstant
}

/// The wall clock.
public struct SystemClock: EngineClock {
    public init() {}
    public func now() -> EngineInstant {
        EngineInstant(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// A clock that moves only when told to: deterministic tests and simulated time.
///
/// ```swift
/// let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 0))
/// clock.advance(byMilliseconds: 3_600_000)
/// ```
public final class ManualClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: EngineInstant

    public init(at start: EngineInstant) { current = start }

    public func now() -> EngineInstant { lock.withLock { current } }

    /// Moves the clock forward (never backward).
    public func advance(byMilliseconds milliseconds: Int64) {
        lock.withLock { current = current.advanced(byMilliseconds: max(0, milliseconds)) }
    }

    /// Sets the clock to `instant` if that is later than now.
    public func advance(to instant: EngineInstant) {
        lock.withLock { current = max(current, instant) }
    }
}
