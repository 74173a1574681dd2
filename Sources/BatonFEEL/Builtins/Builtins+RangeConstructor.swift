/// `range(from)` (DMN 1.5): a range from its text, such as `range("[1..10)")`.
extension BuiltinLibrary {
    static let rangeConstructorFunctions: [BuiltinFunction] = [
        BuiltinFunction("range", [.init("from")]) { arguments, context in
            guard case .string(let text) = arguments[0] else {
                return context.fail("range: 'from' must be a string such as \"[1..10)\", not \(arguments[0].typeName)")
            }
            guard let expression = try? FEELExpression(text) else {
                return context.fail("range: \"\(text)\" is not a range")
            }
            switch expression.root {
            case .range(let start, _, let end, _):
                guard let start, let end, isLiteralEndpoint(start), isLiteralEndpoint(end) else {
                    return context.fail("range: the endpoints of \"\(text)\" must be literals")
                }
            case .unaryComparison(let op, let operand):
                guard [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), isLiteralEndpoint(operand) else {
                    return context.fail("range: \"\(text)\" is not a range")
                }
            default:
                return context.fail("range: \"\(text)\" is not a range")
            }
            let result = expression.evaluate(FEELContext(), now: context.now)
            guard case .range = result.value else { return context.fail("range: \(result.problem ?? "\"\(text)\" is not a range")") }
            return result.value
        },
    ]

    /// An endpoint written as a literal: a number, string, boolean, `@"..."`, or a
    /// temporal constructor applied to a string literal (`date("2026-01-01")`).
    private static func isLiteralEndpoint(_ node: FEELNode) -> Bool {
        switch node {
        case .literal: return true
        case .negate(.literal(.number)): return true
        case .call(.name(let name), let arguments):
            let constructors: Set<String> = ["@", "date", "time", "date and time", "duration"]
            guard constructors.contains(name), arguments.count == 1, case .positional(.literal(.string)) = arguments[0] else { return false }
            return true
        default: return false
        }
    }
}
