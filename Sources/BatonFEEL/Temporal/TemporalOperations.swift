import Foundation

/// The result of a temporal operator, with the reason when there is none.
enum TemporalOutcome: Sendable, Equatable {
    /// The operator is defined for these operands and gives this value.
    case value(FEELValue)
    /// The operands are not a combination this operator handles (a type mismatch).
    case notApplicable
    /// The combination is defined but has no result here: division by zero, a date beyond
    /// the supported years, a date and time with a zone minus one without, ...
    case failure(String)

    /// The value, or `nil` for both kinds of failure.
    var value: FEELValue? {
        if case .value(let value) = self { value } else { nil }
    }
}

/// The four arithmetic operators temporal values take part in.
enum TemporalOperator: Sendable {
    case add, subtract, multiply, divide
}

/// Operators and properties on temporal values, called by the evaluator and
/// ``FEELSemantics``. Each returns `nil` when its operands are not a temporal combination
/// it handles (so the caller reports a type mismatch) or when the combination has no
/// result (division by zero, out of range, zoned minus local). Use
/// ``evaluate(_:_:_:)`` to tell those apart and get the reason.
///
/// Semantics follow DMN 1.4 §10.3.2.3 and Table 57 (and the DMN TCK where the text is open):
/// * a `date` taking part in arithmetic with a `date and time` is midnight UTC (`00:00:00Z`);
/// * values with a zone compare and subtract by instant; a zone-less value compared with a
///   zoned one is read in the other's zone (DMN: "considered relative to the other input's
///   timezone offset"), but subtracting one from the other has no result;
/// * `=`, `<`, ... on times and dates and times look at whole seconds (the TCK's
///   `time("10:30:00.0001") = time("10:30:00.0002")` is true); durations compare exactly;
/// * adding months clamps to the end of the month; adding a days-time duration to a zoned
///   date and time moves its instant (so a day across a DST change is 24 hours).
enum TemporalOperations {
    /// When false, time and date-time comparisons ignore fractions of a second (the DMN TCK
    /// expectation); set to true for nanosecond-exact comparisons.
    static let comparesFractionalSeconds = false

    /// A day used to find the offset of a region for a `time` that has no date.
    static let referenceDate = FEELDate(year: 1970, month: 1, day: 1)

    // MARK: - Equality and ordering

    /// FEEL `=` on two temporal values of the same kind (`nil`: not temporal / not comparable).
    static func equal(_ lhs: FEELValue, _ rhs: FEELValue) -> Bool? {
        compare(lhs, rhs).map { $0 == 0 }
    }

    /// Ordering of two temporal values of the same kind: negative, zero or positive
    /// (`nil`: not comparable).
    static func compare(_ lhs: FEELValue, _ rhs: FEELValue) -> Int? {
        guard isWithinLimits(lhs), isWithinLimits(rhs) else { return nil }
        switch (lhs, rhs) {
        case (.date(let a), .date(let b)):
            return sign(a.epochDay, b.epochDay)
        case (.time(let a), .time(let b)):
            let (x, y) = (timeValue(a, relativeTo: b.zone), timeValue(b, relativeTo: a.zone))
            return comparesFractionalSeconds ? sign((x, a.nanosecond), (y, b.nanosecond)) : sign(x, y)
        case (.dateTime(let a), .dateTime(let b)):
            let (x, y) = (dateTimeValue(a, relativeTo: b.time.zone), dateTimeValue(b, relativeTo: a.time.zone))
            return comparesFractionalSeconds ? sign((x.seconds, x.nanoseconds), (y.seconds, y.nanoseconds)) : sign(x.seconds, y.seconds)
        case (.daysTimeDuration(let a), .daysTimeDuration(let b)):
            // Through `floored`, so a duration built with mixed signs still compares by value.
            return sign(a.floored, b.floored)
        case (.yearsMonthsDuration(let a), .yearsMonthsDuration(let b)):
            return sign(a.months, b.months)
        default:
            return nil
        }
    }

    private static func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
    private static func sign(_ a: (Int, Int), _ b: (Int, Int)) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    /// DMN's valuet: seconds since midnight UTC (unbounded, not taken modulo a day), for a
    /// zone-less time read in `otherZone` when it has one.
    private static func timeValue(_ time: FEELTime, relativeTo otherZone: FEELZone?) -> Int {
        guard let zone = time.zone ?? otherZone else { return time.secondOfDay }
        let local = referenceDate.epochDay * TemporalCalendar.secondsPerDay + time.secondOfDay
        return time.secondOfDay - zone.offsetSeconds(atLocal: local)
    }

