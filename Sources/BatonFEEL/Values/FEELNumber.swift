public import Foundation

/// A FEEL number: an exact decimal, never a binary floating point value.
///
/// FEEL numbers follow IEEE 754-2008 decimal128 (34 significant digits). Most numbers
/// in processes (amounts, counts, prices) have at most 18 digits, so Baton keeps those as
/// a 64-bit significand and a decimal scale and computes with integer instructions;
/// anything larger, or any quotient, falls back to `Foundation.Decimal`, rounded to 34
/// significant digits. Either way `0.1 + 0.2 = 0.3` exactly and money never passes
/// through `Double`.
///
/// ```swift
/// FEELNumber("0.1")! + FEELNumber("0.2")! == FEELNumber("0.3")!   // true
/// ```
public struct FEELNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `small(significand, scale)` is `significand × 10^-scale`, scale in 0...18.
    private enum Storage: Sendable {
        case small(Int64, Int8)
        case big(Decimal)
    }

    private var storage: Storage

    public init(_ decimal: Decimal) { storage = .big(decimal) }
    public init(_ value: Int) { storage = .small(Int64(value), 0) }

    private init(significand: Int64, scale: Int8) { storage = .small(significand, scale) }

    /// Parses a FEEL/JSON number literal (`12`, `-0.5`, `1.2e3`, `.5`) exactly.
    public init?(_ text: String) {
        if let small = Self.parseSmall(text) {
            self = small
            return
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), text.contains(where: \.isNumber),
            let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !decimal.isNaN
        else { return nil }
        storage = .big(decimal)
    }

    /// The fast path of `init?(_:)`: up to 18 digits and a scale within 0...18.
    private static func parseSmall(_ text: String) -> FEELNumber? {
        var significand: Int64 = 0
        var scale = 0
        var digits = 0
        var negative = false
        var seenPoint = false
        var seenDigit = false
        var utf8 = text.utf8.makeIterator()
        var first = true
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "+") where first: break
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 18 else { return nil }
                significand = significand * 10 + Int64(byte - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
            default:
                return nil  // exponents and anything unusual take the Decimal path
            }
            first = false
        }
        guard seenDigit, scale <= 18 else { return nil }
        return FEELNumber(significand: negative ? -significand : significand, scale: Int8(scale))
    }

    public static let zero = FEELNumber(0)
    public static let one = FEELNumber(1)

    /// The value as a `Foundation.Decimal`.
    public var decimal: Decimal {
        switch storage {
        case .big(let decimal): return decimal
        case .small(let significand, let scale):
            let magnitude = Decimal(significand.magnitude)
            return Decimal(sign: significand < 0 ? .minus : .plus, exponent: -Int(scale), significand: magnitude)
        }
    }

    private static let powersOfTen: [Int64] = (0...18).map { power in (0..<power).reduce(Int64(1)) { value, _ in value * 10 } }

    /// Both significands at the same scale, or `nil` when that overflows.
    private static func aligned(_ a: Int64, _ aScale: Int8, _ b: Int64, _ bScale: Int8) -> (Int64, Int64, Int8)? {
        if aScale == bScale { return (a, b, aScale) }
        if aScale < bScale {
            let (scaled, overflow) = a.multipliedReportingOverflow(by: powersOfTen[Int(bScale - aScale)])
            return overflow ? nil : (scaled, b, bScale)
        }
        let (scaled, overflow) = b.multipliedReportingOverflow(by: powersOfTen[Int(aScale - bScale)])
        return overflow ? nil : (a, scaled, aScale)
    }

    public static func < (lhs: FEELNumber, rhs: FEELNumber) -> Bool {
        if case .small(let a, let aScale) = lhs.storage, case .small(let b, let bScale) = rhs.storage,
            let (x, y, _) = aligned(a, aScale, b, bScale)
        {
            return x < y
        }
        return lhs.decimal < rhs.decimal
    }

    public static func == (lhs: FEELNumber, rhs: FEELNumber) -> Bool {
        if case .small(let a, let aScale) = lhs.storage, case .small(let b, let bScale) = rhs.storage,
            let (x, y, _) = aligned(a, aScale, b, bScale)
        {
            return x == y
        }
        return lhs.decimal == rhs.decimal
    }

    public func hash(into hasher: inout Hasher) {
        // Equal values must hash alike whatever their representation (2, 2.0, a Decimal 2).
        hasher.combine(description)
    }

    /// The number in plain notation, without exponent and without trailing zeros
    /// (`1.50` prints `1.5`, `1E+3` prints `1000`).
    public var description: String {
        switch storage {
        case .big:
            return normalized().bigDescription
        case .small(let significand, let scale):
            // Zero at any scale (`0.00`, `-0.0`) is `0`: stripping its trailing zeros
            // would leave no digit at all.
            if significand == 0 { return "0" }
            var digits = String(significand.magnitude)
            var scale = Int(scale)
            while scale > 0 && digits.hasSuffix("0") {
                digits.removeLast()
                scale -= 1
            }
            if scale > 0 {
                if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            }
            return (significand < 0 ? "-" : "") + digits
        }
    }

    private var bigDescription: String { decimal.description }

    /// The value as an `Int`, if it is a whole number in range.
    public var intValue: Int? {
        if case .small(let significand, let scale) = storage {
            let divisor = Self.powersOfTen[Int(scale)]
            return significand % divisor == 0 ? Int(significand / divisor) : nil
        }
        guard isInteger, decimal.magnitude < Decimal(Int.max) else { return nil }
        return NSDecimalNumber(decimal: decimal).intValue
    }

    public var isInteger: Bool {
        if case .small(let significand, let scale) = storage { return significand % Self.powersOfTen[Int(scale)] == 0 }
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .down)
        return rounded == decimal
    }

    /// `Double` approximation, for functions FEEL defines only approximately (`sqrt`, `log`, `exp`).
    public var doubleValue: Double {
        if case .small(let significand, let scale) = storage {
            return Double(significand) / Double(Self.powersOfTen[Int(scale)])
        }
        return NSDecimalNumber(decimal: decimal).doubleValue
    }

    /// 10^34: a significand at or above it has more digits than decimal128 keeps.
    private static let decimal128Limit = Decimal(string: "1e34")!

    /// Rounds to the 34 significant digits of decimal128 (half-even, as IEEE 754 does).
    /// A value that already fits is returned unchanged, so most results cost one compare.
    public func normalized() -> FEELNumber {
        guard case .big(let decimal) = storage else { return self }
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

    public static func + (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber {
        if case .small(let a, let aScale) = lhs.storage, case .small(let b, let bScale) = rhs.storage,
            let (x, y, scale) = aligned(a, aScale, b, bScale)
        {
            let (sum, overflow) = x.addingReportingOverflow(y)
            if !overflow { return FEELNumber(significand: sum, scale: scale) }
        }
        return checked(lhs.decimal, rhs.decimal, .add)
    }

    public static func - (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber {
        if case .small(let a, let aScale) = lhs.storage, case .small(let b, let bScale) = rhs.storage,
            let (x, y, scale) = aligned(a, aScale, b, bScale)
        {
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if !overflow { return FEELNumber(significand: difference, scale: scale) }
        }
        return checked(lhs.decimal, rhs.decimal, .subtract)
    }

    public static func * (lhs: FEELNumber, rhs: FEELNumber) -> FEELNumber {
        if case .small(let a, let aScale) = lhs.storage, case .small(let b, let bScale) = rhs.storage,
            Int(aScale) + Int(bScale) <= 18
        {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow { return FEELNumber(significand: product, scale: aScale + bScale) }
        }
        return checked(lhs.decimal, rhs.decimal, .multiply)
    }

    public static prefix func - (value: FEELNumber) -> FEELNumber {
        if case .small(let significand, let scale) = value.storage, significand != .min {
            return FEELNumber(significand: -significand, scale: scale)
        }
        return FEELNumber(-value.decimal)
    }

    /// Division; `nil` when dividing by zero (FEEL: null).
    public func divided(by other: FEELNumber) -> FEELNumber? {
        if case .small(let divisor, _) = other.storage, divisor == 0 { return nil }
        guard !other.decimal.isZero else { return nil }
        if case .small(let a, let aScale) = storage, case .small(let b, let bScale) = other.storage,
            let (x, y, _) = Self.aligned(a, aScale, b, bScale), y != 0, x % y == 0
        {
            return FEELNumber(significand: x / y, scale: 0)  // an exact whole quotient
        }
        // Foundation's division loses digits once the divisor has more than about 16
        // significant digits; past that, divide with whole numbers (slower, exact).
        guard other.significantDigitsAtMost16, significantDigitsAtMost16 else { return exactQuotient(other) }
        return Self.checked(decimal, other.decimal, .divide)
    }

    private static let sixteenDigits = Decimal(string: "1e16")!

    /// The four `Decimal` operations Baton uses.
    private enum Operation { case add, subtract, multiply, divide }

    /// A `Decimal` operation that yields NaN (see ``isOutOfRange``) instead of trapping.
    /// Foundation's `Decimal` traps, even through `NSDecimal*`, when a result leaves its
    /// range (about 10^-128 to 10^165), so operands that could get there are refused first.
    private static func checked(_ lhs: Decimal, _ rhs: Decimal, _ operation: Operation) -> FEELNumber {
        guard !lhs.isNaN, !rhs.isNaN else { return FEELNumber(Decimal.nan) }
        let (lowL, highL) = span(lhs), (lowR, highR) = span(rhs)
        let limits = (low: -120, high: 160)
        switch operation {
        case .add, .subtract:
            if max(highL, highR) + 1 > limits.high { return FEELNumber(Decimal.nan) }
        case .multiply where !lhs.isZero && !rhs.isZero:
            if lowL + lowR < limits.low || highL + highR > limits.high { return FEELNumber(Decimal.nan) }
        case .divide where !lhs.isZero:
            if lowL - highR - 40 < limits.low || highL - lowR > limits.high { return FEELNumber(Decimal.nan) }
        default:
            break
        }
        var left = lhs, right = rhs, result = Decimal()
        let error: NSDecimalNumber.CalculationError
        switch operation {
        case .add: error = NSDecimalAdd(&result, &left, &right, .bankers)
        case .subtract: error = NSDecimalSubtract(&result, &left, &right, .bankers)
        case .multiply: error = NSDecimalMultiply(&result, &left, &right, .bankers)
        case .divide: error = NSDecimalDivide(&result, &left, &right, .bankers)
        }
        guard error == .noError || error == .lossOfPrecision, !result.isNaN else { return FEELNumber(Decimal.nan) }
        return FEELNumber(result).normalized()
    }

    /// The powers of ten of a value's last and first significant digits (0 for zero).
    private static func span(_ value: Decimal) -> (low: Int, high: Int) {
        guard !value.isZero else { return (0, 0) }
        let digits = Int(log10(NSDecimalNumber(decimal: value.significand.magnitude).doubleValue).rounded(.down)) + 1
        return (value.exponent, value.exponent + digits)
    }

    /// True for the result of an operation that overflowed or underflowed `Decimal`
    /// (beyond about 10^±165): FEEL gives null there.
    public var isOutOfRange: Bool {
        if case .big(let decimal) = storage { return decimal.isNaN }
        return false
    }

    /// True when the significand has at most 16 digits.
    private var significantDigitsAtMost16: Bool {
        switch storage {
        case .small(let significand, _): return significand.magnitude < 10_000_000_000_000_000
        case .big(let decimal): return decimal.significand.magnitude < Self.sixteenDigits
        }
    }
}
