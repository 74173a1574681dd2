import Foundation

/// String functions (DMN 1.4 §10.3.4.3). Positions and lengths count Unicode code points,
/// not UTF-16 units or grapheme clusters; `matches`, `replace` and `split` use XML Schema /
/// XPath regular expressions (see ``XPathRegex``).
extension BuiltinLibrary {
    static let stringFunctions: [BuiltinFunction] = [
        .define("substring", [.required("string"), .required("start position"), .optional("length")]) {
            call throws(BuiltinError) in
            let scalars = Array(try call.string(0).unicodeScalars)
            let start = try call.integer(1)
            guard let first = BuiltinSupport.index(ofPosition: start, count: scalars.count) else {
                throw call.error(1, "\(start) is out of range for a string of length \(scalars.count)")
            }
            var end = scalars.count
            if call.has(2) {
                let length = try call.integer(2)
                guard length >= 0 else { throw call.error(2, "\(length) is negative") }
                end = min(end, first + length)
            }
            return .string(StringSupport.string(scalars[first..<end]))
        },
        .define("string length", [.required("string")]) { call throws(BuiltinError) in
            .number(FEELNumber(try call.string(0).unicodeScalars.count))
        },
        .define("upper case", [.required("string")]) { call throws(BuiltinError) in
            .string(try call.string(0).uppercased())
        },
        .define("lower case", [.required("string")]) { call throws(BuiltinError) in
            .string(try call.string(0).lowercased())
        },
        .define("substring before", [.required("string"), .required("match")]) { call throws(BuiltinError) in
            let text = Array(try call.string(0).unicodeScalars)
            let match = Array(try call.string(1).unicodeScalars)
            guard let found = StringSupport.range(of: match, in: text) else { return .string("") }
            return .string(StringSupport.string(text[..<found.lowerBound]))
        },
        .define("substring after", [.required("string"), .required("match")]) { call throws(BuiltinError) in
            let text = Array(try call.string(0).unicodeScalars)
            let match = Array(try call.string(1).unicodeScalars)
            guard let found = StringSupport.range(of: match, in: text) else { return .string("") }
            return .string(StringSupport.string(text[found.upperBound...]))
        },
        .define("contains", [.required("string"), .required("match")]) { call throws(BuiltinError) in
            let text = Array(try call.string(0).unicodeScalars)
            let match = Array(try call.string(1).unicodeScalars)
            return .boolean(StringSupport.range(of: match, in: text) != nil)
        },
        .define("starts with", [.required("string"), .required("match")]) { call throws(BuiltinError) in
            let text = Array(try call.string(0).unicodeScalars)
            let match = Array(try call.string(1).unicodeScalars)
            return .boolean(text.starts(with: match))
        },
        .define("ends with", [.required("string"), .required("match")]) { call throws(BuiltinError) in
            let text = Array(try call.string(0).unicodeScalars)
            let match = Array(try call.string(1).unicodeScalars)
            return .boolean(text.reversed().starts(with: match.reversed()))
        },
        .define("matches", [.required("input"), .required("pattern"), .optional("flags")]) { call throws(BuiltinError) in
            let input = try call.string(0)
            let regex = try XPathRegex(call, pattern: 1, flags: 2)
            return .boolean(regex.matches(input))
        },
        .define(
            "replace", [.required("input"), .required("pattern"), .required("replacement"), .optional("flags")]
        ) { call throws(BuiltinError) in
            let input = try call.string(0)
            let regex = try XPathRegex(call, pattern: 1, flags: 3)
            let replacement = try call.string(2)
            return .string(try regex.replace(in: input, with: replacement))
        },
        .define("split", [.required("string"), .required("delimiter")]) { call throws(BuiltinError) in
            let input = try call.string(0)
            let regex = try XPathRegex(call, pattern: 1, flags: nil)
            return .list(try regex.split(input).map(FEELValue.string))
        },
        .define("extract", [.required("string"), .required("pattern")]) { call throws(BuiltinError) in
            let input = try call.string(0)
            let regex = try XPathRegex(call, pattern: 1, flags: nil)
            return .list(regex.allMatches(input).map(FEELValue.string))
        },
        .define("string join", [.required("list"), .optional("delimiter")]) { call throws(BuiltinError) in
            let items = try call.list(0)
            let delimiter = call.hasValue(1) ? try call.string(1) : ""
            var parts: [String] = []
            for (offset, item) in items.enumerated() {
                switch item {
                case .string(let text): parts.append(text)
                case .null: continue
                default: throw BuiltinError("list item \(offset + 1) is a \(item.typeName), not a string")
                }
            }
            return .string(parts.joined(separator: delimiter))
        },
    ]
}

