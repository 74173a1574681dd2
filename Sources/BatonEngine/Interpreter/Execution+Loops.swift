import BatonFEEL
import BatonModel

/// Instances of looping activities inside their body (see ``LoopBodyBehavior``).
extension Execution {
    /// Starts instance number `counter` of a looping activity inside its body.
    mutating func startLoopInstance(_ node: CompiledNode, body: ElementInstanceKey, counter: Int, inputElement: String?) {
        guard let bodyInstance = state.elements[body] else { return }
        let key = ElementInstanceKey(state.makeKey())
        var instance = ElementInstance(key: key, element: node.id, definition: bodyInstance.definition, parent: body)
        var locals = FEELContext([("loopCounter", .number(FEELNumber(counter)))])
        if let inputElement, let items = bodyInstance.loopItems, counter <= items.count { locals[inputElement] = items[counter - 1] }
        instance.variables = locals
        instance.isLoopInstance = true
        state.elements[key] = instance
        state.elements[body]?.tokens += 1
        if case .multiInstance? = node.loop { adjustCounter("nrOfActiveInstances", by: 1, at: body) }
        if case .standard? = node.loop { setLocal("loopCounter", .number(FEELNumber(counter)), at: body) }
        events.append(.elementActivated(key, node.id))
        schedule(.activate(key))
    }

    /// One instance of a looping activity completed: collect its output, then start the
    /// next one, cancel the rest (completion condition) or complete the body.
    mutating func loopInstanceCompleted(_ key: ElementInstanceKey, node: CompiledNode, body: ElementInstanceKey) throws(ElementFailure) {
        switch node.loop {
        case .multiInstance(let loop)?:
            try multiInstanceCompleted(key, loop, node: node, body: body)
        case .standard(let loop)?:
            try standardLoopRunCompleted(key, loop, node: node, body: body)
        case nil:
            break
        }
    }

    private mutating func multiInstanceCompleted(_ key: ElementInstanceKey, _ loop: CompiledMultiInstance, node: CompiledNode, body: ElementInstanceKey) throws(ElementFailure) {
        let counter = Self.int(state.elements[key]?.variables?["loopCounter"]) ?? 1
        var output: FEELValue?
        if loop.outputCollection != nil {
            if let expression = loop.outputElement {
                output = try evaluate(expression, at: key, role: "output element of \(node.node.displayName)")
            } else {
                // A variable name (plain BPMN outputDataItem): null while nothing set it.
                output = visibleVariables(at: key)[loop.outputVariable ?? loop.inputElement ?? ""] ?? .null
            }
        }
        let locals = state.elements[body]?.variables ?? FEELContext()
        let total = Self.int(locals["nrOfInstances"]) ?? 0
        let completed = (Self.int(locals["nrOfCompletedInstances"]) ?? 0) + 1
        let active = max(0, (Self.int(locals["nrOfActiveInstances"]) ?? 1) - 1)
        var isDone = false
        if let condition = loop.completionCondition {
            var context = visibleVariables(at: key)
            context["nrOfCompletedInstances"] = .number(FEELNumber(completed))
            context["nrOfActiveInstances"] = .number(FEELNumber(active))
            let result = condition.evaluate(context, now: nowFEEL)
            guard case .boolean(let value) = result.value else {
                let why = result.problem.map { ": \($0)" } ?? ""
                throw ElementFailure("the completion condition of \(node.node.displayName) is \(result.value.literal), not true or false\(why)", expression: condition)
            }
            isDone = value
        }
        // Nothing below can fail: the instance's completion is committed.
        events.append(.elementCompleted(key, node.id))
        closeEventSubscriptions(of: key)
        state.elements[key] = nil
        state.elements[body]?.tokens -= 1
        setLocal("nrOfCompletedInstances", .number(FEELNumber(completed)), at: body)
        setLocal("nrOfActiveInstances", .number(FEELNumber(active)), at: body)
        if let name = loop.outputCollection, let output, case .list(var collected)? = state.elements[body]?.variables?[name], counter <= collected.count {
            collected[counter - 1] = output
            setLocal(name, .list(collected), at: body)
        }
        if isDone {
            for child in children(of: body) { terminate(child) }
        } else if loop.isSequential, completed < total {
            startLoopInstance(node, body: body, counter: completed + 1, inputElement: loop.inputElement)
            return
        }
        if isDone || completed >= total { finishBody(body) }
    }

    private mutating func standardLoopRunCompleted(_ key: ElementInstanceKey, _ loop: CompiledStandardLoop, node: CompiledNode, body: ElementInstanceKey) throws(ElementFailure) {
        let runs = Self.int(state.elements[key]?.variables?["loopCounter"]) ?? 1
        // Again while the condition holds, up to the maximum; with only a maximum, that
        // many runs.
        var again = loop.maximum.map { runs < $0 } ?? true
        if again, let condition = loop.condition {
            again = try evaluateCondition(condition, at: key, role: "loop condition of \(node.node.displayName)")
        } else if loop.condition == nil, loop.maximum == nil {
            again = false
        }
        events.append(.elementCompleted(key, node.id))
        closeEventSubscriptions(of: key)
        state.elements[key] = nil
        state.elements[body]?.tokens -= 1
        if again {
            startLoopInstance(node, body: body, counter: runs + 1, inputElement: nil)
        } else {
            finishBody(body)
        }
    }

    private mutating func finishBody(_ body: ElementInstanceKey) {
        guard state.elements[body]?.state == .active else { return }
        move(body, to: .completing)
        schedule(.complete(body))
    }

    private mutating func adjustCounter(_ name: String, by delta: Int, at key: ElementInstanceKey) {
        let current = Self.int(state.elements[key]?.variables?[name]) ?? 0
        setLocal(name, .number(FEELNumber(current + delta)), at: key)
    }

    static func int(_ value: FEELValue?) -> Int? {
        if case .number(let number)? = value { return number.intValue }
        return nil
    }
}
