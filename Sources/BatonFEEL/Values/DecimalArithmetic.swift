import Foundation

/// A decimal as sign, whole-number coefficient and power of ten: `coefficient × 10^exponent`.
struct DecimalParts {
    var negative: Bool
    var coefficient: Natural
    var exponent: Int

    init(negative: Bool, coefficient: Natural, exponent: Int) {
        self.negative = negative
        self.coefficient = coefficient
        self.exponent = exponent
    }

    /// Reads the plain notation `Decimal` prints (`-12.034`, `1200`); `nil` for NaN.
    init?(_ number: FEELNumber) {
        var text = Substring(number.decimal.description)
        negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var digits = ""
        var fractionDigits = 0
        var seenPoint = false
        for character in text {
            if character == "." {
                seenPoint = true
            } else if character.isASCII, character.isNumber {
                digits.append(character)
                if seenPoint { fractionDigits += 1 }
            } else {
                return nil
            }
        }
        guard let coefficient = Natural(digits: digits) else { return nil }
        self.coefficient = coefficient
        exponent = -fractionDigits
    }

    /// The number, rounded half-even to 34 significant digits; `inexact` says that nonzero
    /// digits were already cut off below the coefficient (so an exact half is more than half).
    /// `nil` when the exponent is beyond what `Decimal` holds.
    func number(inexact: Bool) -> FEELNumber? {
        var digits = coefficient.description
        var exponent = exponent
        if digits.count > 34 {
            let dropped = digits.dropFirst(34)
            let first = dropped.first!.wholeNumberValue!
            let restNonZero = inexact || dropped.dropFirst().contains { $0 != "0" }
            let lastKeptOdd = digits[digits.index(digits.startIndex, offsetBy: 33)].wholeNumberValue! % 2 == 1
            exponent += dropped.count
            digits = String(digits.prefix(34))
            if first > 5 || (first == 5 && (restNonZero || lastKeptOdd)) {
                digits = (Natural(digits: digits)! + Natural(1)).description
            }
        }
        while digits.count > 1, digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        guard digits != "0" else { return .zero }
        guard let decimal = Decimal(string: (negative ? "-" : "") + digits + "E" + String(exponent), locale: Locale(identifier: "en_US_POSIX")),
            !decimal.isNaN, !decimal.isZero
        else { return nil }
        return FEELNumber(decimal)
    }
}

/// A whole number of any size (little-endian base-2³² limbs, no leading zero limbs), for
/// exact division and square roots.
struct Natural: Equatable, Comparable, CustomStringConvertible {
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    private init(limbs: [UInt32]) {
        self.limbs = limbs
        trim()
    }

