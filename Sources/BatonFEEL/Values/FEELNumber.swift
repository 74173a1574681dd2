public import Foundation

/// A FEEL number: an exact decimal, never a binary floating point value.
///
/// FEEL numbers follow IEEE 754-2008 decimal128 (34 significant digits). Baton stores
/// them as `Foundation.Decimal` and rounds results to 34 significant digits, so
/// `0.1 + 0.2 = 0.3` exactly and money never passes through `Double`.
///
/// ```swift
/// FEELNumber("0.1")! + FEELNumber("0.2")! == FEELNumber("0.3")!   // true
/// ```
public struct FEELNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var decimal: Decimal

    public init(_ decimal: Decimal) { self.decimal = decimal }
    public init(_ value: Int) { self.decimal = Decimal(value) }

    /// Parses a FEEL/JSON number literal (`12`, `-0.5`, `1.2e3`, `.5`) exactly.
    public init?(_ text: String) {
        guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !decimal.isNaN else { return nil }
        // Decimal(string:) accepts trailing junk ("12abc" -> 12); FEEL literals must be whole.
        guard text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        self.decimal = decimal
    }

    public static let zero = FEELNumber(0)
    public static let one = FEELNumber(1)

    public static func < (lhs: FEELNumber, rhs: FEELNumber) -> Bool { lhs.decimal < rhs.decimal }

    public static func == (lhs: FEELNumber, rhs: FEELNumber) -> Bool { lhs.decimal == rhs.decimal }

    public func hash(into hasher: inout Hasher) {
        // Equal values must hash alike whatever their representation (2 and 2.0).
        hasher.combine(description)
    }

    /// The number in plain notation, without exponent and without trailing zeros
    /// (`1.50` prints `1.5`, `1E+3` prints `1000`).
    public var description: String { normalized().decimal.description }

    /// The value as an `Int`, if it is a whole number in range.
    public var intValue: Int? {
        guard isInteger, decimal.magnitude < Decimal(Int.max) else { return nil }
        return NSDecimalNumber(decimal: decimal).intValue
    }

    public var isInteger: Bool {
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .down)
        return rounded == decimal
    }

    /// `Double` approximation, for functions FEEL defines only approximately (`sqrt`, `log`, `exp`).
    public var doubleValue: Double { NSDecimalNumber(decimal: decimal).doubleValue }

    /// 10^34: a significand at or above it has more digits than decimal128 keeps.
    private static let decimal128Limit = Decimal(string: "1e34")!

    /// Rounds to the 34 significant digits of decimal128 (half-even, as IEEE 754 does).
    /// A value that already fits is returned unchanged, so most results cost one compare.
    public func normalized() -> FEELNumber {
        let significand = decimal.significand.magnitude
        guard significand >= Self.decimal128Limit else { return self }
        var digits = 35
        var bound = Self.decimal128Limit * 10
        while significand >= bound && digits < 40 {
            digits += 1
            bound *= 10
        }
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, -decimal.exponent - (digits - 34), .bankers)
        return FEELNumber(rounded)
    }

    public static func + (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber { FEELNumber(lhs.decimal + rhs.decimal) }
    public static func - (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber { FEELNumber(lhs.decimal - rhs.decimal) }
    public static func * (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber { FEELNumber(lhs.decimal * rhs.decimal).normalized() }
    public static prefix func - (value: FEELNumber) -> FEELNumber { FEELNumber(-value.decimal) }

    /// Division; `nil` when dividing by zero (FEEL: null).
    public func divided(by other: FEELNumber) -> FEELNumber? {
        guard !other.decimal.isZero else { return nil }
        return FEELNumber(decimal / other.decimal).normalized()
    }
}
