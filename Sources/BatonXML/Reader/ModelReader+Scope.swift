import BatonModel

extension ModelReader {
    /// The BPMN element names of flow nodes that Baton models, and those it knows exist
    /// but keeps only by name (reported as unsupported in executable processes).
    static let flowNodeNames: Set<String> = [
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
        "task", "manualTask", "userTask", "serviceTask", "sendTask", "receiveTask", "scriptTask",
        "businessRuleTask", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
        "complexGateway", "subProcess", "transaction", "adHocSubProcess", "callActivity",
    ]
    static let otherFlowNodeNames: Set<String> = [
        "implicitThrowEvent", "choreographyTask", "callChoreography", "subChoreography",
    ]
    /// BPMN elements that may stand in a process or subprocess besides flow nodes (a
    /// subprocess's own children included). Anything else there is a misspelling.
    static let otherScopeChildNames: Set<String> = [
        "documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef", "textAnnotation",
        "association", "group", "ioSpecification", "ioBinding", "property", "laneSet", "resourceRole", "performer",
        "humanPerformer", "potentialOwner", "correlationSubscription", "supports", "incoming", "outgoing",
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "dataInputAssociation",
        "dataOutputAssociation", "sequenceFlow", "dataObject", "dataObjectReference", "dataStoreReference",
        "completionCondition",
    ]

    /// Reads the content of a process or subprocess.
    mutating func readScope(_ container: RawElement, executable: Bool) -> FlowScope {
        var scope = FlowScope()
        for child in container.children(in: Namespace.bpmn) {
            if Self.flowNodeNames.contains(child.name) || Self.otherFlowNodeNames.contains(child.name) {
                if let node = readFlowNode(child, executable: executable) { scope.flowNodes.append(node) }
                continue
            }
            if !Self.otherScopeChildNames.contains(child.name) {
                // Kept as a node so flows that point at it resolve; the error names it.
                let known = Self.flowNodeNames.union(Self.otherScopeChildNames)
                diagnostics.append(.error(
                    .unknownElement,
                    "unknown BPMN element '\(child.name)'\(Suggestion.hint(for: child.name, in: known))",
                    at: child.location, element: ref(child.attribute("id"))))
                if let node = readFlowNode(child, executable: executable) { scope.flowNodes.append(node) }
                continue
            }
            switch child.name {
            case "sequenceFlow":
                let source = requiredReference(child, "sourceRef")
                let target = requiredReference(child, "targetRef")
                guard let source, let target else { continue }
                // BPMN makes ids optional, and Camunda 7 files often leave them off
                // sequence flows; such a flow gets a stable id from its ends.
                let id = child.attribute("id").flatMap { $0.isEmpty ? nil : ElementID($0) }
                    ?? generatedFlowID(from: source, to: target)
                var ignored = ExtensionSettings()  // checked for mistakes; nothing applies to flows yet
                readExtensions(of: child, kind: nil, executable: executable, into: &ignored)
                scope.sequenceFlows.append(SequenceFlow(
                    id: id, name: child.attribute("name"), source: source, target: target,
                    condition: expression(child.child(in: Namespace.bpmn, named: "conditionExpression")),
                    location: child.location))
            case "dataObject":
                guard let id = requiredID(child) else { continue }
                var object = DataObject(
                    id: id, name: child.attribute("name"), isCollection: readBool(child, "isCollection", default: false),
                    location: child.location)
                object.sensitive = readBool(child, "sensitive", namespace: Namespace.baton, default: false)
                scope.dataObjects.append(object)
            case "dataObjectReference", "dataStoreReference":
                guard let id = requiredID(child) else { continue }
                let kind: DataReference.Kind = child.name == "dataObjectReference" ? .dataObject : .dataStore
                let target = child.attribute(kind == .dataObject ? "dataObjectRef" : "dataStoreRef")
                scope.dataReferences.append(DataReference(
                    id: id, name: child.attribute("name"), kind: kind, target: target.map { ElementID($0) },
                    location: child.location))
            case "laneSet":
                scope.laneSets.append(readLaneSet(child))
            default:
                // Artifacts (textAnnotation, association, group), documentation,
                // ioSpecification, properties and extension elements: nothing to run.
                break
            }
        }
        // Incoming and outgoing come from the flows themselves, in document order.
        var incoming: [ElementID: [ElementID]] = [:]
        var outgoing: [ElementID: [ElementID]] = [:]
        for flow in scope.sequenceFlows {
            outgoing[flow.source, default: []].append(flow.id)
            incoming[flow.target, default: []].append(flow.id)
        }
        for index in scope.flowNodes.indices {
            let id = scope.flowNodes[index].id
            scope.flowNodes[index].incoming = incoming[id] ?? []
            scope.flowNodes[index].outgoing = outgoing[id] ?? []
        }
        return scope
    }

