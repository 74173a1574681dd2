import Foundation
import HTTPTypes

/// A `multipart/form-data` body (RFC 7578) split into its parts — enough for uploading
/// files: each part's field name, file name and bytes.
struct MultipartForm {
    /// One part of the form.
    struct Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        var body: [UInt8]
    }

    var parts: [Part]

    /// Splits `body` at the boundary named in `contentType`; a clear message when the body
    /// is not the form it claims to be.
    init(contentType: String, body: [UInt8]) throws(Problem) {
        guard let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw Problem(.badRequest, "a multipart/form-data body needs a boundary parameter in Content-Type")
        }
        let delimiter = Array("--\(boundary)".utf8)
        var sections = Self.split(body, at: delimiter)
        guard sections.count >= 2 else { throw Problem(.badRequest, "the multipart body has no part delimited by '--\(boundary)'") }
        sections.removeFirst()  // the preamble
        parts = []
        for section in sections {
            if section.starts(with: Array("--".utf8)) { break }  // the closing delimiter
            guard let headerEnd = Self.range(of: Array("\r\n\r\n".utf8), in: section) else {
                throw Problem(.badRequest, "a part of the multipart body has no blank line after its headers")
            }
            let headers = String(decoding: section[..<headerEnd.lowerBound], as: UTF8.self)
            var part = Part(body: Array(section[headerEnd.upperBound...]))
            if part.body.suffix(2) == Array("\r\n".utf8) { part.body.removeLast(2) }
            for line in headers.split(whereSeparator: \.isNewline) {
                let pieces = line.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                let value = pieces[1].trimmingCharacters(in: .whitespaces)
                switch pieces[0].trimmingCharacters(in: .whitespaces).lowercased() {
                case "content-disposition":
                    part.name = Self.parameter("name", in: value)
                    part.fileName = Self.parameter("filename", in: value)
                case "content-type": part.contentType = value
                default: break
                }
            }
            parts.append(part)
        }
    }

    /// The first part that carries a file (or the part named `file`).
    var file: Part? { parts.first { $0.fileName != nil } ?? parts.first { $0.name == "file" } }

    /// `name=value` or `name="value"` among `;`-separated header parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func split(_ bytes: [UInt8], at delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
        var sections: [ArraySlice<UInt8>] = []
        var rest = bytes[...]
        while let found = range(of: delimiter, in: rest) {
            sections.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
        }
        sections.append(rest)
        return sections
    }

    static func range(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index..<index + needle.count }
            index += 1
        }
        return nil
    }
}
