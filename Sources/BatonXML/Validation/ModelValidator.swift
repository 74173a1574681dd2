public import BatonModel

/// Checks a loaded model and returns *every* issue, not the first.
///
/// Every process is checked for structure: references resolve (sequence flow ends,
/// `default`, `attachedToRef`, `messageRef`, `errorRef`, `signalRef`, `escalationRef`,
/// lanes, participants, message flows, diagram elements). Executable processes are also
/// checked for what running them needs: a start event, reachable nodes, conditions on
/// gateway flows, valid timers, event definitions that name what they catch, and no
/// element Baton does not execute (`unsupported element 'complexGateway' ...`).
public struct ModelValidator: Sendable {
    public init() {}

    /// The diagnostics for `definitions`, whose ids were indexed into `index`.
    public func validate(_ definitions: Definitions, index: ElementIndex) -> [Diagnostic] {
        var run = ValidationRun(definitions: definitions, index: index)
        for process in definitions.processes {
            run.checkReferences(in: process.scope, process: process)
            if process.isExecutable {
                run.checkExecutable(process)
            }
        }
        run.checkCollaborations()
        run.checkDiagrams()
        return run.diagnostics
    }
}

/// The state of one validation: the model, its index and the findings so far.
struct ValidationRun {
    let definitions: Definitions
    let index: ElementIndex
    var diagnostics: [Diagnostic] = []
    /// "Did you mean" hints cost a pass over the candidates each; after this many, a file
    /// full of broken references gets plain messages, so validation stays linear.
    var hintsLeft = 25

    /// A "did you mean" hint while the budget lasts, else the empty string.
    mutating func hint(for word: String, in candidates: [String]) -> String {
        guard hintsLeft > 0 else { return "" }
        hintsLeft -= 1
        return Suggestion.hint(for: word, in: candidates)
    }

    init(definitions: Definitions, index: ElementIndex) {
        self.definitions = definitions
        self.index = index
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, element: ElementID? = nil) {
        diagnostics.append(.error(code, message, at: location, element: element))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, element: ElementID? = nil) {
        diagnostics.append(.warning(code, message, at: location, element: element))
    }

    // MARK: References