    /// `flow_<source>_<target>`, made unique in the file when needed.
    private mutating func generatedFlowID(from source: ElementID, to target: ElementID) -> ElementID {
        let base = "flow_\(source)_\(target)"
        var candidate = base
        var counter = 2
        while index[candidate] != nil || generatedIDs.contains(candidate) {
            candidate = "\(base)_\(counter)"
            counter += 1
        }
        generatedIDs.insert(candidate)
        return ElementID(candidate)
    }

    mutating func readLaneSet(_ element: RawElement) -> LaneSet {
        var laneSet = LaneSet(
            id: element.attribute("id").map { ElementID($0) }, name: element.attribute("name"), location: element.location)
        for lane in element.children(in: Namespace.bpmn, named: "lane") {
            guard let id = requiredID(lane) else { continue }
            let refs = lane.children(in: Namespace.bpmn, named: "flowNodeRef").map { ElementID($0.text.trimmingWhitespace()) }
            let children = lane.child(in: Namespace.bpmn, named: "childLaneSet").map { readLaneSet($0).lanes } ?? []
            laneSet.lanes.append(Lane(id: id, name: lane.attribute("name"), flowNodeRefs: refs, childLanes: children, location: lane.location))
        }
        return laneSet
    }

    /// Reads one flow node of any kind.
    mutating func readFlowNode(_ element: RawElement, executable: Bool) -> FlowNode? {
        guard let id = requiredID(element) else { return nil }
        let kind: FlowNodeKind
        switch element.name {
        case "startEvent":
            kind = .startEvent(StartEvent(
                eventDefinitions: readEventDefinitions(element, executable: executable),
                isInterrupting: readBool(element, "isInterrupting", default: true),
                parallelMultiple: readBool(element, "parallelMultiple", default: false)))
        case "endEvent":
            kind = .endEvent(EndEvent(eventDefinitions: readEventDefinitions(element, executable: executable)))
        case "intermediateCatchEvent":
            kind = .intermediateCatchEvent(IntermediateCatchEvent(
                eventDefinitions: readEventDefinitions(element, executable: executable),
                parallelMultiple: readBool(element, "parallelMultiple", default: false)))
        case "intermediateThrowEvent":
            kind = .intermediateThrowEvent(IntermediateThrowEvent(eventDefinitions: readEventDefinitions(element, executable: executable)))
        case "boundaryEvent":
            kind = .boundaryEvent(BoundaryEvent(
                attachedTo: requiredReference(element, "attachedToRef") ?? ElementID(""),
                cancelActivity: readBool(element, "cancelActivity", default: true),
                eventDefinitions: readEventDefinitions(element, executable: executable),
                parallelMultiple: readBool(element, "parallelMultiple", default: false)))
        case "task": kind = .task
        case "manualTask": kind = .manualTask
        case "userTask": kind = .userTask
        case "serviceTask":
            kind = .serviceTask(ServiceTask(implementation: element.attribute("implementation")))
        case "sendTask", "receiveTask":
            let task = MessageTask(
                messageRef: ref(element.attribute("messageRef")),
                instantiate: readBool(element, "instantiate", default: false))
            kind = element.name == "sendTask" ? .sendTask(task) : .receiveTask(task)
        case "scriptTask":
            let format = element.attribute("scriptFormat").flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
            let script = element.child(in: Namespace.bpmn, named: "script").map {
                FormalExpression(body: $0.text, language: format, location: $0.location)
            }
            kind = .scriptTask(ScriptTask(scriptFormat: format, script: script))
        case "businessRuleTask":
            kind = .businessRuleTask(BusinessRuleTask(implementation: element.attribute("implementation")))
        case "exclusiveGateway": kind = .exclusiveGateway
        case "parallelGateway": kind = .parallelGateway
        case "inclusiveGateway": kind = .inclusiveGateway
        case "complexGateway": kind = .complexGateway
        case "eventBasedGateway":
            kind = .eventBasedGateway(EventBasedGateway(
                instantiate: readBool(element, "instantiate", default: false),
                eventGatewayType: element.attribute("eventGatewayType")))
        case "subProcess", "transaction", "adHocSubProcess":
            let variant: SubProcess.Variant = element.name == "subProcess" ? .embedded : element.name == "transaction" ? .transaction : .adHoc
            var scope = FlowScope()
            if subProcessDepth < Self.maxSubProcessDepth {
                subProcessDepth += 1
                scope = readScope(element, executable: executable)
                subProcessDepth -= 1
            } else {
                diagnostics.append(.error(
                    .nestingTooDeep, "\(element.name) '\(id)' is nested more than \(Self.maxSubProcessDepth) subprocesses deep",
                    at: element.location, element: id))
            }
            kind = .subProcess(SubProcess(
                variant: variant, triggeredByEvent: readBool(element, "triggeredByEvent", default: false), scope: scope))
        case "callActivity":
            kind = .callActivity(CallActivity(calledElement: element.attribute("calledElement")))
        default:
            kind = .other(elementName: element.name)
        }

        var node = FlowNode(
            id: id, name: element.attribute("name"), kind: kind,
            defaultFlow: ref(element.attribute("default")),
            isForCompensation: readBool(element, "isForCompensation", default: false),
            documentation: documentation(of: element), location: element.location)
        node.loop = readLoop(element, executable: executable)
        readExtensions(of: element, kind: kind, executable: executable, into: &node.extensions)
        applyExtensionsToKind(&node, element: element)
        if case .userTask = kind { readPerformers(element, into: &node.extensions) }
        return node
    }

