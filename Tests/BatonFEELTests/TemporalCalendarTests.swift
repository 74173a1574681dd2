@testable import BatonFEEL
import Testing

@Suite struct TemporalCalendarTests {
    @Test func epochDayMatchesKnownDays() {
        #expect(TemporalCalendar.epochDay(year: 1970, month: 1, day: 1) == 0)
        #expect(TemporalCalendar.epochDay(year: 1969, month: 12, day: 31) == -1)
        #expect(TemporalCalendar.epochDay(year: 2000, month: 3, day: 1) == 11_017)
        #expect(TemporalCalendar.epochDay(year: 0, month: 1, day: 1) == -719_528)
        // 2021-01-02 - 1995-01-01 is 9498 days (TCK).
        #expect(TemporalCalendar.epochDay(year: 2021, month: 1, day: 2) - TemporalCalendar.epochDay(year: 1995, month: 1, day: 1) == 9498)
    }

    @Test(arguments: [
        (1970, 1, 1), (2000, 2, 29), (1900, 2, 28), (0, 2, 29), (-1, 12, 31), (-4, 2, 29), (-2017, 12, 31),
        (999_999_999, 12, 31), (-999_999_999, 1, 1), (123_456_789, 6, 15), (-400, 3, 1), (1582, 10, 10),
    ])
    func epochDayRoundTrips(year: Int, month: Int, day: Int) {
        let date = FEELDate(year: year, month: month, day: day)
        #expect(TemporalCalendar.date(epochDay: TemporalCalendar.epochDay(of: date)) == date)
    }

