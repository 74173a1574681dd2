/// Why a temporal string was rejected, in words fit for a FEEL error message.
struct TemporalSyntaxError: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Parses the string forms FEEL uses for temporal values (`@"..."` literals and the
/// `date`, `time`, `date and time` and `duration` conversion functions), following the
/// XML Schema lexical forms the DMN specification refers to:
///
/// * date `2017-01-01`, `-2017-12-31`, `999999999-12-31` (at least four year digits, no
///   leading zero beyond four, no `+`);
/// * time `10:20:00`, `10:20:00.123456789`, optionally followed by `Z`, an offset
///   `+01:00` (up to ±18:00, seconds allowed) or an IANA region `@Europe/Paris`;
///   `24:00:00` is the end of the day (midnight of the next day);
/// * date and time `2017-01-01T10:20:00` with the same zone forms;
/// * durations `P1DT2H3M4.5S`, `-PT5M` (days and time) and `P1Y2M`, `-P3M` (years and months).
enum TemporalParser {
    typealias Failure = TemporalSyntaxError

    /// The value of an `@"..."` literal.
    static func parseLiteral(_ text: String) throws(Failure) -> FEELValue {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { throw Failure("an empty temporal literal") }
        let start = first == UInt8(ascii: "-") ? bytes.dropFirst().first : first
        if start == UInt8(ascii: "P") { return try parseDuration(text) }
        let zoneless = bytes.split(separator: UInt8(ascii: "@"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        if zoneless.contains(UInt8(ascii: "T")) { return .dateTime(try parseDateTime(text)) }
        if zoneless.contains(UInt8(ascii: ":")) { return .time(try parseTime(text)) }
        return .date(try parseDate(text))
    }

    /// A date such as `2017-01-01`.
    static func parseDate(_ text: String) throws(Failure) -> FEELDate {
        var scanner = Scanner(text)
        let date = try scanner.date()
        try scanner.expectEnd(what: "date")
        return date
    }

    /// A time such as `10:20:00`, `10:20:00.5+01:00` or `10:20:00@Europe/Paris`.
    static func parseTime(_ text: String) throws(Failure) -> FEELTime {
        var scanner = Scanner(text)
        let (time, _) = try scanner.time()
        try scanner.expectEnd(what: "time")
        return time
    }

    /// A date and time such as `2017-01-01T10:20:00Z`; with `dateAlone`, a bare date
    /// (`2017-01-01`) is accepted and means midnight, without zone.
    static func parseDateTime(_ text: String, dateAlone: Bool = false) throws(Failure) -> FEELDateTime {
        var scanner = Scanner(text)
        let date = try scanner.date()
        if scanner.isAtEnd && dateAlone {
            return FEELDateTime(date: date, time: FEELTime(hour: 0, minute: 0, second: 0))
        }
        guard scanner.take(UInt8(ascii: "T")) else {
            throw Failure("expected 'T' between the date and the time in \"\(text)\"")
        }
        let (time, endOfDay) = try scanner.time()
        try scanner.expectEnd(what: "date and time")
        var value = FEELDateTime(date: date, time: time)
        if endOfDay {
            value = FEELDateTime(localSeconds: value.localSeconds + TemporalCalendar.secondsPerDay, nanosecond: 0, zone: time.zone)
            guard value.date.isInRange else { throw Failure("\"\(text)\" is beyond the largest date") }
        }
        return value.resolvingGap()
    }

    /// A duration: a days-and-time duration or a years-and-months duration.
    static func parseDuration(_ text: String) throws(Failure) -> FEELValue {
        var scanner = Scanner(text)
        let negative = scanner.take(UInt8(ascii: "-"))
        guard scanner.take(UInt8(ascii: "P")) else {
            throw Failure("a duration must start with 'P' (or '-P'): \"\(text)\"")
        }
        var years: Int?, months: Int?, days: Int?, hours: Int?, minutes: Int?
        var seconds: (whole: Int, nanos: Int)?
        var inTimePart = false
        var sawTimeDesignator = false
        var order = 0  // position of the last designator, to enforce Y M D T H M S order
        while !scanner.isAtEnd {
            if scanner.take(UInt8(ascii: "T")) {
                guard !sawTimeDesignator else { throw Failure("'T' appears twice in duration \"\(text)\"") }
                sawTimeDesignator = true
                inTimePart = true
                order = 3
                continue
            }
            guard let whole = try scanner.unsignedInteger(what: "duration") else {
                throw Failure("expected a number in duration \"\(text)\"")
            }
            var nanos = 0
            var hasFraction = false
            if scanner.take(UInt8(ascii: ".")) {
                hasFraction = true
                nanos = try scanner.fraction(allowEmpty: true)
            }
            guard let designator = scanner.next() else {
                throw Failure("number without a unit in duration \"\(text)\"")
            }
            let position: Int
            switch (designator, inTimePart) {
            case (UInt8(ascii: "Y"), false): position = 0; years = whole
            case (UInt8(ascii: "M"), false): position = 1; months = whole
            case (UInt8(ascii: "D"), false): position = 2; days = whole
            case (UInt8(ascii: "H"), true): position = 4; hours = whole
            case (UInt8(ascii: "M"), true): position = 5; minutes = whole
            case (UInt8(ascii: "S"), true): position = 6; seconds = (whole, nanos)
            default:
                throw Failure("'\(Character(Unicode.Scalar(designator)))' is not a duration unit at this place in \"\(text)\"")
            }
            guard position >= order else {
                throw Failure("duration units out of order or repeated in \"\(text)\"")
            }
            if hasFraction && position != 6 {
                throw Failure("only seconds may have a fraction in duration \"\(text)\"")
            }
            order = position + 1
        }
        if sawTimeDesignator && hours == nil && minutes == nil && seconds == nil {
            throw Failure("'T' must be followed by hours, minutes or seconds in duration \"\(text)\"")
        }
        let hasYearMonth = years != nil || months != nil
        let hasDayTime = days != nil || sawTimeDesignator
        switch (hasYearMonth, hasDayTime) {
        case (false, false):
            throw Failure("duration \"\(text)\" has no parts")
        case (true, true):
            throw Failure("duration \"\(text)\" mixes years/months with days/time; FEEL has no such duration type")
        case (true, false):
            let (yearMonths, overflowY) = (years ?? 0).multipliedReportingOverflow(by: 12)
            let (total, overflowM) = yearMonths.addingReportingOverflow(months ?? 0)
            guard !overflowY, !overflowM, total <= TemporalArithmetic.maximumMonths else {
                throw Failure("duration \"\(text)\" is too large")
            }
            return .yearsMonthsDuration(YearsMonthsDuration(months: negative ? -total : total))
        case (false, true):
            var total = 0
            for (amount, unit) in [(days, 86_400), (hours, 3600), (minutes, 60), (seconds?.whole, 1)] {
                guard let amount else { continue }
                let (scaled, overflowA) = amount.multipliedReportingOverflow(by: unit)
                let (sum, overflowB) = total.addingReportingOverflow(scaled)
                guard !overflowA, !overflowB else { throw Failure("duration \"\(text)\" is too large") }
                total = sum
            }
            let nanos = seconds?.nanos ?? 0
            guard let duration = DaysTimeDuration.normalized(seconds: negative ? -total : total, nanoseconds: negative ? -nanos : nanos) else {
                throw Failure("duration \"\(text)\" is too large")
            }
            return .daysTimeDuration(duration)
        }
    }

    /// A cursor over the UTF-8 bytes of a temporal string.
    struct Scanner {
        let text: String
        let bytes: [UInt8]
        var position = 0

        init(_ text: String) {
            self.text = text
            self.bytes = Array(text.utf8)
        }

        var isAtEnd: Bool { position == bytes.count }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func next() -> UInt8? {
            guard let byte = peek() else { return nil }
            position += 1
            return byte
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            position += 1
            return true
        }

        func expectEnd(what: String) throws(Failure) {
            guard isAtEnd else {
                let rest = String(decoding: bytes[position...], as: UTF8.self)
                throw Failure("unexpected \"\(rest)\" at the end of \(what) \"\(text)\"")
            }
        }

        /// The run of ASCII digits at the cursor.
        mutating func digits() -> ArraySlice<UInt8> {
            let start = position
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            return bytes[start..<position]
        }

        /// Exactly `count` digits as a number.
        mutating func fixedDigits(_ count: Int, what: String) throws(Failure) -> Int {
            let run = digits()
            guard run.count == count else {
                throw Failure("the \(what) in \"\(text)\" must have exactly \(count) digits")
            }
            return run.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }

        /// An unsigned integer of any length (`nil` when there is no digit here).
        mutating func unsignedInteger(what: String) throws(Failure) -> Int? {
            let run = digits()
            guard !run.isEmpty else { return nil }
            var value = 0
            for byte in run {
                let (scaled, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = scaled.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !overflowA, !overflowB else { throw Failure("a number in \(what) \"\(text)\" is too large") }
                value = sum
            }
            return value
        }

        /// The digits after a decimal point, as nanoseconds. Digits beyond the ninth must be zeros.
        mutating func fraction(allowEmpty: Bool) throws(Failure) -> Int {
            let run = digits()
            guard !run.isEmpty || allowEmpty else { throw Failure("expected digits after '.' in \"\(text)\"") }
            guard run.dropFirst(9).allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                throw Failure("\"\(text)\" is more precise than a nanosecond")
            }
            var nanos = 0
            for index in 0..<9 {
                let digit = index < run.count ? Int(run[run.startIndex + index] - UInt8(ascii: "0")) : 0
                nanos = nanos * 10 + digit
            }
            return nanos
        }

        /// `[-]YYYY-MM-DD` with four to nine year digits.
        mutating func date() throws(Failure) -> FEELDate {
            let negative = take(UInt8(ascii: "-"))
            let yearDigits = digits()
            guard (4...9).contains(yearDigits.count) else {
                throw Failure("the year in \"\(text)\" must have four to nine digits")
            }
            guard yearDigits.count == 4 || yearDigits.first != UInt8(ascii: "0") else {
                throw Failure("a year of more than four digits may not start with 0 in \"\(text)\"")
            }
            var year = yearDigits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if negative {
                guard year != 0 else { throw Failure("year -0000 in \"\(text)\" is not a year") }
                year = -year
            }
            guard take(UInt8(ascii: "-")) else { throw Failure("expected '-' after the year in \"\(text)\"") }
            let month = try fixedDigits(2, what: "month")
            guard take(UInt8(ascii: "-")) else { throw Failure("expected '-' after the month in \"\(text)\"") }
            let day = try fixedDigits(2, what: "day")
            guard (1...12).contains(month) else { throw Failure("month \(month) in \"\(text)\" is not 01 to 12") }
            guard let date = FEELDate.validated(year: year, month: month, day: day) else {
                throw Failure("day \(day) in \"\(text)\" does not exist in that month")
            }
            return date
        }

        /// `hh:mm:ss[.fffffffff][zone]`; the flag is true for `24:00:00` (end of the day),
        /// which is returned as `00:00:00`.
        mutating func time() throws(Failure) -> (FEELTime, endOfDay: Bool) {
            let hour = try fixedDigits(2, what: "hour")
            guard take(UInt8(ascii: ":")) else { throw Failure("expected ':' after the hour in \"\(text)\"") }
            let minute = try fixedDigits(2, what: "minute")
            guard take(UInt8(ascii: ":")) else { throw Failure("expected ':' and seconds after the minute in \"\(text)\"") }
            let second = try fixedDigits(2, what: "second")
            var nanosecond = 0
            if take(UInt8(ascii: ".")) { nanosecond = try fraction(allowEmpty: false) }
            let zone = try self.zone()
            let endOfDay = hour == 24 && minute == 0 && second == 0 && nanosecond == 0
            guard hour < 24 || endOfDay else { throw Failure("hour \(hour) in \"\(text)\" is not 00 to 23") }
            guard minute < 60 else { throw Failure("minute \(minute) in \"\(text)\" is not 00 to 59") }
            guard second < 60 else { throw Failure("second \(second) in \"\(text)\" is not 00 to 59") }
            let time = FEELTime(hour: endOfDay ? 0 : hour, minute: minute, second: second, nanosecond: nanosecond, zone: zone)
            return (time, endOfDay)
        }

        /// `Z`, `±hh:mm[:ss]`, `@Region/City` or nothing.
        mutating func zone() throws(Failure) -> FEELZone? {
            guard let marker = peek() else { return nil }
            switch marker {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                position += 1
                return .offset(seconds: 0)
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                position += 1
                let hours = try fixedDigits(2, what: "offset hours")
                guard take(UInt8(ascii: ":")) else { throw Failure("the offset in \"\(text)\" must be written ±hh:mm") }
                let minutes = try fixedDigits(2, what: "offset minutes")
                var seconds = 0
                if take(UInt8(ascii: ":")) { seconds = try fixedDigits(2, what: "offset seconds") }
                guard minutes < 60, seconds < 60 else { throw Failure("the offset in \"\(text)\" is not a valid offset") }
                let magnitude = hours * 3600 + minutes * 60 + seconds
                guard magnitude <= TemporalZones.maximumOffsetSeconds else {
                    throw Failure("the offset in \"\(text)\" is beyond ±18:00")
                }
                return .offset(seconds: marker == UInt8(ascii: "-") ? -magnitude : magnitude)
            case UInt8(ascii: "@"):
                position += 1
                let name = String(decoding: bytes[position...], as: UTF8.self)
                position = bytes.count
                guard TemporalZones.isValidRegion(name) else {
                    throw Failure("\"\(name)\" is not an IANA time zone")
                }
                return .region(name)
            default:
                return nil
            }
        }
    }
}
