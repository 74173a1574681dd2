import BatonModel
/// `exclusiveGateway`: takes the first outgoing flow, in document order, whose
/// condition is true (a flow without a condition counts as true); else the default
/// flow; else an incident. As a merge, every arriving token passes through.
struct ExclusiveGatewayBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        for flow in node.outgoing {
            guard let condition = flow.condition else { return [flow] }
            if try execution.evaluateCondition(condition, at: key, role: "condition of sequenceFlow '\(flow.id)'") { return [flow] }
        }
        if let defaultFlow = node.defaultFlow { return [defaultFlow] }
        if node.outgoing.isEmpty { return [] }
        throw ElementFailure("\(node.node.displayName): no condition matched and there is no default flow", location: node.node.location)
    }
}
