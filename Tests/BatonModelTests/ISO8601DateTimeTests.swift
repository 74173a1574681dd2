import BatonModel
import Testing

@Suite struct ISO8601DateTimeTests {
    @Test func parsesUTCDateTime() throws {
        let value = try ISO8601DateTime.parse("2026-12-01T08:00:00Z")
        #expect(value == ISO8601DateTime(year: 2026, month: 12, day: 1, hour: 8, utcOffsetSeconds: 0))
        #expect(value.description == "2026-12-01T08:00:00Z")
    }

    @Test func parsesOffsetAndFraction() throws {
        let value = try ISO8601DateTime.parse("2026-03-29T02:30:15.250-05:30")
        #expect(value.nanosecond == 250_000_000)
        #expect(value.utcOffsetSeconds == -(5 * 3600 + 30 * 60))
        #expect(value.description == "2026-03-29T02:30:15.250000000-05:30")
    }

    @Test func dateAloneIsMidnightWithoutZone() throws {
        let value = try ISO8601DateTime.parse("2028-02-29")
        #expect(value == ISO8601DateTime(year: 2028, month: 2, day: 29))
        #expect(value.utcOffsetSeconds == nil)
    }

    @Test(arguments: [
        ("2026-13-01T00:00:00Z", "month 13 is out of range"),
        ("2026-02-29T00:00:00Z", "day 29 does not exist in month 2 of 2026"),
        ("2026-1-01", "2-digit month"),
        ("2026-01-01T25:00:00Z", "hour 25 is out of range"),
        ("2026-01-01T10:00:00Zjunk", "unexpected 'junk'"),
        ("due_time", "4-digit year"),
        ("2026-01-01 10:00", "unexpected"),
    ])
    func rejectsInvalidDates(text: String, reason: String) {
        #expect {
            try ISO8601DateTime.parse(text)
        } throws: { error in
            (error as? TimerSyntaxError)?.message.contains(reason) == true
        }
    }
}

@Suite struct ISO8601OffsetTests {
    @Test(arguments: [
        ("2026-12-01T08:00:00+0530", 5 * 3600 + 30 * 60),
        ("2026-12-01T08:00:00+05:30", 5 * 3600 + 30 * 60),
        ("2026-12-01T08:00:00-05", -5 * 3600),
        ("2026-12-01T08:00+01:00", 3600),
    ])
    func offsetsWithAndWithoutColon(text: String, seconds: Int) throws {
        #expect(try ISO8601DateTime.parse(text).utcOffsetSeconds == seconds)
    }

    @Test func extraDigitsAreNotSwallowed() {
        #expect(throws: TimerSyntaxError.self) { try ISO8601DateTime.parse("20261-01-01") }
        #expect(throws: TimerSyntaxError.self) { try ISO8601DateTime.parse("2026-011-01") }
    }
}