    @Test func consecutiveDaysAreConsecutive() {
        // Walk four centuries around year 0 day by day: every day follows the previous one.
        var previous = TemporalCalendar.date(epochDay: TemporalCalendar.epochDay(year: -200, month: 1, day: 1))
        for epochDay in (TemporalCalendar.epochDay(year: -200, month: 1, day: 2))...(TemporalCalendar.epochDay(year: 200, month: 12, day: 31)) {
            let date = TemporalCalendar.date(epochDay: epochDay)
            let expected: FEELDate
            if previous.day < TemporalCalendar.daysInMonth(year: previous.year, month: previous.month) {
                expected = FEELDate(year: previous.year, month: previous.month, day: previous.day + 1)
            } else if previous.month < 12 {
                expected = FEELDate(year: previous.year, month: previous.month + 1, day: 1)
            } else {
                expected = FEELDate(year: previous.year + 1, month: 1, day: 1)
            }
            if date != expected {
                Issue.record("day \(epochDay): \(date), expected \(expected)")
                return
            }
            previous = date
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(TemporalCalendar.isLeapYear(2000))
        #expect(!TemporalCalendar.isLeapYear(1900))
        #expect(TemporalCalendar.isLeapYear(2024))
        #expect(!TemporalCalendar.isLeapYear(2023))
        #expect(TemporalCalendar.isLeapYear(0))
        #expect(TemporalCalendar.isLeapYear(-4))
        #expect(!TemporalCalendar.isLeapYear(-1))
        #expect(!TemporalCalendar.isLeapYear(-100))
        #expect(TemporalCalendar.isLeapYear(-400))
    }

    @Test(arguments: [
        (TemporalTest.date(2018, 12, 10), 1), (TemporalTest.date(2019, 9, 17), 2), (TemporalTest.date(1970, 1, 1), 4),
        (TemporalTest.date(2000, 1, 1), 6), (TemporalTest.date(2024, 3, 3), 7), (TemporalTest.date(0, 1, 1), 6),
        (TemporalTest.date(-1, 12, 31), 5),
    ])
    func weekdayIsISO(date: FEELDate, weekday: Int) {
        #expect(TemporalCalendar.weekday(of: date) == weekday)
    }

    @Test(arguments: [
        (TemporalTest.date(2019, 9, 17), 38), (TemporalTest.date(2003, 12, 29), 1), (TemporalTest.date(2003, 12, 31), 1),
        (TemporalTest.date(2004, 1, 1), 1), (TemporalTest.date(2010, 1, 1), 53), (TemporalTest.date(1970, 1, 1), 1),
        (TemporalTest.date(2021, 1, 3), 53), (TemporalTest.date(2021, 1, 4), 1), (TemporalTest.date(2024, 12, 30), 1),
        (TemporalTest.date(2020, 12, 31), 53), (TemporalTest.date(2015, 12, 31), 53), (TemporalTest.date(2016, 1, 3), 53),
    ])
    func isoWeekNumbers(date: FEELDate, week: Int) {
        #expect(TemporalCalendar.isoWeek(of: date) == week)
    }

    @Test func dayOfYear() {
        #expect(TemporalCalendar.dayOfYear(of: TemporalTest.date(1970, 1, 1)) == 1)
        #expect(TemporalCalendar.dayOfYear(of: TemporalTest.date(2019, 12, 31)) == 365)
        #expect(TemporalCalendar.dayOfYear(of: TemporalTest.date(2020, 12, 31)) == 366)
        #expect(TemporalCalendar.dayOfYear(of: TemporalTest.date(2019, 9, 17)) == 260)
        #expect(TemporalCalendar.dayOfYear(of: TemporalTest.date(-2020, 3, 1)) == 61)
    }

    @Test(arguments: [
        (TemporalTest.date(2021, 1, 31), 1, TemporalTest.date(2021, 2, 28)),
        (TemporalTest.date(2020, 1, 31), 1, TemporalTest.date(2020, 2, 29)),
        (TemporalTest.date(2020, 2, 29), 12, TemporalTest.date(2021, 2, 28)),
        (TemporalTest.date(2021, 3, 31), -1, TemporalTest.date(2021, 2, 28)),
        (TemporalTest.date(2021, 5, 31), 1, TemporalTest.date(2021, 6, 30)),
        (TemporalTest.date(2021, 1, 15), -13, TemporalTest.date(2019, 12, 15)),
        (TemporalTest.date(-2021, 1, 1), -1, TemporalTest.date(-2022, 12, 1)),
        (TemporalTest.date(1, 1, 1), -12, TemporalTest.date(0, 1, 1)),
    ])
    func addingMonthsClampsToTheMonthEnd(start: FEELDate, months: Int, expected: FEELDate) {
        #expect(TemporalCalendar.adding(months: months, to: start) == expected)
    }

    @Test func addingMonthsStopsAtTheYearRange() {
        #expect(TemporalCalendar.adding(months: 1, to: TemporalTest.date(999_999_999, 12, 1)) == nil)
        #expect(TemporalCalendar.adding(months: -1, to: TemporalTest.date(-999_999_999, 1, 31)) == nil)
        #expect(TemporalCalendar.adding(months: Int.max, to: TemporalTest.date(2000, 1, 1)) == nil)
    }

    @Test(arguments: [
        (TemporalTest.date(2011, 12, 22), TemporalTest.date(2013, 8, 24), 20),
        (TemporalTest.date(2013, 8, 24), TemporalTest.date(2011, 12, 22), -20),
        (TemporalTest.date(2016, 1, 31), TemporalTest.date(2016, 2, 29), 0),
        (TemporalTest.date(2016, 1, 29), TemporalTest.date(2016, 2, 29), 1),
        (TemporalTest.date(2016, 9, 30), TemporalTest.date(2017, 12, 28), 14),
        (TemporalTest.date(-2016, 1, 30), TemporalTest.date(-2017, 2, 28), -11),
        (TemporalTest.date(2016, 1, 1), TemporalTest.date(2016, 1, 1), 0),
    ])
    func monthsBetweenCountsCompletedMonths(from: FEELDate, to: FEELDate, months: Int) {
        #expect(TemporalCalendar.monthsBetween(from, to) == months)
    }
}

@Suite struct TemporalDescriptionTests {
    @Test func zones() {
        #expect(FEELZone.offset(seconds: 0).description == "Z")
        #expect(FEELZone.offset(seconds: 3600).description == "+01:00")
        #expect(FEELZone.offset(seconds: -(2 * 3600 + 45 * 60 + 55)).description == "-02:45:55")
        #expect(FEELZone.offset(seconds: 5 * 3600 + 30 * 60).description == "+05:30")
        #expect(FEELZone.region("Europe/Paris").description == "@Europe/Paris")
    }

