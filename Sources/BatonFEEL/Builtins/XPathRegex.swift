import Foundation

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
