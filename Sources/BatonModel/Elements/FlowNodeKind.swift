/// What a ``FlowNode`` is, with the data only that kind has.
///
/// One case per BPMN element Baton reads. Elements of the BPMN namespace that Baton does
/// not know are kept as ``other(elementName:)`` so references to them resolve and the
/// validator can report them by name.
public enum FlowNodeKind: Hashable, Sendable, Codable {
    case startEvent(StartEvent)
    case endEvent(EndEvent)
    case intermediateCatchEvent(IntermediateCatchEvent)
    case intermediateThrowEvent(IntermediateThrowEvent)
    case boundaryEvent(BoundaryEvent)

    case task
    case manualTask
    case userTask
    case serviceTask(ServiceTask)
    case sendTask(MessageTask)
    case receiveTask(MessageTask)
    case scriptTask(ScriptTask)
    case businessRuleTask(BusinessRuleTask)

    case exclusiveGateway
    case parallelGateway
    case inclusiveGateway
    case eventBasedGateway(EventBasedGateway)
    case complexGateway

    case subProcess(SubProcess)
    case callActivity(CallActivity)

    case other(elementName: String)

    /// The XML element name of this kind.
    public var elementName: String {
        switch self {
        case .startEvent: "startEvent"
        case .endEvent: "endEvent"
        case .intermediateCatchEvent: "intermediateCatchEvent"
        case .intermediateThrowEvent: "intermediateThrowEvent"
        case .boundaryEvent: "boundaryEvent"
        case .task: "task"
        case .manualTask: "manualTask"
        case .userTask: "userTask"
        case .serviceTask: "serviceTask"
        case .sendTask: "sendTask"
        case .receiveTask: "receiveTask"
        case .scriptTask: "scriptTask"
        case .businessRuleTask: "businessRuleTask"
        case .exclusiveGateway: "exclusiveGateway"
        case .parallelGateway: "parallelGateway"
        case .inclusiveGateway: "inclusiveGateway"
        case .eventBasedGateway: "eventBasedGateway"
        case .complexGateway: "complexGateway"
        case .subProcess(let subProcess): subProcess.variant.elementName
        case .callActivity: "callActivity"
        case .other(let name): name
        }
    }

    /// True for tasks, subprocesses and call activities: the nodes that can carry
    /// boundary events, loops and I/O mappings.
    public var isActivity: Bool {
        switch self {
        case .task, .manualTask, .userTask, .serviceTask, .sendTask, .receiveTask, .scriptTask,
            .businessRuleTask, .subProcess, .callActivity:
            true
        default:
            false
        }
    }

    /// True for the five gateway kinds.
    public var isGateway: Bool {
        switch self {
        case .exclusiveGateway, .parallelGateway, .inclusiveGateway, .eventBasedGateway, .complexGateway: true
        default: false
        }
    }

    /// The event definitions of an event; empty for other kinds.
    public var eventDefinitions: [EventDefinition] {
        switch self {
        case .startEvent(let event): event.eventDefinitions
        case .endEvent(let event): event.eventDefinitions
        case .intermediateCatchEvent(let event): event.eventDefinitions
        case .intermediateThrowEvent(let event): event.eventDefinitions
        case .boundaryEvent(let event): event.eventDefinitions
        default: []
        }
    }
}

/// A `<serviceTask>`: work done by a system (connector, external worker, step handler).
public struct ServiceTask: Hashable, Sendable, Codable {
    /// The BPMN `implementation` attribute (`##WebService`, `##unspecified`, ...).
    public var implementation: String?
    public init(implementation: String? = nil) { self.implementation = implementation }
}

/// A `<sendTask>` or `<receiveTask>`: sends or waits for a message.
public struct MessageTask: Hashable, Sendable, Codable {
    public var messageRef: ElementID?
    /// `instantiate="true"` on a receive task that starts its process.
    public var instantiate: Bool
    public init(messageRef: ElementID? = nil, instantiate: Bool = false) {
        self.messageRef = messageRef
        self.instantiate = instantiate
    }
}

/// A `<scriptTask>`: evaluates a script (FEEL in Baton) and stores its result.
public struct ScriptTask: Hashable, Sendable, Codable {
    /// The `scriptFormat` attribute as written.
    public var scriptFormat: String?
    /// The `<script>` body, or the `zeebe:script expression`.
    public var script: FormalExpression?
    public init(scriptFormat: String? = nil, script: FormalExpression? = nil) {
        self.scriptFormat = scriptFormat
        self.script = script
    }
}

/// A `<businessRuleTask>`: evaluates a decision.
public struct BusinessRuleTask: Hashable, Sendable, Codable {
    public var implementation: String?
    /// The decision to evaluate (`zeebe:calledDecision decisionId`, `camunda:decisionRef`).
    public var decisionRef: String?
    public init(implementation: String? = nil, decisionRef: String? = nil) {
        self.implementation = implementation
        self.decisionRef = decisionRef
    }
}

/// An `<eventBasedGateway>`: waits for the first of the events that follow it.
public struct EventBasedGateway: Hashable, Sendable, Codable {
    public var instantiate: Bool
    /// `Exclusive` or `Parallel` (only meaningful with `instantiate`).
    public var eventGatewayType: String?
    public init(instantiate: Bool = false, eventGatewayType: String? = nil) {
        self.instantiate = instantiate
        self.eventGatewayType = eventGatewayType
    }
}

/// A `<subProcess>`, `<transaction>` or `<adHocSubProcess>` with its own content.
public struct SubProcess: Hashable, Sendable, Codable {
    /// Which element the subprocess was written as.
    public enum Variant: String, Hashable, Sendable, Codable {
        case embedded, transaction, adHoc

        /// The XML element name of the variant.
        public var elementName: String {
            switch self {
            case .embedded: "subProcess"
            case .transaction: "transaction"
            case .adHoc: "adHocSubProcess"
            }
        }
    }

    public var variant: Variant
    /// `triggeredByEvent="true"`: an event subprocess, started by its start event.
    public var triggeredByEvent: Bool
    public var scope: FlowScope

    public init(variant: Variant = .embedded, triggeredByEvent: Bool = false, scope: FlowScope = FlowScope()) {
        self.variant = variant
        self.triggeredByEvent = triggeredByEvent
        self.scope = scope
    }
}

/// A `<callActivity>`: starts another process and waits for it.
public struct CallActivity: Hashable, Sendable, Codable {
    /// The called process id: `calledElement`, or `zeebe:calledElement processId`.
    public var calledElement: String?
    public init(calledElement: String? = nil) { self.calledElement = calledElement }
}