    /// Parses ASCII digits; `nil` for anything else or an empty string.
    init?(digits: String) {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var value = Natural(0)
        var chunk: UInt32 = 0
        var chunkLength = 0
        for character in digits {
            chunk = chunk * 10 + UInt32(character.wholeNumberValue!)
            chunkLength += 1
            if chunkLength == 9 {
                value = value.multiplied(by: 1_000_000_000, adding: chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 {
            value = value.multiplied(by: UInt32(Natural.smallPowersOfTen[chunkLength]), adding: chunk)
        }
        self = value
    }

    private static let smallPowersOfTen: [UInt64] = (0...9).map { power in (0..<power).reduce(UInt64(1)) { value, _ in value * 10 } }

    static func power(ofTen exponent: Int) -> Natural {
        var value = Natural(1)
        var remaining = exponent
        while remaining > 0 {
            let step = min(remaining, 9)
            value = value.multiplied(by: UInt32(smallPowersOfTen[step]), adding: 0)
            remaining -= step
        }
        return value
    }

    var isZero: Bool { limbs.isEmpty }

    private mutating func trim() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    var description: String {
        guard !isZero else { return "0" }
        var chunks: [UInt32] = []
        var value = self
        while !value.isZero {
            let (quotient, remainder) = value.divided(by: 1_000_000_000)
            chunks.append(remainder)
            value = quotient
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let part = String(chunk)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    var digitCount: Int { description.count }

    /// `self * factor + addend`.
    func multiplied(by factor: UInt32, adding addend: UInt32) -> Natural {
        var result: [UInt32] = []
        result.reserveCapacity(limbs.count + 1)
        var carry = UInt64(addend)
        for limb in limbs {
            let product = UInt64(limb) * UInt64(factor) + carry
            result.append(UInt32(truncatingIfNeeded: product))
            carry = product >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return Natural(limbs: result)
    }

    /// Quotient and remainder of a division by a single limb.
    func divided(by divisor: UInt32) -> (Natural, UInt32) {
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let current = (remainder << 32) | UInt64(limbs[index])
            quotient[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (Natural(limbs: quotient), UInt32(remainder))
    }

    static func + (lhs: Natural, rhs: Natural) -> Natural {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(lhs.limbs.count, rhs.limbs.count) {
            let sum = UInt64(index < lhs.limbs.count ? lhs.limbs[index] : 0) + UInt64(index < rhs.limbs.count ? rhs.limbs[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return Natural(limbs: result)
    }

    /// `lhs - rhs`; `lhs` must not be smaller.
    static func - (lhs: Natural, rhs: Natural) -> Natural {
        var result = lhs.limbs
        var borrow: Int64 = 0
        for index in result.indices {
            var difference = Int64(result[index]) - Int64(index < rhs.limbs.count ? rhs.limbs[index] : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            }
            result[index] = UInt32(difference)
        }
        return Natural(limbs: result)
    }

    static func * (lhs: Natural, rhs: Natural) -> Natural {
        guard !lhs.isZero, !rhs.isZero else { return Natural(0) }
        var result = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, a) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in rhs.limbs.enumerated() {
                let current = UInt64(a) * UInt64(b) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
            }
            var k = i + rhs.limbs.count
            while carry > 0 {
                let current = UInt64(result[k]) + carry
                result[k] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
                k += 1
            }
        }
        return Natural(limbs: result)
    }

    static func < (lhs: Natural, rhs: Natural) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for index in lhs.limbs.indices.reversed() where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }

    /// Long division, one bit at a time.
    func quotientAndRemainder(dividingBy divisor: Natural) -> (quotient: Natural, remainder: Natural) {
        precondition(!divisor.isZero, "division by zero")
        if divisor.limbs.count == 1 {
            let (quotient, remainder) = divided(by: divisor.limbs[0])
            return (quotient, Natural(UInt64(remainder)))
        }
        if self < divisor { return (Natural(0), self) }
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        // The running remainder stays below 2 × divisor: one limb more than the divisor suffices.
        var remainder = [UInt32](repeating: 0, count: divisor.limbs.count + 1)
        for bit in stride(from: limbs.count * 32 - 1, through: 0, by: -1) {
            var carry = (limbs[bit / 32] >> UInt32(bit % 32)) & 1
            for index in remainder.indices {
                let shifted = (remainder[index] << 1) | carry
                carry = remainder[index] >> 31
                remainder[index] = shifted
            }
            if !Natural.isLess(remainder, than: divisor.limbs) {
                Natural.subtract(divisor.limbs, from: &remainder)
                quotient[bit / 32] |= 1 << UInt32(bit % 32)
            }
        }
        return (Natural(limbs: quotient), Natural(limbs: remainder))
    }

    /// `lhs < rhs` for limb arrays that may carry leading zero limbs.
    private static func isLess(_ lhs: [UInt32], than rhs: [UInt32]) -> Bool {
        for index in stride(from: max(lhs.count, rhs.count) - 1, through: 0, by: -1) {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0
            if a != b { return a < b }
        }
        return false
    }

    /// `target -= value` in place; `target` must not be smaller.
    private static func subtract(_ value: [UInt32], from target: inout [UInt32]) {
        var borrow: UInt64 = 0
        for index in target.indices {
            let subtrahend = UInt64(index < value.count ? value[index] : 0) + borrow
            if UInt64(target[index]) >= subtrahend {
                target[index] = UInt32(UInt64(target[index]) - subtrahend)
                borrow = 0
            } else {
                target[index] = UInt32((UInt64(target[index]) + (1 << 32)) - subtrahend)
                borrow = 1
            }
        }
    }

    /// The whole square root, rounded down (Newton's method from above).
    func squareRoot() -> Natural {
        guard !isZero else { return self }
        var estimate = Natural.power(ofTen: (digitCount + 1) / 2)
        while true {
            let next = (estimate + quotientAndRemainder(dividingBy: estimate).quotient).divided(by: 2).0
            if next >= estimate { return estimate }
            estimate = next
        }
    }
}
