import BatonFEEL
import BatonModel

/// `endEvent`: the token ends here. A terminate end event first ends every other token
/// of its scope; a message end event sends its message, a signal end event broadcasts;
/// an error or escalation end event throws outward to the nearest catcher (an error
/// nothing catches is an incident).
struct EndEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        switch node.eventKind {
        case .terminate?:
            if let scope = execution.state.elements[key]?.parent { execution.terminateScope(scope, except: key) }
        case .error?:
            let code = node.eventName ?? ""
            if !execution.throwOutward(.error, code: code, from: key, variables: FEELContext()) {
                let shown = code.isEmpty ? "(no code)" : "'\(code)'"
                throw ElementFailure("unhandled BPMN error \(shown) thrown by \(node.node.displayName); no error event catches it", location: node.node.location)
            }
        case .escalation?:
            ThrownEvents.escalate(node, key, &execution)
        default:
            break
        }
        return .completed
    }

    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) {
        ThrownEvents.throwEvent(node, key, &execution)
    }
}

/// What a throw or end event sends out besides its token, as it completes (messages and
/// signals; errors and escalations travel outward when it activates). A signal
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
        default:
            break
        }
    }

    /// Throws an escalation outward; when nothing catches it, it is reported and the
    /// flow goes on (an escalation is not critical).
    static func escalate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) {
        let code = node.eventName ?? ""
        if !execution.throwOutward(.escalation, code: code, from: key, variables: FEELContext()) {
            execution.events.append(.escalationThrown(code: code, element: node.id))
        }
    }
}
