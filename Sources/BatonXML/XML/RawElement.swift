public import BatonModel

/// An XML element as libxml2 parsed it, copied into Swift values: local name, namespace
/// URI, attributes, child elements, direct text and where its start tag begins.
///
/// The BPMN readers work on this tree, never on libxml2 pointers, so the C library is
/// confined to ``SafeXMLParser``.
public struct RawElement: Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var prefix: String?
    public var attributes: [RawAttribute]
    public var children: [RawElement]
    /// The element's own text and CDATA, concatenated (not its descendants').
    public var text: String
    public var location: SourceLocation

    /// The value of the attribute with this local name in `namespace` (`nil`: no namespace,
    /// which is where BPMN's own attributes live).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// Where the attribute's name starts, or the element's location when unknown.
    public func location(ofAttribute name: String, namespace: String? = nil) -> SourceLocation {
        attributes.first { $0.name == name && $0.namespace == namespace }?.location ?? location
    }

    /// The child elements in `namespace`, optionally only those with one local name.
    public func children(in namespace: String, named name: String? = nil) -> [RawElement] {
        children.filter { $0.namespace == namespace && (name == nil || $0.name == name) }
    }

    /// The first child element in `namespace` with this local name.
    public func child(in namespace: String, named name: String) -> RawElement? {
        children.first { $0.namespace == namespace && $0.name == name }
    }

    /// `prefix:name` as written, for messages.
    public var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }
}

/// An attribute of a ``RawElement``.
public struct RawAttribute: Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var prefix: String?
    public var value: String
    public var location: SourceLocation

    /// `prefix:name` as written, for messages.
    public var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }
}
