public import BatonModel

/// What starts an instance at a process's start event.
public enum StartTrigger: Hashable, Sendable {
    case none
    case message(String)
    case signal(String)
    /// The timer's kind (date, duration, cycle) and its value as written; the host
    /// schedules it.
    case timer(TimerDefinition.TimerType, String)
}

/// A process definition prepared for execution: every node's behaviour chosen, every
/// expression parsed, the analysis the inclusive gateway needs done once.
///
/// Immutable and shared: any number of instances run on one `ExecutableProcess`.
///
/// ```swift
/// let process = try ExecutableProcess(process: definitions.processes[0], in: definitions, version: 1)
/// ```
public final class ExecutableProcess: Sendable {
    public let id: ElementID
    public let version: Int
    public let definition: ProcessDefinition
    /// Every node of the process, its subprocesses' included, by id; the process itself
    /// under its own id.
    let nodes: [ElementID: CompiledNode]
    /// Link catch events by scope and link name.
    let linkTargets: [ElementID: [String: ElementID]]

    /// Compiles `process`, whose messages and signals are declared in `definitions`.
    public init(process: ProcessDefinition, in definitions: Definitions, version: Int) throws(EngineModelError) {
        id = process.id
        self.version = version
        definition = process
        var compiler = ProcessCompiler(definitions: definitions)
        try compiler.compileRoot(process)
        nodes = compiler.nodes
        linkTargets = compiler.linkTargets
    }

    /// The start events of the process itself (not of its event subprocesses).
    public var startEvents: [FlowNode] {
        definition.scope.flowNodes.filter { if case .startEvent = $0.kind { true } else { false } }
    }

    /// What a start event of the process waits for, to start an instance.
    public func trigger(of startEvent: ElementID) -> StartTrigger? {
        guard let node = nodes[startEvent], node.behavior == .startEvent, node.scopeID == id else { return nil }
        switch node.eventKind {
        case nil: return StartTrigger.none
        case .message?: return node.eventName.map { .message($0) }
        case .signal?: return node.eventName.map { .signal($0) }
        case .timer?: return node.timer.map { .timer($0.type, $0.value.text) }
        default: return nil
        }
    }

    /// The flow node with this id, in the process or any of its subprocesses.
    public func flowNode(_ id: ElementID) -> FlowNode? { nodes[id]?.node }

    /// The compiled node with this id.
    func node(_ id: ElementID) -> CompiledNode? { nodes[id] }

    /// The process itself as a node (its scope's start event, its root behaviour).
    var root: CompiledNode { nodes[id]! }
}

/// Builds the compiled nodes of one process.
struct ProcessCompiler {
    let definitions: Definitions
    var nodes: [ElementID: CompiledNode] = [:]
    var linkTargets: [ElementID: [String: ElementID]] = [:]

    init(definitions: Definitions) { self.definitions = definitions }

    /// For user tasks without people: the role named like the lane they are in.
    var laneRoles: [ElementID: String] = [:]

    mutating func compileRoot(_ process: ProcessDefinition) throws(EngineModelError) {
        for laneSet in process.scope.laneSets { collectLaneRoles(laneSet.lanes) }
        let rootNode = FlowNode(id: process.id, name: process.name, kind: .other(elementName: "process"), extensions: process.extensions, location: process.location)
        var setup = CompiledNodeSetup(node: rootNode, scopeID: process.id, behavior: .process)
        setup.startEvent = try startEvent(of: process.scope, container: "process '\(process.id)'", location: process.location)
        setup.eventSubProcessStarts = Self.eventSubProcessStarts(in: process.scope)
        nodes[process.id] = CompiledNode(setup)
        try compile(process.scope, scopeID: process.id)
    }

    /// Inner lanes win over outer ones: they are visited last.
    private mutating func collectLaneRoles(_ lanes: [Lane]) {
        for lane in lanes {
            if let name = lane.name, let role = Self.role(named: name) {
                for node in lane.flowNodeRefs { laneRoles[node] = role }
            }
            collectLaneRoles(lane.childLanes)
        }
    }

