import Foundation

/// Exact rounding, division with remainder and the approximate functions (`sqrt`, `log`,
/// `exp`) the numeric built-ins need.
extension FEELNumber {
    /// How ``rounded(toScale:_:)`` treats the digits it drops.
    enum RoundingRule: Sendable, CaseIterable {
        /// Toward negative infinity (`floor`).
        case floor
        /// Toward positive infinity (`ceiling`).
        case ceiling
        /// Away from zero (`round up`).
        case up
        /// Toward zero (`round down`).
        case down
        /// To the nearest, ties away from zero (`round half up`).
        case halfUp
        /// To the nearest, ties toward zero (`round half down`).
        case halfDown
        /// To the nearest, ties to the even neighbour (`decimal`).
        case halfEven
    }

    /// The absolute value.
    var absolute: FEELNumber { decimal < 0 ? -self : self }

    /// True when the number is below zero.
    var isNegative: Bool { decimal < 0 }

    /// The number rounded to `scale` digits after the decimal point (a negative scale
    /// rounds to tens, hundreds, ...). `nil` when the result cannot be represented.
    func rounded(toScale scale: Int, _ rule: RoundingRule) -> FEELNumber? {
        guard !decimal.isZero else { return .zero }
        // Already has no more than `scale` fraction digits: nothing to drop.
        if decimal.exponent >= -scale { return self }
        let negative = decimal < 0
        let magnitude = negative ? -decimal : decimal
        // The unit of the last kept digit, 10^-scale, must be representable.
        guard scale >= -127 else {
            // Every digit is dropped: the result is 0, or one unit away, which overflows.
            let awayFromZero: Bool
            switch rule {
            case .floor: awayFromZero = negative
            case .ceiling: awayFromZero = !negative
            case .up: awayFromZero = true
            case .down, .halfUp, .halfDown, .halfEven: awayFromZero = false
            }
            return awayFromZero ? nil : .zero
        }
        let unit = Decimal(sign: .plus, exponent: -scale, significand: 1)
        var source = magnitude
        var truncated = Decimal()
        NSDecimalRound(&truncated, &source, scale, .down)
        let remainder = magnitude - truncated
        let twice = remainder + remainder
        let bump: Bool
        switch rule {
        case .down: bump = false
        case .up: bump = !remainder.isZero
        case .floor: bump = negative && !remainder.isZero
        case .ceiling: bump = !negative && !remainder.isZero
        case .halfUp: bump = twice >= unit
        case .halfDown: bump = twice > unit
        case .halfEven:
            if twice != unit {
                bump = twice > unit
            } else {
                // A tie: keep the truncated value when its last kept digit is even.
                let units = truncated * Decimal(sign: .plus, exponent: scale, significand: 1)
                bump = !FEELNumber(units * Decimal(sign: .plus, exponent: -1, significand: 5)).isInteger
            }
        }
        let result = bump ? truncated + unit : truncated
        guard !result.isNaN else { return nil }
        return FEELNumber(negative ? -result : result)
    }

    /// `self modulo divisor` with the sign of the divisor: `self - divisor * floor(self / divisor)`.
    /// `nil` when the divisor is zero or the result is out of range.
    func floorModulo(_ divisor: FEELNumber) -> FEELNumber? {
        guard !divisor.decimal.isZero else { return nil }
        var remainder = self
        // A quotient beyond 34 digits is rounded, so reduce again until the remainder lies
        // between zero and the divisor.
        for _ in 0..<8 {
            guard let quotient = remainder.exactQuotient(divisor), let whole = quotient.rounded(toScale: 0, .floor) else { return nil }
            if whole.decimal.isZero { break }
            remainder = FEELNumber(remainder.decimal - divisor.decimal * whole.decimal)
            guard !remainder.decimal.isNaN else { return nil }
        }
        if !remainder.decimal.isZero, remainder.isNegative != divisor.isNegative {
            remainder = remainder + divisor
        }
        return remainder.normalized()
    }

    /// `self / divisor` correctly rounded (half-even) to 34 significant digits; `nil` for a
    /// zero divisor or a result out of range.
    ///
    /// Computed on whole numbers rather than with `Decimal`'s `/`, which loses digits (from
    /// the 8th on) for some divisors longer than about 16 digits.
    func exactQuotient(_ divisor: FEELNumber) -> FEELNumber? {
        guard let a = DecimalParts(self), let b = DecimalParts(divisor), !b.coefficient.isZero else { return nil }
        if a.coefficient.isZero { return .zero }
        // Scale the dividend so the whole quotient has at least 36 digits.
        let shift = max(0, 36 + b.coefficient.digitCount - a.coefficient.digitCount)
        let (quotient, remainder) = (a.coefficient * Natural.power(ofTen: shift)).quotientAndRemainder(dividingBy: b.coefficient)
        return DecimalParts(
            negative: a.negative != b.negative, coefficient: quotient, exponent: a.exponent - b.exponent - shift
        ).number(inexact: !remainder.isZero)
    }

    /// The square root correctly rounded (half-even) to 34 significant digits (exact for
    /// perfect squares); `nil` for a negative number.
    func squareRoot() -> FEELNumber? {
        guard decimal >= 0, var parts = DecimalParts(self) else { return nil }
        guard !parts.coefficient.isZero else { return .zero }
        if parts.exponent % 2 != 0 {
            parts.coefficient = parts.coefficient * Natural.power(ofTen: 1)
            parts.exponent -= 1
        }
        // At least 72 digits under the root give at least 36 digits of root.
        let shift = max(0, (72 - parts.coefficient.digitCount + 1) / 2)
        let radicand = parts.coefficient * Natural.power(ofTen: 2 * shift)
        let root = radicand.squareRoot()
        return DecimalParts(negative: false, coefficient: root, exponent: (parts.exponent - 2 * shift) / 2)
            .number(inexact: root * root != radicand)
    }

    /// The natural logarithm (computed in binary floating point, 17 significant digits);
    /// `nil` unless the number is positive.
    func naturalLogarithm() -> FEELNumber? {
        guard decimal > 0 else { return nil }
        return FEELNumber(approximating: Foundation.log(doubleValue))
    }

    /// `e` raised to the number (computed in binary floating point, 17 significant
    /// digits); `nil` when the result is out of range.
    func exponential() -> FEELNumber? {
        guard !decimal.isZero else { return .one }
        return FEELNumber(approximating: Foundation.exp(doubleValue))
    }

    /// The decimal that prints like `value`'s shortest round-trip form (`0.1` stays `0.1`);
    /// `nil` for infinities, NaN and values outside the decimal range.
    init?(approximating value: Double) {
        guard value.isFinite else { return nil }
        guard value != 0 else {
            self = .zero
            return
        }
        guard let decimal = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")), !decimal.isNaN,
            !decimal.isZero
        else { return nil }
        self.init(decimal)
    }
}

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
