import BatonModel

/// Turns a parsed ``RawElement`` tree into ``Definitions``, collecting diagnostics for
/// what it cannot read (missing or malformed attributes, unknown `baton:` extensions,
/// unsupported `camunda:`/`zeebe:` settings in executable processes).
///
/// It reads what is there and never stops at the first problem; the
/// ``ModelValidator`` then checks references and semantics on the result.
struct ModelReader {
    var diagnostics: [Diagnostic] = []
    let index: ElementIndex
    /// Ids the reader made up for elements that had none.
    var generatedIDs: Set<String> = []
    /// How deep the subprocess being read is nested, and the most accepted: reading
    /// recurses per level, and no real model nests anywhere near this deep.
    var subProcessDepth = 0
    static let maxSubProcessDepth = 16

    init(index: ElementIndex) { self.index = index }

    mutating func readDefinitions(_ root: RawElement) -> Definitions {
        var definitions = Definitions(location: root.location)
        definitions.id = root.attribute("id").map { ElementID($0) }
        definitions.name = root.attribute("name")
        definitions.targetNamespace = root.attribute("targetNamespace")
        definitions.exporter = root.attribute("exporter")
        definitions.exporterVersion = root.attribute("exporterVersion")
        definitions.expressionLanguage = root.attribute("expressionLanguage")

        for child in root.children {
            switch (child.namespace, child.name) {
            case (Namespace.bpmn, "process"):
                definitions.processes.append(readProcess(child))
            case (Namespace.bpmn, "collaboration"):
                definitions.collaborations.append(readCollaboration(child))
            case (Namespace.bpmn, "message"):
                guard let id = requiredID(child) else { continue }
                var message = MessageDeclaration(id: id, name: child.attribute("name"), location: child.location)
                var ignored = ExtensionSettings()  // checked for mistakes; the correlation key is read below
                readExtensions(of: child, kind: nil, executable: false, into: &ignored)
                message.correlationKey = readMessageCorrelation(child)
                definitions.messages.append(message)
            case (Namespace.bpmn, "error"):
                guard let id = requiredID(child) else { continue }
                definitions.errors.append(ErrorDeclaration(
                    id: id, name: child.attribute("name"), errorCode: child.attribute("errorCode"), location: child.location))
            case (Namespace.bpmn, "signal"):
                guard let id = requiredID(child) else { continue }
                definitions.signals.append(SignalDeclaration(id: id, name: child.attribute("name"), location: child.location))
            case (Namespace.bpmn, "escalation"):
                guard let id = requiredID(child) else { continue }
                definitions.escalations.append(EscalationDeclaration(
                    id: id, name: child.attribute("name"), escalationCode: child.attribute("escalationCode"),
                    location: child.location))
            case (Namespace.bpmn, "import"):
                definitions.imports.append(ImportDeclaration(
                    importType: child.attribute("importType"), location: child.attribute("location"),
                    namespace: child.attribute("namespace"), sourceLocation: child.location))
            case (Namespace.bpmnDI, "BPMNDiagram"):
                definitions.diagrams.append(readDiagram(child))
            default:
                // Item definitions, data stores, interfaces, categories, resources,
                // choreographies and conversations describe a model; none changes how
                // Baton runs a process.
                break
            }
        }
        return definitions
    }

    // MARK: Processes and collaborations

    mutating func readProcess(_ element: RawElement) -> ProcessDefinition {
        let id = requiredID(element) ?? ElementID("")
        let executable = readBool(element, "isExecutable", default: false)
        var extensions = ExtensionSettings()
        readExtensions(of: element, kind: nil, executable: executable, into: &extensions)
        return ProcessDefinition(
            id: id, name: element.attribute("name"), isExecutable: executable,
            scope: readScope(element, executable: executable), extensions: extensions,
            documentation: documentation(of: element), location: element.location)
    }

