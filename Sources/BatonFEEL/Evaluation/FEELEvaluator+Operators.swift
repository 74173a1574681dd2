import Foundation

extension FEELEvaluator {
    mutating func binary(_ op: FEELBinaryOperator, _ leftNode: FEELNode, _ rightNode: FEELNode) -> FEELValue {
        switch op {
        case .and:
            let left = evaluate(leftNode)
            if case .boolean(false) = left { return .boolean(false) }
            return logicalAnd(left, evaluate(rightNode))
        case .or:
            let left = evaluate(leftNode)
            if case .boolean(true) = left { return .boolean(true) }
            return logicalOr(left, evaluate(rightNode))
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return compare(op, evaluate(leftNode), evaluate(rightNode))
        case .add, .subtract, .multiply, .divide, .power:
            return arithmetic(op, evaluate(leftNode), evaluate(rightNode))
        }
    }

    /// FEEL's three-valued `and`.
    func logicalAnd(_ left: FEELValue, _ right: FEELValue) -> FEELValue {
        switch (left, right) {
        case (.boolean(false), _), (_, .boolean(false)): .boolean(false)
        case (.boolean(true), .boolean(true)): .boolean(true)
        default: .null
        }
    }

    /// FEEL's three-valued `or`.
    func logicalOr(_ left: FEELValue, _ right: FEELValue) -> FEELValue {
        switch (left, right) {
        case (.boolean(true), _), (_, .boolean(true)): .boolean(true)
        case (.boolean(false), .boolean(false)): .boolean(false)
        default: .null
        }
    }

    func logicalNot(_ value: FEELValue) -> FEELValue {
        if case .boolean(let flag) = value { return .boolean(!flag) }
        return .null
    }

    mutating func compare(_ op: FEELBinaryOperator, _ left: FEELValue, _ right: FEELValue) -> FEELValue {
        switch op {
        case .equal, .notEqual:
            guard let same = FEELSemantics.equal(left, right) else {
                return fail("cannot compare \(left.typeName) with \(right.typeName) using '\(op.rawValue)'")
            }
            return .boolean(op == .equal ? same : !same)
        default:
            if left.isNull || right.isNull {
                return fail("cannot compare \(left.typeName) with \(right.typeName) using '\(op.rawValue)'")
            }
            guard let order = FEELSemantics.compare(left, right) else {
                return fail("cannot compare \(left.typeName) with \(right.typeName) using '\(op.rawValue)'")
            }
            switch op {
            case .less: return .boolean(order < 0)
            case .lessOrEqual: return .boolean(order <= 0)
            case .greater: return .boolean(order > 0)
            default: return .boolean(order >= 0)
            }
        }
    }

    mutating func arithmetic(_ op: FEELBinaryOperator, _ left: FEELValue, _ right: FEELValue) -> FEELValue {
        let result = unguardedArithmetic(op, left, right)
        if case .number(let number) = result, number.isOutOfRange {
            return fail("the result of '\(op.rawValue)' is out of the range of FEEL numbers")
        }
        return result
    }

    private mutating func unguardedArithmetic(_ op: FEELBinaryOperator, _ left: FEELValue, _ right: FEELValue) -> FEELValue {
        if left.isNull || right.isNull {
            return fail("cannot apply '\(op.rawValue)' to \(left.typeName) and \(right.typeName)")
        }
        switch (op, left, right) {
        case (.add, .number(let a), .number(let b)): return .number((a + b).normalized())
        case (.subtract, .number(let a), .number(let b)): return .number((a - b).normalized())
        case (.multiply, .number(let a), .number(let b)): return .number(a * b)
        case (.divide, .number(let a), .number(let b)):
            guard let quotient = a.divided(by: b) else { return fail("division by zero") }
            return .number(quotient)
        case (.power, .number(let a), .number(let b)):
            return power(a, b)
        case (.add, .string(let a), .string(let b)):
            return .string(a + b)
        default:
            let result: FEELValue?
            switch op {
            case .add: result = TemporalOperations.add(left, right)
            case .subtract: result = TemporalOperations.subtract(left, right)
            case .multiply: result = TemporalOperations.multiply(left, right)
            case .divide: result = TemporalOperations.divide(left, right)
            default: result = nil
            }
            if let result, !result.isNull { return result }
            return fail("cannot apply '\(op.rawValue)' to \(left.typeName) and \(right.typeName)")
        }
    }

    /// `base ** exponent`: exact for whole exponents, approximate (via `Double`, as FEEL
    /// allows) for fractional ones.
    mutating func power(_ base: FEELNumber, _ exponent: FEELNumber) -> FEELValue {
        if let whole = exponent.intValue, abs(whole) <= 10_000 {
            // Squaring with FEEL's own multiplication (34 digits each step); Foundation's
            // pow(Decimal, Int) traps when the result underflows.
            var result = FEELNumber.one
            var factor = base
            var remaining = abs(whole)
            while remaining > 0 {
                if remaining & 1 == 1 { result = result * factor }
                remaining >>= 1
                if remaining > 0 { factor = factor * factor }
                guard !result.isOutOfRange, !factor.isOutOfRange else {
                    return fail("\(base) ** \(exponent) is out of range")
                }
            }
            if whole >= 0 { return .number(result) }
            guard let inverse = FEELNumber.one.divided(by: result) else { return fail("division by zero in '**'") }
            return .number(inverse)
        }
        let value = Foundation.pow(base.doubleValue, exponent.doubleValue)
        guard value.isFinite else { return fail("(\(base)) ** \(exponent) has no finite value") }
        // The shortest decimal that reads back as this Double: no spurious trailing digits.
        return .number(FEELNumber("\(value)") ?? FEELNumber(Decimal(value)).normalized())
    }

    mutating func negate(_ value: FEELValue) -> FEELValue {
        switch value {
        case .number(let number): return .number(-number)
        case .daysTimeDuration, .yearsMonthsDuration:
            if let result = TemporalOperations.multiply(value, .number(FEELNumber(-1))) { return result }
            return fail("cannot negate \(value.typeName)")
        default:
            return fail("cannot negate \(value.typeName)")
        }
    }
}
