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
