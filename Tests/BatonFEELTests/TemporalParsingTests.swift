@testable import BatonFEEL
import Testing

@Suite struct TemporalParsingTests {
    // MARK: - Valid forms, checked through their canonical string

    @Test(arguments: [
        ("2017-01-01", "2017-01-01"),
        ("-2017-12-31", "-2017-12-31"),
        ("999999999-12-31", "999999999-12-31"),
        ("-999999999-01-01", "-999999999-01-01"),
        ("0000-02-29", "0000-02-29"),
        ("2020-02-29", "2020-02-29"),
        ("12345-06-07", "12345-06-07"),
    ])
    func parsesDates(text: String, expected: String) throws {
        let value = try TemporalTest.literal(text)
        guard case .date(let date) = value else { Issue.record("\(text) is not a date: \(value)"); return }
        #expect(date.description == expected)
        #expect(try TemporalParser.parseDate(text) == date)
    }

    @Test(arguments: [
        ("10:20:00", "10:20:00"),
        ("00:00:00", "00:00:00"),
        ("23:59:59.999999999", "23:59:59.999999999"),
        ("10:20:00.123456789", "10:20:00.123456789"),
        ("10:20:00.5000", "10:20:00.5"),
        ("10:20:00.000", "10:20:00"),
        ("10:20:00.1234567890000", "10:20:00.123456789"),
        ("10:20:00Z", "10:20:00Z"),
        ("10:20:00z", "10:20:00Z"),
        ("10:20:00+00:00", "10:20:00Z"),
        ("10:20:00-00:00", "10:20:00Z"),
        ("10:20:00+01:00", "10:20:00+01:00"),
        ("10:20:00-05:30", "10:20:00-05:30"),
        ("10:20:00+02:45:55", "10:20:00+02:45:55"),
        ("10:20:00+18:00", "10:20:00+18:00"),
        ("10:20:00@Europe/Paris", "10:20:00@Europe/Paris"),
        ("10:20:00@Etc/UTC", "10:20:00@Etc/UTC"),
        ("10:20:00@UTC", "10:20:00@UTC"),
        ("10:20:00@America/Argentina/Buenos_Aires", "10:20:00@America/Argentina/Buenos_Aires"),
        ("24:00:00", "00:00:00"),
    ])
    func parsesTimes(text: String, expected: String) throws {
        let value = try TemporalTest.literal(text)
        guard case .time(let time) = value else { Issue.record("\(text) is not a time: \(value)"); return }
        #expect(time.description == expected)
    }

    @Test(arguments: [
        ("2017-01-01T10:20:00", "2017-01-01T10:20:00"),
        ("2017-01-01T10:20:00.5Z", "2017-01-01T10:20:00.5Z"),
        ("-2017-12-31T11:22:33.456+01:35", "-2017-12-31T11:22:33.456+01:35"),
        ("999999999-12-31T23:59:59.999999999@Europe/Paris", "999999999-12-31T23:59:59.999999999@Europe/Paris"),
        ("2018-12-08T10:30:11@Australia/Melbourne", "2018-12-08T10:30:11@Australia/Melbourne"),
        // 24:00:00 is the end of the day: midnight of the next day.
        ("2021-01-01T24:00:00", "2021-01-02T00:00:00"),
        ("2020-12-31T24:00:00Z", "2021-01-01T00:00:00Z"),
        // A wall time inside a daylight-saving gap moves forward by the gap (as java.time does).
        ("2021-03-28T02:30:00@Europe/Paris", "2021-03-28T03:30:00@Europe/Paris"),
    ])
    func parsesDatesAndTimes(text: String, expected: String) throws {
        let value = try TemporalTest.literal(text)
        guard case .dateTime(let dateTime) = value else { Issue.record("\(text) is not a date and time: \(value)"); return }
        #expect(dateTime.description == expected)
    }

    @Test func dateAloneIsMidnightOnlyWhenAsked() throws {
        #expect(try TemporalParser.parseDateTime("2012-12-24", dateAlone: true).description == "2012-12-24T00:00:00")
        #expect(throws: TemporalSyntaxError.self) { try TemporalParser.parseDateTime("2012-12-24") }
    }

