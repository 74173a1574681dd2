/// One `<*EventDefinition>` inside an event: what the event throws or catches.
public struct EventDefinition: Hashable, Sendable, Codable {
    public var id: ElementID?
    public var kind: EventDefinitionKind
    public var location: SourceLocation

    public init(id: ElementID? = nil, kind: EventDefinitionKind, location: SourceLocation) {
        self.id = id
        self.kind = kind
        self.location = location
    }
}

/// The kinds of event definitions BPMN 2.0 defines, with their references.
public enum EventDefinitionKind: Hashable, Sendable, Codable {
    case message(messageRef: ElementID?)
    case timer(TimerDefinition)
    case error(errorRef: ElementID?)
    case signal(signalRef: ElementID?)
    case escalation(escalationRef: ElementID?)
    case terminate
    case conditional(condition: FormalExpression?)
    case link(name: String?)
    case compensate(activityRef: ElementID?, waitForCompletion: Bool)
    case cancel

    /// The XML element name, e.g. `timerEventDefinition`.
    public var elementName: String {
        switch self {
        case .message: "messageEventDefinition"
        case .timer: "timerEventDefinition"
        case .error: "errorEventDefinition"
        case .signal: "signalEventDefinition"
        case .escalation: "escalationEventDefinition"
        case .terminate: "terminateEventDefinition"
        case .conditional: "conditionalEventDefinition"
        case .link: "linkEventDefinition"
        case .compensate: "compensateEventDefinition"
        case .cancel: "cancelEventDefinition"
        }
    }

    /// A short word for messages: `message`, `timer`, ...
    public var shortName: String {
        switch self {
        case .message: "message"
        case .timer: "timer"
        case .error: "error"
        case .signal: "signal"
        case .escalation: "escalation"
        case .terminate: "terminate"
        case .conditional: "conditional"
        case .link: "link"
        case .compensate: "compensation"
        case .cancel: "cancel"
        }
    }
}

/// A `<timerEventDefinition>`: exactly one of a date, a duration or a cycle.
public struct TimerDefinition: Hashable, Sendable, Codable {
    /// Which child element the timer was written with.
    public enum TimerType: String, Hashable, Sendable, Codable {
        case date = "timeDate"
        case duration = "timeDuration"
        case cycle = "timeCycle"
    }

    public var type: TimerType?
    public var value: FormalExpression?

    public init(type: TimerType? = nil, value: FormalExpression? = nil) {
        self.type = type
        self.value = value
    }
}
