public import BatonFEEL
import Foundation

/// An exact amount of money in minor units (cents), never a binary floating point value.
///
/// Both reference systems store money as integer cents. The ERP writes it as a decimal
/// string with two places (`"1850.00"`); the CRM hands it to Baton as an exact FEEL number.
///
/// ```swift
/// Money("1234.5")?.description   // "1234.50"
/// Money(cents: 199).feel          // the FEEL number 1.99
/// ```
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The amount in cents (hundredths of the currency unit).
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    /// Parses `"12"`, `"-0.5"`, `"1234.50"`: at most two decimal places, no exponent.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = rest.first == "-"
        if negative || rest.first == "+" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 15, parts[0].allSatisfy(\.isASCIIDigit),
            let whole = Int64(parts[0])
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        cents = (whole * 100 + fraction) * (negative ? -1 : 1)
    }

    /// An exact FEEL number with at most two decimal places; nil otherwise (`1.005`).
    public init?(_ number: FEELNumber) {
        self.init(number.description)
    }

    public static let zero = Money(cents: 0)

    /// `"1234.50"`: always two decimal places.
    public var description: String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// The amount as an exact FEEL number (`1234.5`).
    public var feel: FEELNumber { FEELNumber(description) ?? FEELNumber(0) }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    /// The amount times a whole quantity.
    public static func * (lhs: Money, rhs: Int) -> Money { Money(cents: lhs.cents * Int64(rhs)) }

    /// Decodes from a decimal string (`"1234.50"`): the ERP's wire format.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let money = Money(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an amount with at most two decimal places")
        }
        self = money
    }

    /// Encodes as a decimal string with two places.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
