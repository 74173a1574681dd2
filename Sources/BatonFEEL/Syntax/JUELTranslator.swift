import Foundation

/// Translates the common subset of JUEL, the expression language of Camunda 7 files
/// (`${amount > 1000 && approved}`), into FEEL (`amount > 1000 and approved`).
///
/// Supported: `== != < > <= >= && || !`, their word forms `eq ne lt gt le ge and or not`,
/// `empty`, `+ - * /`, parentheses, paths (`order.customer.id`), and string, number,
/// `true`/`false`/`null` literals. Anything else (method calls, `?:`, `%`, `mod`, `div`,
/// indexing, lambdas) is an "unsupported JUEL" error with its column.
public enum JUELTranslator {
    /// True when `text` is a JUEL expression (`${...}` or `#{...}`).
    public static func isJUEL(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return (trimmed.hasPrefix("${") || trimmed.hasPrefix("#{")) && trimmed.hasSuffix("}")
    }

    /// The FEEL text for a `${...}` expression. Error columns count from the start of
    /// `text`, so they point into what the analyst wrote.
    public static func translate(_ text: String) throws(FEELSyntaxError) -> String {
        let characters = Array(text)
        guard let open = characters.firstIndex(where: { $0 == "$" || $0 == "#" }), open + 1 < characters.count,
            characters[open + 1] == "{", let close = characters.lastIndex(of: "}"), close > open
        else {
            throw FEELSyntaxError(line: 1, column: 1, message: "a JUEL expression is written ${...}")
        }
        var translator = Translation(characters: characters, index: open + 2, end: close)
        return try translator.run()
    }

    private struct Translation {
        let characters: [Character]
        var index: Int
        let end: Int
        var output = ""
        /// Open `not(` wrappers, each closed after the operand it negates.
        var pendingNots: [Int] = []
        var depth = 0

        mutating func run() throws(FEELSyntaxError) -> String {
            while true {
                skipSpace()
                guard index < end else { break }
                let character = characters[index]
                if character == "'" || character == "\"" {
                    try string(quote: character)
                    closeNots()
                } else if character.isNumber {
                    let start = index
                    while index < end, characters[index].isNumber || characters[index] == "." { index += 1 }
                    emit(String(characters[start..<index]))
                    closeNots()
                } else if character.isLetter || character == "_" {
                    try word()
                } else {
                    try symbol()
                }
            }
            guard pendingNots.isEmpty else { throw error(at: end, "'!' or 'not' has nothing to negate") }
            guard depth == 0 else { throw error(at: end, "a parenthesis is never closed") }
            return output.trimmingCharacters(in: .whitespaces)
        }

        private mutating func skipSpace() {
            while index < end, characters[index].isWhitespace { index += 1 }
        }

        private func error(at position: Int, _ message: String) -> FEELSyntaxError {
            FEELLexer.position(of: position, in: characters, message: message)
        }

        private mutating func emit(_ text: String) { output += (output.isEmpty || output.hasSuffix("(") ? "" : " ") + text }

        private mutating func closeNots() {
            while let level = pendingNots.last, level == depth {
                output += ")"
                pendingNots.removeLast()
            }
        }

        private mutating func string(quote: Character) throws(FEELSyntaxError) {
            let start = index
            index += 1
            var value = ""
            while index < end, characters[index] != quote {
                if characters[index] == "\\", index + 1 < end {
                    index += 1
                }
                value.append(characters[index])
                index += 1
            }
            guard index < end else { throw error(at: start, "this string is never closed") }
            index += 1
            emit("\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"")
        }

        private mutating func word() throws(FEELSyntaxError) {
            let start = index
            while index < end, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" { index += 1 }
            let word = String(characters[start..<index])
            switch word {
            case "eq": emit("=")
            case "ne": emit("!=")
            case "lt": emit("<")
            case "gt": emit(">")
            case "le": emit("<=")
            case "ge": emit(">=")
            case "and": emit("and")
            case "or": emit("or")
            case "not": openNot()
            case "true", "false", "null":
                emit(word)
                closeNots()
            case "empty":
                skipSpace()
                let name = try path()
                emit("(if \(name) = null then true else if \(name) instance of string then \(name) = \"\" else if \(name) instance of list then count(\(name)) = 0 else if \(name) instance of context then count(get entries(\(name))) = 0 else false)")
                closeNots()
            case "mod", "div", "instanceof":
                throw error(at: start, "unsupported JUEL: '\(word)'; use FEEL (e.g. modulo(a, b)) for this expression")
            default:
                index = start
                emit(try path())
                closeNots()
            }
        }

        /// `a.b.c`, stopping before anything JUEL-specific (calls, indexing).
        private mutating func path() throws(FEELSyntaxError) -> String {
            let start = index
            guard index < end, characters[index].isLetter || characters[index] == "_" else {
                throw error(at: index, "unsupported JUEL: expected a variable name")
            }
            while index < end, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "." {
                index += 1
            }
            let text = String(characters[start..<index])
            if index < end, characters[index] == "(" {
                throw error(at: start, "unsupported JUEL: method call '\(text)(...)'; Baton translates only operators, paths and literals")
            }
            if index < end, characters[index] == "[" {
                throw error(at: index, "unsupported JUEL: indexing '\(text)[...]'")
            }
            return text
        }

        private mutating func openNot() {
            emit("not(")
            pendingNots.append(depth)
        }

        private mutating func symbol() throws(FEELSyntaxError) {
            let character = characters[index]
            let next = index + 1 < end ? characters[index + 1] : " "
            let two = String([character, next])
            switch two {
            case "==": emit("="); index += 2; return
            case "!=", "<=", ">=": emit(two); index += 2; return
            case "&&": emit("and"); index += 2; return
            case "||": emit("or"); index += 2; return
            default: break
            }
            switch character {
            case "!":
                openNot()
            case "<", ">", "+", "*", "/":
                emit(String(character))
            case "-":
                emit("-")
            case "(":
                emit("(")
                depth += 1
            case ")":
                guard depth > 0 else { throw error(at: index, "unsupported JUEL: unexpected ')'") }
                depth -= 1
                output += ")"
                index += 1
                closeNots()
                return
            case "?", ":":
                throw error(at: index, "unsupported JUEL: the conditional operator '?:'; write the condition in FEEL as 'if ... then ... else ...'")
            default:
                throw error(at: index, "unsupported JUEL: '\(character)'")
            }
            index += 1
        }
    }
}
