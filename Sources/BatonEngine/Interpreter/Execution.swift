import BatonFEEL
import BatonModel

/// One command's run of the interpreter over one instance: the state being changed, the
/// events recorded, and the agenda of steps still to do (first in, first out).
struct Execution {
    let engine: ProcessEngine
    var state: ProcessInstanceState
    var events: [EngineEvent] = []
    private var agenda: [ExecutionStep] = []
    private var head = 0
    private var stepsLeft: Int
    let stepLimit: Int
    let now: EngineInstant
    let nowFEEL: FEELDateTime
    /// The compiled processes of `state.definitions`, resolved once per command.
    private var processes: [ExecutableProcess?] = []

    init(engine: ProcessEngine, state: ProcessInstanceState, now: EngineInstant, stepLimit: Int) {
        self.engine = engine
        self.state = state
        self.now = now
        self.stepLimit = stepLimit
        stepsLeft = stepLimit
        nowFEEL = now.dateTime
        events.reserveCapacity(32)
    }

    // MARK: Model lookup

    mutating func process(_ definition: Int) -> ExecutableProcess {
        while processes.count <= definition { processes.append(nil) }
        if let process = processes[definition] { return process }
        let reference = state.definitions[definition]
        guard let process = engine.repository.process(reference.id, version: reference.version) else {
            preconditionFailure("process \(reference) of instance \(state.id) is not deployed")
        }
        processes[definition] = process
        return process
    }

    mutating func node(of instance: ElementInstance) -> CompiledNode {
        let process = process(instance.definition)
        guard let node = process.node(instance.element) else {
            preconditionFailure("element '\(instance.element)' is not in \(process.id) v\(process.version)")
        }
        return node
    }

    /// The index of `reference` in the state's definitions, adding it when new.
    mutating func definitionIndex(of reference: ProcessReference) -> Int {
        if let index = state.definitions.firstIndex(of: reference) { return index }
        state.definitions.append(reference)
        return state.definitions.count - 1
    }

    // MARK: The run loop

    mutating func schedule(_ step: ExecutionStep) { agenda.append(step) }

    /// Runs steps until none is left and no inclusive join can fire, or the step limit
    /// is reached.
    mutating func run() {
        repeat {
            while head < agenda.count {
                let step = agenda[head]
                if case .activate = step {
                    if stepsLeft <= 0 {
                        stopAtStepLimit()
                        return
                    }
                    stepsLeft -= 1
                }
                head += 1
                switch step {
                case .activate(let key): activateStep(key)
                case .complete(let key): completeStep(key)
                }
            }
            agenda.removeAll(keepingCapacity: true)
            head = 0
        } while fireInclusiveJoins()
    }

    private mutating func stopAtStepLimit() {
        state.pendingSteps = Array(agenda[head...])
        agenda.removeAll()
        head = 0
        let element = state.pendingSteps.first.flatMap { step -> ElementID? in
            switch step {
            case .activate(let key), .complete(let key): state.elements[key]?.element
            }
        } ?? state.process.id
        raiseIncident(
            on: nil, element: element,
            failure: ElementFailure("stopped after \(stepLimit) steps without reaching a wait state; is there a loop with no task or event that waits?"),
            step: .continueRun)
    }

    /// Adds the steps a step-limit stop left, to run now.
    mutating func resumePendingSteps() {
        agenda.append(contentsOf: state.pendingSteps)
        state.pendingSteps = []
    }

    // MARK: Steps

    private mutating func activateStep(_ key: ElementInstanceKey) {
        guard let instance = state.elements[key], instance.state == .activating, instance.incident == nil else { return }
        let node = node(of: instance)
        if node.node.extensions.asyncBefore, !instance.passedAsyncBefore, !instance.isLoopInstance {
            waitForContinuation(key, node: node, phase: .before)
            return
        }
        do throws(ElementFailure) {
            if !node.inputs.isEmpty, !instance.isLoopBody { try applyInputs(node.inputs, to: key) }
            // Boundary events are armed before the work starts, so a failure to arm them
            // leaves nothing half started.
            try openBoundarySubscriptions(of: node, at: key)
            let result = try behavior(of: instance, node).activate(node, key, &self)
            // A throwing event may have ended itself (what it threw was caught outside it).
            if node.canEndItself, state.elements[key]?.state != .activating { return }
            switch result {
            case .completed:
                state.elements[key]?.move(to: .completing)
                schedule(.complete(key))
            case .waiting(let reason):
                state.elements[key]?.move(to: .active, waitingFor: reason)
            }
        } catch {
            raiseIncident(on: key, element: node.id, failure: error, step: .activate)
        }
    }

