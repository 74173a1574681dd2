/// An ISO 8601 duration such as `P1DT12H`, `PT0.5S` or `P2W`.
///
/// Calendar parts (years, months, days) are kept apart from clock parts so the engine can
/// add them in a time zone later. Fractions are allowed on seconds only (millisecond
/// precision and beyond, kept as nanoseconds).
///
/// ```swift
/// let d = try ISO8601Duration.parse("PT10M")   // minutes == 10
/// ```
public struct ISO8601Duration: Hashable, Sendable, Codable, CustomStringConvertible {
    public var years = 0
    public var months = 0
    public var weeks = 0
    public var days = 0
    public var hours = 0
    public var minutes = 0
    public var seconds = 0
    public var nanoseconds = 0

    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0, seconds: Int = 0, nanoseconds: Int = 0) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The duration in seconds when it has no calendar part (years, months), else `nil`.
    public var fixedSeconds: Double? {
        guard years == 0, months == 0 else { return nil }
        let whole = ((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
        return Double(whole) + Double(nanoseconds) / 1_000_000_000
    }

    public var description: String {
        var text = "P"
        if years != 0 { text += "\(years)Y" }
        if months != 0 { text += "\(months)M" }
        if weeks != 0 { text += "\(weeks)W" }
        if days != 0 { text += "\(days)D" }
        if hours != 0 || minutes != 0 || seconds != 0 || nanoseconds != 0 {
            text += "T"
            if hours != 0 { text += "\(hours)H" }
            if minutes != 0 { text += "\(minutes)M" }
            if seconds != 0 || nanoseconds != 0 {
                text += "\(seconds)"
                if nanoseconds != 0 {
                    var fraction = String(nanoseconds)
                    fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
                    while fraction.hasSuffix("0") { fraction.removeLast() }
                    text += "." + fraction
                }
                text += "S"
            }
        }
        return text == "P" ? "PT0S" : text
    }

    /// Parses `PnYnMnWnDTnHnMnS`. Throws a ``TimerSyntaxError`` that says what was expected.
    public static func parse(_ text: String) throws(TimerSyntaxError) -> ISO8601Duration {
        var scanner = ISO8601Scanner(text)
        let duration = try scanner.duration()
        guard scanner.isAtEnd else {
            throw TimerSyntaxError("unexpected '\(scanner.rest)' after the duration in '\(text)'")
        }
        return duration
    }
}

/// Why a timer value is not valid ISO 8601; the message is written for analysts.
public struct TimerSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
