public import BatonModel

/// Every element of a file that has an `id` in the BPMN, BPMNDI or DI namespace: its
/// element name and where it is. Built before the model, so references can be checked
/// against elements the model does not keep (text annotations, data stores, ...).
public struct ElementIndex: Sendable, Hashable {
    /// One indexed element.
    public struct Entry: Sendable, Hashable {
        public var elementName: String
        public var location: SourceLocation
        /// Where its reference attributes (`sourceRef`, `default`, `attachedToRef`, ...)
        /// are written, so a broken reference can be pointed at exactly.
        public var referenceLocations: [String: SourceLocation] = [:]
    }

    /// Where `attribute` of the element `id` is written, or `fallback` when unknown.
    public func location(of attribute: String, on id: ElementID, fallback: SourceLocation) -> SourceLocation {
        entries[id.rawValue]?.referenceLocations[attribute] ?? fallback
    }

    public private(set) var entries: [String: Entry] = [:]
    /// Ids used by more than one element.
    public private(set) var duplicates: Set<String> = []

    /// The entry for `id`, if the file has an element with it.
    public subscript(id: String) -> Entry? { entries[id] }

    /// Indexes the tree below `root`, reporting every id used twice.
    init(root: RawElement, diagnostics: inout [Diagnostic]) {
        // Depth first, in document order, so the first use of an id is the one kept.
        var stack = [root]
        while let element = stack.popLast() {
            stack.append(contentsOf: element.children.reversed())
            guard let namespace = element.namespace, Namespace.identified.contains(namespace),
                let id = element.attribute("id")
            else { continue }
            if let first = entries[id] {
                duplicates.insert(id)
                diagnostics.append(.error(
                    .duplicateID,
                    "duplicate id '\(id)': \(element.name) reuses the id of the \(first.elementName) on line \(first.location.line)",
                    at: element.location(ofAttribute: "id"), element: ElementID(id)))
            } else {
                var entry = Entry(elementName: element.name, location: element.location)
                for attribute in element.attributes
                where attribute.namespace == nil && (attribute.name.hasSuffix("Ref") || attribute.name == "default" || attribute.name == "calledElement") {
                    entry.referenceLocations[attribute.name] = attribute.location
                }
                entries[id] = entry
            }
        }
    }
}
