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
    /// The script of a script task, the FEEL of a business rule.
    let script: CompiledExpression?
    /// The start event of a subprocess (or process) scope.
    let startEvent: ElementID?
    /// For an inclusive gateway that joins: for each incoming flow, the nodes of the
    /// scope from which a token could still reach that flow without passing the gateway.
    let upstreamOfIncoming: [ElementID: Set<ElementID>]
    /// Assignment of a user task, its expressions parsed.
    let assignment: CompiledAssignment?
    /// Timer of an intermediate timer catch event.
    let timer: CompiledTimer?
    /// The message or signal name a catch or throw event, receive or send task uses.
    let eventName: String?
    /// For a receive task or message catch: the correlation key expression.
    let correlationKey: CompiledExpression?
    /// For a call activity: the called process id (literal or expression).
    let calledElement: CompiledExpression?

    init(
        node: FlowNode, scopeID: ElementID, behavior: BehaviorKind, outgoing: [CompiledFlow], defaultFlow: CompiledFlow?,
        incomingCount: Int, inputs: [CompiledMapping], outputs: [CompiledMapping], script: CompiledExpression?,
        startEvent: ElementID?, upstreamOfIncoming: [ElementID: Set<ElementID>], assignment: CompiledAssignment?,
        timer: CompiledTimer?, eventName: String?, correlationKey: CompiledExpression?, calledElement: CompiledExpression?
    ) {
        self.node = node
        self.scopeID = scopeID
        self.behavior = behavior
        self.outgoing = outgoing
        self.defaultFlow = defaultFlow
        self.incomingCount = incomingCount
        self.inputs = inputs
        self.outputs = outputs
        self.script = script
        self.startEvent = startEvent
        self.upstreamOfIncoming = upstreamOfIncoming
        self.assignment = assignment
        self.timer = timer
        self.eventName = eventName
        self.correlationKey = correlationKey
        self.calledElement = calledElement
    }

    public var id: ElementID { node.id }

    /// True when tokens wait here for tokens on other incoming flows (a parallel or
    /// inclusive gateway with more than one incoming flow).
    var isJoin: Bool {
        incomingCount > 1 && (behavior == .parallelGateway || behavior == .inclusiveGateway)
    }
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
    case subProcess, callActivity
    case unsupported
}
