import BatonModel
/// An embedded `subProcess`, an event subprocess, and the process itself: arms its event
/// subprocesses' starts, starts its start event and waits until no token is left inside;
/// then completes (a scope's variables go with it).
struct SubProcessBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        // A process started by a particular start event begins there.
        guard let instance = execution.state.elements[key], let startID = instance.triggeredBy ?? node.startEvent,
            let start = execution.process(instance.definition).node(startID)
        else {
            throw ElementFailure("\(node.node.displayName) has no start event", location: node.node.location)
        }
        try execution.openEventSubProcessSubscriptions(of: node, at: key)
        execution.enter(start, scope: key, definition: instance.definition)
        return .waiting(.content)
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        node.behavior == .subProcess ? try ImplicitSplit.flows(of: node, at: key, &execution) : []
    }
}
