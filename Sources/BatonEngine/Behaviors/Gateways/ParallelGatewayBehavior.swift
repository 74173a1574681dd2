import BatonModel
/// `parallelGateway`: as a fork, takes every outgoing flow; as a join, the interpreter
/// activates it once a token waits on each incoming flow.
struct ParallelGatewayBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }

    func outgoingFlows(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [CompiledFlow] {
        node.outgoing
    }
}
