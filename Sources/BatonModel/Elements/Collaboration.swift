/// A `<collaboration>`: the pools (participants) of a diagram and the message flows
/// between them.
public struct Collaboration: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var participants: [Participant]
    public var messageFlows: [MessageFlow]
    public var location: SourceLocation

    public init(id: ElementID, name: String? = nil, participants: [Participant] = [], messageFlows: [MessageFlow] = [], location: SourceLocation) {
        self.id = id
        self.name = name
        self.participants = participants
        self.messageFlows = messageFlows
        self.location = location
    }
}

/// A `<participant>` (pool), optionally showing a process.
public struct Participant: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var processRef: ElementID?
    public var location: SourceLocation

    public init(id: ElementID, name: String? = nil, processRef: ElementID? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.processRef = processRef
        self.location = location
    }
}

/// A `<messageFlow>` between two participants or their flow nodes.
public struct MessageFlow: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var source: ElementID
    public var target: ElementID
    public var messageRef: ElementID?
    public var location: SourceLocation

    public init(id: ElementID, name: String? = nil, source: ElementID, target: ElementID, messageRef: ElementID? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.source = source
        self.target = target
        self.messageRef = messageRef
        self.location = location
    }
}

/// A `<laneSet>`: the lanes that divide a process (often by role or department).
public struct LaneSet: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var name: String?
    public var lanes: [Lane]
    public var location: SourceLocation

    public init(id: ElementID? = nil, name: String? = nil, lanes: [Lane] = [], location: SourceLocation) {
        self.id = id
        self.name = name
        self.lanes = lanes
        self.location = location
    }
}

/// A `<lane>` and the flow nodes it holds; lanes nest through `childLanes`.
public struct Lane: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var flowNodeRefs: [ElementID]
    public var childLanes: [Lane]
    public var location: SourceLocation

    public init(id: ElementID, name: String? = nil, flowNodeRefs: [ElementID] = [], childLanes: [Lane] = [], location: SourceLocation) {
        self.id = id
        self.name = name
        self.flowNodeRefs = flowNodeRefs
        self.childLanes = childLanes
        self.location = location
    }
}

/// A `<dataObject>`: a named piece of process data (Baton maps it to a variable).
public struct DataObject: Hashable, Sendable, Codable {
    public var id: ElementID
    public var name: String?
    public var isCollection: Bool
    /// `baton:sensitive="true"`: the variable (named by `name`, else `id`) is encrypted at
    /// rest and shown masked.
    public var sensitive = false
    public var location: SourceLocation

    /// The variable the data object stands for.
    public var variableName: String { name ?? id.rawValue }

    public init(id: ElementID, name: String? = nil, isCollection: Bool = false, location: SourceLocation) {
        self.id = id
        self.name = name
        self.isCollection = isCollection
        self.location = location
    }
}

/// A `<dataObjectReference>` or `<dataStoreReference>` drawn in a diagram.
public struct DataReference: Hashable, Sendable, Codable {
    /// Which kind of data the reference points at.
    public enum Kind: String, Hashable, Sendable, Codable {
        case dataObject = "dataObjectReference"
        case dataStore = "dataStoreReference"
    }

    public var id: ElementID
    public var name: String?
    public var kind: Kind
    /// `dataObjectRef` or `dataStoreRef`.
    public var target: ElementID?
    public var location: SourceLocation

    public init(id: ElementID, name: String? = nil, kind: Kind, target: ElementID? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.kind = kind
        self.target = target
        self.location = location
    }
}
