/// The bridge between JSON and FEEL values, used for process variables everywhere.
///
/// Numbers are read from their JSON text and written as plain decimals, so they stay
/// exact in both directions (`0.1` is never `0.1000000000000000055`). Objects keep their
/// key order. Temporal values are written as ISO 8601 strings.
///
/// ```swift
/// let variables = try FEELValue(json: #"{"amount": 1200.50, "lines": [1, 2]}"#)
/// variables.json   // {"amount":1200.5,"lines":[1,2]}
/// ```
extension FEELValue {
    /// Parses JSON text. Throws ``FEELJSONError`` with the offset of the problem.
    public init(json text: String) throws(FEELJSONError) {
        var parser = JSONReader(Array(text.utf8))
        self = try parser.document()
    }

    /// The value as compact JSON. Ranges and functions, which JSON cannot hold, are
    /// written as their FEEL text in a string.
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The value as compact JSON in UTF-8 bytes (what ``json`` holds as text), for
    /// writers that send bytes: no String is built on the way.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        writeJSON(to: &output)
        return output
    }

    private func writeJSON(to output: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .boolean(let value): Self.append(value ? "true" : "false", to: &output)
        case .number(let value): Self.append(value.description, to: &output)
        case .string(let value): Self.writeJSONString(value, to: &output)
        case .list(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.writeJSON(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .context(let context):
            output.append(UInt8(ascii: "{"))
            for (index, entry) in context.entries.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeJSONString(entry.key, to: &output)
                output.append(UInt8(ascii: ":"))
                entry.value.writeJSON(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        default:
            Self.writeJSONString(description, to: &output)
        }
    }

    private static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes `text` as a JSON string literal: quotes, backslashes and control characters
    /// escaped, everything else (UTF-8 included) copied as it is.
    public static func writeJSONString(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            output.append(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            output.append(UInt8(ascii: "\""))
        }
    }
}

/// Why JSON text could not be read: what and at which character offset.
public struct FEELJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at offset \(offset): \(message)" }
}

/// A strict JSON reader that keeps numbers as their decimal text.
private struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(FEELJSONError) -> FEELValue {
        let value = try value()
        skipSpace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    private func error(_ message: String) -> FEELJSONError { FEELJSONError(offset: index, message: message) }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(FEELJSONError) -> FEELValue {
        skipSpace()
        guard index < bytes.count else { throw error("the JSON ends too early") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .boolean(true))
        case UInt8(ascii: "f"): return try literal("false", .boolean(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func literal(_ word: String, _ value: FEELValue) throws(FEELJSONError) -> FEELValue {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw error("unexpected character")
        }
        index += expected.count
        return value
    }

    private mutating func nested() throws(FEELJSONError) {
        depth += 1
        guard depth <= 512 else { throw error("the JSON is nested too deeply") }
    }

    private mutating func object() throws(FEELJSONError) -> FEELValue {
        try nested()
        defer { depth -= 1 }
        index += 1
        var context = FEELContext()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .context(context)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            context[key] = try value()
            skipSpace()
            guard index < bytes.count else { throw error("the JSON ends inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            index += 1
            return .context(context)
        }
    }

    private mutating func array() throws(FEELJSONError) -> FEELValue {
        try nested()
        defer { depth -= 1 }
        index += 1
        var items: [FEELValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        while true {
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw error("the JSON ends inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            return .list(items)
        }
    }

    private mutating func string() throws(FEELJSONError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush(_ run: inout [UInt8], into scalars: inout String.UnicodeScalarView) {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                flush(&run, into: &scalars)
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                flush(&run, into: &scalars)
                guard index + 1 < bytes.count else { break }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    throw error("unknown escape in a string")
                }
                continue
            }
            run.append(byte)
            index += 1
        }
        throw error("the JSON ends inside a string")
    }

    private mutating func hex4() throws(FEELJSONError) -> UInt32 {
        guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw error("expected 4 hexadecimal digits after \\u")
        }
        index += 4
        return code
    }

    private mutating func number() throws(FEELJSONError) -> FEELValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ reader: inout JSONReader) -> Int {
            let begin = reader.index
            while reader.index < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.index]) { reader.index += 1 }
            return reader.index - begin
        }
        guard digits(&self) > 0 else { throw error("unexpected character") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = FEELNumber(text) else { throw FEELJSONError(offset: start, message: "'\(text)' is out of range") }
        return .number(number)
    }
}
