import BatonModel

/// Checks that only executable processes need: what running them requires.
extension ValidationRun {
    mutating func checkExecutable(_ process: ProcessDefinition) {
        let starts = process.scope.flowNodes.filter { if case .startEvent = $0.kind { true } else { false } }
        if starts.isEmpty {
            error(.missingStartEvent, "executable process '\(process.id)' has no start event", at: process.location, element: process.id)
        }
        checkScope(process.scope, container: "process '\(process.id)'", kind: .process)
    }

    /// What kind of container a scope is: it decides which start events it may have.
    enum ScopeKind { case process, embeddedSubProcess, eventSubProcess }

    private mutating func checkScope(_ scope: FlowScope, container: String, kind: ScopeKind) {
        checkReachability(scope, container: container)
        let flowsByID = Dictionary(scope.sequenceFlows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let nodesByID = Dictionary(scope.flowNodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for flow in scope.sequenceFlows {
            if let condition = flow.condition { checkLanguage(condition, of: "the condition of sequenceFlow '\(flow.id)'", element: flow.id) }
        }
        for node in scope.flowNodes {
            checkSupported(node)
            checkFlows(node, flowsByID: flowsByID, nodesByID: nodesByID)
            checkEvents(node)
            checkEventPlacement(node, scopeKind: kind)
            checkActivity(node)
            if case .subProcess(let subProcess) = node.kind {
                checkSubProcess(node, subProcess)
                checkScope(subProcess.scope, container: node.displayName, kind: subProcess.triggeredByEvent ? .eventSubProcess : .embeddedSubProcess)
            }
        }
    }

    // MARK: What Baton does not execute

    private mutating func checkSupported(_ node: FlowNode) {
        func unsupported(_ what: String, advice: String = "") {
            error(.unsupportedElement, "unsupported element '\(what)' (id '\(node.id)') in an executable process\(advice)", at: node.location, element: node.id)
        }
        switch node.kind {
        case .complexGateway: unsupported("complexGateway", advice: "; use an inclusive or exclusive gateway")
        case .subProcess(let subProcess) where subProcess.variant != .embedded: unsupported(subProcess.variant.elementName)
        case .other(let name): unsupported(name)
        default: break
        }
        if node.isForCompensation {
            error(.unsupportedElement, "unsupported: \(node.displayName) is a compensation handler (isForCompensation); Baton does not run compensation yet", at: node.location, element: node.id)
        }
        let definitions = node.eventDefinitions
        if definitions.count > 1 {
            error(.unsupportedElement, "unsupported: \(node.displayName) has \(definitions.count) event definitions (a multiple event); Baton runs events with one definition", at: node.location, element: node.id)
        }
        for definition in definitions {
            switch definition.kind {
            case .compensate, .cancel, .conditional:
                error(.unsupportedElement, "unsupported element '\(definition.kind.elementName)' on \(node.displayName) in an executable process", at: definition.location, element: node.id)
            default:
                break
            }
        }
    }

    // MARK: Sequence flows and gateways

    private mutating func checkFlows(_ node: FlowNode, flowsByID: [ElementID: SequenceFlow], nodesByID: [ElementID: FlowNode]) {
        // With a duplicated id, flows cannot tell which node they mean: the duplicate is
        // the error to fix, and checking flows would only add confusing echoes of it.
        guard !index.duplicates.contains(node.id.rawValue) else { return }
        switch node.kind {
        case .startEvent where !node.incoming.isEmpty:
            error(.invalidFlow, "\(node.displayName) has incoming sequence flows; a start event cannot be entered", at: node.location, element: node.id)
        case .boundaryEvent where !node.incoming.isEmpty:
            error(.invalidFlow, "\(node.displayName) has incoming sequence flows; a boundary event is triggered only by its event", at: node.location, element: node.id)
        case .endEvent where !node.outgoing.isEmpty:
            error(.invalidFlow, "\(node.displayName) has outgoing sequence flows; nothing continues after an end event", at: node.location, element: node.id)
        case .exclusiveGateway, .inclusiveGateway:
            guard node.outgoing.count > 1 else { break }
            for flowID in node.outgoing {
                guard let flow = flowsByID[flowID] else { continue }
                if flowID == node.defaultFlow {
                    if flow.condition != nil {
                        warning(.ignoredCondition, "sequenceFlow '\(flowID)' is the default flow of \(node.displayName); its condition is ignored", at: flow.location, element: flowID)
                    }
                } else if flow.condition == nil || flow.condition!.trimmedBody.isEmpty {
                    warning(.missingCondition, "sequenceFlow '\(flowID)' out of \(node.displayName) has no condition and is not the gateway's default flow; add a condition or make it the default", at: flow.location, element: flowID)
                }
            }
        case .parallelGateway:
            for flowID in node.outgoing {
                if let flow = flowsByID[flowID], flow.condition != nil {
                    warning(.ignoredCondition, "sequenceFlow '\(flowID)' leaves \(node.displayName); a parallel gateway takes every flow, so its condition is ignored", at: flow.location, element: flowID)
                }
            }
        case .eventBasedGateway:
            if node.outgoing.count < 2 {
                error(.invalidFlow, "\(node.displayName) needs at least two outgoing flows to choose between events", at: node.location, element: node.id)
            }
            for flowID in node.outgoing {
                guard let flow = flowsByID[flowID], let target = nodesByID[flow.target] else { continue }
                let catches: Bool
                switch target.kind {
                case .receiveTask: catches = true
                case .intermediateCatchEvent(let event):
                    catches = event.eventDefinitions.contains {
                        switch $0.kind {
                        case .message, .timer, .signal, .conditional: true
                        default: false
                        }
                    }
                default: catches = false
                }
                if !catches {
                    error(.invalidFlow, "\(node.displayName) leads to \(target.displayName); after an event-based gateway come only intermediate catch events (message, timer, signal) or receive tasks", at: flow.location, element: flowID)
                }
            }
        default:
            break
        }
    }

    // MARK: Events

    private mutating func checkEvents(_ node: FlowNode) {
        let catching: Bool
        switch node.kind {
        case .startEvent, .intermediateCatchEvent, .boundaryEvent: catching = true
        default: catching = false
        }
        if case .boundaryEvent(let boundary) = node.kind, boundary.eventDefinitions.isEmpty {
            error(.invalidEventDefinition, "\(node.displayName) has no event definition; say what it catches (timer, message, error, ...)", at: node.location, element: node.id)
        }
        if case .intermediateCatchEvent(let event) = node.kind, event.eventDefinitions.isEmpty {
            error(.invalidEventDefinition, "\(node.displayName) has no event definition; say what it waits for (timer, message, signal, link)", at: node.location, element: node.id)
        }
        for definition in node.eventDefinitions {
            switch definition.kind {
            case .message(nil) where catching:
                error(.invalidEventDefinition, "\(node.displayName) catches a message but names none; add messageRef", at: definition.location, element: node.id)
            case .signal(nil) where catching:
                error(.invalidEventDefinition, "\(node.displayName) catches a signal but names none; add signalRef", at: definition.location, element: node.id)
            case .signal(nil) where !catching, .escalation(nil) where !catching:
                error(.invalidEventDefinition, "\(node.displayName) throws \(article(definition.kind.shortName)) but names none; add \(definition.kind.shortName)Ref", at: definition.location, element: node.id)
            case .link(let name) where name == nil || name!.isEmpty:
                error(.invalidEventDefinition, "\(node.displayName) is a link event without a name; link throw and catch events pair by name", at: definition.location, element: node.id)
            case .timer(let timer):
                checkTimer(timer, on: node, at: definition.location)
            default:
                break
            }
        }
        if case .receiveTask(let task) = node.kind, task.messageRef == nil {
            error(.invalidEventDefinition, "\(node.displayName) waits for a message but names none; add messageRef", at: node.location, element: node.id)
        }
    }

    /// Which event definitions each kind of event may carry (BPMN 2.0, table 10.89 and
    /// following); unsupported-but-valid ones are reported by ``checkSupported``.
    private mutating func checkEventPlacement(_ node: FlowNode, scopeKind: ScopeKind) {
        let allowed: [String]
        switch node.kind {
        case .startEvent:
            switch scopeKind {
            case .process: allowed = ["message", "timer", "signal", "conditional"]
            case .embeddedSubProcess: allowed = []
            case .eventSubProcess: allowed = ["message", "timer", "signal", "conditional", "error", "escalation", "compensation"]
            }
        case .endEvent: allowed = ["message", "error", "escalation", "signal", "terminate", "compensation", "cancel"]
        case .intermediateCatchEvent: allowed = ["message", "timer", "signal", "link", "conditional"]
        case .intermediateThrowEvent: allowed = ["message", "signal", "escalation", "link", "compensation"]
        case .boundaryEvent: allowed = ["message", "timer", "error", "signal", "escalation", "conditional", "compensation", "cancel"]
        default: return
        }
        for definition in node.eventDefinitions where !allowed.contains(definition.kind.shortName) {
            let reason: String
            if case .startEvent = node.kind, scopeKind == .embeddedSubProcess {
                reason = "the start event of an embedded subprocess has no trigger; it starts when the subprocess does"
            } else if case .startEvent = node.kind, scopeKind == .process, ["error", "escalation", "compensation"].contains(definition.kind.shortName) {
                reason = "\(definition.kind.shortName) start events belong in event subprocesses"
            } else {
                reason = "\(article(node.elementName)) can have \(allowed.joined(separator: ", ")) definitions"
            }
            error(.invalidEventDefinition, "\(node.displayName) cannot be \(article(definition.kind.shortName)) event: \(reason)", at: definition.location, element: node.id)
        }
    }

    private mutating func checkTimer(_ timer: TimerDefinition, on node: FlowNode, at location: SourceLocation) {
        guard let type = timer.type, let value = timer.value, !value.trimmedBody.isEmpty else {
            error(.invalidTimer, "\(node.displayName) has a timer without a value; add timeDate, timeDuration or timeCycle", at: location, element: node.id)
            return
        }
        if value.isComputed { return }  // an expression, checked when expressions are
        let text = value.trimmedBody
        if type == .cycle && TimerSchedule.looksLikeCron(text) {
            error(.unsupportedTimer, "unsupported timer cycle '\(text)' on \(node.displayName): cron expressions are not supported; write an ISO 8601 cycle such as R/PT5M", at: value.location, element: node.id)
            return
        }
        do {
            _ = try TimerSchedule.parse(text, as: type)
        } catch {
            let quoted = text.count > 1 && (text.first == "\"" || text.first == "'") && text.last == text.first
            let hint = quoted ? "; write the value without quotes" : ""
            self.error(.invalidTimer, "\(node.displayName): invalid \(type.rawValue): \(error.message)\(hint)", at: value.location, element: node.id)
        }
    }

    // MARK: Activities

    private mutating func checkActivity(_ node: FlowNode) {
        switch node.kind {
        case .scriptTask(let task):
            if let format = task.scriptFormat, !Self.isFEEL(format) {
                error(.unsupportedLanguage, "unsupported script format '\(format)' on \(node.displayName); Baton runs FEEL scripts", at: node.location, element: node.id)
            } else if task.script == nil || task.script!.trimmedBody.isEmpty {
                error(.missingScript, "\(node.displayName) has no script; add <script> or zeebe:script", at: node.location, element: node.id)
            }
        case .callActivity(let call) where call.calledElement == nil || call.calledElement!.isEmpty:
            error(.missingAttribute, "\(node.displayName) does not say which process to call; add calledElement", at: node.location, element: node.id)
        default:
            break
        }
        switch node.loop {
        case .standard(let loop)?:
            if let condition = loop.loopCondition { checkLanguage(condition, of: "the loop condition of \(node.displayName)", element: node.id) }
            if (loop.loopCondition == nil || loop.loopCondition!.trimmedBody.isEmpty) && loop.loopMaximum == nil {
                error(.invalidAttribute, "standard loop on \(node.displayName) has neither a loopCondition nor a loopMaximum, so it would never end", at: loop.location, element: node.id)
            }
        case .multiInstance(let loop)?:
            if loop.loopCardinality == nil && loop.inputCollection == nil {
                error(.invalidAttribute, "multi-instance \(node.displayName) has neither a loopCardinality nor an input collection, so Baton cannot tell how many instances to run", at: loop.location, element: node.id)
            } else if loop.loopCardinality != nil && loop.inputCollection != nil {
                // Camunda 7 accepts both (the cardinality decides the count); SpiffWorkflow
                // refuses them. Most likely a slip, but not one that stops a run.
                warning(.invalidAttribute, "multi-instance \(node.displayName) has both a loopCardinality and an input collection; the loopCardinality decides how many instances run", at: loop.location, element: node.id)
            }
            for expression in [loop.loopCardinality, loop.completionCondition].compactMap({ $0 }) {
                checkLanguage(expression, of: "the multi-instance settings of \(node.displayName)", element: node.id)
            }
        case nil:
            break
        }
    }

    private mutating func checkSubProcess(_ node: FlowNode, _ subProcess: SubProcess) {
        guard subProcess.triggeredByEvent else { return }
        if !node.incoming.isEmpty || !node.outgoing.isEmpty {
            error(.invalidFlow, "event subprocess '\(node.id)' has sequence flows; an event subprocess is started by its start event only", at: node.location, element: node.id)
        }
        let starts = subProcess.scope.flowNodes.filter { if case .startEvent = $0.kind { true } else { false } }
        if starts.count != 1 || starts[0].eventDefinitions.isEmpty {
            error(.invalidEventDefinition, "event subprocess '\(node.id)' needs exactly one start event with a trigger (message, timer, error, signal, escalation)", at: node.location, element: node.id)
        }
    }

    // MARK: Languages

    private mutating func checkLanguage(_ expression: FormalExpression, of what: String, element: ElementID) {
        // Without its own `language`, an expression is in the file's `expressionLanguage`.
        guard let language = expression.language ?? definitions.expressionLanguage, !Self.isFEEL(language),
            language.lowercased() != "juel"
        else { return }
        error(.unsupportedLanguage, "unsupported expression language '\(language)' in \(what); Baton evaluates FEEL (and Camunda's JUEL ${...})", at: expression.location, element: element)
    }

    static func isFEEL(_ language: String) -> Bool { language.lowercased().contains("feel") }
}
