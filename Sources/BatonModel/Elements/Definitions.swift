/// A whole BPMN file: the `<definitions>` root with its processes, collaborations,
/// declarations (messages, errors, signals, escalations) and diagrams.
///
/// Produced by `BatonXML`'s loader; every element keeps the line it was read from.
///
/// ```swift
/// let result = try BPMNLoader().load(file: "order.bpmn")
/// for process in result.definitions.processes where process.isExecutable { ... }
/// ```
public struct Definitions: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var name: String?
    public var targetNamespace: String?
    public var exporter: String?
    public var exporterVersion: String?
    /// The default language of expressions, from the `expressionLanguage` attribute.
    public var expressionLanguage: String?
    public var imports: [ImportDeclaration] = []
    public var processes: [ProcessDefinition] = []
    public var collaborations: [Collaboration] = []
    public var messages: [MessageDeclaration] = []
    public var errors: [ErrorDeclaration] = []
    public var signals: [SignalDeclaration] = []
    public var escalations: [EscalationDeclaration] = []
    public var diagrams: [Diagram] = []
    public var location: SourceLocation

    public init(location: SourceLocation) { self.location = location }

    /// The process with the given id, if the file defines one.
    public func process(_ id: ElementID) -> ProcessDefinition? {
        processes.first { $0.id == id }
    }

    /// The executable processes, in document order.
    public var executableProcesses: [ProcessDefinition] { processes.filter(\.isExecutable) }

    /// Each call activity whose `calledElement` is a literal process id (not an expression,
    /// which only a run decides), with that id: what a file needs from other files.
    public var literalCalls: [ElementID: ElementID] {
        var calls: [ElementID: ElementID] = [:]
        for process in processes {
            for node in process.allFlowNodes {
                guard case .callActivity(let call) = node.kind, let called = call.calledElement else { continue }
                let expression = FormalExpression(body: called, location: node.location)
                if !expression.isComputed, !expression.trimmedBody.isEmpty { calls[node.id] = ElementID(expression.trimmedBody) }
            }
        }
        return calls
    }
}

/// An `<import>` of another document (XSD, WSDL, DMN, BPMN). Baton records it; it never
/// fetches the imported location.
public struct ImportDeclaration: Hashable, Sendable, Codable {
    public var importType: String?
    public var location: String?
    public var namespace: String?
    public var sourceLocation: SourceLocation

    public init(importType: String?, location: String?, namespace: String?, sourceLocation: SourceLocation) {
        self.importType = importType
        self.location = location
        self.namespace = namespace
        self.sourceLocation = sourceLocation
    }
}

/// A `<message>` declaration: the name that message events and tasks correlate on.
public struct MessageDeclaration: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    /// From `baton:correlationKey` or `zeebe:subscription correlationKey`.
    public var correlationKey: FormalExpression?
    public var location: SourceLocation

    public init(id: ElementID, name: String?, correlationKey: FormalExpression? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.correlationKey = correlationKey
        self.location = location
    }
}

/// An `<error>` declaration: the code that error events throw and catch.
public struct ErrorDeclaration: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var errorCode: String?
    public var location: SourceLocation

    public init(id: ElementID, name: String?, errorCode: String?, location: SourceLocation) {
        self.id = id
        self.name = name
        self.errorCode = errorCode
        self.location = location
    }
}

/// A `<signal>` declaration: the name signal events broadcast and catch.
public struct SignalDeclaration: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var location: SourceLocation

    public init(id: ElementID, name: String?, location: SourceLocation) {
        self.id = id
        self.name = name
        self.location = location
    }
}

/// An `<escalation>` declaration: the code escalation events throw and catch.
public struct EscalationDeclaration: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var escalationCode: String?
    public var location: SourceLocation

    public init(id: ElementID, name: String?, escalationCode: String?, location: SourceLocation) {
        self.id = id
        self.name = name
        self.escalationCode = escalationCode
        self.location = location
    }
}