enum StringSupport {
    /// Where `needle` first occurs in `haystack` (code point by code point).
    static func range(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        if needle.isEmpty { return 0..<0 }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// A regular expression with XML Schema / XPath 3.1 syntax and flags (`s`, `m`, `i`, `x`,
/// `q`), as `matches`, `replace`, `split` and `extract` take it, translated to ICU for
/// `NSRegularExpression`.
///
/// The translation keeps XPath's meaning where ICU differs: `.` does not match `\r` or `\n`
/// unless `s` is given; `$` without `m` matches only at the very end; `\s`, `\w`, `\i`, `\c`
/// have their XML Schema sets; `\p{IsBlock}` names a Unicode block; `[a-z-[aeiou]]` is a
/// class subtraction; `x` removes whitespace outside classes. Syntax XPath does not allow
/// (`\b`, `(?=`, back-references inside classes or to groups not yet closed) is an error.
struct XPathRegex {
    let regex: NSRegularExpression
    /// `q`: the replacement is literal too.
    let literal: Bool

    /// Reads the pattern (and flags, when `flags` is an argument index) of `call`.
    init(_ call: BuiltinCall, pattern patternIndex: Int, flags flagsIndex: Int?) throws(BuiltinError) {
        let pattern = try call.string(patternIndex)
        var flags = ""
        if let flagsIndex, call.hasValue(flagsIndex) { flags = try call.string(flagsIndex) }
        try self.init(pattern: pattern, flags: flags, parameter: call.parameterName(patternIndex))
    }

    init(pattern: String, flags: String, parameter: String = "pattern") throws(BuiltinError) {
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        var translator = XPathRegexTranslator(pattern)
        var literal = false
        for flag in flags {
            switch flag {
            case "s":
                translator.dotAll = true
                options.insert(.dotMatchesLineSeparators)
            case "m":
                translator.multiline = true
                options.insert(.anchorsMatchLines)
            case "i": options.insert(.caseInsensitive)
            case "x": translator.extended = true
            case "q": literal = true
            default: throw BuiltinError("flags \(flags.debugDescription) contain '\(flag)'; the flags are s, m, i, x and q")
            }
        }
        let translated: String
        do throws(XPathRegexTranslator.SyntaxError) {
            translated = literal ? translator.literalPattern() : try translator.translate()
        } catch {
            throw BuiltinError("\(parameter) \(pattern.debugDescription) is not a valid regular expression: \(error.message)")
        }
        do {
            regex = try NSRegularExpression(pattern: translated, options: options)
        } catch {
            throw BuiltinError("\(parameter) \(pattern.debugDescription) is not a valid regular expression")
        }
        self.literal = literal
    }

    private func results(_ input: String) -> [NSTextCheckingResult] {
        regex.matches(in: input, range: NSRange(input.startIndex..., in: input))
    }

    /// True when the pattern matches some part of `input`.
    func matches(_ input: String) -> Bool {
        regex.firstMatch(in: input, range: NSRange(input.startIndex..., in: input)) != nil
    }

    /// XPath forbids `replace` and `tokenize` with a pattern that matches the empty string.
    private func rejectEmptyMatch() throws(BuiltinError) {
        if matches("") { throw BuiltinError("pattern matches the empty string") }
    }

    /// `fn:replace`: every match replaced; `$N` is group N, `\$` and `\\` are literal.
    func replace(in input: String, with replacement: String) throws(BuiltinError) -> String {
        try rejectEmptyMatch()
        let groupCount = regex.numberOfCaptureGroups
        let template = literal ? [.literal(replacement)] : try Self.parseReplacement(replacement, groupCount: groupCount)
        var output = ""
        var position = input.startIndex
        for result in results(input) {
            guard let range = Range(result.range, in: input) else { continue }
            output += input[position..<range.lowerBound]
            for part in template {
                switch part {
                case .literal(let text): output += text
                case .group(let number):
                    if let groupRange = Range(result.range(at: number), in: input) { output += input[groupRange] }
                }
            }
            position = range.upperBound
        }
        output += input[position...]
        return output
    }

    /// `fn:tokenize`: the parts between matches (empty parts kept); `[]` for an empty input.
    func split(_ input: String) throws(BuiltinError) -> [String] {
        try rejectEmptyMatch()
        guard !input.isEmpty else { return [] }
        var parts: [String] = []
        var position = input.startIndex
        for result in results(input) {
            guard let range = Range(result.range, in: input) else { continue }
            parts.append(String(input[position..<range.lowerBound]))
            position = range.upperBound
        }
        parts.append(String(input[position...]))
        return parts
    }

    /// The text of every match, in order.
    func allMatches(_ input: String) -> [String] {
        results(input).compactMap { Range($0.range, in: input).map { String(input[$0]) } }
    }

    enum ReplacementPart: Equatable {
        case literal(String)
        case group(Int)
    }

    /// Parses an XPath replacement string: `$N` (digits taken while they name an existing
    /// group; a group beyond the count is empty), `\$`, `\\`; any other `$` or `\` is an error.
    static func parseReplacement(_ replacement: String, groupCount: Int) throws(BuiltinError) -> [ReplacementPart] {
        var parts: [ReplacementPart] = []
        var text = ""
        var characters = replacement[...]
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                guard let next = characters.popFirst(), next == "\\" || next == "$" else {
                    throw BuiltinError("replacement \(replacement.debugDescription): '\\' must be followed by '\\' or '$'")
                }
                text.append(next)
            case "$":
                guard let digit = characters.first?.wholeNumberValue, characters.first?.isASCII == true else {
                    throw BuiltinError("replacement \(replacement.debugDescription): '$' must be followed by a group number")
                }
                characters.removeFirst()
                var number = digit
                while let next = characters.first, next.isASCII, let value = next.wholeNumberValue, number * 10 + value <= groupCount {
                    number = number * 10 + value
                    characters.removeFirst()
                }
                if !text.isEmpty {
                    parts.append(.literal(text))
                    text = ""
                }
                if number <= groupCount { parts.append(.group(number)) }
            default:
                text.append(character)
            }
        }
        if !text.isEmpty { parts.append(.literal(text)) }
        return parts
    }
}

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
