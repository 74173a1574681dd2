/// A `<startEvent>`: where a process or subprocess begins.
public struct StartEvent: Hashable, Sendable, Codable {
    public var eventDefinitions: [EventDefinition]
    /// For the start event of an event subprocess: does it interrupt its scope?
    public var isInterrupting: Bool
    public var parallelMultiple: Bool

    public init(eventDefinitions: [EventDefinition] = [], isInterrupting: Bool = true, parallelMultiple: Bool = false) {
        self.eventDefinitions = eventDefinitions
        self.isInterrupting = isInterrupting
        self.parallelMultiple = parallelMultiple
    }
}

/// An `<endEvent>`: where a path ends, possibly throwing (error, terminate, ...).
public struct EndEvent: Hashable, Sendable, Codable {
    public var eventDefinitions: [EventDefinition]
    public init(eventDefinitions: [EventDefinition] = []) { self.eventDefinitions = eventDefinitions }
}

/// An `<intermediateCatchEvent>`: waits for a message, timer, signal, link, ...
public struct IntermediateCatchEvent: Hashable, Sendable, Codable {
    public var eventDefinitions: [EventDefinition]
    public var parallelMultiple: Bool
    public init(eventDefinitions: [EventDefinition] = [], parallelMultiple: Bool = false) {
        self.eventDefinitions = eventDefinitions
        self.parallelMultiple = parallelMultiple
    }
}

/// An `<intermediateThrowEvent>`: throws a message, signal, escalation, link, ... and
/// moves on. With no definition it is a pass-through milestone.
public struct IntermediateThrowEvent: Hashable, Sendable, Codable {
    public var eventDefinitions: [EventDefinition]
    public init(eventDefinitions: [EventDefinition] = []) { self.eventDefinitions = eventDefinitions }
}

/// A `<boundaryEvent>`: an event attached to an activity, interrupting it or not.
public struct BoundaryEvent: Hashable, Sendable, Codable {
    public var attachedTo: ElementID
    /// `cancelActivity` (default true): an interrupting boundary event.
    public var cancelActivity: Bool
    public var eventDefinitions: [EventDefinition]
    public var parallelMultiple: Bool

    public init(attachedTo: ElementID, cancelActivity: Bool = true, eventDefinitions: [EventDefinition] = [], parallelMultiple: Bool = false) {
        self.attachedTo = attachedTo
        self.cancelActivity = cancelActivity
        self.eventDefinitions = eventDefinitions
        self.parallelMultiple = parallelMultiple
    }
}
