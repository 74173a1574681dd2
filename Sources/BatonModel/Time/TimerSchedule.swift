/// The parsed value of a timer: a moment, a delay, or a repeating interval.
///
/// ```swift
/// try TimerSchedule.parse("R3/PT10M", as: .cycle)
/// // .cycle(RepeatingInterval(repetitions: 3, start: nil, interval: PT10M, end: nil))
/// ```
public enum TimerSchedule: Hashable, Sendable, Codable {
    case date(ISO8601DateTime)
    case duration(ISO8601Duration)
    case cycle(RepeatingInterval)

    /// Parses a literal timer value written as `timeDate`, `timeDuration` or `timeCycle`.
    public static func parse(_ text: String, as type: TimerDefinition.TimerType) throws(TimerSyntaxError) -> TimerSchedule {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw TimerSyntaxError("the \(type.rawValue) is empty") }
        switch type {
        case .date: return .date(try ISO8601DateTime.parse(trimmed))
        case .duration: return .duration(try ISO8601Duration.parse(trimmed))
        case .cycle: return .cycle(try RepeatingInterval.parse(trimmed))
        }
    }

    /// True when the text looks like a cron expression (`0 0/5 * * * ?`), which Camunda 7
    /// accepts for cycles but ISO 8601 does not.
    public static func looksLikeCron(_ text: String) -> Bool {
        let fields = text.trimmingWhitespace().split(separator: " ")
        return fields.count >= 5 && fields.count <= 7 && !text.contains("/P") && !text.hasPrefix("R")
    }
}

/// An ISO 8601 repeating interval: `R5/PT10M`, `R/PT1H`, `R3/2026-12-01T08:00:00Z/P1D`,
/// `R/P1D/2027-01-01T00:00:00Z`.
public struct RepeatingInterval: Hashable, Sendable, Codable {
    /// How many times it fires; `nil` for unbounded (`R/...`).
    public var repetitions: Int?
    public var start: ISO8601DateTime?
    public var interval: ISO8601Duration
    public var end: ISO8601DateTime?

    public init(repetitions: Int?, start: ISO8601DateTime? = nil, interval: ISO8601Duration, end: ISO8601DateTime? = nil) {
        self.repetitions = repetitions
        self.start = start
        self.interval = interval
        self.end = end
    }

    /// Parses `Rn/...`. Throws a ``TimerSyntaxError`` saying which part is wrong.
    public static func parse(_ text: String) throws(TimerSyntaxError) -> RepeatingInterval {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, head.hasPrefix("R") else {
            throw TimerSyntaxError("a cycle must start with 'R' and a repetition count, as in 'R3/PT10M' (got '\(text)')")
        }
        let countText = head.dropFirst()
        var repetitions: Int?
        if !countText.isEmpty {
            guard let count = Int(countText), count >= 0 else {
                throw TimerSyntaxError("'\(countText)' is not a repetition count in '\(text)'")
            }
            guard count > 0 else {
                throw TimerSyntaxError("'R0' never fires in '\(text)'; repeat at least once, or write 'R/' to repeat without end")
            }
            repetitions = count
        }
        switch parts.count {
        case 2:
            return RepeatingInterval(repetitions: repetitions, interval: try ISO8601Duration.parse(parts[1]))
        case 3:
            if parts[1].hasPrefix("P") {
                return RepeatingInterval(
                    repetitions: repetitions, interval: try ISO8601Duration.parse(parts[1]),
                    end: try ISO8601DateTime.parse(parts[2]))
            }
            return RepeatingInterval(
                repetitions: repetitions, start: try ISO8601DateTime.parse(parts[1]),
                interval: try ISO8601Duration.parse(parts[2]))
        default:
            throw TimerSyntaxError("a cycle is 'R[n]/duration', 'R[n]/start/duration' or 'R[n]/duration/end' (got '\(text)')")
        }
    }
}
