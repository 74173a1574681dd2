import BatonFEEL
import Foundation

/// A URL or header template: literal text with `{variable}` and `{secrets.name}`
/// placeholders.
struct HTTPTemplate: Hashable, Sendable {
    /// One piece of a template.
    enum Part: Hashable, Sendable {
        case text(String)
        case variable(String)
        case secret(String)
    }

    var parts: [Part]

    /// Splits `text` into parts; a failure says what is wrong (an unclosed or empty
    /// placeholder).
    static func parse(_ text: String) -> Result<HTTPTemplate, TemplateError> {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                return .failure(TemplateError(message: "has a '{' without its '}'"))
            }
            let name = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains("{") else {
                return .failure(TemplateError(message: "has an empty or nested placeholder '\(rest[open...close])'"))
            }
            if !literal.isEmpty { parts.append(.text(literal)) }
            literal = ""
            if name.hasPrefix("secrets.") {
                parts.append(.secret(String(name.dropFirst("secrets.".count))))
            } else {
                parts.append(.variable(name))
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        return .success(HTTPTemplate(parts: parts))
    }

    /// The secret names the template uses.
    var secretNames: [String] {
        parts.compactMap { if case .secret(let name) = $0 { name } else { nil } }
    }

    /// The text with placeholders replaced, each value passed through `encode`; a missing
    /// variable (absent or null) is a failure naming it.
    func render(variables: FEELContext, secrets: [String: String], encode: (String) -> String) -> Result<String, MissingValue> {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text):
                output += text
            case .variable(let name):
                guard let value = variables[name], !value.isNull else { return .failure(MissingValue(name: name)) }
                output += encode(Self.text(of: value))
            case .secret(let name):
                guard let value = secrets[name] else { return .failure(MissingValue(name: "secrets.\(name)")) }
                output += encode(value)
            }
        }
        return .success(output)
    }

    /// A value as placeholder text: strings as they are, numbers and booleans as written,
    /// dates in ISO 8601, lists and contexts as JSON.
    static func text(of value: FEELValue) -> String {
        switch value {
        case .string(let text): text
        case .list, .context: value.json
        default: value.description
        }
    }

    /// Percent-encodes everything but the unreserved characters of RFC 3986, so a value
    /// stays one path segment or query value.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return output
    }

    /// What is wrong with a template's text.
    struct TemplateError: Error, Hashable, Sendable {
        var message: String
    }

    /// A placeholder without a value.
    struct MissingValue: Error, Hashable, Sendable {
        var name: String
    }
}

/// Replaces every secret value, and its percent-encoded form, with `***`.
struct Redactor: Sendable {
    private var values: [String]

    init(secrets: some Sequence<String>) {
        var values: Set<String> = []
        for secret in secrets where !secret.isEmpty {
            values.insert(secret)
            values.insert(HTTPTemplate.percentEncoded(secret))
        }
        // Longest first, so a secret that contains another is replaced whole.
        self.values = values.sorted { $0.count > $1.count }
    }

    func callAsFunction(_ text: String) -> String {
        var text = text
        for value in values where text.contains(value) {
            text = text.replacingOccurrences(of: value, with: "***")
        }
        return text
    }
}
