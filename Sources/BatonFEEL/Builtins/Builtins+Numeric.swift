import Foundation

/// Numeric functions (DMN 1.4 §10.3.4.5). Rounding is exact decimal arithmetic; only
/// `sqrt` (34 digits), `log` and `exp` (17 digits) are approximations.
extension BuiltinLibrary {
    static let numericFunctions: [BuiltinFunction] = [
        .define("decimal", [.required("n"), .required("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: 1, .halfEven)
        },
        .define("floor", [.required("n"), .optional("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: call.has(1) ? 1 : nil, .floor)
        },
        .define("ceiling", [.required("n"), .optional("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: call.has(1) ? 1 : nil, .ceiling)
        },
        .define("round up", [.required("n"), .required("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: 1, .up)
        },
        .define("round down", [.required("n"), .required("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: 1, .down)
        },
        .define("round half up", [.required("n"), .required("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: 1, .halfUp)
        },
        .define("round half down", [.required("n"), .required("scale")]) { call throws(BuiltinError) in
            try NumericSupport.round(call, scale: 1, .halfDown)
        },
        // Durations are the temporal code's: a duration argument goes to its `abs`, if it has one.
        .define("abs", [.required("n")]) { call throws(BuiltinError) in
            if case .number(let value) = call.scalar(0) { return .number(value.absolute) }
            guard let temporal = NumericSupport.temporalAbs else { throw call.typeError(0, expected: "a number") }
            guard !call[0].isNull else { throw call.typeError(0, expected: "a number or a duration") }
            var context = call.context
            let result = temporal.implementation(call.arguments, &context)
            call.context = context
            return result
        },
        .define("modulo", [.required("dividend"), .required("divisor")]) { call throws(BuiltinError) in
            let dividend = try call.number(0)
            let divisor = try call.number(1)
            guard let result = dividend.floorModulo(divisor) else { throw call.error(1, "is zero") }
            return .number(result)
        },
        .define("sqrt", [.required("number")]) { call throws(BuiltinError) in
            let value = try call.number(0)
            guard let root = value.squareRoot() else { throw call.error(0, "\(value) is negative") }
            return .number(root)
        },
        .define("log", [.required("number")]) { call throws(BuiltinError) in
            let value = try call.number(0)
            guard let logarithm = value.naturalLogarithm() else { throw call.error(0, "\(value) is not positive") }
            return .number(logarithm)
        },
        .define("exp", [.required("number")]) { call throws(BuiltinError) in
            let value = try call.number(0)
            guard let power = value.exponential() else { throw BuiltinError("e to the power \(value) is out of range") }
            return .number(power)
        },
        .define("odd", [.required("number")]) { call throws(BuiltinError) in
            .boolean(!(try NumericSupport.isEven(call)))
        },
        .define("even", [.required("number")]) { call throws(BuiltinError) in
            .boolean(try NumericSupport.isEven(call))
        },
    ]
}

enum NumericSupport {
    /// The scales decimal128 can express (DMN: an error outside them).
    static let scales = -6111...6176

    /// A temporal `abs` signature, when the temporal functions provide one.
    static var temporalAbs: BuiltinFunction? {
        BuiltinLibrary.temporalFunctions.first { $0.name == "abs" && $0.parameters.count == 1 }
    }

    /// Rounds argument 0 to the scale in argument `scale` (0 when `nil`) by `rule`.
    static func round(_ call: BuiltinCall, scale index: Int?, _ rule: FEELNumber.RoundingRule) throws(BuiltinError) -> FEELValue {
        let value = try call.number(0)
        var scale = 0
        if let index {
            scale = try call.integer(index)
            guard scales.contains(scale) else {
                throw call.error(index, "\(scale) is out of range (\(scales.lowerBound) to \(scales.upperBound))")
            }
        }
        guard let result = value.rounded(toScale: scale, rule) else {
            throw BuiltinError("\(value) rounded to scale \(scale) is out of range")
        }
        return .number(result)
    }

    static func isEven(_ call: BuiltinCall) throws(BuiltinError) -> Bool {
        let value = try call.number(0)
        guard value.isInteger else { throw call.error(0, "\(value) is not a whole number") }
        // Halving a whole number needs one more digit at most: exact in Decimal's 38 digits.
        return FEELNumber(value.decimal * Decimal(sign: .plus, exponent: -1, significand: 5)).isInteger
    }
}