    /// `Sales Managers` → `sales-managers`: the role a lane's name stands for.
    static func role(named name: String) -> String? {
        var role = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_" || character == "-") {
                role.append(character)
            } else if character == " ", !role.isEmpty, !role.hasSuffix("-") {
                role.append("-")
            }
        }
        while role.hasSuffix("-") { role.removeLast() }
        return role.isEmpty ? nil : role
    }

    /// The start event a token begins at: the none start event, else the first one.
    private func startEvent(of scope: FlowScope, container: String, location: SourceLocation) throws(EngineModelError) -> ElementID {
        let starts = scope.flowNodes.filter { if case .startEvent = $0.kind { true } else { false } }
        if let none = starts.first(where: { $0.eventDefinitions.isEmpty }) { return none.id }
        if let first = starts.first { return first.id }
        throw EngineModelError(message: "\(container) has no start event", location: location)
    }

    /// The start events of the event subprocesses directly in `scope`.
    private static func eventSubProcessStarts(in scope: FlowScope) -> [ElementID] {
        scope.flowNodes.compactMap { node -> ElementID? in
            guard case .subProcess(let subProcess) = node.kind, subProcess.triggeredByEvent else { return nil }
            return subProcess.scope.flowNodes.first { if case .startEvent = $0.kind { true } else { false } }?.id
        }
    }

    private mutating func compile(_ scope: FlowScope, scopeID: ElementID) throws(EngineModelError) {
        var flowsByID: [ElementID: SequenceFlow] = [:]
        for flow in scope.sequenceFlows { flowsByID[flow.id] = flow }
        var boundaries: [ElementID: [ElementID]] = [:]
        for node in scope.flowNodes {
            if case .boundaryEvent(let boundary) = node.kind { boundaries[boundary.attachedTo, default: []].append(node.id) }
        }
        for node in scope.flowNodes {
            try compile(node, in: scope, scopeID: scopeID, flowsByID: flowsByID, boundaries: boundaries[node.id] ?? [])
            if case .intermediateCatchEvent(let event) = node.kind, case .link(let name?)? = event.eventDefinitions.first?.kind {
                linkTargets[scopeID, default: [:]][name] = node.id
            }
            if case .subProcess(let subProcess) = node.kind, subProcess.variant == .embedded {
                try compile(subProcess.scope, scopeID: node.id)
            }
        }
    }

    private mutating func compile(
        _ node: FlowNode, in scope: FlowScope, scopeID: ElementID, flowsByID: [ElementID: SequenceFlow], boundaries: [ElementID]
    ) throws(EngineModelError) {
        var setup = CompiledNodeSetup(node: node, scopeID: scopeID, behavior: Self.behavior(of: node))
        setup.incomingCount = node.incoming.count
        setup.boundaryEvents = boundaries
        for flowID in node.outgoing {
            guard let flow = flowsByID[flowID] else { continue }
            let isDefault = node.defaultFlow == flowID
            // A condition on a default flow, or out of a parallel gateway, is ignored (the
            // validator warns); an empty one (a condition cleared in a modeler) is none.
            let ignoresCondition = isDefault || node.kind == .parallelGateway
            var condition: CompiledExpression?
            if !ignoresCondition, let written = flow.condition, !written.trimmedBody.isEmpty {
                condition = try CompiledExpression.expression(written)
            }
            let compiled = CompiledFlow(id: flow.id, target: flow.target, condition: condition)
            if isDefault { setup.defaultFlow = compiled } else { setup.outgoing.append(compiled) }
        }
        let extensions = node.extensions
        for mapping in extensions.inputs { setup.inputs.append(try Self.mapping(mapping)) }
        for mapping in extensions.outputs { setup.outputs.append(try Self.mapping(mapping)) }
        switch node.kind {
        case .scriptTask(let task):
            if let body = task.script { setup.script = try CompiledExpression.expression(body) }
        case .subProcess(let subProcess) where subProcess.variant == .embedded:
            setup.startEvent = try startEvent(of: subProcess.scope, container: node.displayName, location: node.location)
            setup.eventSubProcessStarts = Self.eventSubProcessStarts(in: subProcess.scope)
        case .callActivity(let call):
            if let called = call.calledElement { setup.calledElement = try CompiledExpression.value(called, at: node.location) }
        case .inclusiveGateway where node.incoming.count > 1:
            setup.upstreamOfIncoming = Self.upstream(of: node, in: scope, flowsByID: flowsByID)
        case .userTask:
            if let written = extensions.assignment {
                setup.assignment = try Self.assignment(written)
            } else if let role = laneRoles[node.id] {
                // No people named: offered to the role named like its lane.
                var fromLane = TaskAssignment(location: node.location)
                fromLane.candidateGroups = [role]
                setup.assignment = try Self.assignment(fromLane)
            }
        case .boundaryEvent(let boundary):
            setup.isInterrupting = boundary.cancelActivity
        case .startEvent(let start):
            setup.isInterrupting = start.isInterrupting
        default:
            break
        }
        try compileEvents(of: node, into: &setup)
        // An error always interrupts: what threw it cannot go on (BPMN allows no
        // non-interrupting error boundary or error event subprocess).
        if case .error? = setup.node.eventDefinitions.first?.kind { setup.isInterrupting = true }
        setup.loop = try Self.loop(node.loop)
        nodes[node.id] = CompiledNode(setup)
    }

    private func compileEvents(of node: FlowNode, into setup: inout CompiledNodeSetup) throws(EngineModelError) {
        let extensions = node.extensions
        for definition in node.eventDefinitions {
            switch definition.kind {
            case .timer(let written):
                if let type = written.type, let value = written.value { setup.timer = CompiledTimer(type: type, value: try CompiledExpression.value(value)) }
            case .message(let reference):
                setup.eventName = messageName(reference)
                setup.correlationKey = try correlation(for: reference, extensions: extensions)
            case .signal(let reference):
                setup.eventName = reference.flatMap { id in definitions.signals.first { $0.id == id } }.flatMap(\.name) ?? reference?.rawValue
            case .link(let name):
                setup.eventName = name
            case .error(let reference):
                let declaration = reference.flatMap { id in definitions.errors.first { $0.id == id } }
                setup.eventName = declaration?.errorCode ?? declaration?.name ?? reference?.rawValue
                setup.catchCode = declaration?.errorCode
            case .escalation(let reference):
                let declaration = reference.flatMap { id in definitions.escalations.first { $0.id == id } }
                setup.eventName = declaration?.escalationCode ?? declaration?.name ?? reference?.rawValue
                setup.catchCode = declaration?.escalationCode
            default:
                break
            }
        }
        if case .receiveTask(let task) = node.kind {
            setup.eventName = messageName(task.messageRef)
            setup.correlationKey = try correlation(for: task.messageRef, extensions: extensions)
        }
        if case .sendTask(let task) = node.kind { setup.eventName = messageName(task.messageRef) }
    }

    private static func loop(_ written: LoopCharacteristics?) throws(EngineModelError) -> CompiledLoop? {
        func expression(_ value: FormalExpression?) throws(EngineModelError) -> CompiledExpression? {
            guard let value, !value.trimmedBody.isEmpty else { return nil }
            return try CompiledExpression.expression(value)
        }
        switch written {
        case .multiInstance(let loop)?:
            return .multiInstance(CompiledMultiInstance(
                isSequential: loop.isSequential, cardinality: try expression(loop.loopCardinality),
                inputCollection: try expression(loop.inputCollection), inputElement: loop.inputElement,
                outputCollection: loop.outputCollection,
                outputElement: loop.outputElement?.isComputed == true ? try expression(loop.outputElement) : nil,
                outputVariable: loop.outputElement?.isComputed == false ? loop.outputElement?.trimmedBody : nil,
                completionCondition: try expression(loop.completionCondition)))
        case .standard(let loop)?:
            return .standard(CompiledStandardLoop(testBefore: loop.testBefore, maximum: loop.loopMaximum, condition: try expression(loop.loopCondition)))
        case nil:
            return nil
        }
    }

    private func messageName(_ reference: ElementID?) -> String? {
        guard let reference else { return nil }
        return definitions.messages.first { $0.id == reference }?.name ?? reference.rawValue
    }

    private func correlation(for reference: ElementID?, extensions: ExtensionSettings) throws(EngineModelError) -> CompiledExpression? {
        let written = extensions.correlationKey ?? reference.flatMap { id in definitions.messages.first { $0.id == id } }?.correlationKey
        guard let written else { return nil }
        return try CompiledExpression.value(written)
    }

    static func behavior(of node: FlowNode) -> BehaviorKind {
        let isJob = node.extensions.taskDefinition != nil
        switch node.kind {
        case .startEvent: return .startEvent
        case .endEvent: return isJob ? .serviceTask : .endEvent
        case .intermediateCatchEvent: return .intermediateCatchEvent
        case .intermediateThrowEvent: return isJob ? .serviceTask : .intermediateThrowEvent
        case .boundaryEvent: return .boundaryEvent
        case .task, .manualTask: return .passThroughTask
        case .userTask: return .userTask
        case .serviceTask: return .serviceTask
        case .sendTask: return isJob ? .serviceTask : .sendTask
        case .receiveTask: return .receiveTask
        case .scriptTask: return .scriptTask
        case .businessRuleTask(let task): return isJob || task.decisionRef != nil ? .serviceTask : .businessRuleTask
        case .exclusiveGateway: return .exclusiveGateway
        case .parallelGateway: return .parallelGateway
        case .inclusiveGateway: return .inclusiveGateway
        case .eventBasedGateway: return .eventBasedGateway
        case .subProcess(let subProcess):
            guard subProcess.variant == .embedded else { return .unsupported }
            return subProcess.triggeredByEvent ? .eventSubProcess : .subProcess
        case .callActivity: return .callActivity
        case .complexGateway, .other: return .unsupported
        }
    }

    static func mapping(_ mapping: VariableMapping) throws(EngineModelError) -> CompiledMapping {
        let source = mapping.source ?? FormalExpression(body: "=" + mapping.target, location: mapping.location)
        let path = mapping.target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return CompiledMapping(target: path, source: try CompiledExpression.value(source))
    }

    static func assignment(_ written: TaskAssignment) throws(EngineModelError) -> CompiledAssignment {
        func value(_ text: String?) throws(EngineModelError) -> CompiledExpression? {
            guard let text else { return nil }
            return try CompiledExpression.value(text, at: written.location)
        }
        var groups: [CompiledExpression] = []
        for group in written.candidateGroups { groups.append(try CompiledExpression.value(group, at: written.location)) }
        var users: [CompiledExpression] = []
        for user in written.candidateUsers { users.append(try CompiledExpression.value(user, at: written.location)) }
        var excluded: [CompiledExpression] = []
        for user in written.excludedUsers { excluded.append(try CompiledExpression.value(user, at: written.location)) }
        return CompiledAssignment(
            assignee: try value(written.assignee), candidateGroups: groups, candidateUsers: users, excludedUsers: excluded,
            completerVariable: written.completerVariable,
            dueDate: try value(written.dueDate), followUpDate: try value(written.followUpDate), priority: try value(written.priority))
    }

    /// For each incoming flow of an inclusive join: the nodes of its scope from which a
    /// path of sequence flows leads to that flow without passing through the gateway.
    static func upstream(of gateway: FlowNode, in scope: FlowScope, flowsByID: [ElementID: SequenceFlow]) -> [ElementID: Set<ElementID>] {
        var incomingSources: [ElementID: [ElementID]] = [:]
        for flow in scope.sequenceFlows { incomingSources[flow.target, default: []].append(flow.source) }
        // A token waiting at an activity can still leave through its boundary events.
        for node in scope.flowNodes {
            if case .boundaryEvent(let boundary) = node.kind { incomingSources[node.id, default: []].append(boundary.attachedTo) }
        }
        var result: [ElementID: Set<ElementID>] = [:]
        for flowID in gateway.incoming {
            guard let flow = flowsByID[flowID], flow.source != gateway.id else {
                result[flowID] = []
                continue
            }
            var seen: Set<ElementID> = [flow.source]
            var pending = [flow.source]
            while let next = pending.popLast() {
                for source in incomingSources[next] ?? [] where source != gateway.id && !seen.contains(source) {
                    seen.insert(source)
                    pending.append(source)
                }
            }
            result[flowID] = seen
        }
        return result
    }
}
