import BatonModel
internal import CLibXML2

/// Parses XML with libxml2, safely, into a ``RawElement`` tree.
///
/// Safe by construction:
/// - no network (`XML_PARSE_NONET`) and an external entity loader that loads nothing;
/// - entities are never substituted (`XML_PARSE_NOENT` is never set) and no DTD is
///   loaded; any `<!DOCTYPE` stops the parser at once, which also stops XXE and
///   entity-expansion bombs before a single entity is declared;
/// - a size cap checked before parsing and a depth cap checked while building the tree
///   (libxml2 itself refuses nesting beyond 256 levels without `XML_PARSE_HUGE`).
///
/// Errors are thrown as ``XMLLoadError`` with the file, line and column libxml2 reports.
public struct SafeXMLParser: Sendable {
    public var limits: XMLParsingLimits

    public init(limits: XMLParsingLimits = .default) { self.limits = limits }

    /// Parses a whole document held in memory. `sourceName` is used in error messages.
    public func parse(_ bytes: [UInt8], sourceName: String?) throws(XMLLoadError) -> RawElement {
        guard bytes.count <= limits.maxBytes else {
            throw XMLLoadError(
                .fileTooLarge,
                "the file is \(bytes.count) bytes; the limit is \(limits.maxBytes) bytes",
                file: sourceName, at: SourceLocation(line: 1, column: 1))
        }
        guard !bytes.isEmpty else {
            throw XMLLoadError(.malformedXML, "the file is empty", file: sourceName, at: SourceLocation(line: 1, column: 1))
        }
        let result: Result<RawElement, XMLLoadError> = bytes.withUnsafeBufferPointer { buffer in
            parseBuffer(buffer, sourceName: sourceName)
        }
        return try result.get()
    }

    private func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>, sourceName: String?) -> Result<RawElement, XMLLoadError> {
        var state = baton_parse_state()
        return withUnsafeMutablePointer(to: &state) { state in
            defer { baton_reset_parse_state(state) }
            return parseBuffer(buffer, sourceName: sourceName, state: state)
        }
    }

    private func parseBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>, sourceName: String?, state: UnsafeMutablePointer<baton_parse_state>
    ) -> Result<RawElement, XMLLoadError> {
        guard let context = baton_new_safe_parser_context(state) else {
            return .failure(XMLLoadError(.malformedXML, "libxml2 could not create a parser", file: sourceName, at: .unknown))
        }
        defer { baton_free_safe_parser_context(context) }

        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let document = buffer.withMemoryRebound(to: CChar.self) { chars in
            xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, options)
        }
        defer { if let document { xmlFreeDoc(document) } }

        let doctypeLine = Int(state.pointee.doctypeLine)
        if doctypeLine > 0 {
            return .failure(XMLLoadError(
                .forbiddenDoctype,
                "DOCTYPE declarations are not allowed in BPMN files (they can declare external or recursive entities); remove the <!DOCTYPE ...> line",
                file: sourceName, at: StartTagLocator.firstDoctype(in: buffer) ?? SourceLocation(line: doctypeLine)))
        }
        guard let document, context.pointee.wellFormed != 0 else {
            return .failure(Self.syntaxError(baton_first_error(state) ?? xmlCtxtGetLastError(context), sourceName: sourceName))
        }
        guard let root = xmlDocGetRootElement(document) else {
            return .failure(XMLLoadError(.malformedXML, "the document has no root element", file: sourceName, at: SourceLocation(line: 1)))
        }
        var builder = TreeBuilder(document: document, locator: StartTagLocator(buffer), maxDepth: limits.maxDepth, sourceName: sourceName)
        return Result { () throws(XMLLoadError) in try builder.element(root, depth: 1) }
    }

    /// The message for elements nested beyond `depth` levels.
    static func tooDeep(_ depth: Int) -> String { "elements are nested more than \(depth) levels deep" }

    /// A libxml2 error as an ``XMLLoadError``: one line, with what to do where it helps.
    private static func syntaxError(_ error: xmlErrorPtr?, sourceName: String?) -> XMLLoadError {
        guard let error else {
            return XMLLoadError(.malformedXML, "the document is not well-formed XML", file: sourceName, at: SourceLocation(line: 1))
        }
        let raw = error.pointee.message.map { String(cString: $0) } ?? "the document is not well-formed XML"
        // libxml2 messages can end in a newline or carry a second line ("Bytes: 0x..").
        let lines = raw.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        var message = lines.joined(separator: "; ")
        let location = SourceLocation(line: max(1, Int(error.pointee.line)), column: max(0, Int(error.pointee.int2)))
        let code = error.pointee.code
        if message.hasPrefix("Excessive depth") {
            return XMLLoadError(.nestingTooDeep, tooDeep(256), file: sourceName, at: location)
        }
        if message.hasPrefix("input conversion failed") {
            let parts = message.split(separator: "bytes ", maxSplits: 1, omittingEmptySubsequences: false)
            let bytes = parts.count == 2 ? " (\(parts[1]))" : ""
            message = "the file has bytes\(bytes) that are not valid in the encoding it declares; save it as UTF-8 or correct <?xml ... encoding=\"...\"?>"
        } else if code == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue) {
            message = "the document is empty (no root element)"
        } else if code == Int32(XML_ERR_INVALID_CHAR.rawValue) || raw.contains("not proper UTF-8") {
            let bytes = lines.first { $0.hasPrefix("Bytes:") }.map { " (\($0.dropFirst(7)))" } ?? ""
            message = "the file is not valid UTF-8\(bytes); save it as UTF-8 or declare its encoding in <?xml ... encoding=\"...\"?>"
        }
        return XMLLoadError(.malformedXML, message, file: sourceName, at: location)
    }
}