    @Test(arguments: [
        ("P1D", "P1D"), ("PT2H", "PT2H"), ("PT3M", "PT3M"), ("PT4S", "PT4S"), ("PT0.999S", "PT0.999S"),
        ("P1DT2H3M4.123456789S", "P1DT2H3M4.123456789S"), ("PT0S", "PT0S"), ("PT0.000S", "PT0S"),
        ("PT0.S", "PT0S"), ("P0D", "PT0S"), ("-P0D", "PT0S"), ("-PT1H2M", "-PT1H2M"), ("PT1000M", "PT16H40M"),
        ("PT24H", "P1D"), ("PT3600S", "PT1H"), ("P2DT274M", "P2DT4H34M"), ("-PT0.5S", "-PT0.5S"),
        ("PT90061.001S", "P1DT1H1M1.001S"),
    ])
    func parsesDaysTimeDurations(text: String, expected: String) throws {
        let value = try TemporalTest.literal(text)
        guard case .daysTimeDuration(let duration) = value else { Issue.record("\(text) is not days-time: \(value)"); return }
        #expect(duration.description == expected)
    }

    @Test(arguments: [
        ("P1Y2M", "P1Y2M"), ("P1Y", "P1Y"), ("P0Y", "P0M"), ("P0M", "P0M"), ("-P1Y", "-P1Y"), ("P26M", "P2Y2M"),
        ("-P100M", "-P8Y4M"), ("P999999999M", "P83333333Y3M"), ("-P99999999Y", "-P99999999Y"),
    ])
    func parsesYearsMonthsDurations(text: String, expected: String) throws {
        let value = try TemporalTest.literal(text)
        guard case .yearsMonthsDuration(let duration) = value else { Issue.record("\(text) is not years-months: \(value)"); return }
        #expect(duration.description == expected)
    }

    @Test func negativeDurationsCarryOneSign() throws {
        guard case .daysTimeDuration(let duration) = try TemporalTest.literal("-P1DT0.25S") else { Issue.record(); return }
        #expect(duration.seconds == -86_400)
        #expect(duration.nanoseconds == -250_000_000)
    }

    // MARK: - Rejected forms, each with its reason

