import BatonModel
/// `inclusiveGateway`: as a fork, takes every outgoing flow whose condition is true (or
/// that has none); when none is, the default flow; else an incident. As a join it is
/// the OR-join: the interpreter activates it when no token can still arrive on an
/// empty incoming flow (see `Execution+Joins.swift`).
struct InclusiveGatewayBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        // The same choice as an activity's implicit split, which fails when nothing is taken.
        try ImplicitSplit.flows(of: node, at: key, &execution)
    }
}
