import BatonFEEL
import BatonModel

/// `endEvent`: the token ends here. A terminate end event first ends every other token
/// of its scope; a message end event sends its message, a signal end event broadcasts,
/// an escalation end event reports an escalation nothing caught, and an error end event
/// throws a BPMN error, which is an incident until boundary events catch errors.
struct EndEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        switch node.node.eventDefinitions.first?.kind {
        case .terminate?:
            if let scope = execution.state.elements[key]?.parent { execution.terminateScope(scope, except: key) }
        case .error?:
            let code = node.eventName.map { "'\($0)'" } ?? "(no code)"
            throw ElementFailure("unhandled BPMN error \(code) thrown by \(node.node.displayName); no error event catches it", location: node.node.location)
        default:
            break
        }
        return .completed
    }

    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) {
        ThrownEvents.throwEvent(node, key, &execution)
    }
}

/// What a throw or end event sends out besides its token, as it completes. A signal
/// reaches the elements of this instance waiting for it at that moment: they complete
/// next, before the thrower's token moves on.
enum ThrownEvents {
    static func throwEvent(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) {
        switch node.node.eventDefinitions.first?.kind {
        case .message?:
            let payload = execution.state.elements[key]?.variables ?? FEELContext()
            execution.events.append(.messageSent(name: node.eventName ?? node.id.rawValue, variables: payload, element: node.id))
        case .signal?:
            // A broadcast: the elements of this instance waiting for it now receive it at
            // once; the host delivers the event to other instances.
            let name = node.eventName ?? node.id.rawValue
            execution.events.append(.signalThrown(name: name, element: node.id))
            execution.deliverSignal(name, variables: FEELContext())
        case .escalation?:
            execution.events.append(.escalationThrown(code: node.eventName ?? "", element: node.id))
        default:
            break
        }
    }
}
