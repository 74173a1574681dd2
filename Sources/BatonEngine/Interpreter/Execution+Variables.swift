import BatonFEEL
import BatonModel

/// Variables: each element instance may hold local variables; a name is looked up from
/// the element outwards to its process's root. Setting a variable without saying where
/// (a job's result, a message's payload, an output mapping) updates the nearest scope
/// that already has it, or else the process root: Zeebe's propagation rule.
extension Execution {
    /// Every variable visible at `key`, inner scopes hiding outer ones.
    func visibleVariables(at key: ElementInstanceKey) -> FEELContext {
        var innermost: FEELContext?
        var outer: [FEELContext] = []
        var current: ElementInstanceKey? = key
        while let currentKey = current, let instance = state.elements[currentKey] {
            if let variables = instance.variables, variables.count > 0 {
                if innermost == nil { innermost = variables } else { outer.append(variables) }
            }
            if instance.isProcessRoot { break }
            current = instance.parent
        }
        guard var merged = outer.popLast() else { return innermost ?? FEELContext() }
        while let next = outer.popLast() {
            for (name, value) in next.entries { merged[name] = value }
        }
        if let innermost { for (name, value) in innermost.entries { merged[name] = value } }
        return merged
    }

    /// Sets a variable local to `key`.
    mutating func setLocal(_ name: String, _ value: FEELValue, at key: ElementInstanceKey) {
        guard state.elements[key] != nil else { return }
        if state.elements[key]!.variables == nil { state.elements[key]!.variables = FEELContext() }
        let previous = state.elements[key]!.variables![name]
        state.elements[key]!.variables![name] = value
        events.append(.variableSet(scope: key, name: name, value: value, previous: previous))
    }

    /// Sets each variable where it already exists, looking from `key` outwards, or else
    /// on the process root.
    mutating func propagate(_ variables: FEELContext, from key: ElementInstanceKey) {
        for (name, value) in variables.entries {
            var target = key
            var current: ElementInstanceKey? = key
            while let currentKey = current, let instance = state.elements[currentKey] {
                target = currentKey
                if instance.variables?[name] != nil || instance.isProcessRoot { break }
                current = instance.parent
            }
            setLocal(name, value, at: target)
        }
    }

    /// Stores what an element produced (a job's or task's variables, a script's result,
    /// a message's payload): local to the element when it has output mappings, which
    /// then decide what leaves it; propagated from the element's scope otherwise.
    /// Whether `key` is one instance of a multi-instance activity with an output collection:
    /// what such an instance receives stays local to it.
    func isCollectingInstance(_ node: CompiledNode, _ key: ElementInstanceKey) -> Bool {
        guard case .multiInstance(let loop)? = node.loop else { return false }
        return loop.outputCollection != nil && isInnerLoopInstance(key)
    }

    mutating func applyResult(_ variables: FEELContext, of node: CompiledNode, at key: ElementInstanceKey) {
        guard variables.count > 0 else { return }
        if isCollectingInstance(node, key) {
            // Each instance of a collecting multi-instance activity keeps its own result
            // (parallel instances would overwrite one shared variable); the output
            // element reads it and the output collection carries it out.
            for (name, value) in variables.entries { setLocal(name, value, at: key) }
        } else if node.outputs.isEmpty {
            // From the element's scope, not the element: its own input-mapped locals end
            // with it and must not swallow the result (Zeebe merges into the parent scope).
            propagate(variables, from: state.elements[key]?.parent ?? key)
        } else {
            for (name, value) in variables.entries { setLocal(name, value, at: key) }
        }
    }

    /// Evaluates input mappings in order; each result is a local variable of the element.
    mutating func applyInputs(_ mappings: [CompiledMapping], to key: ElementInstanceKey) throws(ElementFailure) {
        for mapping in mappings {
            let value = try evaluate(mapping.source, at: key, role: "input mapping '\(mapping.target.joined(separator: "."))'")
            let name = mapping.target[0]
            let current = mapping.target.count > 1 ? state.elements[key]?.variables?[name] ?? visibleVariables(at: key)[name] : nil
            setLocal(name, Self.setting(mapping.target.dropFirst(), to: value, in: current), at: key)
        }
    }

    /// Evaluates output mappings; each result goes to the element's scope (propagated).
    mutating func applyOutputs(_ mappings: [CompiledMapping], of key: ElementInstanceKey) throws(ElementFailure) {
        guard let parent = state.elements[key]?.parent else { return }
        var results: [(name: String, value: FEELValue)] = []
        for mapping in mappings {
            let value = try evaluate(mapping.source, at: key, role: "output mapping '\(mapping.target.joined(separator: "."))'")
            let name = mapping.target[0]
            let current = mapping.target.count > 1 ? (results.last { $0.name == name }?.value ?? visibleVariables(at: parent)[name]) : nil
            results.append((name, Self.setting(mapping.target.dropFirst(), to: value, in: current)))
        }
        propagate(FEELContext(results.map { ($0.name, $0.value) }), from: parent)
    }

    /// `value` placed at `path` inside `base` (a context; created when missing).
    static func setting(_ path: ArraySlice<String>, to value: FEELValue, in base: FEELValue?) -> FEELValue {
        guard let first = path.first else { return value }
        var context: FEELContext
        if case .context(let existing)? = base { context = existing } else { context = FEELContext() }
        context[first] = setting(path.dropFirst(), to: value, in: context[first])
        return .context(context)
    }

    /// Evaluates an expression at `key`; a null that came from a problem (unknown
    /// variable, type mismatch) is a failure naming the role and the reason.
    mutating func evaluate(_ expression: CompiledExpression, at key: ElementInstanceKey, role: String) throws(ElementFailure) -> FEELValue {
        if expression.isLiteral { return expression.evaluate(FEELContext(), now: nowFEEL).value }
        let result = expression.evaluate(visibleVariables(at: key), now: nowFEEL)
        if let problem = result.problem {
            throw ElementFailure("the \(role) failed: \(problem)", expression: expression)
        }
        return result.value
    }

    /// Evaluates a condition, which must be true or false.
    mutating func evaluateCondition(_ expression: CompiledExpression, at key: ElementInstanceKey, role: String) throws(ElementFailure) -> Bool {
        let result = expression.evaluate(visibleVariables(at: key), now: nowFEEL)
        switch result.value {
        case .boolean(let value): return value
        case .null:
            let why = result.problem.map { ": \($0)" } ?? ""
            throw ElementFailure("the \(role) is null, not true or false\(why)", expression: expression)
        default:
            throw ElementFailure("the \(role) is \(result.value.typeName) \(result.value.literal), not true or false", expression: expression)
        }
    }
}