/// Copies libxml2's tree into ``RawElement`` values, taking positions from the
/// ``StartTagLocator`` in document order.
private struct TreeBuilder {
    let document: xmlDocPtr
    let locator: StartTagLocator?
    let maxDepth: Int
    let sourceName: String?
    var nextTag = 0

    init(document: xmlDocPtr, locator: StartTagLocator?, maxDepth: Int, sourceName: String?) {
        self.document = document
        self.locator = locator
        self.maxDepth = maxDepth
        self.sourceName = sourceName
    }

    mutating func element(_ node: xmlNodePtr, depth: Int) throws(XMLLoadError) -> RawElement {
        var tag: StartTagLocator.Tag?
        if let locator, nextTag < locator.tags.count { tag = locator.tags[nextTag] }
        nextTag += 1
        let location = tag?.location ?? SourceLocation(line: Int(xmlGetLineNo(node)))
        guard depth <= maxDepth else {
            throw XMLLoadError(.nestingTooDeep, SafeXMLParser.tooDeep(maxDepth), file: sourceName, at: location)
        }

        var attributes: [RawAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = Self.string(current.pointee.name) ?? ""
            let prefix = current.pointee.ns.flatMap { Self.string($0.pointee.prefix) }
            let qualified = prefix.map { "\($0):\(name)" } ?? name
            var value = ""
            if let raw = xmlNodeListGetString(document, current.pointee.children, 1) {
                value = String(cString: raw)
                baton_xml_free(raw)
            }
            let attributeLocation = tag?.attributes.first { $0.qualifiedName == qualified }?.location ?? location
            attributes.append(RawAttribute(
                name: name, namespace: current.pointee.ns.flatMap { Self.string($0.pointee.href) },
                prefix: prefix, value: value, location: attributeLocation))
            attribute = current.pointee.next
        }

        var children: [RawElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(try element(current, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = Self.string(current.pointee.content) { text += content }
            default:
                break
            }
            child = current.pointee.next
        }

        return RawElement(
            name: Self.string(node.pointee.name) ?? "",
            namespace: node.pointee.ns.flatMap { Self.string($0.pointee.href) },
            prefix: node.pointee.ns.flatMap { Self.string($0.pointee.prefix) },
            attributes: attributes, children: children, text: text, location: location)
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
