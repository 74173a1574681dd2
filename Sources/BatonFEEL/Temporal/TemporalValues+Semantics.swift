/// Internal views of temporal values used by parsing, arithmetic and comparison.

extension FEELZone {
    /// The offset in force at the local wall time `localSeconds` (seconds since
    /// 1970-01-01T00:00:00 on the wall clock).
    func offsetSeconds(atLocal localSeconds: Int) -> Int {
        switch self {
        case .offset(let seconds): seconds
        case .region(let name): localSeconds - TemporalZones.epochSecond(ofLocal: localSeconds, in: name)
        }
    }

    /// The offset in force at the instant `epochSeconds`.
    func offsetSeconds(atEpochSecond epochSeconds: Int) -> Int {
        switch self {
        case .offset(let seconds): seconds
        case .region(let name): TemporalZones.offset(of: name, atEpochSecond: epochSeconds)
        }
    }

    var regionName: String? {
        if case .region(let name) = self { name } else { nil }
    }
}

extension FEELDate {
    /// A valid date within FEEL's year range, or `nil`.
    static func validated(year: Int, month: Int, day: Int) -> FEELDate? {
        TemporalCalendar.isValid(year: year, month: month, day: day) ? FEELDate(year: year, month: month, day: day) : nil
    }

    var epochDay: Int { TemporalCalendar.epochDay(of: self) }

    var isInRange: Bool { TemporalCalendar.yearRange.contains(year) }
}

extension FEELTime {
    /// Seconds since midnight on the wall clock (fraction excluded).
    var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    /// The time of day `secondOfDay` seconds (any integer, taken modulo one day) after midnight.
    init(secondOfDay: Int, nanosecond: Int, zone: FEELZone?) {
        let wrapped = TemporalCalendar.floorMod(secondOfDay, TemporalCalendar.secondsPerDay)
        self.init(hour: wrapped / 3600, minute: wrapped % 3600 / 60, second: wrapped % 60, nanosecond: nanosecond, zone: zone)
    }

    /// The time without its zone.
    var local: FEELTime { FEELTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond) }
}

extension FEELDateTime {
    /// Wall-clock seconds since 1970-01-01T00:00:00 (fraction excluded), ignoring the zone.
    var localSeconds: Int { date.epochDay * TemporalCalendar.secondsPerDay + time.secondOfDay }

    /// The date and time showing wall-clock `localSeconds` (plus `nanosecond`) in `zone`.
    init(localSeconds: Int, nanosecond: Int, zone: FEELZone?) {
        let day = TemporalCalendar.floorDiv(localSeconds, TemporalCalendar.secondsPerDay)
        self.init(
            date: TemporalCalendar.date(epochDay: day),
            time: FEELTime(secondOfDay: localSeconds - day * TemporalCalendar.secondsPerDay, nanosecond: nanosecond, zone: zone)
        )
    }

    /// The instant on the UTC time line, or `nil` for a local date and time (no zone).
    var instant: TemporalInstant? {
        guard let zone = time.zone else { return nil }
        let local = localSeconds
        return TemporalInstant(seconds: local - zone.offsetSeconds(atLocal: local), nanoseconds: time.nanosecond)
    }

    /// The date and time at `instant`, as the wall clock of `zone` shows it.
    init(instant: TemporalInstant, zone: FEELZone) {
        self.init(localSeconds: instant.seconds + zone.offsetSeconds(atEpochSecond: instant.seconds), nanosecond: instant.nanoseconds, zone: zone)
    }

    /// The same value with a region's non-existent wall time (inside a daylight-saving gap)
    /// moved forward by the length of the gap; other values are returned unchanged.
    func resolvingGap() -> FEELDateTime {
        guard case .region? = time.zone, let instant, let zone = time.zone else { return self }
        let resolved = FEELDateTime(instant: instant, zone: zone)
        return resolved.localSeconds == localSeconds ? self : resolved
    }

    /// The offset in force for this value (`nil` when it has no zone).
    var offsetSeconds: Int? {
        guard let zone = time.zone else { return nil }
        return zone.offsetSeconds(atLocal: localSeconds)
    }
}

extension DaysTimeDuration {
    /// A normalised duration from any seconds/nanoseconds pair (carries the nanoseconds
    /// into the seconds and gives both the same sign), or `nil` when out of range.
    static func normalized(seconds: Int, nanoseconds: Int) -> DaysTimeDuration? {
        var (wholeSeconds, overflow) = seconds.addingReportingOverflow(TemporalCalendar.floorDiv(nanoseconds, TemporalCalendar.nanosecondsPerSecond))
        guard !overflow else { return nil }
        var nanos = TemporalCalendar.floorMod(nanoseconds, TemporalCalendar.nanosecondsPerSecond)
        if wholeSeconds < 0 && nanos > 0 {
            wholeSeconds += 1
            nanos -= TemporalCalendar.nanosecondsPerSecond
        }
        guard wholeSeconds.magnitude <= TemporalArithmetic.maximumDurationSeconds else { return nil }
        return DaysTimeDuration(seconds: Int64(wholeSeconds), nanoseconds: Int32(nanos))
    }

    /// The duration as (seconds, nanoseconds) with the nanoseconds in `0..<1e9` (whatever
    /// the signs and size of the stored nanoseconds).
    var floored: (seconds: Int, nanoseconds: Int) {
        let nanos = Int(nanoseconds)
        return (Int(seconds) + TemporalCalendar.floorDiv(nanos, TemporalCalendar.nanosecondsPerSecond),
                TemporalCalendar.floorMod(nanos, TemporalCalendar.nanosecondsPerSecond))
    }

    var isZero: Bool { seconds == 0 && nanoseconds == 0 }
}