    @Test func datesPadYearsToFourDigits() {
        #expect(TemporalTest.date(5, 1, 2).description == "0005-01-02")
        #expect(TemporalTest.date(-5, 1, 2).description == "-0005-01-02")
        #expect(TemporalTest.date(0, 12, 31).description == "0000-12-31")
        #expect(TemporalTest.date(-999_999_999, 12, 31).description == "-999999999-12-31")
    }

    @Test func timesDropTrailingFractionZeros() {
        #expect(FEELTime(hour: 1, minute: 2, second: 3).description == "01:02:03")
        #expect(FEELTime(hour: 1, minute: 2, second: 3, nanosecond: 500_000_000).description == "01:02:03.5")
        #expect(FEELTime(hour: 1, minute: 2, second: 3, nanosecond: 1).description == "01:02:03.000000001")
        #expect(FEELTime(hour: 23, minute: 59, second: 0, zone: .offset(seconds: -3600)).description == "23:59:00-01:00")
        #expect(FEELTime(hour: 0, minute: 1, second: 0, zone: .region("Etc/UTC")).description == "00:01:00@Etc/UTC")
    }

    @Test func dateTimes() {
        let value = FEELDateTime(date: TemporalTest.date(-2017, 12, 31), time: FEELTime(hour: 11, minute: 22, second: 33, nanosecond: 456_000_000, zone: .offset(seconds: 5700)))
        #expect(value.description == "-2017-12-31T11:22:33.456+01:35")
    }

    @Test func daysTimeDurations() {
        #expect(DaysTimeDuration(seconds: 0).description == "PT0S")
        #expect(DaysTimeDuration(seconds: 86_400 + 7200).description == "P1DT2H")
        #expect(DaysTimeDuration(seconds: 86_400 * 10).description == "P10D")
        #expect(DaysTimeDuration(seconds: -3720).description == "-PT1H2M")
        #expect(DaysTimeDuration(seconds: 0, nanoseconds: 999_000_000).description == "PT0.999S")
        #expect(DaysTimeDuration(seconds: -1, nanoseconds: -500_000_000).description == "-PT1.5S")
        #expect(DaysTimeDuration(seconds: 0, nanoseconds: -5).description == "-PT0.000000005S")
        #expect(DaysTimeDuration(seconds: 86_400 + 14).description == "P1DT14S")
        #expect(DaysTimeDuration(seconds: 13 * 86_400 + 7200 + 14).description == "P13DT2H14S")
        #expect(DaysTimeDuration(seconds: .min).description.hasPrefix("-P"))
    }

    @Test func yearsMonthsDurations() {
        #expect(YearsMonthsDuration(months: 0).description == "P0M")
        #expect(YearsMonthsDuration(months: 12).description == "P1Y")
        #expect(YearsMonthsDuration(months: 14).description == "P1Y2M")
        #expect(YearsMonthsDuration(months: -3).description == "-P3M")
        #expect(YearsMonthsDuration(months: -57).description == "-P4Y9M")
        #expect(YearsMonthsDuration(months: .min).description.hasPrefix("-P"))
    }

    @Test func valuesPrintLikeTheirPayload() throws {
        #expect(try TemporalTest.literal("2018-12-08T10:30:11@Australia/Melbourne").description == "2018-12-08T10:30:11@Australia/Melbourne")
        #expect(try TemporalTest.literal("P1DT2H").description == "P1DT2H")
        #expect(try TemporalTest.literal("P0Y").description == "P0M")
    }
}
