import BatonModel
import BatonFEEL

/// Opening a message subscription for a receive task or message catch event.
enum MessageSubscribing {
    static func subscribe(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        guard let name = node.eventName else {
            throw ElementFailure("\(node.node.displayName) does not name the message it waits for", location: node.node.location)
        }
        var correlationKey: String?
        if let expression = node.correlationKey {
            let value = try execution.evaluate(expression, at: key, role: "correlation key")
            if value.isNull {
                throw ElementFailure("the correlation key of \(node.node.displayName) is null", expression: expression)
            }
            correlationKey = value.description
        }
        let subscription = Subscription(
            key: SubscriptionKey(execution.state.makeKey()), elementInstance: key, element: node.id,
            trigger: .message(name: name, correlationKey: correlationKey))
        execution.state.subscriptions[subscription.key] = subscription
        execution.events.append(.subscriptionOpened(subscription))
        return .waiting(.subscription(subscription.key))
    }
}