    /// Standard BPMN people: `<potentialOwner>` (candidates) and `<humanPerformer>` (the
    /// assignee), each with a `resourceAssignmentExpression` written `user(kermit),
    /// group(management)` or plainly `management` (a role). Extension attributes win.
    private func readPerformers(_ element: RawElement, into settings: inout ExtensionSettings) {
        func expression(_ child: RawElement) -> String? {
            child.child(in: Namespace.bpmn, named: "resourceAssignmentExpression")?
                .child(in: Namespace.bpmn, named: "formalExpression")?.text.trimmingWhitespace()
        }
        func parse(_ text: String) -> (users: [String], groups: [String]) {
            var users: [String] = [], groups: [String] = []
            for item in text.split(separator: ",").map({ String($0).trimmingWhitespace() }) where !item.isEmpty {
                if item.hasPrefix("user("), item.hasSuffix(")") {
                    users.append(String(item.dropFirst(5).dropLast()).trimmingWhitespace())
                } else if item.hasPrefix("group("), item.hasSuffix(")") {
                    groups.append(String(item.dropFirst(6).dropLast()).trimmingWhitespace())
                } else {
                    groups.append(item)
                }
            }
            return (users, groups)
        }
        var assignment = settings.assignment ?? TaskAssignment(location: element.location)
        var changed = false
        for owner in element.children(in: Namespace.bpmn, named: "potentialOwner") {
            guard let text = expression(owner), !text.isEmpty else { continue }
            let (users, groups) = parse(text)
            if assignment.candidateUsers.isEmpty, !users.isEmpty { assignment.candidateUsers = users; changed = true }
            if assignment.candidateGroups.isEmpty, !groups.isEmpty { assignment.candidateGroups = groups; changed = true }
        }
        for performer in element.children(in: Namespace.bpmn, named: "humanPerformer") {
            guard let text = expression(performer), !text.isEmpty, assignment.assignee == nil else { continue }
            let (users, groups) = parse(text)
            assignment.assignee = users.first ?? groups.first
            changed = true
        }
        if changed { settings.assignment = assignment }
    }