    /// DMN's valuedt: the instant; a zone-less value is read in `otherZone` when it has
    /// one, or taken as UTC when both are zone-less (which orders local values by their fields).
    private static func dateTimeValue(_ value: FEELDateTime, relativeTo otherZone: FEELZone?) -> TemporalInstant {
        var value = value
        if value.time.zone == nil { value.time.zone = otherZone ?? .offset(seconds: 0) }
        return value.instant ?? TemporalInstant(seconds: value.localSeconds, nanoseconds: value.time.nanosecond)
    }

    // MARK: - Arithmetic

    /// `lhs + rhs` for date/time/date-time/duration combinations.
    static func add(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { evaluate(.add, lhs, rhs).value }

    /// `lhs - rhs` (including date-time minus date-time = duration).
    static func subtract(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { evaluate(.subtract, lhs, rhs).value }

    /// `lhs * rhs` for a duration and a number (either order).
    static func multiply(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { evaluate(.multiply, lhs, rhs).value }

    /// `lhs / rhs`: duration / number, duration / duration (same kind, gives a number).
    static func divide(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { evaluate(.divide, lhs, rhs).value }

    /// Unary minus on a duration (`nil` for anything else).
    static func negate(_ value: FEELValue) -> FEELValue? {
        switch value {
        case .daysTimeDuration(let duration): .daysTimeDuration(negated(duration))
        case .yearsMonthsDuration(let duration): duration.months == .min ? nil : .yearsMonthsDuration(YearsMonthsDuration(months: -duration.months))
        default: nil
        }
    }

    /// `lhs op rhs`, with the reason when there is no result.
    static func evaluate(_ op: TemporalOperator, _ lhs: FEELValue, _ rhs: FEELValue) -> TemporalOutcome {
        // Values built directly (not parsed or computed here) may exceed the limits.
        guard isWithinLimits(lhs), isWithinLimits(rhs) else { return outOfRange }
        return switch op {
        case .add: addition(lhs, rhs)
        case .subtract: subtraction(lhs, rhs)
        case .multiply: multiplication(lhs, rhs)
        case .divide: division(lhs, rhs)
        }
    }

    private static let outOfRange = TemporalOutcome.failure("the result is outside the supported range (years -999999999 to 999999999)")

    private static func addition(_ lhs: FEELValue, _ rhs: FEELValue) -> TemporalOutcome {
        switch (lhs, rhs) {
        case (.date(let date), .daysTimeDuration(let duration)), (.daysTimeDuration(let duration), .date(let date)):
            return add(duration, to: date)
        case (.date(let date), .yearsMonthsDuration(let duration)), (.yearsMonthsDuration(let duration), .date(let date)):
            return TemporalCalendar.adding(months: duration.months, to: date).map { .value(.date($0)) } ?? outOfRange
        case (.dateTime(let value), .daysTimeDuration(let duration)), (.daysTimeDuration(let duration), .dateTime(let value)):
            return add(duration, to: value)
        case (.dateTime(let value), .yearsMonthsDuration(let duration)), (.yearsMonthsDuration(let duration), .dateTime(let value)):
            return add(months: duration.months, to: value)
        case (.time(let time), .daysTimeDuration(let duration)), (.daysTimeDuration(let duration), .time(let time)):
            return .value(.time(add(duration, to: time)))
        case (.daysTimeDuration(let a), .daysTimeDuration(let b)):
            return sum(a, b).map { .value(.daysTimeDuration($0)) } ?? outOfRange
        case (.yearsMonthsDuration(let a), .yearsMonthsDuration(let b)):
            return months(a.months.addingReportingOverflow(b.months)).map { .value(.yearsMonthsDuration($0)) } ?? outOfRange
        default:
            return .notApplicable
        }
    }

    private static func subtraction(_ lhs: FEELValue, _ rhs: FEELValue) -> TemporalOutcome {
        switch (lhs, rhs) {
        case (.date(let date), .daysTimeDuration(let duration)):
            return add(negated(duration), to: date)
        case (.date(let date), .yearsMonthsDuration(let duration)):
            return TemporalCalendar.adding(months: -duration.months, to: date).map { .value(.date($0)) } ?? outOfRange
        case (.dateTime(let value), .daysTimeDuration(let duration)):
            return add(negated(duration), to: value)
        case (.dateTime(let value), .yearsMonthsDuration(let duration)):
            return add(months: -duration.months, to: value)
        case (.time(let time), .daysTimeDuration(let duration)):
            return .value(.time(add(negated(duration), to: time)))
        case (.daysTimeDuration(let a), .daysTimeDuration(let b)):
            return sum(a, negated(b)).map { .value(.daysTimeDuration($0)) } ?? outOfRange
        case (.yearsMonthsDuration(let a), .yearsMonthsDuration(let b)):
            return months(a.months.subtractingReportingOverflow(b.months)).map { .value(.yearsMonthsDuration($0)) } ?? outOfRange
        case (.date(let a), .date(let b)):
            return difference(utcMidnight(a), utcMidnight(b))
        case (.dateTime(let a), .dateTime(let b)):
            return difference(a, b)
        case (.dateTime(let a), .date(let b)):
            return difference(a, utcMidnight(b))
        case (.date(let a), .dateTime(let b)):
            return difference(utcMidnight(a), b)
        case (.time(let a), .time(let b)):
            switch (a.zone, b.zone) {
            case (nil, nil), (_?, _?):
                let seconds = timeValue(a, relativeTo: nil) - timeValue(b, relativeTo: nil)
                return DaysTimeDuration.normalized(seconds: seconds, nanoseconds: a.nanosecond - b.nanosecond)
                    .map { .value(.daysTimeDuration($0)) } ?? outOfRange
            default:
                return .failure("cannot subtract a time with a zone and a time without one")
            }
        default:
            return .notApplicable
        }
    }

    private static func multiplication(_ lhs: FEELValue, _ rhs: FEELValue) -> TemporalOutcome {
        switch (lhs, rhs) {
        case (.daysTimeDuration(let duration), .number(let factor)), (.number(let factor), .daysTimeDuration(let duration)):
            return daysTime(nanoseconds: nanoseconds(of: duration) * factor.decimal).map { .value(.daysTimeDuration($0)) } ?? outOfRange
        case (.yearsMonthsDuration(let duration), .number(let factor)), (.number(let factor), .yearsMonthsDuration(let duration)):
            return yearsMonths(Decimal(duration.months) * factor.decimal).map { .value(.yearsMonthsDuration($0)) } ?? outOfRange
        default:
            return .notApplicable
        }
    }

    private static func division(_ lhs: FEELValue, _ rhs: FEELValue) -> TemporalOutcome {
        switch (lhs, rhs) {
        case (.daysTimeDuration(let duration), .number(let divisor)):
            guard !divisor.decimal.isZero else { return .failure("division of a duration by zero") }
            return daysTime(nanoseconds: nanoseconds(of: duration) / divisor.decimal).map { .value(.daysTimeDuration($0)) } ?? outOfRange
        case (.yearsMonthsDuration(let duration), .number(let divisor)):
            guard !divisor.decimal.isZero else { return .failure("division of a duration by zero") }
            return yearsMonths(Decimal(duration.months) / divisor.decimal).map { .value(.yearsMonthsDuration($0)) } ?? outOfRange
        case (.daysTimeDuration(let a), .daysTimeDuration(let b)):
            guard let ratio = FEELNumber(nanoseconds(of: a)).divided(by: FEELNumber(nanoseconds(of: b))) else {
                return .failure("division by a zero duration")
            }
            return .value(.number(ratio))
        case (.yearsMonthsDuration(let a), .yearsMonthsDuration(let b)):
            guard let ratio = FEELNumber(a.months).divided(by: FEELNumber(b.months)) else {
                return .failure("division by a zero duration")
            }
            return .value(.number(ratio))
        default:
            return .notApplicable
        }
    }

    // MARK: - Arithmetic helpers

    /// `-duration` (wrapping, so an out-of-range value stays out of range instead of trapping).
    static func negated(_ duration: DaysTimeDuration) -> DaysTimeDuration {
        DaysTimeDuration(seconds: 0 &- duration.seconds, nanoseconds: 0 &- duration.nanoseconds)
    }

    private static func sum(_ a: DaysTimeDuration, _ b: DaysTimeDuration) -> DaysTimeDuration? {
        DaysTimeDuration.normalized(seconds: Int(a.seconds) + Int(b.seconds), nanoseconds: Int(a.nanoseconds) + Int(b.nanoseconds))
    }

    /// False for a duration or date beyond what arithmetic here can take without overflow.
    private static func isWithinLimits(_ value: FEELValue) -> Bool {
        switch value {
        case .daysTimeDuration(let duration): duration.seconds.magnitude <= TemporalArithmetic.maximumDurationSeconds
        case .yearsMonthsDuration(let duration): duration.months.magnitude <= TemporalArithmetic.maximumMonths
        case .date(let date): date.isInRange
        case .dateTime(let value): value.date.isInRange
        default: true
        }
    }

    private static func months(_ result: (partialValue: Int, overflow: Bool)) -> YearsMonthsDuration? {
        guard !result.overflow, result.partialValue.magnitude <= TemporalArithmetic.maximumMonths else { return nil }
        return YearsMonthsDuration(months: result.partialValue)
    }

    /// A date plus a days-time duration: the date at midnight moved by the duration, then
    /// its day (`2021-01-02 - PT1H = 2021-01-01`).
    private static func add(_ duration: DaysTimeDuration, to date: FEELDate) -> TemporalOutcome {
        // A fraction of a second cannot move a date: only the floored seconds matter.
        let seconds = duration.floored.seconds
        let day = TemporalCalendar.floorDiv(date.epochDay * TemporalCalendar.secondsPerDay + seconds, TemporalCalendar.secondsPerDay)
        let result = TemporalCalendar.date(epochDay: day)
        return result.isInRange ? .value(.date(result)) : outOfRange
    }

    /// A date and time plus a days-time duration: by instant in a region (so adding `P1D`
    /// across a DST change adds 24 hours), on the wall clock otherwise.
    private static func add(_ duration: DaysTimeDuration, to value: FEELDateTime) -> TemporalOutcome {
        let (seconds, nanoseconds) = duration.floored
        let nanos = value.time.nanosecond + nanoseconds
        let carry = nanos / TemporalCalendar.nanosecondsPerSecond
        let nanosecond = nanos % TemporalCalendar.nanosecondsPerSecond
        let result: FEELDateTime
        if case .region? = value.time.zone, let instant = value.instant, let zone = value.time.zone {
            result = FEELDateTime(instant: TemporalInstant(seconds: instant.seconds + seconds + carry, nanoseconds: nanosecond), zone: zone)
        } else {
            result = FEELDateTime(localSeconds: value.localSeconds + seconds + carry, nanosecond: nanosecond, zone: value.time.zone)
        }
        return result.date.isInRange ? .value(.dateTime(result)) : outOfRange
    }

    /// A date and time plus calendar months: same wall time, day clamped to the month's end.
    private static func add(months: Int, to value: FEELDateTime) -> TemporalOutcome {
        guard let date = TemporalCalendar.adding(months: months, to: value.date) else { return outOfRange }
        return .value(.dateTime(FEELDateTime(date: date, time: value.time).resolvingGap()))
    }

    /// A time plus a days-time duration, wrapping around midnight; the zone is kept.
    private static func add(_ duration: DaysTimeDuration, to time: FEELTime) -> FEELTime {
        let (seconds, nanoseconds) = duration.floored
        let nanos = time.nanosecond + nanoseconds
        let secondOfDay = TemporalCalendar.floorMod(seconds, TemporalCalendar.secondsPerDay)
            + time.secondOfDay + nanos / TemporalCalendar.nanosecondsPerSecond
        return FEELTime(secondOfDay: secondOfDay, nanosecond: nanos % TemporalCalendar.nanosecondsPerSecond, zone: time.zone)
    }

    /// A date as a date and time: midnight UTC (DMN §10.3.2.3.6).
    static func utcMidnight(_ date: FEELDate) -> FEELDateTime {
        FEELDateTime(date: date, time: FEELTime(hour: 0, minute: 0, second: 0, zone: .offset(seconds: 0)))
    }

    /// `a - b` for dates and times: by instant when both have a zone, by wall clock when
    /// neither has; undefined when only one has (DMN Table 57).
    private static func difference(_ a: FEELDateTime, _ b: FEELDateTime) -> TemporalOutcome {
        let x: TemporalInstant, y: TemporalInstant
        switch (a.instant, b.instant) {
        case (let first?, let second?):
            (x, y) = (first, second)
        case (nil, nil):
            x = TemporalInstant(seconds: a.localSeconds, nanoseconds: a.time.nanosecond)
            y = TemporalInstant(seconds: b.localSeconds, nanoseconds: b.time.nanosecond)
        default:
            return .failure("cannot subtract a date and time with a zone and one without (a date counts as midnight UTC)")
        }
        return DaysTimeDuration.normalized(seconds: x.seconds - y.seconds, nanoseconds: x.nanoseconds - y.nanoseconds)
            .map { .value(.daysTimeDuration($0)) } ?? outOfRange
    }

    /// The duration in nanoseconds, exactly.
    private static func nanoseconds(of duration: DaysTimeDuration) -> Decimal {
        Decimal(duration.seconds) * Decimal(TemporalCalendar.nanosecondsPerSecond) + Decimal(Int(duration.nanoseconds))
    }

    /// A days-time duration of `nanoseconds` (truncated toward zero to whole nanoseconds).
    private static func daysTime(nanoseconds: Decimal) -> DaysTimeDuration? {
        let limit = Decimal(TemporalArithmetic.maximumDurationSeconds + 1) * Decimal(TemporalCalendar.nanosecondsPerSecond)
        guard !nanoseconds.isNaN, abs(nanoseconds) < limit else { return nil }
        let total = TemporalArithmetic.truncated(nanoseconds)
        let seconds = TemporalArithmetic.truncated(total / Decimal(TemporalCalendar.nanosecondsPerSecond))
        let remainder = total - seconds * Decimal(TemporalCalendar.nanosecondsPerSecond)
        guard let wholeSeconds = TemporalArithmetic.integer(seconds), let nanos = TemporalArithmetic.integer(remainder) else { return nil }
        return DaysTimeDuration.normalized(seconds: wholeSeconds, nanoseconds: nanos)
    }

    /// A years-months duration of `months` (truncated toward zero to whole months).
    private static func yearsMonths(_ months: Decimal) -> YearsMonthsDuration? {
        guard !months.isNaN, abs(months) <= Decimal(TemporalArithmetic.maximumMonths),
            let whole = TemporalArithmetic.integer(TemporalArithmetic.truncated(months))
        else { return nil }
        return YearsMonthsDuration(months: whole)
    }

    // MARK: - Properties

    /// A property such as `year`, `month`, `day`, `weekday`, `hour`, `minute`, `second`,
    /// `time offset`, `timezone`, `days`, `hours`, `minutes`, `seconds`, `years`, `months`.
    /// `nil` when the value has no such property; `.null` when it has it but without a value
    /// (the `time offset` of a local time).
    static func property(_ value: FEELValue, _ name: String) -> FEELValue? {
        switch value {
        case .date(let date):
            return dateProperty(date, name)
        case .time(let time):
            return timeProperty(time, name, offset: time.zone.flatMap { zone in
                if case .offset(let seconds) = zone { seconds } else { nil }
            })
        case .dateTime(let dateTime):
            return dateProperty(dateTime.date, name) ?? timeProperty(dateTime.time, name, offset: dateTime.offsetSeconds)
        case .daysTimeDuration(let duration):
            let seconds = Int(duration.seconds)
            switch name {
            case "days": return number(seconds / 86_400)
            case "hours": return number(seconds / 3600 % 24)
            case "minutes": return number(seconds / 60 % 60)
            case "seconds": return number(seconds % 60)
            default: return nil
            }
        case .yearsMonthsDuration(let duration):
            switch name {
            case "years": return number(duration.months / 12)
            case "months": return number(duration.months % 12)
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func number(_ value: Int) -> FEELValue { .number(FEELNumber(value)) }

    private static func dateProperty(_ date: FEELDate, _ name: String) -> FEELValue? {
        switch name {
        case "year": number(date.year)
        case "month": number(date.month)
        case "day": number(date.day)
        case "weekday": number(TemporalCalendar.weekday(of: date))
        default: nil
        }
    }

    private static func timeProperty(_ time: FEELTime, _ name: String, offset: Int?) -> FEELValue? {
        switch name {
        case "hour": number(time.hour)
        case "minute": number(time.minute)
        case "second": number(time.second)
        case "time offset": offset.map { .daysTimeDuration(DaysTimeDuration(seconds: Int64($0))) } ?? .null
        case "timezone": time.zone?.regionName.map { .string($0) } ?? .null
        default: nil
        }
    }

    // MARK: - Literals

    /// The value of an `@"..."` literal: a date, time, date-time or duration.
    static func parseLiteral(_ text: String) -> FEELValue? {
        try? TemporalParser.parseLiteral(text)
    }
}

/// Limits and exact decimal helpers shared by temporal arithmetic.
enum TemporalArithmetic {
    /// The largest years-months duration, in months: enough to span the whole year range twice.
    static let maximumMonths = 24_000_000_000
    /// The largest days-time duration, in seconds (about 3 billion years).
    static let maximumDurationSeconds = 100_000_000_000_000_000

    /// `value` rounded toward zero to an integer.
    static func truncated(_ value: Decimal) -> Decimal {
        var magnitude = abs(value)
        var result = Decimal()
        NSDecimalRound(&result, &magnitude, 0, .down)
        return value < 0 ? -result : result
    }

    /// An integral decimal as an `Int` (`nil` if not integral or out of range).
    static func integer(_ value: Decimal) -> Int? {
        guard truncated(value) == value, abs(value) <= Decimal(Int.max) else { return nil }
        return Int(value.description)
    }
}
