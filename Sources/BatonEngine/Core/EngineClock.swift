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

    /// `2026-11-29T16:20:00Z` (`.5`, `.25`, `.125` for milliseconds): the same text as
    /// `dateTime.description`, written directly for years 1 to 9999 (the inbox and the
    /// API write thousands of these).
    public var description: String {
        let milliseconds = millisecondsSinceEpoch
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let inDay = milliseconds - days * 86_400_000
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1...9999).contains(year) else { return dateTime.description }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T")); digits(inDay / 3_600_000, 2); bytes.append(UInt8(ascii: ":"))
        digits(inDay / 60_000 % 60, 2); bytes.append(UInt8(ascii: ":")); digits(inDay / 1_000 % 60, 2)
        var fraction = inDay % 1_000
        if fraction > 0 {
            var width = 3
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
            bytes.append(UInt8(ascii: "."))
            digits(fraction, width)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

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
