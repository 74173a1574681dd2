import BatonModel

/// `intermediateThrowEvent`: with no definition a milestone the token passes; a
/// message, signal or escalation is sent out and the token moves on; a link event
/// jumps to the link catch event of the same name in its scope.
struct IntermediateThrowEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        if case .escalation? = node.eventKind { ThrownEvents.escalate(node, key, &execution) }
        return .completed
    }

    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) {
        ThrownEvents.throwEvent(node, key, &execution)
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        guard case .link? = node.node.eventDefinitions.first?.kind else { return try ImplicitSplit.flows(of: node, at: key, &execution) }
        guard let instance = execution.state.elements[key], let scope = instance.parent else { return [] }
        let process = execution.process(instance.definition)
        guard let name = node.eventName, let targetID = process.linkTargets[node.scopeID]?[name], let target = process.node(targetID) else {
            throw ElementFailure("\(node.node.displayName) links to '\(node.eventName ?? "")', but no link catch event of that name is in its scope", location: node.node.location)
        }
        execution.enter(target, scope: scope, definition: instance.definition)
        return []
    }
}
