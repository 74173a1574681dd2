/// Unary tests (after `in`, and as a whole text) and type names (after `instance of`).
extension FEELParser {
    // MARK: Unary tests

    mutating func positiveUnaryTests() throws(FEELSyntaxError) -> [FEELNode] {
        if isKeyword("not"), isSymbol("(", next) {
            // `x in not(1, 2)`: negated tests.
            advance()
            advance()
            var tests = [try parenthesisedTest()]
            while isSymbol(",") {
                advance()
                tests.append(try parenthesisedTest())
            }
            try expect(")", "to close 'not('")
            return [.notTests(tests)]
        }
        guard isSymbol("(") else { return [try positiveUnaryTest()] }
        let save = position
        advance()
        let first = try parenthesisedTest()
        if isSymbol("..") {
            // `x in (1..5]`: a range, not a parenthesised list of tests.
            position = save
            return [try positiveUnaryTest()]
        }
        var tests = [first]
        while isSymbol(",") {
            advance()
            tests.append(try parenthesisedTest())
        }
        try expect(")", "to close the list of tests")
        return tests
    }

    /// A test inside parentheses, where a whole expression (`? > 3 and ? < 9`) cannot
    /// swallow anything that follows the list.
    mutating func parenthesisedTest() throws(FEELSyntaxError) -> FEELNode {
        if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">=", "=", "!="].contains(symbol) {
            return try unaryComparison()
        }
        return try expression()
    }

    mutating func positiveUnaryTest() throws(FEELSyntaxError) -> FEELNode {
        if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">=", "=", "!="].contains(symbol) {
            return try unaryComparison()
        }
        return try additive()
    }

    mutating func unaryComparison() throws(FEELSyntaxError) -> FEELNode {
        guard case .symbol(let symbol) = current.kind, let op = Self.comparisonOperators[symbol] else { throw unexpected("") }
        advance()
        return .unaryComparison(op, try additive())
    }

    mutating func unaryTest() throws(FEELSyntaxError) -> FEELNode {
        if isSymbol("-"), case .end = next.kind {
            advance()
            return .anyValue
        }
        if isSymbol("-"), isSymbol(",", next) {
            advance()
            return .anyValue
        }
        if isKeyword("not"), isSymbol("(", next) {
            advance()
            advance()
            var tests = [try positiveUnaryTest()]
            while isSymbol(",") {
                advance()
                tests.append(try positiveUnaryTest())
            }
            try expect(")", "to close 'not('")
            return .notTests(tests)
        }
        if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">=", "=", "!="].contains(symbol) {
            return try unaryComparison()
        }
        return try expression()
    }

    // MARK: Types

    mutating func typeName() throws(FEELSyntaxError) -> FEELTypeName {
        guard let base = name(allowKeywords: true) else { throw unexpected(", expected a type name") }
        guard isSymbol("<") else { return .named(base) }
        advance()
        switch base {
        case "list", "range":
            let element = try typeName()
            try expect(">", "to close '\(base)<'")
            return base == "list" ? .list(element) : .range(element)
        case "context":
            var fields: [String: FEELTypeName] = [:]
            while !isSymbol(">") {
                guard let field = name(allowKeywords: true) else { throw unexpected(", expected a field name") }
                try expect(":", "after the field name '\(field)'")
                fields[field] = try typeName()
                if isSymbol(",") { advance() } else { break }
            }
            try expect(">", "to close 'context<'")
            return .context(fields)
        case "function":
            var parameters: [FEELTypeName] = []
            while !isSymbol(">") {
                parameters.append(try typeName())
                if isSymbol(",") { advance() } else { break }
            }
            try expect(">", "to close 'function<'")
            try expect("-", "before '>' of the result type")
            try expect(">", "in '->'")
            return .function(parameters, try typeName())
        default:
            throw error(at: current, "'\(base)' takes no type parameters")
        }
    }
}
