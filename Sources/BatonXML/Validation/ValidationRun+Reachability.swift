import BatonModel

extension ValidationRun {
    /// Warns about nodes that no token can reach from a start of their scope.
    ///
    /// Roots are the scope's start events (or, in a scope without any, its nodes without
    /// incoming flows) and its event subprocesses. Following sequence flows, an activity
    /// also reaches the boundary events attached to it, and a link throw event reaches
    /// the link catch events of the same name. Compensation handlers are reached by
    /// compensation, not by flows, and are left out.
    mutating func checkReachability(_ scope: FlowScope, container: String) {
        var successors: [ElementID: [ElementID]] = [:]
        for flow in scope.sequenceFlows { successors[flow.source, default: []].append(flow.target) }
        var linkCatches: [String: [ElementID]] = [:]
        var roots: [ElementID] = []
        let hasStart = scope.flowNodes.contains { if case .startEvent = $0.kind { true } else { false } }
        for node in scope.flowNodes {
            switch node.kind {
            case .boundaryEvent(let boundary):
                successors[boundary.attachedTo, default: []].append(node.id)
            case .intermediateCatchEvent(let event):
                for case .link(let name?) in event.eventDefinitions.map(\.kind) { linkCatches[name, default: []].append(node.id) }
            case .startEvent:
                roots.append(node.id)
            case .subProcess(let subProcess) where subProcess.triggeredByEvent:
                roots.append(node.id)
            default:
                break
            }
            if !hasStart && node.incoming.isEmpty && !node.isForCompensation {
                if case .boundaryEvent = node.kind {} else { roots.append(node.id) }
            }
        }
        for node in scope.flowNodes {
            guard case .intermediateThrowEvent(let event) = node.kind else { continue }
            for case .link(let name?) in event.eventDefinitions.map(\.kind) {
                successors[node.id, default: []] += linkCatches[name] ?? []
            }
        }

        var reached = Set(roots)
        var pending = roots
        while let current = pending.popLast() {
            for next in successors[current] ?? [] where reached.insert(next).inserted {
                pending.append(next)
            }
        }
        for node in scope.flowNodes where !reached.contains(node.id) && !node.isForCompensation {
            if case .boundaryEvent(let boundary) = node.kind,
                boundary.eventDefinitions.contains(where: { if case .compensate = $0.kind { true } else { false } })
            {
                continue
            }
            warning(.unreachableNode, "\(node.displayName) cannot be reached from any start event of \(container)", at: node.location, element: node.id)
        }
    }
}
