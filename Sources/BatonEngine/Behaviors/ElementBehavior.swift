import BatonModel

/// How one kind of element runs: the hooks the interpreter calls as an element instance
/// moves through its lifecycle (see ``ElementLifecycle``).
///
/// - `activate`: a token arrived and input mappings are applied. Do the work, or start
///   waiting for it (open a job, a user task, a subscription, a scope's content).
/// - `complete`: the work is done; last changes before output mappings (a call
///   activity takes its child's variables here).
/// - `outgoingFlows`: which sequence flows the token leaves on. The default is the
///   implicit split BPMN defines for activities and events: every flow without a
///   condition, every flow whose condition is true, and the default flow when no other
///   flow is taken.
///
/// Failures are thrown as ``ElementFailure`` and become incidents. Termination is the
/// same for every kind and lives in the interpreter.
protocol ElementBehavior: Sendable {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult
    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure)
    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow]
}

/// What activating an element led to.
enum ActivationResult {
    /// The element's work is done; it completes next.
    case completed
    /// The element waits.
    case waiting(WaitReason)
}

extension ElementBehavior {
    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) {}

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        try ImplicitSplit.flows(of: node, at: key, &execution)
    }
}

/// The flows out of an activity or event (BPMN's uncontrolled flow), also the choice
/// an inclusive gateway makes.
enum ImplicitSplit {
    /// Every flow without a condition and every flow whose condition is true; the
    /// default flow when none of those. When the node has outgoing flows and none is
    /// taken, the token has nowhere to go: an incident (as in Camunda and Zeebe).
    static func flows(of node: CompiledNode, at key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        if node.defaultFlow == nil, node.outgoing.allSatisfy({ $0.condition == nil }) { return node.outgoing }
        var taken: [CompiledFlow] = []
        for flow in node.outgoing {
            if let condition = flow.condition {
                if try execution.evaluateCondition(condition, at: key, role: "condition of sequenceFlow '\(flow.id)'") { taken.append(flow) }
            } else {
                taken.append(flow)
            }
        }
        if taken.isEmpty, let defaultFlow = node.defaultFlow { taken.append(defaultFlow) }
        if taken.isEmpty {
            throw ElementFailure("\(node.node.displayName): no condition matched and there is no default flow", location: node.node.location)
        }
        return taken
    }
}

/// The behaviour of each kind.
enum ElementBehaviors {
    static func behavior(for kind: BehaviorKind) -> any ElementBehavior {
        switch kind {
        case .process, .subProcess, .eventSubProcess: SubProcessBehavior()
        case .boundaryEvent: BoundaryEventBehavior()
        case .eventBasedGateway: EventBasedGatewayBehavior()
        case .startEvent: StartEventBehavior()
        case .endEvent: EndEventBehavior()
        case .intermediateCatchEvent: IntermediateCatchEventBehavior()
        case .intermediateThrowEvent: IntermediateThrowEventBehavior()
        case .passThroughTask: PassThroughTaskBehavior()
        case .userTask: UserTaskBehavior()
        case .serviceTask: JobWorkerBehavior()
        case .scriptTask: ScriptTaskBehavior()
        case .sendTask: SendTaskBehavior()
        case .receiveTask: ReceiveTaskBehavior()
        case .businessRuleTask: BusinessRuleTaskBehavior()
        case .exclusiveGateway: ExclusiveGatewayBehavior()
        case .parallelGateway: ParallelGatewayBehavior()
        case .inclusiveGateway: InclusiveGatewayBehavior()
        case .callActivity: CallActivityBehavior()
        case .unsupported: NotExecutableBehavior()
        }
    }
}

/// Elements Baton reads but does not run yet: the token stops with an incident that
/// says so.
struct NotExecutableBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        throw ElementFailure("\(node.node.displayName) cannot be executed by this version of Baton", location: node.node.location)
    }
}
