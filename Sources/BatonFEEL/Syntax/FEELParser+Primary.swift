/// Primary expressions: literals, names, parentheses, lists, ranges, contexts, `@` literals
/// and function definitions.
extension FEELParser {
    // MARK: Primary expressions

    mutating func primary() throws(FEELSyntaxError) -> FEELNode {
        let token = current
        switch token.kind {
        case .number(let text):
            advance()
            guard let number = FEELNumber(text) else { throw error(at: token, "'\(text)' is not a number") }
            return .literal(.number(number))
        case .string(let text):
            advance()
            return .literal(.string(text))
        case .name(let word):
            switch word {
            case "true":
                advance()
                return .literal(.boolean(true))
            case "false":
                advance()
                return .literal(.boolean(false))
            case "null":
                advance()
                return .literal(.null)
            case "function":
                return try functionDefinition()
            default:
                guard let identifier = name() else { throw unexpected("") }
                return .name(identifier)
            }
        case .symbol("("):
            advance()
            if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">="].contains(symbol) {
                // `(< 10)`: a range written as a unary test.
                let range = try unaryComparison()
                try expect(")", "to close the parenthesis")
                return range
            }
            let outer = readingRangeEnd
            readingRangeEnd = false
            defer { readingRangeEnd = outer }
            let first = try expression()
            if isSymbol("..") { return try rangeRest(start: first, startIncluded: false) }
            try expect(")", "to close the parenthesis")
            return first
        case .symbol("["):
            advance()
            let outer = readingRangeEnd
            readingRangeEnd = false
            defer { readingRangeEnd = outer }
            if isSymbol("]") {
                advance()
                return .list([])
            }
            let first = try listItem()
            if isSymbol("..") { return try rangeRest(start: first, startIncluded: true) }
            var items = [first]
            while isSymbol(",") {
                advance()
                items.append(try listItem())
            }
            try expect("]", "to close the list")
            return .list(items)
        case .symbol("]"):
            advance()
            let start = try expression()
            guard isSymbol("..") else { throw unexpected(", expected '..' in a range") }
            return try rangeRest(start: start, startIncluded: false)
        case .symbol("{"):
            return try contextLiteral()
        case .symbol("@"):
            advance()
            guard case .string(let text) = current.kind else { throw unexpected(", expected a string after '@'") }
            advance()
            return .call(.name("@"), [.positional(.literal(.string(text)))])
        case .symbol("?"):
            advance()
            return .inputValue
        default:
            throw unexpected("")
        }
    }

    /// A list item: an expression, or a unary comparison such as `< 5` (a range).
    mutating func listItem() throws(FEELSyntaxError) -> FEELNode {
        if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">="].contains(symbol) { return try unaryComparison() }
        return try expression()
    }

    mutating func rangeRest(start: FEELNode, startIncluded: Bool) throws(FEELSyntaxError) -> FEELNode {
        advance()  // ".."
        let outer = readingRangeEnd
        readingRangeEnd = true
        let end = try expression()
        readingRangeEnd = outer
        let endIncluded: Bool
        if isSymbol("]") {
            endIncluded = true
        } else if isSymbol(")") || isSymbol("[") {
            endIncluded = false
        } else {
            throw unexpected(", expected ']', ')' or '[' to close the range")
        }
        advance()
        return .range(start: start, startIncluded: startIncluded, end: end, endIncluded: endIncluded)
    }

    mutating func contextLiteral() throws(FEELSyntaxError) -> FEELNode {
        advance()  // "{"
        var entries: [FEELContextEntry] = []
        if isSymbol("}") {
            advance()
            return .context(entries)
        }
        while true {
            let key: String
            if case .string(let text) = current.kind {
                key = text
                advance()
            } else if let word = name(allowKeywords: true) {
                key = word
            } else {
                throw unexpected(", expected a key in the context")
            }
            try expect(":", "after the context key '\(key)'")
            entries.append(FEELContextEntry(key: key, value: try expression()))
            if isSymbol(",") {
                advance()
                continue
            }
            try expect("}", "to close the context")
            return .context(entries)
        }
    }

    mutating func functionDefinition() throws(FEELSyntaxError) -> FEELNode {
        advance()  // "function"
        try expect("(", "after 'function'")
        var parameters: [String] = []
        while !isSymbol(")") {
            guard let parameter = name() else { throw unexpected(", expected a parameter name") }
            if isSymbol(":") {  // a type annotation: ignored
                advance()
                _ = try typeName()
            }
            parameters.append(parameter)
            if isSymbol(",") { advance() } else { break }
        }
        try expect(")", "to close the parameter list")
        if isKeyword("external") { throw error(at: current, "external functions are not supported") }
        return .function(parameters: parameters, body: try expression())
    }
}