    @Test(arguments: [
        ("", "four to nine digits"),
        ("2012/12/25", "expected '-' after the year"),
        ("2012-12-25T", "unexpected \"T\""),
        ("998-12-31", "four to nine digits"),
        ("01211-12-31", "may not start with 0"),
        ("9999999999-12-25", "four to nine digits"),
        ("+2012-12-02", "four to nine digits"),
        ("-0000-01-01", "is not a year"),
        ("2017-13-10", "month 13"),
        ("2017-00-10", "month 0"),
        ("2017-12-32", "day 32"),
        ("2017-02-29", "day 29"),
        ("0001-02-29", "day 29"),
        ("2017-1-01", "exactly 2 digits"),
    ])
    func rejectsInvalidDates(text: String, reason: String) {
        #expect {
            try TemporalParser.parseDate(text)
        } throws: { error in
            (error as? TemporalSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test(arguments: [
        ("", "exactly 2 digits"),
        ("7:00:00", "exactly 2 digits"),
        ("07:1:00", "exactly 2 digits"),
        ("07:01:2", "exactly 2 digits"),
        ("10:20", "expected ':' and seconds"),
        ("24:00:01", "hour 24"),
        ("24:01:00", "hour 24"),
        ("25:00:00", "hour 25"),
        ("00:60:00", "minute 60"),
        ("23:59:60", "second 60"),
        ("10:20:00.", "expected digits after '.'"),
        ("10:20:00.1234567891", "more precise than a nanosecond"),
        ("13:20:00+19:00", "beyond ±18:00"),
        ("13:20:00-18:01", "beyond ±18:00"),
        ("13:20:00+5:00", "exactly 2 digits"),
        ("13:20:00+05", "must be written ±hh:mm"),
        ("13:20:00+05:60", "not a valid offset"),
        ("13:20:00+02:00@Europe/Paris", "unexpected \"@Europe/Paris\""),
        ("13:20:00@xyz/abc", "not an IANA time zone"),
        ("13:20:00@PST", "not an IANA time zone"),
        ("13:20:00@GMT+1", "not an IANA time zone"),
        ("13:20:00@europe/paris", "not an IANA time zone"),
        ("13:20:00@", "not an IANA time zone"),
        ("11:30:00T", "unexpected \"T\""),
    ])
    func rejectsInvalidTimes(text: String, reason: String) {
        #expect {
            try TemporalParser.parseTime(text)
        } throws: { error in
            (error as? TemporalSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test(arguments: [
        ("2011-12-0310:15:30", "exactly 2 digits"),
        ("2011-12-03 10:15:30", "expected 'T'"),
        ("11:00:00", "four to nine digits"),
        ("2017-12-31T7:20", "exactly 2 digits"),
        ("2011-12-03T10:15:30+01:00@Europe/Paris", "unexpected"),
        ("999999999-12-31T24:00:00", "beyond the largest date"),
    ])
    func rejectsInvalidDatesAndTimes(text: String, reason: String) {
        #expect {
            try TemporalParser.parseDateTime(text, dateAlone: true)
        } throws: { error in
            (error as? TemporalSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test(arguments: [
        ("", "must start with 'P'"),
        ("P", "has no parts"),
        ("-P", "has no parts"),
        ("P0", "without a unit"),
        ("1Y", "must start with 'P'"),
        ("P1H", "'H' is not a duration unit"),
        ("P1S", "'S' is not a duration unit"),
        ("PT1D", "'D' is not a duration unit"),
        ("P1DT", "'T' must be followed"),
        ("PT1M2H", "out of order"),
        ("P1D1D", "out of order"),
        ("P1.5D", "only seconds may have a fraction"),
        ("PT1.5M", "only seconds may have a fraction"),
        ("P1Y2DT3H", "mixes years/months with days/time"),
        ("P2W", "'W' is not a duration unit"),
        ("PT.5S", "expected a number"),
        ("PT1H ", "expected a number"),
        ("PT0.0000000001S", "more precise than a nanosecond"),
        ("P99999999999999999999D", "too large"),
        ("P9999999999999999D", "too large"),
        ("P99999999999Y", "too large"),
        ("PTT1H", "'T' appears twice"),
    ])
    func rejectsInvalidDurations(text: String, reason: String) {
        #expect {
            try TemporalParser.parseDuration(text)
        } throws: { error in
            (error as? TemporalSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test(arguments: ["foo", "", "@", "P", "2017-13-01", "10:20", "T10:20:00", "2017-01-01T", "--P1D"])
    func invalidLiteralsAreNil(text: String) {
        #expect(TemporalOperations.parseLiteral(text) == nil)
    }

    @Test func literalKindFollowsTheText() throws {
        #expect(try TemporalTest.literal("2019-03-31").typeName == "date")
        #expect(try TemporalTest.literal("10:30:11@Asia/Tokyo").typeName == "time")
        #expect(try TemporalTest.literal("2018-12-08T10:30:11@Asia/Tokyo").typeName == "date and time")
        #expect(try TemporalTest.literal("P10D").typeName == "days and time duration")
        #expect(try TemporalTest.literal("-P10Y").typeName == "years and months duration")
    }

    @Test func regionNamesAreIANANames() {
        for name in ["Europe/Paris", "Etc/UTC", "UTC", "GMT", "Asia/Dhaka", "Australia/Melbourne", "Etc/GMT+5", "US/Eastern"] {
            #expect(TemporalZones.isValidRegion(name), "\(name)")
        }
        for name in ["", "xyz/abc", "PST", "CEST", "GMT+1", "UTC+01:00", "Europe/Paris ", "../etc/passwd", "Europe\\Paris"] {
            #expect(!TemporalZones.isValidRegion(name), "\(name)")
        }
    }
}

// MARK: - Helpers shared by the temporal suites

/// Helpers shared by the temporal test suites.
enum TemporalTest {
    /// A fixed clock: 2024-02-29T23:30:15.5Z.
    static let clock = FEELDateTime(
        date: FEELDate(year: 2024, month: 2, day: 29),
        time: FEELTime(hour: 23, minute: 30, second: 15, nanosecond: 500_000_000, zone: .offset(seconds: 0)))

    /// Evaluates a FEEL expression with the fixed clock.
    static func evaluate(_ source: String, _ variables: FEELContext = FEELContext()) throws -> FEELResult {
        try FEELExpression(source, knownNames: variables.keys).evaluate(variables, now: clock)
    }

    /// The value of an `@"..."` literal (fails the test when it is not one).
    static func literal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FEELValue {
        try #require(TemporalOperations.parseLiteral(text), "@\"\(text)\" should parse", sourceLocation: sourceLocation)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> FEELDate {
        FEELDate(year: year, month: month, day: day)
    }
}
