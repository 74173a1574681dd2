import BatonModel
/// An embedded `subProcess`, and the process itself: starts its start event and waits
/// until no token is left inside; then completes (a scope's variables go with it).
struct SubProcessBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        guard let instance = execution.state.elements[key], let startID = node.startEvent,
            let start = execution.process(instance.definition).node(startID)
        else {
            throw ElementFailure("\(node.node.displayName) has no start event", location: node.node.location)
        }
        execution.enter(start, scope: key, definition: instance.definition)
        return .waiting(.content)
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        node.behavior == .process ? [] : try ImplicitSplit.flows(of: node, at: key, &execution)
    }
}
