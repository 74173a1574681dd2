public import BatonModel

/// A flow node prepared for execution: its behaviour, flows, and every expression it
/// uses already parsed.
public final class CompiledNode: Sendable {
    /// The node as read from the model. For a process root, a synthetic node.
    public let node: FlowNode
    /// The subprocess (or process) whose scope holds this node.
    public let scopeID: ElementID
    let behavior: BehaviorKind
    /// Outgoing flows in document order.
    let outgoing: [CompiledFlow]
    let defaultFlow: CompiledFlow?
    /// Number of incoming sequence flows.
    let incomingCount: Int
    let inputs: [CompiledMapping]
    let outputs: [CompiledMapping]
    /// The script of a script task.
    let script: CompiledExpression?
    /// The start event of a subprocess (or process, or event subprocess) scope.
    let startEvent: ElementID?
    /// For an inclusive gateway that joins: for each incoming flow, the nodes of the
    /// scope from which a token could still reach that flow without passing the gateway.
    let upstreamOfIncoming: [ElementID: Set<ElementID>]
    /// Assignment of a user task, its expressions parsed.
    let assignment: CompiledAssignment?
    /// The timer of a timer event.
    let timer: CompiledTimer?
    /// The message or signal name a catch or throw event, receive or send task uses; the
    /// error or escalation code an event throws.
    let eventName: String?
    /// For an error or escalation catch event: the code it catches; nil catches every code.
    let catchCode: String?
    /// For a receive task or message catch: the correlation key expression.
    let correlationKey: CompiledExpression?
    /// For a call activity: the called process id (literal or expression).
    let calledElement: CompiledExpression?
    /// For an activity: its boundary events, in document order.
    let boundaryEvents: [ElementID]
    /// For a scope (process, subprocess): the start events of its event subprocesses.
    let eventSubProcessStarts: [ElementID]
    /// For a boundary event: whether it cancels its activity; for an event subprocess's
    /// start event: whether it interrupts its scope.
    let isInterrupting: Bool
    /// For an activity with multi-instance or standard loop characteristics.
    let loop: CompiledLoop?

    init(_ setup: CompiledNodeSetup) {
        node = setup.node
        scopeID = setup.scopeID
        behavior = setup.behavior
        outgoing = setup.outgoing
        defaultFlow = setup.defaultFlow
        incomingCount = setup.incomingCount
        inputs = setup.inputs
        outputs = setup.outputs
        script = setup.script
        startEvent = setup.startEvent
        upstreamOfIncoming = setup.upstreamOfIncoming
        assignment = setup.assignment
        timer = setup.timer
        eventName = setup.eventName
        catchCode = setup.catchCode
        correlationKey = setup.correlationKey
        calledElement = setup.calledElement
        boundaryEvents = setup.boundaryEvents
        eventSubProcessStarts = setup.eventSubProcessStarts
        isInterrupting = setup.isInterrupting
        loop = setup.loop
    }

    public var id: ElementID { node.id }

    /// True when tokens wait here for tokens on other incoming flows (a parallel or
    /// inclusive gateway with more than one incoming flow).
    var isJoin: Bool {
        incomingCount > 1 && (behavior == .parallelGateway || behavior == .inclusiveGateway)
    }

    /// True for throwing events, which may end themselves when what they throw is caught
    /// outside them (an error, an escalation, a signal starting an interrupting event
    /// subprocess).
    var canEndItself: Bool { behavior == .endEvent || behavior == .intermediateThrowEvent }

    /// True for activities that do their work and complete in the same step (script,
    /// plain, manual, business rule and send tasks run by the engine).
    var completesAtOnce: Bool {
        switch behavior {
        case .scriptTask, .passThroughTask, .businessRuleTask, .sendTask: true
        default: false
        }
    }

    /// The kind of the node's first event definition, if it has one.
    var eventKind: EventDefinitionKind? { node.eventDefinitions.first?.kind }
}

/// Everything a ``CompiledNode`` is made of, filled in by the compiler.
struct CompiledNodeSetup {
    var node: FlowNode
    var scopeID: ElementID
    var behavior: BehaviorKind
    var outgoing: [CompiledFlow] = []
    var defaultFlow: CompiledFlow?
    var incomingCount = 0
    var inputs: [CompiledMapping] = []
    var outputs: [CompiledMapping] = []
    var script: CompiledExpression?
    var startEvent: ElementID?
    var upstreamOfIncoming: [ElementID: Set<ElementID>] = [:]
    var assignment: CompiledAssignment?
    var timer: CompiledTimer?
    var eventName: String?
    var catchCode: String?
    var correlationKey: CompiledExpression?
    var calledElement: CompiledExpression?
    var boundaryEvents: [ElementID] = []
    var eventSubProcessStarts: [ElementID] = []
    var isInterrupting = true
    var loop: CompiledLoop?

    init(node: FlowNode, scopeID: ElementID, behavior: BehaviorKind) {
        self.node = node
        self.scopeID = scopeID
        self.behavior = behavior
    }
}

/// Multi-instance or standard loop characteristics with their expressions parsed.
enum CompiledLoop: Sendable {
    case multiInstance(CompiledMultiInstance)
    case standard(CompiledStandardLoop)
}

/// A multi-instance activity: how many instances, over what, collecting what.
struct CompiledMultiInstance: Sendable {
    let isSequential: Bool
    let cardinality: CompiledExpression?
    /// The collection to iterate: an expression, or a variable name.
    let inputCollection: CompiledExpression?
    let inputElement: String?
    let outputCollection: String?
    /// What each instance contributes: an expression (`=result.total`)...
    let outputElement: CompiledExpression?
    /// ...or a variable name (plain BPMN `outputDataItem`), null while unset.
    let outputVariable: String?
    let completionCondition: CompiledExpression?
}

/// A standard loop: repeat while the condition holds, up to a maximum.
struct CompiledStandardLoop: Sendable {
    let testBefore: Bool
    let maximum: Int?
    let condition: CompiledExpression?
}

/// A sequence flow prepared for execution.
struct CompiledFlow: Sendable {
    let id: ElementID
    let target: ElementID
    let condition: CompiledExpression?
}

/// One input or output mapping with its source parsed.
struct CompiledMapping: Sendable {
    /// The variable (or dotted path, `order.total`) that receives the value.
    let target: [String]
    let source: CompiledExpression
}

/// The people a user task goes to, with expressions parsed.
struct CompiledAssignment: Sendable {
    let assignee: CompiledExpression?
    let candidateGroups: [CompiledExpression]
    let candidateUsers: [CompiledExpression]
    let excludedUsers: [CompiledExpression]
    let completerVariable: String?
    let dueDate: CompiledExpression?
    let followUpDate: CompiledExpression?
    let priority: CompiledExpression?
}

/// A timer event's definition with its value parsed.
struct CompiledTimer: Sendable {
    let type: TimerDefinition.TimerType
    let value: CompiledExpression
}

/// Which behaviour runs a node.
enum BehaviorKind: Sendable, Equatable {
    case process
    case startEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, boundaryEvent
    case passThroughTask, userTask, serviceTask, scriptTask, sendTask, receiveTask, businessRuleTask
    case exclusiveGateway, parallelGateway, inclusiveGateway, eventBasedGateway
    case subProcess, eventSubProcess, callActivity
    case unsupported
}