    mutating func readCollaboration(_ element: RawElement) -> Collaboration {
        var collaboration = Collaboration(
            id: requiredID(element) ?? ElementID(""), name: element.attribute("name"), location: element.location)
        for child in element.children(in: Namespace.bpmn) {
            switch child.name {
            case "participant":
                guard let id = requiredID(child) else { continue }
                collaboration.participants.append(Participant(
                    id: id, name: child.attribute("name"), processRef: ref(child.attribute("processRef")),
                    location: child.location))
            case "messageFlow":
                guard let id = requiredID(child),
                    let source = requiredReference(child, "sourceRef"),
                    let target = requiredReference(child, "targetRef")
                else { continue }
                collaboration.messageFlows.append(MessageFlow(
                    id: id, name: child.attribute("name"), source: source, target: target,
                    messageRef: ref(child.attribute("messageRef")), location: child.location))
            default:
                break
            }
        }
        return collaboration
    }

    // MARK: Attribute helpers

    /// The `id` attribute, or an error when it is missing.
    mutating func requiredID(_ element: RawElement) -> ElementID? {
        guard let id = element.attribute("id"), !id.isEmpty else {
            diagnostics.append(.error(.missingAttribute, "\(element.name) has no id attribute", at: element.location))
            return nil
        }
        return ElementID(id)
    }

    /// An attribute that must name another element, or an error when it is missing.
    mutating func requiredReference(_ element: RawElement, _ attribute: String) -> ElementID? {
        guard let value = element.attribute(attribute), !value.isEmpty else {
            let id = element.attribute("id").map { " '\($0)'" } ?? ""
            diagnostics.append(.error(
                .missingAttribute, "\(element.name)\(id) has no \(attribute) attribute", at: element.location,
                element: element.attribute("id").map { ElementID($0) }))
            return nil
        }
        return ref(value)
    }

    /// A reference to another element. References are QNames in BPMN, so
    /// `tns:newInvoice` names `newInvoice` when the file has no element with the
    /// prefixed id.
    func ref(_ value: String?) -> ElementID? { Self.ref(value, index: index) }

    static func ref(_ value: String?, index: ElementIndex) -> ElementID? {
        guard let value, !value.isEmpty else { return nil }
        if index[value] == nil, let colon = value.lastIndex(of: ":") {
            let local = String(value[value.index(after: colon)...])
            if index[local] != nil { return ElementID(local) }
        }
        return ElementID(value)
    }

    /// A boolean attribute (`true`/`false`, as XML Schema writes them); anything else is
    /// an error and the default is used.
    mutating func readBool(_ element: RawElement, _ attribute: String, namespace: String? = nil, default value: Bool) -> Bool {
        guard let text = element.attribute(attribute, namespace: namespace) else { return value }
        switch text.trimmingWhitespace() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            diagnostics.append(.error(
                .invalidAttribute, "\(Self.displayName(element)) \(attribute)=\"\(text)\" is not a boolean; write true or false",
                at: element.location(ofAttribute: attribute, namespace: namespace),
                element: element.attribute("id").map { ElementID($0) }))
            return value
        }
    }

    /// A whole-number attribute; anything else is an error and `nil`.
    mutating func readInt(_ element: RawElement, _ attribute: String, namespace: String? = nil) -> Int? {
        guard let text = element.attribute(attribute, namespace: namespace) else { return nil }
        guard let value = Int(text.trimmingWhitespace()) else {
            diagnostics.append(.error(
                .invalidAttribute, "\(Self.displayName(element)) \(attribute)=\"\(text)\" is not a whole number",
                at: element.location(ofAttribute: attribute, namespace: namespace),
                element: element.attribute("id").map { ElementID($0) }))
            return nil
        }
        return value
    }

    /// `boundaryEvent` for BPMN elements, `baton:retries` (as written) for extensions.
    static func displayName(_ element: RawElement) -> String {
        element.namespace == Namespace.bpmn ? element.name : element.qualifiedName
    }

    /// The `<documentation>` text of an element.
    func documentation(of element: RawElement) -> String? {
        let texts = element.children(in: Namespace.bpmn, named: "documentation").map { $0.text.trimmingWhitespace() }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// A child element holding an expression (`conditionExpression`, `timeDuration`, ...).
    func expression(_ element: RawElement?) -> FormalExpression? {
        guard let element else { return nil }
        return FormalExpression(body: element.text, language: element.attribute("language"), location: element.location)
    }
}
