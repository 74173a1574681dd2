import BatonFEEL
import BatonModel

/// BPMN errors and escalations: thrown by an element, they travel outward to the nearest
/// element that catches them.
///
/// From the thrower outwards, each level is checked in this order: the boundary events of
/// the element (for a multi-instance activity, of its body), then, when moving to the
/// enclosing scope, that scope's event subprocesses; a called process's root passes on
/// to the call activity. A scope already interrupted by one of its event subprocesses
/// starts no other (not even for an error thrown inside that event subprocess, which
/// goes on outward). An exact code wins over a catch-all at the same level. An error
/// nothing catches is an incident; an escalation nothing catches is reported and the
/// flow goes on.
extension Execution {
    /// What travels outward.
    enum Thrown {
        case error
        case escalation

        var eventName: String { self == .error ? "error" : "escalation" }
    }

    /// Throws `code` from `thrower`; true when something caught it.
    mutating func throwOutward(_ kind: Thrown, code: String, from thrower: ElementInstanceKey, variables: FEELContext) -> Bool {
        var current = thrower
        while let instance = state.elements[current] {
            let currentNode = node(of: instance)
            if !instance.isProcessRoot, !isInnerLoopInstance(current),
                let boundary = catcher(kind, code: code, among: currentNode.boundaryEvents, definition: instance.definition)
            {
                activateBoundary(boundary, attachedTo: current, result: variables)
                return true
            }
            guard let scopeKey = instance.parent, let scope = state.elements[scopeKey] else { return false }
            if !instance.isProcessRoot, !scope.isLoopBody, !scope.isInterrupted,
                let start = catcher(kind, code: code, among: node(of: scope).eventSubProcessStarts, definition: scope.definition)
            {
                startEventSubProcess(at: start, in: scopeKey, result: variables)
                return true
            }
            current = scopeKey
        }
        return false
    }

    /// The catch event among `candidates` for `code`: one naming exactly that code
    /// first, else one that catches every code.
    private mutating func catcher(_ kind: Thrown, code: String, among candidates: [ElementID], definition: Int) -> CompiledNode? {
        guard !candidates.isEmpty else { return nil }
        let process = process(definition)
        var catchAll: CompiledNode?
        for id in candidates {
            guard let node = process.node(id) else { continue }
            switch (kind, node.eventKind) {
            case (.error, .error?), (.escalation, .escalation?):
                if node.catchCode == code { return node }
                if node.catchCode == nil, catchAll == nil { catchAll = node }
            default:
                continue
            }
        }
        return catchAll
    }
}
