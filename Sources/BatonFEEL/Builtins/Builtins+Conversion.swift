import Foundation

/// Conversion functions (DMN 1.4 §10.3.4.1): `string(from)` and `number(from, ...)`.
/// The temporal constructors (`date`, `time`, `duration`, ...) live with the temporal code.
extension BuiltinLibrary {
    static let conversionFunctions: [BuiltinFunction] = [
        .define("string", [.required("from")]) { call throws(BuiltinError) in
            // string(null) is null, not an error (the spec lists it as an example).
            let value = call[0]
            if value.isNull { return .null }
            return .string(value.description)
        },
        .define("number", [.required("from")]) { call throws(BuiltinError) in
            let text = try call.string(0)
            guard let number = ConversionSupport.parseNumber(text) else {
                throw BuiltinError("\(call[0].literal) is not a number")
            }
            return .number(number)
        },
        .define(
            "number", [.required("from"), .required("grouping separator"), .required("decimal separator")]
        ) { call throws(BuiltinError) in
            let text = try call.string(0)
            var grouping: String?
            if call.hasValue(1) {
                let separator = try call.string(1)
                guard [" ", ",", "."].contains(separator) else {
                    throw call.error(1, "must be a space, a comma or a period, not \(call[1].literal)")
                }
                grouping = separator
            }
            var decimal: String?
            if call.hasValue(2) {
                let separator = try call.string(2)
                guard [",", "."].contains(separator) else {
                    throw call.error(2, "must be a comma or a period, not \(call[2].literal)")
                }
                decimal = separator
            }
            if let grouping, grouping == decimal {
                throw BuiltinError("grouping separator and decimal separator are both \(call[1].literal)")
            }
            var plain = text
            if let grouping { plain = plain.replacingOccurrences(of: grouping, with: "") }
            if let decimal, decimal != "." { plain = plain.replacingOccurrences(of: decimal, with: ".") }
            guard let number = ConversionSupport.parseNumber(plain) else {
                throw BuiltinError("\(call[0].literal) is not a number with these separators")
            }
            return .number(number)
        },
    ]
}

enum ConversionSupport {
    /// Parses `[+-]digits[.digits][e[+-]digits]` (ASCII digits, at least one before or
    /// after the point) exactly; `nil` for anything else or a value out of range.
    static func parseNumber(_ text: String) -> FEELNumber? {
        var scalars = Substring(text).unicodeScalars[...]
        func digits() -> Int {
            var count = 0
            while let first = scalars.first, ("0"..."9").contains(first) {
                scalars.removeFirst()
                count += 1
            }
            return count
        }
        if let first = scalars.first, first == "+" || first == "-" { scalars.removeFirst() }
        var mantissaDigits = digits()
        if scalars.first == "." {
            scalars.removeFirst()
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return nil }
        if let first = scalars.first, first == "e" || first == "E" {
            scalars.removeFirst()
            if let sign = scalars.first, sign == "+" || sign == "-" { scalars.removeFirst() }
            guard digits() > 0 else { return nil }
        }
        guard scalars.isEmpty else { return nil }
        let unsigned = text.hasPrefix("+") ? String(text.dropFirst()) : text
        return FEELNumber(unsigned)?.normalized()
    }
}
