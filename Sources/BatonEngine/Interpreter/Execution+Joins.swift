import BatonModel

/// Joining gateways: tokens wait in their scope until the gateway may fire.
///
/// A parallel join fires when every incoming flow holds a token. An inclusive join (the
/// OR-join) fires when at least one incoming flow holds a token and no token of the
/// scope can still reach an empty incoming flow without passing the gateway: the
/// BPMN 2.0 rule (section 13.3.4). Tokens inside a subprocess count at the subprocess;
/// tokens waiting at another join count at that gateway. The inclusive check runs when
/// nothing else in the instance can move, so it sees every token where it rests.
extension Execution {
    mutating func arrive(at gateway: CompiledNode, via flow: ElementID, scope: ElementInstanceKey, definition: Int) {
        guard var instance = state.elements[scope] else { return }
        var arrivals = instance.joinArrivals ?? [:]
        arrivals[gateway.id, default: [:]][flow, default: 0] += 1
        instance.joinArrivals = arrivals
        instance.tokens += 1
        state.elements[scope] = instance
        let waiting = arrivals[gateway.id] ?? [:]
        let allArrived = gateway.node.incoming.allSatisfy { (waiting[$0] ?? 0) > 0 }
        if allArrived {
            fire(gateway, consuming: gateway.node.incoming, scope: scope, definition: definition)
        } else if gateway.behavior == .inclusiveGateway {
            state.inclusiveJoinScopes.insert(scope)
        }
    }

    /// Takes one token from each of `flows` at the gateway and activates it.
    private mutating func fire(_ gateway: CompiledNode, consuming flows: [ElementID], scope: ElementInstanceKey, definition: Int) {
        guard var instance = state.elements[scope], var arrivals = instance.joinArrivals, var waiting = arrivals[gateway.id] else { return }
        var consumed = 0
        for flow in flows {
            guard let count = waiting[flow], count > 0 else { continue }
            waiting[flow] = count == 1 ? nil : count - 1
            consumed += 1
        }
        arrivals[gateway.id] = waiting.isEmpty ? nil : waiting
        instance.joinArrivals = arrivals.isEmpty ? nil : arrivals
        instance.tokens -= consumed
        state.elements[scope] = instance
        enter(gateway, scope: scope, definition: definition)
    }

    /// Fires every inclusive join that may fire now; true when one did.
    mutating func fireInclusiveJoins() -> Bool {
        guard !state.inclusiveJoinScopes.isEmpty else { return false }
        var fired = false
        for scope in state.inclusiveJoinScopes.sorted() {
            guard let instance = state.elements[scope], let arrivals = instance.joinArrivals else {
                state.inclusiveJoinScopes.remove(scope)
                continue
            }
            let process = process(instance.definition)
            var hasInclusiveArrivals = false
            for gatewayID in arrivals.keys.sorted() {
                guard let gateway = process.node(gatewayID), gateway.behavior == .inclusiveGateway,
                    let waiting = state.elements[scope]?.joinArrivals?[gatewayID], !waiting.isEmpty
                else { continue }
                if canFire(gateway, waiting: waiting, scope: scope) {
                    fire(gateway, consuming: gateway.node.incoming, scope: scope, definition: instance.definition)
                    fired = true
                }
                if state.elements[scope]?.joinArrivals?[gatewayID] != nil { hasInclusiveArrivals = true }
            }
            if !hasInclusiveArrivals { state.inclusiveJoinScopes.remove(scope) }
        }
        return fired
    }

    /// True when no token of `scope` can still reach an empty incoming flow of `gateway`.
    private func canFire(_ gateway: CompiledNode, waiting: [ElementID: Int], scope: ElementInstanceKey) -> Bool {
        var tokenNodes: Set<ElementID> = []
        for element in state.elements.values where element.parent == scope && !element.isProcessRoot {
            tokenNodes.insert(element.element)
        }
        for (otherGateway, flows) in state.elements[scope]?.joinArrivals ?? [:] where otherGateway != gateway.id && !flows.isEmpty {
            tokenNodes.insert(otherGateway)
        }
        for flow in gateway.node.incoming where (waiting[flow] ?? 0) == 0 {
            if let upstream = gateway.upstreamOfIncoming[flow], !upstream.isDisjoint(with: tokenNodes) { return false }
        }
        return true
    }
}
