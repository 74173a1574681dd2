/// Proleptic Gregorian calendar arithmetic on plain integers (astronomical year numbering:
/// year 0 exists and is a leap year, `-1` is 2 BCE). No Foundation calendar is involved, so
/// years far beyond what `Foundation.Calendar` handles (±999,999,999) stay exact.
enum TemporalCalendar {
    /// The years FEEL accepts (`999999999-12-31` is the largest date, as in the DMN TCK).
    static let yearRange = -999_999_999...999_999_999

    static let secondsPerDay = 86_400
    static let nanosecondsPerSecond = 1_000_000_000

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// True when the fields name a real day within FEEL's year range.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        yearRange.contains(year) && (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// Days since 1970-01-01 (negative before it).
    static func epochDay(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil: eras of 400 years (146,097 days) starting on March 1st.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func epochDay(of date: FEELDate) -> Int {
        epochDay(year: date.year, month: date.month, day: date.day)
    }

    /// The calendar day `epochDay` days after 1970-01-01 (the year may fall outside FEEL's range).
    static func date(epochDay: Int) -> FEELDate {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return FEELDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// ISO day of the week: 1 = Monday ... 7 = Sunday.
    static func weekday(of date: FEELDate) -> Int {
        // 1970-01-01 was a Thursday (4).
        floorMod(epochDay(of: date) + 3, 7) + 1
    }

    /// 1 for January 1st, up to 365 or 366.
    static func dayOfYear(of date: FEELDate) -> Int {
        epochDay(of: date) - epochDay(year: date.year, month: 1, day: 1) + 1
    }

    /// The ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday).
    static func isoWeek(of date: FEELDate) -> Int {
        let week = (dayOfYear(of: date) - weekday(of: date) + 10) / 7
        if week < 1 { return isoWeeksInYear(date.year - 1) }
        if week > isoWeeksInYear(date.year) { return 1 }
        return week
    }

    /// 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday.
    static func isoWeeksInYear(_ year: Int) -> Int {
        let january1 = weekday(of: FEELDate(year: year, month: 1, day: 1))
        return january1 == 4 || (january1 == 3 && isLeapYear(year)) ? 53 : 52
    }

    /// `date` moved by `months` calendar months; a day past the end of the new month is
    /// clamped to its last day (2021-01-31 + 1 month = 2021-02-28). `nil` outside FEEL's range.
    static func adding(months: Int, to date: FEELDate) -> FEELDate? {
        let (total, overflow) = (date.year * 12 + (date.month - 1)).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let year = floorDiv(total, 12)
        let month = floorMod(total, 12) + 1
        guard yearRange.contains(year) else { return nil }
        return FEELDate(year: year, month: month, day: min(date.day, daysInMonth(year: year, month: month)))
    }

    /// Whole calendar months from `start` to `end`, counting a month only once its day is
    /// reached (2011-12-22 to 2013-08-24 is 20 months; 2016-01-31 to 2016-02-29 is 0).
    static func monthsBetween(_ start: FEELDate, _ end: FEELDate) -> Int {
        var months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
        let dayDifference = end.day - start.day
        if months > 0 && dayDifference < 0 {
            months -= 1
        } else if months < 0 && dayDifference > 0 {
            months += 1
        }
        return months
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }
}
