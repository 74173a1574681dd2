import BatonModel
import Testing

@Suite struct TimerScheduleTests {
    @Test func boundedCycle() throws {
        let schedule = try TimerSchedule.parse("R3/PT10M", as: .cycle)
        #expect(schedule == .cycle(RepeatingInterval(repetitions: 3, interval: ISO8601Duration(minutes: 10))))
    }

    @Test func unboundedCycleWithStart() throws {
        let schedule = try TimerSchedule.parse(" R/2026-12-01T08:00:00Z/P1D\n", as: .cycle)
        let start = ISO8601DateTime(year: 2026, month: 12, day: 1, hour: 8, utcOffsetSeconds: 0)
        #expect(schedule == .cycle(RepeatingInterval(repetitions: nil, start: start, interval: ISO8601Duration(days: 1))))
    }

    @Test func cycleWithEnd() throws {
        let schedule = try TimerSchedule.parse("R2/PT1H/2027-01-01T00:00:00Z", as: .cycle)
        guard case .cycle(let interval) = schedule else {
            Issue.record("expected a cycle")
            return
        }
        #expect(interval.end?.year == 2027)
        #expect(interval.start == nil)
    }

    @Test func dateAndDuration() throws {
        #expect(try TimerSchedule.parse("PT5M", as: .duration) == .duration(ISO8601Duration(minutes: 5)))
        #expect(try TimerSchedule.parse("2026-12-24", as: .date) == .date(ISO8601DateTime(year: 2026, month: 12, day: 24)))
    }

    @Test(arguments: [
        ("PT10M", TimerDefinition.TimerType.cycle, "must start with 'R'"),
        ("R3", .cycle, "a cycle is"),
        ("Rx/PT1M", .cycle, "not a repetition count"),
        ("", .duration, "is empty"),
        ("R1/a/b/c", .cycle, "a cycle is"),
        ("R0/PT1M", .cycle, "'R0' never fires"),
    ])
    func rejectsMalformedValues(text: String, type: TimerDefinition.TimerType, reason: String) {
        #expect {
            try TimerSchedule.parse(text, as: type)
        } throws: { error in
            (error as? TimerSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test func recognisesCronSoItCanBeReportedAsUnsupported() {
        #expect(TimerSchedule.looksLikeCron("0 0/5 * * * ?"))
        #expect(!TimerSchedule.looksLikeCron("R/PT5M"))
        #expect(!TimerSchedule.looksLikeCron("PT5M"))
    }
}
