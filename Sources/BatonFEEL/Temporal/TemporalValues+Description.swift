/// How FEEL's `string()` writes temporal values (ISO 8601, as the DMN spec shows them).
private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension FEELZone: CustomStringConvertible {
    public var description: String {
        switch self {
        case .offset(let seconds) where seconds == 0: return "Z"
        case .offset(let seconds):
            let magnitude = abs(seconds)
            var text = (seconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude % 3600 / 60, 2)
            if magnitude % 60 != 0 { text += ":" + pad(magnitude % 60, 2) }
            return text
        case .region(let name): return "@" + name
        }
    }
}

extension FEELDate: CustomStringConvertible {
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
}

extension FEELTime: CustomStringConvertible {
    public var description: String {
        var text = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if nanosecond != 0 {
            var fraction = pad(nanosecond, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if let zone { text += zone.description }
        return text
    }
}

extension FEELDateTime: CustomStringConvertible {
    public var description: String { "\(date)T\(time)" }
}

extension DaysTimeDuration: CustomStringConvertible {
    public var description: String {
        let negative = seconds < 0 || nanoseconds < 0
        var remaining = abs(seconds)
        let nanos = abs(Int(nanoseconds))
        let days = remaining / 86_400
        remaining %= 86_400
        let hours = remaining / 3600, minutes = remaining % 3600 / 60, secs = remaining % 60
        var text = negative ? "-P" : "P"
        if days != 0 { text += "\(days)D" }
        if hours != 0 || minutes != 0 || secs != 0 || nanos != 0 {
            text += "T"
            if hours != 0 { text += "\(hours)H" }
            if minutes != 0 { text += "\(minutes)M" }
            if secs != 0 || nanos != 0 {
                text += "\(secs)"
                if nanos != 0 {
                    var fraction = pad(nanos, 9)
                    while fraction.hasSuffix("0") { fraction.removeLast() }
                    text += "." + fraction
                }
                text += "S"
            }
        }
        return text == "P" || text == "-P" ? "PT0S" : text
    }
}

extension YearsMonthsDuration: CustomStringConvertible {
    public var description: String {
        let magnitude = abs(months)
        var text = months < 0 ? "-P" : "P"
        if magnitude / 12 != 0 { text += "\(magnitude / 12)Y" }
        if magnitude % 12 != 0 || magnitude == 0 { text += "\(magnitude % 12)M" }
        return text
    }
}
