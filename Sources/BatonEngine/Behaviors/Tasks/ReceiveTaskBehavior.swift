import BatonModel

/// `receiveTask`: waits for its message; the message's variables are its result.
struct ReceiveTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        try MessageSubscribing.subscribe(node, key, &execution)
    }
}
