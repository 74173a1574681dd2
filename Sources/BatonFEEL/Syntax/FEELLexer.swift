/// One token of a FEEL expression.
struct FEELToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case number(String)
        case string(String)
        case name(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    /// Offset of the token's first character in the expression (in characters).
    var offset: Int
    /// Whether white space came right before this token (names join across it).
    var spaceBefore: Bool
}

/// Splits a FEEL expression into tokens: numbers, strings (with FEEL escapes decoded),
/// names and symbols. Comments (`//`, `/* */`) are skipped. Names that the caller knows
/// (`knownNames`: variables and multi-word built-ins such as `date and time`) are matched
/// whole, even when they contain spaces, keywords or symbols like `-`.
struct FEELLexer {
    private let characters: [Character]
    private let knownNames: [[Character]]
    private var index = 0

    init(_ source: String, knownNames: [String]) {
        self.characters = Array(source)
        self.knownNames = knownNames.sorted { $0.count > $1.count }.map { Array($0) }
    }

    mutating func tokenize() throws(FEELSyntaxError) -> [FEELToken] {
        var tokens: [FEELToken] = []
        while true {
            let skipped = try skipSpaceAndComments()
            guard index < characters.count else {
                tokens.append(FEELToken(kind: .end, offset: index, spaceBefore: skipped))
                return tokens
            }
            let start = index
            let character = characters[index]
            let kind: FEELToken.Kind
            // ASCII digits only: other characters Swift counts as numbers (`٣`, `½`) are not
            // FEEL digits, and treating them as such would read an empty token forever.
            if Self.isDigit(character) || (character == "." && peek(1).map(Self.isDigit) == true) {
                kind = .number(readNumber())
            } else if character == "\"" {
                kind = .string(try readString())
            } else if let known = matchKnownName() {
                kind = .name(known)
            } else if Self.isNameStart(character) {
                kind = .name(readWord())
            } else {
                kind = .symbol(try readSymbol())
            }
            guard index > start else { throw error(at: start, "unexpected '\(character)'") }
            tokens.append(FEELToken(kind: kind, offset: start, spaceBefore: skipped))
        }
    }

    static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }

    private func peek(_ ahead: Int) -> Character? {
        index + ahead < characters.count ? characters[index + ahead] : nil
    }

    static func isNameStart(_ character: Character) -> Bool {
        character.isLetter || character == "_"
            || (character.unicodeScalars.first.map { $0.value > 0x7F && !$0.properties.isWhitespace && !$0.properties.isMath } ?? false)
    }

    static func isNamePart(_ character: Character) -> Bool {
        isNameStart(character) || character.isNumber || character == "'"
    }

    private mutating func skipSpaceAndComments() throws(FEELSyntaxError) -> Bool {
        var skipped = false
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                skipped = true
            } else if character == "/" && peek(1) == "/" {
                while index < characters.count && !characters[index].isNewline { index += 1 }
                skipped = true
            } else if character == "/" && peek(1) == "*" {
                let start = index
                index += 2
                while index < characters.count && !(characters[index] == "*" && peek(1) == "/") { index += 1 }
                guard index < characters.count else { throw error(at: start, "this comment is never closed (missing */)") }
                index += 2
                skipped = true
            } else {
                break
            }
        }
        return skipped
    }

    private mutating func readNumber() -> String {
        let start = index
        while index < characters.count && characters[index].isASCII && characters[index].isNumber { index += 1 }
        if index < characters.count && characters[index] == "." && peek(1).map(Self.isDigit) == true {
            index += 1
            while index < characters.count && characters[index].isASCII && characters[index].isNumber { index += 1 }
        }
        if index < characters.count && (characters[index] == "e" || characters[index] == "E") {
            let save = index
            index += 1
            if index < characters.count && (characters[index] == "+" || characters[index] == "-") { index += 1 }
            if index < characters.count && Self.isDigit(characters[index]) {
                while index < characters.count && Self.isDigit(characters[index]) { index += 1 }
            } else {
                index = save
            }
        }
        return String(characters[start..<index])
    }

    private mutating func readString() throws(FEELSyntaxError) -> String {
        let start = index
        index += 1
        var result = ""
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                return result
            }
            if character == "\\" {
                guard let next = peek(1) else { break }
                index += 2
                switch next {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "\"": result.append("\"")
                case "'": result.append("'")
                case "\\": result.append("\\")
                case "u", "U":
                    let width = next == "u" ? 4 : 6
                    let digits = String(characters[index..<min(index + width, characters.count)])
                    guard digits.count == width, let code = UInt32(digits, radix: 16) else {
                        throw error(at: index - 2, "'\\\(next)' must be followed by \(width) hexadecimal digits")
                    }
                    index += width
                    // A \uD83D\uDE00 surrogate pair stands for one character.
                    if (0xD800...0xDBFF).contains(code), peek(0) == "\\", peek(1) == "u",
                        let low = UInt32(String(characters[(index + 2)..<min(index + 6, characters.count)]), radix: 16),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        index += 6
                        let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        if let scalar = Unicode.Scalar(combined) { result.unicodeScalars.append(scalar) }
                    } else if let scalar = Unicode.Scalar(code) {
                        result.unicodeScalars.append(scalar)
                    } else {
                        throw error(at: index - width - 2, "'\\\(next)\(digits)' is not a valid character")
                    }
                default:
                    // Not a FEEL escape: keep it, as regular expressions need (`"\\d+"`).
                    result.append("\\")
                    result.append(next)
                }
                continue
            }
            result.append(character)
            index += 1
        }
        throw error(at: start, "this string is never closed (missing \")")
    }

    /// The longest known name starting here, ending at a name boundary. A space in a
    /// known name matches any run of white space (`date and\n time`).
    private mutating func matchKnownName() -> String? {
        for name in knownNames {
            var position = index
            var matched = true
            var nameIndex = 0
            while nameIndex < name.count {
                guard position < characters.count else {
                    matched = false
                    break
                }
                if name[nameIndex] == " " {
                    guard characters[position].isWhitespace else {
                        matched = false
                        break
                    }
                    while position < characters.count && characters[position].isWhitespace { position += 1 }
                } else {
                    guard characters[position] == name[nameIndex] else {
                        matched = false
                        break
                    }
                    position += 1
                }
                nameIndex += 1
            }
            guard matched else { continue }
            if position < characters.count, Self.isNamePart(characters[position]) { continue }
            index = position
            return String(name)
        }
        return nil
    }

    private mutating func readWord() -> String {
        let start = index
        while index < characters.count && Self.isNamePart(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    private static let symbols = ["**", "..", "==", "&&", "||", "<=", ">=", "!=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "+", "-", "*", "/",
                                  "=", "<", ">", "?", "@"]

    private mutating func readSymbol() throws(FEELSyntaxError) -> String {
        for symbol in Self.symbols {
            let symbolCharacters = Array(symbol)
            if index + symbolCharacters.count <= characters.count,
                characters[index..<(index + symbolCharacters.count)].elementsEqual(symbolCharacters)
            {
                index += symbolCharacters.count
                return symbol
            }
        }
        throw error(at: index, "unexpected '\(characters[index])'")
    }

    private func error(at offset: Int, _ message: String) -> FEELSyntaxError {
        FEELLexer.position(of: offset, in: characters, message: message)
    }

    static func position(of offset: Int, in characters: [Character], message: String) -> FEELSyntaxError {
        var line = 1, column = 1
        for character in characters.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return FEELSyntaxError(line: line, column: column, message: message)
    }
}
