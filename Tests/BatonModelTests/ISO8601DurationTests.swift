import BatonModel
import Testing

@Suite struct ISO8601DurationTests {
    @Test(arguments: [
        ("PT10M", ISO8601Duration(minutes: 10)),
        ("P2D", ISO8601Duration(days: 2)),
        ("P1DT12H", ISO8601Duration(days: 1, hours: 12)),
        ("PT0.5S", ISO8601Duration(nanoseconds: 500_000_000)),
        ("PT0,25S", ISO8601Duration(nanoseconds: 250_000_000)),
        ("P2W", ISO8601Duration(weeks: 2)),
        ("P1Y2M3DT4H5M6.789S", ISO8601Duration(years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6, nanoseconds: 789_000_000)),
        ("PT36H", ISO8601Duration(hours: 36)),
    ])
    func parsesValidDurations(text: String, expected: ISO8601Duration) throws {
        #expect(try ISO8601Duration.parse(text) == expected)
    }

    @Test(arguments: [
        ("P", "has no parts"),
        ("PT", "has no parts"),
        ("10M", "must start with 'P'"),
        ("P2H", "'H' is not a duration unit here"),
        ("PT1D", "'D' is not a duration unit here"),
        ("P1.5D", "only seconds may have a fraction"),
        ("PT1M2H", "out of order"),
        ("P1DT", "'T' must be followed by hours, minutes or seconds"),
        ("PT5", "has no unit"),
        ("PT5M ", "expected a number at ' '"),
        ("-P1D", "must start with 'P'"),
    ])
    func rejectsInvalidDurationsWithAReason(text: String, reason: String) {
        #expect {
            try ISO8601Duration.parse(text)
        } throws: { error in
            (error as? TimerSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test func printsCanonicalForm() throws {
        #expect(try ISO8601Duration.parse("P1DT12H30M0.25S").description == "P1DT12H30M0.25S")
        #expect(ISO8601Duration().description == "PT0S")
    }

    @Test func fixedSecondsOnlyWithoutCalendarParts() throws {
        #expect(try ISO8601Duration.parse("P1DT1H0.5S").fixedSeconds == 90_000.5)
        #expect(try ISO8601Duration.parse("P1M").fixedSeconds == nil)
    }

    @Test func absurdlyLongNumbersAreRejectedNotOverflowed() {
        #expect(throws: TimerSyntaxError.self) { try ISO8601Duration.parse("PT99999999999999999999999S") }
    }
}
