/// A `<process>`: a named, versionable flow of work that Baton can start instances of
/// when it is executable.
///
/// Only processes with `isExecutable="true"` run; others are loaded and checked for
/// structure only (BPMN says an absent attribute means "not executable").
public struct ProcessDefinition: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var isExecutable: Bool
    /// The flow nodes, sequence flows, lanes and data of the process.
    public var scope: FlowScope
    public var extensions: ExtensionSettings
    public var documentation: String?
    public var location: SourceLocation

    public init(
        id: ElementID, name: String? = nil, isExecutable: Bool, scope: FlowScope = FlowScope(),
        extensions: ExtensionSettings = ExtensionSettings(), documentation: String? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.isExecutable = isExecutable
        self.scope = scope
        self.extensions = extensions
        self.documentation = documentation
        self.location = location
    }

    /// Every flow node of the process, its subprocesses' included, in document order.
    public var allFlowNodes: [FlowNode] { scope.allFlowNodes }
}

/// The content of a process or subprocess: what BPMN calls a flow elements container.
public struct FlowScope: Hashable, Sendable, Codable {
    public var flowNodes: [FlowNode] = []
    public var sequenceFlows: [SequenceFlow] = []
    public var dataObjects: [DataObject] = []
    public var dataReferences: [DataReference] = []
    public var laneSets: [LaneSet] = []

    public init(
        flowNodes: [FlowNode] = [], sequenceFlows: [SequenceFlow] = [], dataObjects: [DataObject] = [],
        dataReferences: [DataReference] = [], laneSets: [LaneSet] = []
    ) {
        self.flowNodes = flowNodes
        self.sequenceFlows = sequenceFlows
        self.dataObjects = dataObjects
        self.dataReferences = dataReferences
        self.laneSets = laneSets
    }

    /// The flow node with this id directly in this scope.
    public func flowNode(_ id: ElementID) -> FlowNode? { flowNodes.first { $0.id == id } }

    /// The sequence flow with this id directly in this scope.
    public func sequenceFlow(_ id: ElementID) -> SequenceFlow? { sequenceFlows.first { $0.id == id } }

    /// Every flow node in this scope and, depth first, in the subprocesses inside it.
    public var allFlowNodes: [FlowNode] {
        var result: [FlowNode] = []
        for node in flowNodes {
            result.append(node)
            if let inner = node.innerScope { result += inner.allFlowNodes }
        }
        return result
    }
}

/// A `<sequenceFlow>`: a directed edge between two flow nodes of the same scope, with an
/// optional condition.
public struct SequenceFlow: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var source: ElementID
    public var target: ElementID
    public var condition: FormalExpression?
    public var location: SourceLocation

    public init(
        id: ElementID, name: String? = nil, source: ElementID, target: ElementID,
        condition: FormalExpression? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.source = source
        self.target = target
        self.condition = condition
        self.location = location
    }
}

/// The text of an expression (condition, timer, script, mapping) as written, with its
/// declared language and where it was written.
///
/// Baton's expressions are FEEL; a leading `=` (Zeebe style) is allowed. Camunda 7 JUEL
/// (`${...}`) is recognised by its delimiters.
public struct FormalExpression: Hashable, Sendable, Codable {
    public var body: String
    /// The `language` attribute (or `scriptFormat`), when one was given.
    public var language: String?
    public var location: SourceLocation

    public init(body: String, language: String? = nil, location: SourceLocation) {
        self.body = body
        self.language = language
        self.location = location
    }

    /// The body without surrounding white space.
    public var trimmedBody: String { body.trimmingWhitespace() }

    /// True when the body is an expression to evaluate (FEEL with a leading `=`, or JUEL
    /// `${...}` / `#{...}`) rather than a literal value.
    public var isComputed: Bool {
        let text = trimmedBody
        return text.hasPrefix("=") || text.hasPrefix("${") || text.hasPrefix("#{")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation).
    package func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
