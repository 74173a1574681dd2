import Foundation

/// Translates XML Schema / XPath regular expression syntax to ICU syntax, checking it.
struct XPathRegexTranslator {
    struct SyntaxError: Error {
        var message: String
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    var dotAll = false
    var multiline = false
    var extended = false
    private var groupCount = 0
    private var closedGroups: Set<Int> = []

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    /// The pattern matched literally (flag `q`).
    func literalPattern() -> String {
        scalars.map(Self.literal).joined()
    }

    mutating func translate() throws(SyntaxError) -> String {
        var output = ""
        try alternatives(into: &output)
        if position < scalars.count { throw SyntaxError(message: "unmatched ')'") }
        return output
    }

    // MARK: Reading

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// Skips whitespace when `x` is set (only called outside character classes).
    private mutating func skipSpace() {
        guard extended else { return }
        while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
    }

    /// The next scalar outside a class (whitespace skipped under `x`).
    private mutating func peek() -> Unicode.Scalar? {
        skipSpace()
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        skipSpace()
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    /// The next scalar inside a class (whitespace is significant there).
    private func peekRaw(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func nextRaw() -> Unicode.Scalar? {
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    // MARK: Structure

    private mutating func alternatives(into output: inout String) throws(SyntaxError) {
        while let scalar = peek() {
            switch scalar {
            case "|":
                position += 1
                output += "|"
            case ")":
                return
            default:
                try piece(into: &output)
            }
        }
    }

    private mutating func piece(into output: inout String) throws(SyntaxError) {
        let quantifiable = try atom(into: &output)
        guard let scalar = peek(), "?*+{".unicodeScalars.contains(scalar) else { return }
        guard quantifiable else { throw SyntaxError(message: "'\(scalar)' has nothing to repeat") }
        position += 1
        if scalar == "{" {
            output += try quantity()
        } else {
            output.unicodeScalars.append(scalar)
        }
        if peek() == "?" {
            position += 1
            output += "?"
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` after the `{`.
    private mutating func quantity() throws(SyntaxError) -> String {
        func number() -> Int? {
            var digits = ""
            while let scalar = peek(), ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                position += 1
            }
            return digits.isEmpty ? nil : Int(digits)
        }
        guard let low = number() else { throw SyntaxError(message: "a quantifier needs a number after '{'") }
        var text = "{\(low)"
        if peek() == "," {
            position += 1
            text += ","
            if let high = number() {
                guard high >= low else { throw SyntaxError(message: "quantifier {\(low),\(high)} has its bounds reversed") }
                text += "\(high)"
            }
        }
        guard next() == "}" else { throw SyntaxError(message: "quantifier is missing '}'") }
        return text + "}"
    }

    /// Translates one atom; returns whether a quantifier may follow it.
    private mutating func atom(into output: inout String) throws(SyntaxError) -> Bool {
        guard let scalar = next() else { return false }
        switch scalar {
        case "(":
            var number: Int?
            if peek() == "?" {
                position += 1
                guard next() == ":" else { throw SyntaxError(message: "'(?' is only allowed as '(?:'") }
                output += "(?:"
            } else {
                groupCount += 1
                number = groupCount
                output += "("
            }
            try alternatives(into: &output)
            guard next() == ")" else { throw SyntaxError(message: "missing ')'") }
            output += ")"
            if let number { closedGroups.insert(number) }
            return true
        case "[":
            output += try characterClass()
            return true
        case ".":
            output += dotAll ? "." : "[^\\n\\r]"
            return true
        case "^":
            output += "^"
            return false
        case "$":
            output += multiline ? "$" : "\\z"
            return false
        case "\\":
            output += try escape(inClass: false).pattern
            return true
        case "?", "*", "+", "{":
            throw SyntaxError(message: "'\(scalar)' has nothing to repeat")
        case "]", "}":
            throw SyntaxError(message: "'\(scalar)' must be escaped")
        default:
            output += Self.literal(scalar)
            return true
        }
    }

    // MARK: Escapes

    private enum Escape {
        case character(Unicode.Scalar)
        case set(String)
        case backReference(Int)

        var pattern: String {
            switch self {
            case .character(let scalar): XPathRegexTranslator.literal(scalar)
            case .set(let set): set
            case .backReference(let number): "\\\(number)"
            }
        }
    }

    private static let singleCharacterEscapes: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = ["n": "\n", "r": "\r", "t": "\t"]
        for scalar in "\\|.?*+(){}-[]^$".unicodeScalars { table[scalar] = scalar }
        return table
    }()

    /// XML 1.0 (fifth edition) NameStartChar, for `\i`.
    private static let nameStart =
        ":A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{2FF}\\x{370}-\\x{37D}\\x{37F}-\\x{1FFF}\\x{200C}-\\x{200D}"
        + "\\x{2070}-\\x{218F}\\x{2C00}-\\x{2FEF}\\x{3001}-\\x{D7FF}\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFFD}\\x{10000}-\\x{EFFFF}"
    /// NameChar, for `\c`.
    private static let nameCharacter = nameStart + "\\x{2D}.0-9\\x{B7}\\x{300}-\\x{36F}\\x{203F}-\\x{2040}"

    private static let multiCharacterEscapes: [Unicode.Scalar: String] = [
        "s": "[\\x{20}\\t\\n\\r]", "S": "[^\\x{20}\\t\\n\\r]",
        "d": "\\p{Nd}", "D": "\\P{Nd}",
        "w": "[^\\p{P}\\p{Z}\\p{C}]", "W": "[\\p{P}\\p{Z}\\p{C}]",
        "i": "[\(nameStart)]", "I": "[^\(nameStart)]",
        "c": "[\(nameCharacter)]", "C": "[^\(nameCharacter)]",
    ]

    private static let categories: Set<String> = [
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp",
        "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn",
    ]

    /// After a `\`.
    private mutating func escape(inClass: Bool) throws(SyntaxError) -> Escape {
        guard let scalar = inClass ? nextRaw() : next() else { throw SyntaxError(message: "'\\' at the end") }
        if let character = Self.singleCharacterEscapes[scalar] { return .character(character) }
        if let set = Self.multiCharacterEscapes[scalar] { return .set(set) }
        if scalar == "p" || scalar == "P" { return .set(try property(negated: scalar == "P", inClass: inClass)) }
        if ("1"..."9").contains(scalar) {
            guard !inClass else { throw SyntaxError(message: "back-reference '\\\(scalar)' inside a character class") }
            var number = Int(scalar.value - 48)
            while let digit = peekRaw(), ("0"..."9").contains(digit), number * 10 + Int(digit.value - 48) <= groupCount {
                number = number * 10 + Int(digit.value - 48)
                position += 1
            }
            guard closedGroups.contains(number) else {
                throw SyntaxError(message: "back-reference '\\\(number)' to a group that is not closed before it")
            }
            return .backReference(number)
        }
        throw SyntaxError(message: "'\\\(scalar)' is not a valid escape")
    }

    /// `\p{...}` or `\P{...}` after the letter.
    private mutating func property(negated: Bool, inClass: Bool) throws(SyntaxError) -> String {
        guard (inClass ? nextRaw() : next()) == "{" else { throw SyntaxError(message: "'\\p' needs '{'") }
        var name = ""
        while true {
            guard let scalar = inClass ? nextRaw() : next() else { throw SyntaxError(message: "'\\p{' is missing '}'") }
            if scalar == "}" { break }
            name.unicodeScalars.append(scalar)
        }
        let letter = negated ? "P" : "p"
        if Self.categories.contains(name) { return "\\\(letter){\(name)}" }
        if name.hasPrefix("Is"), name.count > 2,
            name.unicodeScalars.dropFirst(2).allSatisfy({ $0 == "-" || Self.literal($0).count == 1 || ("0"..."9").contains($0) })
        {
            return "\\\(letter){Block=\(name.dropFirst(2))}"
        }
        throw SyntaxError(message: "'\\\(letter){\(name)}' is not a known category or block")
    }

    // MARK: Character classes

    /// A class after its `[`, as an ICU set.
    private mutating func characterClass() throws(SyntaxError) -> String {
        var negated = false
        if peekRaw() == "^" {
            negated = true
            position += 1
        }
        var items = ""
        var subtraction: String?
        var first = true
        loop: while true {
            guard let scalar = peekRaw() else { throw SyntaxError(message: "missing ']'") }
            switch scalar {
            case "]":
                if first { throw SyntaxError(message: "empty character class") }
                position += 1
                break loop
            case "-" where peekRaw(1) == "[" && !first:
                position += 2
                subtraction = try characterClass()
                guard nextRaw() == "]" else { throw SyntaxError(message: "a class subtraction must end the class") }
                break loop
            case "[":
                throw SyntaxError(message: "'[' must be escaped inside a character class")
            default:
                break
            }
            first = false
            let start = try classAtom()
            guard case .character(let low) = start else {
                items += start.pattern
                continue
            }
            if peekRaw() == "-", let after = peekRaw(1), after != "]", after != "[" {
                position += 1
                guard case .character(let high) = try classAtom() else {
                    throw SyntaxError(message: "a range cannot end with a multi-character escape")
                }
                guard low.value <= high.value else {
                    throw SyntaxError(message: "range '\(low)-\(high)' is reversed")
                }
                items += Self.literal(low) + "-" + Self.literal(high)
            } else {
                items += Self.literal(low)
            }
        }
        let set = "[" + (negated ? "^" : "") + items + "]"
        guard let subtraction else { return set }
        return "[" + set + "--" + subtraction + "]"
    }

    private mutating func classAtom() throws(SyntaxError) -> Escape {
        guard let scalar = nextRaw() else { throw SyntaxError(message: "missing ']'") }
        if scalar == "\\" { return try escape(inClass: true) }
        if scalar == "[" { throw SyntaxError(message: "'[' must be escaped inside a character class") }
        return .character(scalar)
    }

    /// One character, safe anywhere in an ICU pattern or set.
    static func literal(_ scalar: Unicode.Scalar) -> String {
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) { return String(scalar) }
        return "\\x{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
