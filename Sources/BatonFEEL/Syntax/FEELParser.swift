/// Parses FEEL text into a ``FEELNode`` tree: precedence climbing over the DMN 1.4
/// grammar (textual expressions, `or`, `and`, comparisons with `between`, `in` and
/// `instance of`, `+ -`, `* /`, `**`, unary minus, then paths, filters and calls).
///
/// Errors carry the line and column of the offending token. Nesting is bounded, so a
/// pathological input gets an error rather than a stack overflow.
struct FEELParser {
    static let keywords: Set<String> = [
        "and", "or", "in", "between", "instance", "of", "if", "then", "else", "for", "return", "some", "every",
        "satisfies", "function", "true", "false", "null", "external",
    ]
    /// Deepest nesting accepted.
    static let maxDepth = 200
    /// Most operators, paths, filters and calls in one expression. A chain such as
    /// `1+1+...+1` nests its tree one level per operator without any recursion in the
    /// parser, and evaluating or freeing that tree recurses; this keeps it far from the
    /// stack's end.
    static let maxOperations = 1_000
    var operations = 0

    let characters: [Character]
    var tokens: [FEELToken]
    var position = 0
    var depth = 0
    /// While reading a range's end, `[` closes the range (`[1..10[`) instead of filtering.
    var readingRangeEnd = false

    init(_ source: String, knownNames: [String]) throws(FEELSyntaxError) {
        characters = Array(source)
        let names = knownNames.filter { !Self.keywords.contains($0) && !$0.isEmpty }
        var lexer = FEELLexer(source, knownNames: names + BuiltinLibrary.multiWordNames + Self.typeNames)
        tokens = try lexer.tokenize()
    }

    /// Multi-word type names for `instance of`.
    static let typeNames = ["date and time", "days and time duration", "years and months duration"]

    /// Parses the whole text as one expression.
    mutating func parse() throws(FEELSyntaxError) -> FEELNode {
        let node = try expression()
        guard case .end = current.kind else { throw unexpected("") }
        return node
    }

    /// Parses the whole text as unary tests (`< 5`, `"a", "b"`, `-`, `not(1, 2)`).
    mutating func parseUnaryTests() throws(FEELSyntaxError) -> [FEELNode] {
        var tests = [try unaryTest()]
        while isSymbol(",") {
            advance()
            tests.append(try unaryTest())
        }
        guard case .end = current.kind else { throw unexpected("") }
        return tests
    }

    // MARK: Tokens

