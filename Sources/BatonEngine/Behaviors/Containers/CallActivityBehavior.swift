import BatonFEEL
import BatonModel

/// `callActivity`: starts the latest deployed version of the called process as a child
/// inside this instance and waits for it to end.
///
/// Variables: by default every variable visible at the call activity passes in and
/// every variable of the child passes back out (Zeebe's default). Input mappings
/// (`baton:input`, `camunda:in`, `zeebe:input`) narrow what passes in to the mapped
/// variables, output mappings narrow what passes out, unless
/// `propagateAllParentVariables` / `propagateAllChildVariables` (`camunda:in/out
/// variables="all"`) say otherwise.
struct CallActivityBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        guard let expression = node.calledElement else {
            throw ElementFailure("\(node.node.displayName) does not say which process to call", location: node.node.location)
        }
        let value = try execution.evaluate(expression, at: key, role: "called element")
        guard case .string(let processID) = value, !processID.isEmpty else {
            throw ElementFailure("the called element of \(node.node.displayName) is \(value.literal), not a process id", expression: expression)
        }
        guard let called = execution.engine.repository.latest(ElementID(processID)) else {
            let hint = Suggestion.hint(for: processID, in: execution.engine.repository.processIDs.map(\.rawValue))
            throw ElementFailure("\(node.node.displayName) calls process '\(processID)', which is not deployed\(hint)", location: node.node.location)
        }
        let extensions = node.node.extensions
        let passAll = extensions.propagateAllParentVariables ?? node.inputs.isEmpty
        let childVariables = passAll ? execution.visibleVariables(at: key) : (execution.state.elements[key]?.variables ?? FEELContext())
        let reference = ProcessReference(id: called.id, version: called.version)
        let definition = execution.definitionIndex(of: reference)
        var root = ElementInstance(
            key: ElementInstanceKey(execution.state.makeKey()), element: called.id, definition: definition, parent: key, isProcessRoot: true)
        root.variables = childVariables
        execution.state.elements[root.key] = root
        execution.events.append(.calledProcessStarted(reference, root: root.key, callActivity: key))
        execution.schedule(.activate(root.key))
        return .waiting(.calledProcess(root.key))
    }
}

extension Execution {
    /// The process a call activity started has ended: its variables pass back out and
    /// the call activity completes.
    mutating func calledProcessCompleted(_ root: ElementInstanceKey, callActivity key: ElementInstanceKey) {
        guard let child = state.elements.removeValue(forKey: root), let instance = state.elements[key] else { return }
        events.append(.calledProcessCompleted(state.definitions[child.definition], root: root))
        let node = node(of: instance)
        let variables = child.variables ?? FEELContext()
        let passAll = node.node.extensions.propagateAllChildVariables ?? node.outputs.isEmpty
        let collecting = isCollectingInstance(node, key)
        if !node.outputs.isEmpty || collecting {
            // Output mappings and the output element read the child's variables; an
            // instance of a collecting multi-instance keeps them to itself, so parallel
            // instances do not overwrite each other (as for any activity's result).
            for (name, value) in variables.entries { setLocal(name, value, at: key) }
        }
        if passAll, !collecting, let parent = instance.parent {
            // What the call activity's own locals (its input mappings, a multi-instance
            // item and loopCounter) passed in comes back to them and ends with the
            // activity; the rest goes out to the scope.
            let locals = instance.variables ?? FEELContext()
            var outward = FEELContext()
            for (name, value) in variables.entries {
                if locals[name] != nil { setLocal(name, value, at: key) } else { outward[name] = value }
            }
            propagate(outward, from: parent)
        }
        move(key, to: .completing)
        schedule(.complete(key))
    }
}
