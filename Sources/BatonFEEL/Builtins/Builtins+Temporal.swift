import Foundation

/// Temporal functions (DMN 1.4 §10.3.4.1 conversion functions for dates, times and durations,
/// and the date and time functions of §10.3.4.9 and later): `date`, `time`, `date and time`,
/// `duration`, `years and months duration`, `now`, `today`, `day of year`, `day of week`,
/// `month of year`, `week of year`, `is`, and `abs` of a duration. Parameter names are the specification's, so named
/// arguments work (`date(year: 2017, month: 8, day: 30)`).
extension BuiltinLibrary {
    static let temporalFunctions: [BuiltinFunction] = [
        .define("date", [.required("from")]) { call throws(BuiltinError) in
            switch call.temporalArgument(0) {
            case .string(let text): return .date(try call.parsed(0, "a date") { text throws(TemporalSyntaxError) in try TemporalParser.parseDate(text) })
            case .date(let date): return .date(date)
            case .dateTime(let value): return .date(value.date)
            default: throw call.typeError(0, expected: "a string, a date or a date and time")
            }
        },
        .define("date", [.required("year"), .required("month"), .required("day")]) { call throws(BuiltinError) in
            let year = try call.wholeNumber(0)
            let month = try call.wholeNumber(1)
            let day = try call.wholeNumber(2)
            guard TemporalCalendar.yearRange.contains(year) else { throw call.error(0, "\(year) is outside -999999999 to 999999999") }
            guard (1...12).contains(month) else { throw call.error(1, "\(month) is not 1 to 12") }
            guard let date = FEELDate.validated(year: year, month: month, day: day) else {
                throw call.error(2, "\(day) does not exist in \(FEELDate(year: year, month: month, day: 1).description.dropLast(3))")
            }
            return .date(date)
        },
        .define("time", [.required("from")]) { call throws(BuiltinError) in
            switch call.temporalArgument(0) {
            case .string(let text): return .time(try call.parsed(0, "a time") { text throws(TemporalSyntaxError) in try TemporalParser.parseTime(text) })
            case .time(let time): return .time(time)
            case .dateTime(let value): return .time(value.time)
            // A date is midnight UTC (DMN §10.3.2.3.6; the TCK expects 00:00:00Z).
            case .date: return .time(FEELTime(hour: 0, minute: 0, second: 0, zone: .offset(seconds: 0)))
            default: throw call.typeError(0, expected: "a string, a time, a date or a date and time")
            }
        },
        .define("time", [.required("hour"), .required("minute"), .required("second"), .optional("offset")]) { call throws(BuiltinError) in
            let hour = try call.wholeNumber(0)
            let minute = try call.wholeNumber(1)
            let (second, nanosecond) = try call.seconds(2)
            guard (0...23).contains(hour) else { throw call.error(0, "\(hour) is not 0 to 23") }
            guard (0...59).contains(minute) else { throw call.error(1, "\(minute) is not 0 to 59") }
            var zone: FEELZone?
            if call.hasValue(3) {
                guard case .daysTimeDuration(let offset) = call.temporalArgument(3) else {
                    throw call.typeError(3, expected: "a days and time duration")
                }
                guard offset.nanoseconds == 0 else { throw call.error(3, "\(offset) has a fraction of a second") }
                guard abs(offset.seconds) <= Int64(TemporalZones.maximumOffsetSeconds) else {
                    throw call.error(3, "\(offset) is beyond ±18 hours")
                }
                zone = .offset(seconds: Int(offset.seconds))
            }
            return .time(FEELTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond, zone: zone))
        },
        .define("date and time", [.required("from")]) { call throws(BuiltinError) in
            switch call.temporalArgument(0) {
            case .string(let text):
                return .dateTime(try call.parsed(0, "a date and time") { text throws(TemporalSyntaxError) in
                    try TemporalParser.parseDateTime(text, dateAlone: true)
                })
            case .dateTime(let value): return .dateTime(value)
            default: throw call.typeError(0, expected: "a string")
            }
        },
        .define("date and time", [.required("date"), .required("time")]) { call throws(BuiltinError) in
            let date: FEELDate
            switch call.temporalArgument(0) {
            case .date(let value): date = value
            case .dateTime(let value): date = value.date
            default: throw call.typeError(0, expected: "a date or a date and time")
            }
            guard case .time(let time) = call.temporalArgument(1) else { throw call.typeError(1, expected: "a time") }
            return .dateTime(FEELDateTime(date: date, time: time).resolvingGap())
        },
        .define("duration", [.required("from")]) { call throws(BuiltinError) in
            switch call.temporalArgument(0) {
            case .string(let text):
                return try call.parsed(0, "a duration") { text throws(TemporalSyntaxError) in try TemporalParser.parseDuration(text) }
            case .daysTimeDuration, .yearsMonthsDuration:
                return call.temporalArgument(0)
            default:
                throw call.typeError(0, expected: "a string")
            }
        },
        .define("years and months duration", [.required("from"), .required("to")]) { call throws(BuiltinError) in
            let from = try call.calendarDate(0)
            let to = try call.calendarDate(1)
            return .yearsMonthsDuration(YearsMonthsDuration(months: TemporalCalendar.monthsBetween(from, to)))
        },
        .define("now", []) { call throws(BuiltinError) in
            .dateTime(call.context.now)
        },
        .define("today", []) { call throws(BuiltinError) in
            .date(call.context.now.date)
        },
        .define("day of year", [.required("date")]) { call throws(BuiltinError) in
            .number(FEELNumber(TemporalCalendar.dayOfYear(of: try call.calendarDate(0))))
        },
        .define("day of week", [.required("date")]) { call throws(BuiltinError) in
            .string(TemporalNames.weekdays[TemporalCalendar.weekday(of: try call.calendarDate(0)) - 1])
        },
        .define("month of year", [.required("date")]) { call throws(BuiltinError) in
            .string(TemporalNames.months[try call.calendarDate(0).month - 1])
        },
        .define("week of year", [.required("date")]) { call throws(BuiltinError) in
            .number(FEELNumber(TemporalCalendar.isoWeek(of: try call.calendarDate(0))))
        },
        // `abs` of a duration. The numeric `abs(n)` comes first in the library and hands any
        // argument that is not a number to this signature.
        .define("abs", [.required("n")]) { call throws(BuiltinError) in
            let value = call.temporalArgument(0)
            switch value {
            case .daysTimeDuration(let duration) where duration.seconds < 0 || duration.nanoseconds < 0:
                guard let result = TemporalOperations.negate(value) else { throw call.error(0, "is out of range") }
                return result
            case .yearsMonthsDuration(let duration) where duration.months < 0:
                guard let result = TemporalOperations.negate(value) else { throw call.error(0, "is out of range") }
                return result
            case .daysTimeDuration, .yearsMonthsDuration:
                return value
            default:
                throw call.typeError(0, expected: "a number or a duration")
            }
        },
        // DMN 1.3 lists `is` with the date and time functions: true when both values are the
        // same element of the semantic domain. Unlike `=`, times and dates and times must
        // agree field by field, zone included (`Z` and `+00:00` are the same offset, a region
        // is not its offset), so `is(@"12:00:00-01:00", @"17:00:00+04:00")` is false. A value
        // left out by name is null: the TCK expects `is(value1: x)` and `is(value2: x)` to be
        // false, so both parameters are optional, but at least one must be given.
        .define("is", [.optional("value1"), .optional("value2")]) { call throws(BuiltinError) in
            guard call.count > 0 else { throw BuiltinError("needs value1 and value2") }
            return .boolean(call[0] == call[1])
        },
    ]
}

