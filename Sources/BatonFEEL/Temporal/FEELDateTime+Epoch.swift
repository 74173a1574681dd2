/// Converting between FEEL date-times and milliseconds since 1970-01-01T00:00:00Z, for
/// engine clocks and timers.
extension FEELDateTime {
    /// The UTC date-time `milliseconds` after the epoch.
    public init(epochMilliseconds milliseconds: Int64) {
        let millisPerDay: Int64 = 86_400_000
        var days = milliseconds / millisPerDay
        var remainder = milliseconds % millisPerDay
        if remainder < 0 {
            remainder += millisPerDay
            days -= 1
        }
        let second = Int(remainder / 1000)
        self.init(
            date: TemporalCalendar.date(epochDay: Int(days)),
            time: FEELTime(
                hour: second / 3600, minute: second % 3600 / 60, second: second % 60,
                nanosecond: Int(remainder % 1000) * 1_000_000, zone: .offset(seconds: 0)))
    }

    /// Milliseconds since the epoch; a date-time without a zone is read as UTC. Nil for
    /// a zone region Baton does not know.
    public var epochMilliseconds: Int64? {
        var value = self
        if value.time.zone == nil { value.time.zone = .offset(seconds: 0) }
        guard let instant = value.instant else { return nil }
        return Int64(instant.seconds) * 1000 + Int64(instant.nanoseconds / 1_000_000)
    }

    /// This date-time plus a FEEL duration (days-time or years-months), as FEEL adds
    /// them; nil when `duration` is not a duration or the result is out of range.
    public func adding(_ duration: FEELValue) -> FEELDateTime? {
        guard case .dateTime(let result)? = TemporalOperations.add(.dateTime(self), duration) else { return nil }
        return result
    }
}
