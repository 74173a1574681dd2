/// A node of a process graph: an event, activity or gateway.
///
/// The kind-specific data lives in ``kind``; what every node shares (id, flows, loop,
/// extension settings, source line) lives here. `incoming` and `outgoing` are computed
/// from the sequence flows of the node's scope, never trusted from the XML's optional
/// `<incoming>`/`<outgoing>` children.
public struct FlowNode: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var kind: FlowNodeKind
    /// Ids of the sequence flows that end at this node, in document order.
    public var incoming: [ElementID]
    /// Ids of the sequence flows that start at this node, in document order.
    public var outgoing: [ElementID]
    /// The `default` flow of a gateway or activity.
    public var defaultFlow: ElementID?
    /// Standard loop or multi-instance characteristics of an activity.
    public var loop: LoopCharacteristics?
    /// `isForCompensation="true"`: a compensation handler, started only by compensation.
    public var isForCompensation: Bool
    public var extensions: ExtensionSettings
    public var documentation: String?
    public var location: SourceLocation

    public init(
        id: ElementID, name: String? = nil, kind: FlowNodeKind, incoming: [ElementID] = [],
        outgoing: [ElementID] = [], defaultFlow: ElementID? = nil, loop: LoopCharacteristics? = nil,
        isForCompensation: Bool = false, extensions: ExtensionSettings = ExtensionSettings(),
        documentation: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.incoming = incoming
        self.outgoing = outgoing
        self.defaultFlow = defaultFlow
        self.loop = loop
        self.isForCompensation = isForCompensation
        self.extensions = extensions
        self.documentation = documentation
        self.location = location
    }

    /// The XML element name, e.g. `serviceTask`, for messages.
    public var elementName: String { kind.elementName }

    /// `serviceTask 'createSalesOrder'`: how diagnostics name a node.
    public var displayName: String { "\(elementName) '\(id)'" }

    /// The content of a subprocess (of any variant), if this node is one.
    public var innerScope: FlowScope? {
        if case .subProcess(let subProcess) = kind { return subProcess.scope }
        return nil
    }

    /// The event definitions of an event node; empty for activities and gateways.
    public var eventDefinitions: [EventDefinition] { kind.eventDefinitions }
}