    private mutating func completeStep(_ key: ElementInstanceKey) {
        guard let instance = state.elements[key], instance.state == .completing, instance.incident == nil else { return }
        let node = node(of: instance)
        if node.node.extensions.asyncAfter, !instance.passedAsyncAfter, !instance.isLoopInstance {
            waitForContinuation(key, node: node, phase: .after)
            return
        }
        let behavior = behavior(of: instance, node)
        let flows: [CompiledFlow]
        do throws(ElementFailure) {
            try behavior.complete(node, key, &self)
            if node.canEndItself, state.elements[key]?.state != .completing { return }
            if !node.outputs.isEmpty, !instance.isLoopBody { try applyOutputs(node.outputs, of: key) }
            if instance.isLoopInstance, let parent = instance.parent {
                // One instance of a looping activity: its body decides what comes next.
                try loopInstanceCompleted(key, node: node, body: parent)
                return
            }
            flows = try behavior.outgoingFlows(node, key, &self)
        } catch {
            raiseIncident(on: key, element: node.id, failure: error, step: .complete)
            return
        }
        if instance.eventSubscriptions != nil { closeEventSubscriptions(of: key) }
        guard let parent = instance.parent else {
            completeInstance(key)
            return
        }
        if instance.isProcessRoot {
            calledProcessCompleted(key, callActivity: parent)
            return
        }
        events.append(instance.isLoopBody ? .loopCompleted(key, node.id) : .elementCompleted(key, node.id))
        state.elements[key] = nil
        let process = process(instance.definition)
        for flow in flows { takeFlow(flow, in: process, scope: parent, definition: instance.definition) }
        leave(scope: parent)
    }

    /// The behaviour that runs an element instance: its kind's, or the loop body's.
    private func behavior(of instance: ElementInstance, _ node: CompiledNode) -> any ElementBehavior {
        instance.isLoopBody ? LoopBodyBehavior() : ElementBehaviors.behavior(for: node.behavior)
    }

    private mutating func completeInstance(_ rootKey: ElementInstanceKey) {
        move(rootKey, to: .completed)
        state.elements[rootKey]?.waitingFor = nil
        state.status = .completed
        state.endedAt = now
        events.append(.processInstanceCompleted(state.process))
    }

    /// Moves an element instance to `next`, as the lifecycle table allows.
    mutating func move(_ key: ElementInstanceKey, to next: ElementLifecycle.State) {
        state.elements[key]?.move(to: next)
    }

    /// A token left `scope`: when it was the last, the scope completes.
    mutating func leave(scope: ElementInstanceKey) {
        if state.elements[scope]?.removeToken() == true { schedule(.complete(scope)) }
    }

    // MARK: Tokens

    /// A token arrives at `node` in `scope`: a new element instance, activated next.
    @discardableResult
    mutating func enter(_ node: CompiledNode, scope: ElementInstanceKey, definition: Int) -> ElementInstanceKey {
        let key = ElementInstanceKey(state.makeKey())
        var instance = ElementInstance(key: key, element: node.id, definition: definition, parent: scope)
        // A token entering a looping activity starts its body; the body starts the instances.
        instance.isLoopBody = node.loop != nil && state.elements[scope]?.isLoopBody != true
        state.elements[key] = instance
        state.elements[scope]?.tokens += 1
        events.append(.elementActivated(key, node.id))
        schedule(.activate(key))
        return key
    }

    mutating func takeFlow(_ flow: CompiledFlow, in process: ExecutableProcess, scope: ElementInstanceKey, definition: Int) {
        events.append(.sequenceFlowTaken(flow.id, scope: scope))
        guard let target = process.node(flow.target) else { return }
        if target.isJoin {
            arrive(at: target, via: flow.id, scope: scope, definition: definition)
        } else {
            enter(target, scope: scope, definition: definition)
        }
    }

    /// Raises an incident that holds `key` (or the whole run, for the step limit).
    mutating func raiseIncident(on key: ElementInstanceKey?, element: ElementID, failure: ElementFailure, step: Incident.Step) {
        let incident = Incident(
            key: IncidentKey(state.makeKey()), elementInstance: key, element: element, reason: failure.reason,
            expression: failure.expression?.text, location: failure.expression?.location ?? failure.location, step: step, createdAt: now)
        state.incidents[incident.key] = incident
        if let key { state.elements[key]?.incident = incident.key }
        events.append(.incidentRaised(incident))
    }
}

/// Why an element could not go on: becomes an incident.
struct ElementFailure: Error {
    var reason: String
    var expression: CompiledExpression?
    var location: SourceLocation?

    init(_ reason: String, expression: CompiledExpression? = nil, location: SourceLocation? = nil) {
        self.reason = reason
        self.expression = expression
        self.location = location
    }
}