    var current: FEELToken { tokens[position] }
    var next: FEELToken { tokens[min(position + 1, tokens.count - 1)] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isSymbol(_ symbol: String, _ token: FEELToken? = nil) -> Bool {
        if case .symbol(let value) = (token ?? current).kind { return value == symbol }
        return false
    }

    func isKeyword(_ word: String, _ token: FEELToken? = nil) -> Bool {
        if case .name(let value) = (token ?? current).kind { return value == word }
        return false
    }

    mutating func expect(_ symbol: String, _ context: String) throws(FEELSyntaxError) {
        guard isSymbol(symbol) else { throw unexpected(", expected '\(symbol)' \(context)") }
        advance()
    }

    mutating func expectKeyword(_ word: String, _ context: String) throws(FEELSyntaxError) {
        guard isKeyword(word) else { throw unexpected(", expected '\(word)' \(context)") }
        advance()
    }

    func describe(_ token: FEELToken) -> String {
        switch token.kind {
        case .number(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .name(let text): "'\(text)'"
        case .symbol(let text): "'\(text)'"
        case .end: "the end of the expression"
        }
    }

    /// Operators from other languages, with what FEEL writes instead.
    static let foreignOperators = [
        "==": "FEEL compares with a single '='", "&&": "FEEL writes 'and'", "||": "FEEL writes 'or'",
    ]

    func unexpected(_ suffix: String) -> FEELSyntaxError {
        if case .end = current.kind {
            return error(at: current, "the expression ends too early\(suffix)")
        }
        if case .symbol(let symbol) = current.kind, let hint = Self.foreignOperators[symbol] {
            return error(at: current, "unexpected '\(symbol)'; \(hint)")
        }
        return error(at: current, "unexpected \(describe(current))\(suffix)")
    }

    func error(at token: FEELToken, _ message: String) -> FEELSyntaxError {
        FEELLexer.position(of: token.offset, in: characters, message: message)
    }

    /// Counts one operator, path, filter or call towards ``maxOperations``.
    mutating func countOperation() throws(FEELSyntaxError) {
        operations += 1
        guard operations <= Self.maxOperations else {
            throw error(at: current, "the expression is too long (more than \(Self.maxOperations) operators)")
        }
    }

    mutating func nested<T>(_ body: (inout FEELParser) throws(FEELSyntaxError) -> T) throws(FEELSyntaxError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw error(at: current, "the expression is nested too deeply (more than \(Self.maxDepth) levels)")
        }
        return try body(&self)
    }

    /// A name made of one or more words (`Monthly Salary`), stopping at keywords.
    /// `allowKeywords` lets the first word be one (a context key or path named `then`);
    /// later words never are, so `result.risk else []` stops before `else`.
    mutating func name(allowKeywords: Bool = false) -> String? {
        guard case .name(let first) = current.kind, allowKeywords || !Self.keywords.contains(first) else { return nil }
        var words = [first]
        advance()
        while case .name(let word) = current.kind, current.spaceBefore, !Self.keywords.contains(word) {
            words.append(word)
            advance()
        }
        return words.joined(separator: " ")
    }

    // MARK: Expressions

    mutating func expression() throws(FEELSyntaxError) -> FEELNode {
        try nested { (parser: inout FEELParser) throws(FEELSyntaxError) -> FEELNode in
            if parser.isKeyword("for") { return try parser.forExpression() }
            if parser.isKeyword("some") || parser.isKeyword("every") { return try parser.quantified() }
            if parser.isKeyword("if") { return try parser.ifExpression() }
            return try parser.disjunction()
        }
    }

    mutating func forExpression() throws(FEELSyntaxError) -> FEELNode {
        advance()
        let iterations = try iterationList(context: "in a for loop")
        try expectKeyword("return", "after the iteration contexts of a for loop")
        return .forLoop(iterations, try expression())
    }

    mutating func quantified() throws(FEELSyntaxError) -> FEELNode {
        let isSome = isKeyword("some")
        advance()
        let iterations = try iterationList(context: isSome ? "after 'some'" : "after 'every'")
        try expectKeyword("satisfies", "after the iteration contexts")
        let condition = try expression()
        return isSome ? .some(iterations, condition) : .every(iterations, condition)
    }

    mutating func iterationList(context: String) throws(FEELSyntaxError) -> [FEELIteration] {
        var iterations: [FEELIteration] = []
        repeat {
            if !iterations.isEmpty { advance() }
            guard let variable = name() else { throw unexpected(", expected a variable name \(context)") }
            try expectKeyword("in", "after '\(variable)'")
            var domain = try comparison()
            if isSymbol("..") {
                advance()
                domain = .iterationRange(domain, try comparison())
            }
            iterations.append(FEELIteration(name: variable, domain: domain))
        } while isSymbol(",")
        return iterations
    }

    mutating func ifExpression() throws(FEELSyntaxError) -> FEELNode {
        advance()
        let condition = try expression()
        try expectKeyword("then", "after the condition of 'if'")
        let then = try expression()
        try expectKeyword("else", "after 'then ...' (FEEL's 'if' always has an 'else')")
        return .ifThenElse(condition, then, try expression())
    }

    /// `operand (op operand)*`, left-associative, for the operators in `table` (symbols,
    /// or keywords such as `and`).
    private mutating func leftAssociative(
        _ table: [String: FEELBinaryOperator], _ operand: (inout FEELParser) throws(FEELSyntaxError) -> FEELNode
    ) throws(FEELSyntaxError) -> FEELNode {
        var node = try operand(&self)
        while true {
            let op: FEELBinaryOperator?
            switch current.kind {
            case .symbol(let text), .name(let text): op = table[text]
            default: op = nil
            }
            guard let op else { return node }
            try countOperation()
            advance()
            node = .binary(op, node, try operand(&self))
        }
    }

    mutating func disjunction() throws(FEELSyntaxError) -> FEELNode {
        try leftAssociative(["or": .or]) { parser throws(FEELSyntaxError) in try parser.conjunction() }
    }

    mutating func conjunction() throws(FEELSyntaxError) -> FEELNode {
        try leftAssociative(["and": .and]) { parser throws(FEELSyntaxError) in try parser.comparison() }
    }

    static let comparisonOperators: [String: FEELBinaryOperator] = [
        "=": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    mutating func comparison() throws(FEELSyntaxError) -> FEELNode {
        var node = try additive()
        while true {
            if case .symbol(let symbol) = current.kind, Self.comparisonOperators[symbol] != nil {
                try countOperation()
            } else if isKeyword("between") || isKeyword("in") || isKeyword("instance") {
                try countOperation()
            }
            if case .symbol(let symbol) = current.kind, let op = Self.comparisonOperators[symbol] {
                advance()
                node = .binary(op, node, try additive())
            } else if isKeyword("between") {
                advance()
                let low = try additive()
                try expectKeyword("and", "in 'between ... and ...'")
                node = .between(node, low, try additive())
            } else if isKeyword("in") {
                advance()
                node = .inTests(node, try positiveUnaryTests())
            } else if isKeyword("instance") {
                advance()
                try expectKeyword("of", "after 'instance'")
                node = .instanceOf(node, try typeName())
            } else {
                return node
            }
        }
    }

    mutating func additive() throws(FEELSyntaxError) -> FEELNode {
        try leftAssociative(["+": .add, "-": .subtract]) { parser throws(FEELSyntaxError) in try parser.multiplicative() }
    }

    mutating func multiplicative() throws(FEELSyntaxError) -> FEELNode {
        try leftAssociative(["*": .multiply, "/": .divide]) { parser throws(FEELSyntaxError) in try parser.power() }
    }

    mutating func power() throws(FEELSyntaxError) -> FEELNode {
        try leftAssociative(["**": .power]) { parser throws(FEELSyntaxError) in try parser.unary() }
    }

    mutating func unary() throws(FEELSyntaxError) -> FEELNode {
        try nested { (parser: inout FEELParser) throws(FEELSyntaxError) -> FEELNode in
            if parser.isSymbol("-") {
                parser.advance()
                return .negate(try parser.unary())
            }
            return try parser.postfix()
        }
    }

    mutating func postfix() throws(FEELSyntaxError) -> FEELNode {
        var node = try primary()
        while true {
            if isSymbol(".") || (isSymbol("[") && !readingRangeEnd) || isSymbol("(") { try countOperation() }
            if isSymbol(".") {
                advance()
                guard let key = name(allowKeywords: true) else {
                    if case .string(let key) = current.kind {
                        advance()
                        node = .path(node, key)
                        continue
                    }
                    throw unexpected(", expected a name after '.'")
                }
                node = .path(node, key)
            } else if isSymbol("["), !readingRangeEnd {
                advance()
                let filter = try expression()
                try expect("]", "to close the filter")
                node = .filter(node, filter)
            } else if isSymbol("(") {
                advance()
                node = .call(node, try arguments())
            } else {
                return node
            }
        }
    }

    mutating func arguments() throws(FEELSyntaxError) -> [FEELArgument] {
        var arguments: [FEELArgument] = []
        if isSymbol(")") {
            advance()
            return arguments
        }
        while true {
            // A named argument is `name: value`; names may have spaces (`start position: 2`).
            let save = position
            if let parameter = name(), isSymbol(":") {
                advance()
                arguments.append(.named(parameter, try expression()))
            } else {
                position = save
                arguments.append(.positional(try expression()))
            }
            if isSymbol(",") {
                advance()
                continue
            }
            try expect(")", "to close the argument list")
            return arguments
        }
    }
}