    mutating func checkReferences(in scope: FlowScope, process: ProcessDefinition) {
        let nodesByID = Dictionary(scope.flowNodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let nodeNames = scope.flowNodes.map(\.id.rawValue)
        let flowsByID = Dictionary(scope.sequenceFlows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        for flow in scope.sequenceFlows {
            for (attribute, reference) in [("sourceRef", flow.source), ("targetRef", flow.target)] where nodesByID[reference] == nil {
                reportMissingNode(
                    reference, attribute: attribute, owner: "sequenceFlow '\(flow.id)'", candidates: nodeNames,
                    at: index.location(of: attribute, on: flow.id, fallback: flow.location), element: flow.id,
                    sameScopeRule: "a sequence flow connects nodes of the same process or subprocess")
            }
        }

        for node in scope.flowNodes {
            if let flow = node.defaultFlow, !node.outgoing.contains(flow) {
                if flowsByID[flow] != nil || index[flow.rawValue] != nil {
                    error(.invalidReference, "\(node.displayName): default flow '\(flow)' is not one of its outgoing sequence flows", at: index.location(of: "default", on: node.id, fallback: node.location), element: node.id)
                } else {
                    error(.unknownReference, "\(node.displayName): default flow '\(flow)' does not exist\(hint(for: flow.rawValue, in: node.outgoing.map(\.rawValue)))", at: index.location(of: "default", on: node.id, fallback: node.location), element: node.id)
                }
            }
            if case .boundaryEvent(let boundary) = node.kind, !boundary.attachedTo.rawValue.isEmpty {
                if let host = nodesByID[boundary.attachedTo] {
                    if !host.kind.isActivity {
                        error(.invalidReference, "\(node.displayName) is attached to \(host.displayName); boundary events attach to activities only", at: node.location, element: node.id)
                    }
                } else {
                    reportMissingNode(
                        boundary.attachedTo, attribute: "attachedToRef", owner: node.displayName,
                        candidates: scope.flowNodes.filter(\.kind.isActivity).map(\.id.rawValue),
                        at: index.location(of: "attachedToRef", on: node.id, fallback: node.location), element: node.id,
                        sameScopeRule: "a boundary event belongs to the same process or subprocess as its activity")
                }
            }
            for definition in node.eventDefinitions {
                checkDeclarationReference(definition, on: node)
            }
            switch node.kind {
            case .sendTask(let task), .receiveTask(let task):
                if let reference = task.messageRef {
                    checkDeclared(
                        reference, kind: "message", declared: definitions.messages.map(\.id), attribute: "messageRef", on: node,
                        at: index.location(of: "messageRef", on: node.id, fallback: node.location))
                }
            case .callActivity(let call):
                if process.isExecutable, let called = call.calledElement, !called.isEmpty,
                    !FormalExpression(body: called, location: node.location).isComputed,
                    definitions.process(ElementID(called)) == nil
                {
                    warning(.externalCall, "\(node.displayName) calls process '\(called)', which is not defined in this file; deploy it before starting this process", at: node.location, element: node.id)
                }
            case .subProcess(let subProcess):
                checkReferences(in: subProcess.scope, process: process)
            default:
                break
            }
        }

        for laneSet in scope.laneSets { checkLanes(laneSet.lanes) }
        for reference in scope.dataReferences {
            guard let target = reference.target else { continue }
            if index[target.rawValue] == nil {
                error(.unknownReference, "\(reference.kind.rawValue) '\(reference.id)': \(reference.kind == .dataObject ? "dataObjectRef" : "dataStoreRef") '\(target)' does not exist", at: reference.location, element: reference.id)
            }
        }
    }

    private mutating func reportMissingNode(
        _ reference: ElementID, attribute: String, owner: String, candidates: [String], at location: SourceLocation,
        element: ElementID, sameScopeRule: String
    ) {
        if reference.rawValue.isEmpty { return }  // reported by the reader as a missing attribute
        if let elsewhere = index[reference.rawValue] {
            error(.invalidReference, "\(owner): \(attribute) '\(reference)' is \(article(elsewhere.elementName)) on line \(elsewhere.location.line) in another scope; \(sameScopeRule)", at: location, element: element)
        } else {
            error(.unknownReference, "\(owner): \(attribute) '\(reference)' does not exist\(hint(for: reference.rawValue, in: candidates))", at: location, element: element)
        }
    }

    private mutating func checkDeclarationReference(_ definition: EventDefinition, on node: FlowNode) {
        switch definition.kind {
        case .message(let reference?):
            checkDeclared(reference, kind: "message", declared: definitions.messages.map(\.id), attribute: "messageRef", on: node, at: definition.location)
        case .error(let reference?):
            checkDeclared(reference, kind: "error", declared: definitions.errors.map(\.id), attribute: "errorRef", on: node, at: definition.location)
        case .signal(let reference?):
            checkDeclared(reference, kind: "signal", declared: definitions.signals.map(\.id), attribute: "signalRef", on: node, at: definition.location)
        case .escalation(let reference?):
            checkDeclared(reference, kind: "escalation", declared: definitions.escalations.map(\.id), attribute: "escalationRef", on: node, at: definition.location)
        default:
            break
        }
    }

    private mutating func checkDeclared(
        _ reference: ElementID, kind: String, declared: [ElementID], attribute: String, on node: FlowNode, at location: SourceLocation
    ) {
        guard !declared.contains(reference) else { return }
        let hint = hint(for: reference.rawValue, in: declared.map(\.rawValue))
        if let other = index[reference.rawValue] {
            error(.invalidReference, "\(node.displayName): \(attribute) '\(reference)' names \(article(other.elementName)), not \(article(kind))\(hint)", at: location, element: node.id)
        } else {
            error(.unknownReference, "\(node.displayName): \(attribute) '\(reference)' does not name \(article(kind)) declared in this file\(hint)", at: location, element: node.id)
        }
    }

    /// `a task`, `an error`: the noun with its indefinite article.
    func article(_ noun: String) -> String {
        guard let first = noun.first else { return noun }
        return ("aeiouAEIOU".contains(first) ? "an " : "a ") + noun
    }

    private mutating func checkLanes(_ lanes: [Lane]) {
        for lane in lanes {
            // Lanes organise a diagram; a stale reference changes nothing at run time.
            for reference in lane.flowNodeRefs where index[reference.rawValue] == nil {
                warning(.unknownReference, "lane '\(lane.id)': flowNodeRef '\(reference)' does not exist", at: lane.location, element: lane.id)
            }
            checkLanes(lane.childLanes)
        }
    }

    mutating func checkCollaborations() {
        for collaboration in definitions.collaborations {
            for participant in collaboration.participants {
                if let reference = participant.processRef, definitions.process(reference) == nil {
                    let hint = hint(for: reference.rawValue, in: definitions.processes.map(\.id.rawValue))
                    error(.unknownReference, "participant '\(participant.id)': processRef '\(reference)' does not name a process in this file\(hint)", at: participant.location, element: participant.id)
                }
            }
            for flow in collaboration.messageFlows {
                for (attribute, reference) in [("sourceRef", flow.source), ("targetRef", flow.target)] where index[reference.rawValue] == nil {
                    error(.unknownReference, "messageFlow '\(flow.id)': \(attribute) '\(reference)' does not exist", at: flow.location, element: flow.id)
                }
                if let message = flow.messageRef, !definitions.messages.contains(where: { $0.id == message }) {
                    error(.unknownReference, "messageFlow '\(flow.id)': messageRef '\(message)' does not name a message declared in this file", at: flow.location, element: flow.id)
                }
            }
        }
    }

    /// Diagram elements that point nowhere draw nothing: a warning, not an error.
    mutating func checkDiagrams() {
        for diagram in definitions.diagrams {
            for plane in diagram.planes {
                let drawn: [(ElementID?, ElementID?, SourceLocation, String)] =
                    [(plane.id, plane.bpmnElement, plane.location, "BPMNPlane")]
                    + plane.shapes.map { ($0.id, $0.bpmnElement, $0.location, "BPMNShape") }
                    + plane.edges.map { ($0.id, $0.bpmnElement, $0.location, "BPMNEdge") }
                for (id, reference, location, name) in drawn {
                    guard let reference, index[reference.rawValue] == nil else { continue }
                    let owner = id.map { "\(name) '\($0)'" } ?? name
                    warning(.unknownReference, "\(owner): bpmnElement '\(reference)' does not exist, so it draws nothing", at: location, element: id)
                }
            }
        }
    }
}