    /// Some extension settings complete the kind-specific data (a Zeebe script, a called
    /// element, a decision).
    private mutating func applyExtensionsToKind(_ node: inout FlowNode, element: RawElement) {
        let extensions = element.child(in: Namespace.bpmn, named: "extensionElements")
        switch node.kind {
        case .scriptTask(var task) where task.script == nil:
            if let script = extensions?.child(in: Namespace.zeebe, named: "script"), let text = script.attribute("expression") {
                task.script = FormalExpression(body: text, language: "feel", location: script.location(ofAttribute: "expression"))
                node.kind = .scriptTask(task)
            }
        case .callActivity(var call) where call.calledElement == nil:
            if let called = extensions?.child(in: Namespace.zeebe, named: "calledElement") {
                call.calledElement = called.attribute("processId")
                node.kind = .callActivity(call)
            }
        case .businessRuleTask(var task):
            if let decision = extensions?.child(in: Namespace.zeebe, named: "calledDecision") {
                task.decisionRef = decision.attribute("decisionId")
            } else if let reference = element.attribute("decisionRef", namespace: Namespace.camunda) {
                task.decisionRef = reference
            }
            node.kind = .businessRuleTask(task)
        default:
            break
        }
    }

    /// Standard loop or multi-instance characteristics, in any of the dialects.
    mutating func readLoop(_ element: RawElement, executable: Bool) -> LoopCharacteristics? {
        if let loop = element.child(in: Namespace.bpmn, named: "standardLoopCharacteristics") {
            let condition = loop.child(in: Namespace.bpmn, named: "loopCondition")
            return .standard(StandardLoop(
                testBefore: readBool(loop, "testBefore", default: false),
                loopMaximum: readInt(loop, "loopMaximum"), loopCondition: expression(condition),
                location: loop.location))
        }
        guard let loop = element.child(in: Namespace.bpmn, named: "multiInstanceLoopCharacteristics") else { return nil }
        var result = MultiInstanceLoop(isSequential: readBool(loop, "isSequential", default: false), location: loop.location)
        result.loopCardinality = expression(loop.child(in: Namespace.bpmn, named: "loopCardinality"))
        result.completionCondition = expression(loop.child(in: Namespace.bpmn, named: "completionCondition"))
        // Plain BPMN, as SpiffWorkflow writes it: references to process variables.
        if let input = loop.child(in: Namespace.bpmn, named: "loopDataInputRef") {
            let name = input.text.trimmingWhitespace()
            result.inputCollection = FormalExpression(body: name, location: input.location)
        }
        if let item = loop.child(in: Namespace.bpmn, named: "inputDataItem") {
            result.inputElement = item.attribute("name") ?? item.attribute("id")
        }
        if let output = loop.child(in: Namespace.bpmn, named: "loopDataOutputRef") {
            result.outputCollection = output.text.trimmingWhitespace()
        }
        if let item = loop.child(in: Namespace.bpmn, named: "outputDataItem"), let name = item.attribute("name") ?? item.attribute("id") {
            result.outputElement = FormalExpression(body: name, location: item.location)
        }
        readMultiInstanceExtensions(loop, into: &result, executable: executable)
        return .multiInstance(result)
    }
}
