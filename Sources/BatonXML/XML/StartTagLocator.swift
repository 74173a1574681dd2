import BatonModel

/// Finds where each start tag, and each attribute in it, begins in a UTF-8 document.
///
/// libxml2 records only a line per element (the line where the start tag *ends*), so
/// Baton scans the bytes once itself. Because documents with a DOCTYPE are refused, no
/// entity can add elements, and the n-th start tag found here is the n-th element of
/// libxml2's tree in document order.
struct StartTagLocator {
    /// The position of one start tag and its attributes (by qualified name).
    struct Tag {
        var location: SourceLocation
        var attributes: [(qualifiedName: String, location: SourceLocation)]
    }

    private(set) var tags: [Tag] = []

    /// Scans `bytes`; returns `nil` for encodings the scanner cannot follow (UTF-16).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)) {
            return nil
        }
        if bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0) { return nil }
        var cursor = Cursor(bytes: bytes)
        while let byte = cursor.peek() {
            guard byte == UInt8(ascii: "<") else {
                cursor.advance()
                continue
            }
            if cursor.hasPrefix("<!--") {
                cursor.skip(past: "-->")
            } else if cursor.hasPrefix("<![CDATA[") {
                cursor.skip(past: "]]>")
            } else if cursor.hasPrefix("<?") {
                cursor.skip(past: "?>")
            } else if cursor.hasPrefix("<!") || cursor.hasPrefix("</") {
                cursor.skip(past: ">")
            } else {
                tags.append(cursor.readStartTag())
            }
        }
    }

    /// Where the first `<!DOCTYPE` is, for the error that refuses it.
    static func firstDoctype(in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation? {
        var cursor = Cursor(bytes: bytes)
        while cursor.peek() != nil {
            if cursor.hasPrefix("<!DOCTYPE") { return cursor.location }
            cursor.advance()
        }
        return nil
    }

    /// A position in the byte buffer with its line and column.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var line = 1
        var column = 1

        var location: SourceLocation { SourceLocation(line: line, column: column) }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func advance() {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek() != UInt8(ascii: "\n")) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count characters, not bytes: UTF-8 continuation bytes do not move the column.
                column += 1
            }
        }

        func hasPrefix(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let pointer = text.utf8Start
            for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
            return true
        }

        mutating func skip(past terminator: StaticString) {
            while peek() != nil && !hasPrefix(terminator) { advance() }
            for _ in 0..<terminator.utf8CodeUnitCount where peek() != nil { advance() }
        }

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        mutating func skipSpace() {
            while let byte = peek(), Self.isSpace(byte) { advance() }
        }

        mutating func readName() -> String {
            let start = index
            while let byte = peek(), !Self.isSpace(byte), byte != UInt8(ascii: "="), byte != UInt8(ascii: ">"),
                byte != UInt8(ascii: "/")
            {
                advance()
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func readStartTag() -> Tag {
            var tag = Tag(location: location, attributes: [])
            advance()  // "<"
            _ = readName()
            while true {
                skipSpace()
                guard let byte = peek() else { break }
                if byte == UInt8(ascii: ">") {
                    advance()
                    break
                }
                if byte == UInt8(ascii: "/") {
                    advance()
                    continue
                }
                let attributeLocation = location
                let name = readName()
                if name.isEmpty {
                    advance()
                    continue
                }
                tag.attributes.append((name, attributeLocation))
                skipSpace()
                guard peek() == UInt8(ascii: "=") else { continue }
                advance()
                skipSpace()
                guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
                advance()
                while let inner = peek(), inner != quote { advance() }
                if peek() != nil { advance() }
            }
            return tag
        }
    }
}
