/// How FEEL's `string()` writes temporal values: the ISO 8601 / XML Schema forms the DMN
/// specification and the TCK use (`2017-01-01`, `-2017-12-31`, `10:20:00.5+01:00`,
/// `2018-12-08T10:30:11@Australia/Melbourne`, `P1DT2H`, `-PT0.5S`, `PT0S`, `P1Y2M`, `P0M`).
private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Up to nine fraction digits, trailing zeros removed (`500_000_000` is `5`).
private func fraction(_ nanoseconds: UInt) -> String {
    var digits = String(nanoseconds)
    digits = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return digits
}

extension FEELZone: CustomStringConvertible {
    /// `Z`, `+01:00`, `-02:45:55` (seconds only when not zero) or `@Europe/Paris`.
    public var description: String {
        switch self {
        case .offset(let seconds) where seconds == 0: return "Z"
        case .offset(let seconds):
            let magnitude = Int(seconds.magnitude)
            var text = (seconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude % 3600 / 60, 2)
            if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
            return text
        case .region(let name): return "@" + name
        }
    }
}

extension FEELDate: CustomStringConvertible {
    /// At least four year digits, a `-` before negative years: `0005-01-01`, `-2017-12-31`.
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
}

extension FEELTime: CustomStringConvertible {
    /// `hh:mm:ss`, a fraction without trailing zeros when there is one, then the zone.
    public var description: String {
        var text = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if nanosecond != 0 { text += "." + fraction(UInt(nanosecond.magnitude)) }
        if let zone { text += zone.description }
        return text
    }
}

extension FEELDateTime: CustomStringConvertible {
    public var description: String { "\(date)T\(time)" }
}

extension DaysTimeDuration: CustomStringConvertible {
    /// Days, hours, minutes and seconds, each only when not zero (`P1DT2H`, `PT0.999S`);
    /// the zero duration is `PT0S`.
    public var description: String {
        let negative = seconds < 0 || nanoseconds < 0
        var remaining = seconds.magnitude
        let nanos = UInt(nanoseconds.magnitude)
        let days = remaining / 86_400
        remaining %= 86_400
        let hours = remaining / 3600, minutes = remaining % 3600 / 60, secs = remaining % 60
        guard days != 0 || remaining != 0 || nanos != 0 else { return "PT0S" }
        var text = negative ? "-P" : "P"
        if days != 0 { text += "\(days)D" }
        if remaining != 0 || nanos != 0 {
            text += "T"
            if hours != 0 { text += "\(hours)H" }
            if minutes != 0 { text += "\(minutes)M" }
            if secs != 0 || nanos != 0 {
                text += "\(secs)"
                if nanos != 0 { text += "." + fraction(nanos) }
                text += "S"
            }
        }
        return text
    }
}

extension YearsMonthsDuration: CustomStringConvertible {
    /// Years and months, each only when not zero (`P1Y2M`, `P1Y`, `-P3M`); zero is `P0M`.
    public var description: String {
        let magnitude = months.magnitude
        guard magnitude != 0 else { return "P0M" }
        var text = months < 0 ? "-P" : "P"
        if magnitude / 12 != 0 { text += "\(magnitude / 12)Y" }
        if magnitude % 12 != 0 { text += "\(magnitude % 12)M" }
        return text
    }
}
