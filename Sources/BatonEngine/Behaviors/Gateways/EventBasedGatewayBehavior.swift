import BatonFEEL
import BatonModel

/// `eventBasedGateway`: waits for the first of the events after it (message and signal
/// catch events, timers, receive tasks). The first to happen wins: the others are
/// withdrawn, and the token goes to the winner, which completes at once with the
/// event's variables. A message for a withdrawn catch is not consumed.
struct EventBasedGatewayBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        guard let instance = execution.state.elements[key] else { return .completed }
        let process = execution.process(instance.definition)
        for flow in node.outgoing {
            guard let target = process.node(flow.target),
                try execution.openSubscription(for: target, owner: key, catchElement: target.id) != nil
            else {
                throw ElementFailure(
                    "\(node.node.displayName) leads to '\(flow.target)', which waits for no message, signal or timer", location: node.node.location)
            }
        }
        return .waiting(.events)
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        guard let instance = execution.state.elements[key], let winner = instance.triggeredBy, let scope = instance.parent,
            let flow = node.outgoing.first(where: { $0.target == winner }), let target = execution.process(instance.definition).node(winner)
        else { return [] }
        execution.events.append(.sequenceFlowTaken(flow.id, scope: scope))
        let targetKey = execution.enter(target, scope: scope, definition: instance.definition)
        execution.state.elements[targetKey]?.triggeredBy = winner
        execution.applyResult(instance.variables ?? FEELContext(), of: target, at: targetKey)
        return []
    }
}