/// English day and month names, as `day of week` and `month of year` return them.
enum TemporalNames {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
}

extension BuiltinCall {
    /// The argument at `index`, unwrapped from a singleton list.
    func temporalArgument(_ index: Int) -> FEELValue {
        if case .list(let items) = self[index], items.count == 1 { return items[0] }
        return self[index]
    }

    /// A string argument parsed by `parse`, with the parser's reason on failure.
    func parsed<T>(
        _ index: Int, _ what: String, _ parse: (String) throws(TemporalSyntaxError) -> T
    ) throws(BuiltinError) -> T {
        guard case .string(let text) = temporalArgument(index) else { throw typeError(index, expected: "a string") }
        do {
            return try parse(text)
        } catch {
            throw self.error(index, "is not \(what): \(error.message)")
        }
    }

    /// A number argument that must be a whole number.
    func wholeNumber(_ index: Int) throws(BuiltinError) -> Int {
        guard case .number(let value) = temporalArgument(index) else { throw typeError(index, expected: "a number") }
        guard value.isInteger, let whole = value.intValue else { throw error(index, "must be a whole number, not \(value)") }
        return whole
    }

    /// A number of seconds in `0 ..< 60`, split into whole seconds and nanoseconds.
    func seconds(_ index: Int) throws(BuiltinError) -> (Int, Int) {
        guard case .number(let value) = temporalArgument(index) else { throw typeError(index, expected: "a number") }
        guard value.decimal >= 0, value.decimal < 60 else { throw error(index, "\(value) is not 0 to 59") }
        let nanoseconds = value.decimal * 1_000_000_000
        guard let total = TemporalArithmetic.integer(nanoseconds) else {
            throw error(index, "\(value) is more precise than a nanosecond")
        }
        return (total / 1_000_000_000, total % 1_000_000_000)
    }

    /// The calendar date of a `date` or `date and time` argument.
    func calendarDate(_ index: Int) throws(BuiltinError) -> FEELDate {
        switch temporalArgument(index) {
        case .date(let date): return date
        case .dateTime(let value): return value.date
        default: throw typeError(index, expected: "a date or a date and time")
        }
    }
}
