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
