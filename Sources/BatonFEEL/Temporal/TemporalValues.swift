/// Where a FEEL time or date-time is anchored: a fixed UTC offset or an IANA region.
/// A value without a zone (`nil` where a zone is optional) is local time.
public enum FEELZone: Sendable, Hashable {
    case offset(seconds: Int)
    case region(String)
}

/// A FEEL `date`: a calendar day of the proleptic Gregorian calendar (years may be
/// negative or have more than four digits).
public struct FEELDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// A FEEL `time`: a time of day with an optional zone.
public struct FEELTime: Sendable, Hashable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int
    public var zone: FEELZone?

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0, zone: FEELZone? = nil) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.zone = zone
    }
}

/// A FEEL `date and time`.
public struct FEELDateTime: Sendable, Hashable {
    public var date: FEELDate
    public var time: FEELTime

    public init(date: FEELDate, time: FEELTime) {
        self.date = date
        self.time = time
    }
}

/// A FEEL `days and time duration`, exact to the nanosecond: `seconds` and
/// `nanoseconds` carry the same sign.
public struct DaysTimeDuration: Sendable, Hashable, Comparable {
    public var seconds: Int64
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: DaysTimeDuration, rhs: DaysTimeDuration) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

/// A FEEL `years and months duration`, as a signed number of months.
public struct YearsMonthsDuration: Sendable, Hashable, Comparable {
    public var months: Int

    public init(months: Int) { self.months = months }

    public static func < (lhs: YearsMonthsDuration, rhs: YearsMonthsDuration) -> Bool { lhs.months < rhs.months }
}
