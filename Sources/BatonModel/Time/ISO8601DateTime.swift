/// An ISO 8601 date and time such as `2026-12-01T08:00:00Z` or
/// `2026-12-01T08:00:00.250+01:00`; the offset is optional (then the engine's zone
/// applies). A date alone (`2026-12-01`) means its midnight.
public struct ISO8601DateTime: Hashable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour = 0
    public var minute = 0
    public var second = 0
    public var nanosecond = 0
    /// Offset from UTC in seconds; `nil` when none was written.
    public var utcOffsetSeconds: Int?

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0, utcOffsetSeconds: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if nanosecond != 0 { text += "." + pad(nanosecond, 9) }
        if let offset = utcOffsetSeconds {
            if offset == 0 {
                text += "Z"
            } else {
                let magnitude = abs(offset)
                text += (offset < 0 ? "-" : "+") + "\(pad(magnitude / 3600, 2)):\(pad(magnitude % 3600 / 60, 2))"
            }
        }
        return text
    }

    /// Parses a date-time (or a date alone). Throws a ``TimerSyntaxError`` naming the part
    /// that is wrong (`month 13 is out of range`).
    public static func parse(_ text: String) throws(TimerSyntaxError) -> ISO8601DateTime {
        var scanner = ISO8601Scanner(text)
        let value = try scanner.dateTime()
        guard scanner.isAtEnd else {
            throw TimerSyntaxError("unexpected '\(scanner.rest)' after the date in '\(text)'")
        }
        return value
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
