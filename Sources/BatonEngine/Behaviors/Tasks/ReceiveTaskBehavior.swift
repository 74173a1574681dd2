import BatonModel

/// `receiveTask`: waits for its message; the message's variables are its result.
struct ReceiveTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        if execution.state.elements[key]?.triggeredBy != nil { return .completed }
        guard let subscription = try execution.openSubscription(for: node, owner: key, catchElement: nil) else {
            throw ElementFailure("\(node.node.displayName) does not name the message it waits for", location: node.node.location)
        }
        return .waiting(.subscription(subscription))
    }
}
