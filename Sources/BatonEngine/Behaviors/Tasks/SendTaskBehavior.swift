import BatonModel
import BatonFEEL

/// `sendTask` without a task definition: sends its message (the host delivers it) with
/// the task's local variables (its input mappings) as the payload, and moves on.
struct SendTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        let payload = execution.state.elements[key]?.variables ?? FEELContext()
        execution.events.append(.messageSent(name: node.eventName ?? node.id.rawValue, variables: payload, element: node.id))
        return .completed
    }
}
