/// A small hand-written scanner for the ISO 8601 forms timers use. Works on UTF-8 bytes,
/// needs no Foundation, and reports what it expected where.
struct ISO8601Scanner {
    private let bytes: [UInt8]
    private var index = 0
    private let text: String

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }
    var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Reads digits; `exactly` asks for a fixed width and reads no further than it.
    private mutating func digits(exactly width: Int? = nil) -> (value: Int, count: Int)? {
        let start = index
        var value = 0
        while let byte = peek(), Self.isDigit(byte), width == nil || index - start < width! {
            if index - start >= 18 { return nil }  // no overflow on absurd input
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        let count = index - start
        if count == 0 || (width != nil && count != width) {
            index = start
            return nil
        }
        return (value, count)
    }

    /// Reads `.123` or `,123` as nanoseconds.
    private mutating func fraction() -> Int? {
        guard take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) else { return 0 }
        guard let (value, count) = digits() else { return nil }
        guard count <= 9 else { return nil }
        var nanos = value
        for _ in count..<9 { nanos *= 10 }
        return nanos
    }

    mutating func duration() throws(TimerSyntaxError) -> ISO8601Duration {
        guard take(UInt8(ascii: "P")) else {
            throw TimerSyntaxError("a duration must start with 'P', as in 'PT10M' or 'P2D' (got '\(text)')")
        }
        var result = ISO8601Duration()
        var sawPart = false
        var inTime = false
        var lastOrder = -1
        let dateUnits: [UInt8: Int] = [UInt8(ascii: "Y"): 0, UInt8(ascii: "M"): 1, UInt8(ascii: "W"): 2, UInt8(ascii: "D"): 3]
        let timeUnits: [UInt8: Int] = [UInt8(ascii: "H"): 4, UInt8(ascii: "M"): 5, UInt8(ascii: "S"): 6]
        while !isAtEnd {
            if take(UInt8(ascii: "T")) {
                guard !inTime else { throw TimerSyntaxError("'T' appears twice in '\(text)'") }
                inTime = true
                continue
            }
            guard let (value, _) = digits() else {
                throw TimerSyntaxError("expected a number at '\(rest)' in '\(text)'")
            }
            let nanos = fraction()
            guard let unit = peek() else {
                throw TimerSyntaxError("the number \(value) has no unit in '\(text)' (use Y, M, W, D, or after T: H, M, S)")
            }
            let order = inTime ? timeUnits[unit] : dateUnits[unit]
            guard let order else {
                let hint = inTime ? "H, M or S" : "Y, M, W or D (put 'T' before hours, minutes and seconds)"
                throw TimerSyntaxError("'\(Character(Unicode.Scalar(unit)))' is not a duration unit here in '\(text)'; expected \(hint)")
            }
            guard order > lastOrder else {
                throw TimerSyntaxError("duration parts are out of order in '\(text)' (write P…Y…M…W…DT…H…M…S)")
            }
            guard let nanos, nanos == 0 || order == 6 else {
                throw TimerSyntaxError("only seconds may have a fraction in '\(text)'")
            }
            index += 1
            lastOrder = order
            sawPart = true
            switch order {
            case 0: result.years = value
            case 1: result.months = value
            case 2: result.weeks = value
            case 3: result.days = value
            case 4: result.hours = value
            case 5: result.minutes = value
            default:
                result.seconds = value
                result.nanoseconds = nanos
            }
        }
        guard sawPart else { throw TimerSyntaxError("the duration '\(text)' has no parts (write e.g. 'PT10M')") }
        if inTime && lastOrder < 4 { throw TimerSyntaxError("'T' must be followed by hours, minutes or seconds in '\(text)'") }
        return result
    }

    mutating func dateTime() throws(TimerSyntaxError) -> ISO8601DateTime {
        func expect(_ byte: Character) throws(TimerSyntaxError) {
            guard take(UInt8(ascii: byte.unicodeScalars.first!)) else {
                throw TimerSyntaxError("expected '\(byte)' at '\(rest)' in the date '\(text)' (write e.g. 2026-12-01T08:00:00Z)")
            }
        }
        func number(_ width: Int, _ name: String, _ range: ClosedRange<Int>) throws(TimerSyntaxError) -> Int {
            guard let (value, _) = digits(exactly: width) else {
                throw TimerSyntaxError("expected a \(width)-digit \(name) at '\(rest)' in '\(text)' (write e.g. 2026-12-01T08:00:00Z)")
            }
            guard range.contains(value) else {
                throw TimerSyntaxError("\(name) \(value) is out of range in '\(text)'")
            }
            return value
        }
        let year = try number(4, "year", 0...9999)
        try expect("-")
        let month = try number(2, "month", 1...12)
        try expect("-")
        let day = try number(2, "day", 1...31)
        guard day <= ISO8601DateTime.daysIn(month: month, year: year) else {
            throw TimerSyntaxError("day \(day) does not exist in month \(month) of \(year) in '\(text)'")
        }
        var result = ISO8601DateTime(year: year, month: month, day: day)
        guard take(UInt8(ascii: "T")) else { return result }
        result.hour = try number(2, "hour", 0...23)
        try expect(":")
        result.minute = try number(2, "minute", 0...59)
        if take(UInt8(ascii: ":")) {
            result.second = try number(2, "second", 0...60)
            guard let nanos = fraction() else { throw TimerSyntaxError("bad fraction of a second in '\(text)'") }
            result.nanosecond = nanos
        }
        if take(UInt8(ascii: "Z")) {
            result.utcOffsetSeconds = 0
        } else if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            index += 1
            let hours = try number(2, "offset hour", 0...18)
            var minutes = 0
            if take(UInt8(ascii: ":")) || peek().map(Self.isDigit) == true {
                minutes = try number(2, "offset minute", 0...59)
            }
            let seconds = hours * 3600 + minutes * 60
            result.utcOffsetSeconds = sign == UInt8(ascii: "-") ? -seconds : seconds
        }
        return result
    }
}
