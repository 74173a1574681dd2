public import BatonModel

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

    mutating func compileRoot(_ process: ProcessDefinition) throws(EngineModelError) {
        let start = try startEvent(of: process.scope, container: "process '\(process.id)'", location: process.location, required: true)
        let rootNode = FlowNode(id: process.id, name: process.name, kind: .other(elementName: "process"), extensions: process.extensions, location: process.location)
        nodes[process.id] = CompiledNode(
            node: rootNode, scopeID: process.id, behavior: .process, outgoing: [], defaultFlow: nil, incomingCount: 0,
            inputs: [], outputs: [], script: nil, startEvent: start, upstreamOfIncoming: [:], assignment: nil, timer: nil,
            eventName: nil, correlationKey: nil, calledElement: nil)
        try compile(process.scope, scopeID: process.id)
    }

    private func startEvent(of scope: FlowScope, container: String, location: SourceLocation, required: Bool) throws(EngineModelError) -> ElementID? {
        let starts = scope.flowNodes.filter { if case .startEvent = $0.kind { true } else { false } }
        if let none = starts.first(where: { $0.eventDefinitions.isEmpty }) { return none.id }
        if let first = starts.first { return first.id }
        if required { throw EngineModelError(message: "\(container) has no start event", location: location) }
        return nil
    }

    private mutating func compile(_ scope: FlowScope, scopeID: ElementID) throws(EngineModelError) {
        var flowsByID: [ElementID: SequenceFlow] = [:]
        for flow in scope.sequenceFlows { flowsByID[flow.id] = flow }
        for node in scope.flowNodes {
            try compile(node, in: scope, scopeID: scopeID, flowsByID: flowsByID)
            if case .intermediateCatchEvent(let event) = node.kind, case .link(let name?)? = event.eventDefinitions.first?.kind {
                linkTargets[scopeID, default: [:]][name] = node.id
            }
            if case .subProcess(let subProcess) = node.kind, subProcess.variant == .embedded, !subProcess.triggeredByEvent {
                try compile(subProcess.scope, scopeID: node.id)
            }
        }
    }

    private mutating func compile(_ node: FlowNode, in scope: FlowScope, scopeID: ElementID, flowsByID: [ElementID: SequenceFlow]) throws(EngineModelError) {
        var outgoing: [CompiledFlow] = []
        var defaultFlow: CompiledFlow?
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
            if isDefault { defaultFlow = compiled } else { outgoing.append(compiled) }
        }
        let extensions = node.extensions
        var inputs: [CompiledMapping] = []
        for mapping in extensions.inputs { inputs.append(try Self.mapping(mapping)) }
        var outputs: [CompiledMapping] = []
        for mapping in extensions.outputs { outputs.append(try Self.mapping(mapping)) }
        var script: CompiledExpression?
        var startEvent: ElementID?
        var upstream: [ElementID: Set<ElementID>] = [:]
        var assignment: CompiledAssignment?
        var timer: CompiledTimer?
        var calledElement: CompiledExpression?
        let behavior = Self.behavior(of: node)
        switch node.kind {
        case .scriptTask(let task):
            if let body = task.script { script = try CompiledExpression.expression(body) }
        case .subProcess(let subProcess) where behavior == .subProcess:
            startEvent = try self.startEvent(of: subProcess.scope, container: node.displayName, location: node.location, required: true)
        case .callActivity(let call):
            if let called = call.calledElement { calledElement = try CompiledExpression.value(called, at: node.location) }
        case .inclusiveGateway where node.incoming.count > 1:
            upstream = Self.upstream(of: node, in: scope, flowsByID: flowsByID)
        case .userTask:
            if let written = extensions.assignment { assignment = try Self.assignment(written) }
        default:
            break
        }
        var eventName: String?
        var correlationKey: CompiledExpression?
        for definition in node.eventDefinitions {
            switch definition.kind {
            case .timer(let written):
                if let type = written.type, let value = written.value { timer = CompiledTimer(type: type, value: try CompiledExpression.value(value)) }
            case .message(let reference):
                eventName = messageName(reference)
                correlationKey = try correlation(for: reference, extensions: extensions)
            case .signal(let reference):
                eventName = reference.flatMap { id in definitions.signals.first { $0.id == id } }.flatMap(\.name) ?? reference?.rawValue
            case .link(let name):
                eventName = name
            case .error(let reference):
                eventName = reference.flatMap { id in definitions.errors.first { $0.id == id } }.flatMap(\.errorCode) ?? reference?.rawValue
            case .escalation(let reference):
                eventName = reference.flatMap { id in definitions.escalations.first { $0.id == id } }.flatMap(\.escalationCode) ?? reference?.rawValue
            default:
                break
            }
        }
        if case .receiveTask(let task) = node.kind {
            eventName = messageName(task.messageRef)
            correlationKey = try correlation(for: task.messageRef, extensions: extensions)
        }
        if case .sendTask(let task) = node.kind { eventName = messageName(task.messageRef) }
        nodes[node.id] = CompiledNode(
            node: node, scopeID: scopeID, behavior: behavior, outgoing: outgoing, defaultFlow: defaultFlow,
            incomingCount: node.incoming.count, inputs: inputs, outputs: outputs, script: script, startEvent: startEvent,
            upstreamOfIncoming: upstream, assignment: assignment, timer: timer, eventName: eventName,
            correlationKey: correlationKey, calledElement: calledElement)
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
        // Loops and multi-instance come with the events issue; until then such an
        // activity stops with an incident rather than running once.
        if node.loop != nil { return .unsupported }
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
        case .subProcess(let subProcess): return subProcess.variant == .embedded && !subProcess.triggeredByEvent ? .subProcess : .unsupported
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
        return CompiledAssignment(
            assignee: try value(written.assignee), candidateGroups: groups, candidateUsers: users,
            dueDate: try value(written.dueDate), followUpDate: try value(written.followUpDate), priority: try value(written.priority))
    }

    /// For each incoming flow of an inclusive join: the nodes of its scope from which a
    /// path of sequence flows leads to that flow without passing through the gateway.
    static func upstream(of gateway: FlowNode, in scope: FlowScope, flowsByID: [ElementID: SequenceFlow]) -> [ElementID: Set<ElementID>] {
        var incomingSources: [ElementID: [ElementID]] = [:]
        for flow in scope.sequenceFlows { incomingSources[flow.target, default: []].append(flow.source) }
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
