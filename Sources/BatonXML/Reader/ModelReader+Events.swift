import BatonModel

extension ModelReader {
    /// The `*EventDefinition` children of an event, in document order. A
    /// `<bpmn:eventDefinitionRef>` to a definition declared at the top level is not
    /// followed (no modeler writes it); in an executable process it is reported.
    mutating func readEventDefinitions(_ event: RawElement, executable: Bool) -> [EventDefinition] {
        var result: [EventDefinition] = []
        if executable, let reference = event.child(in: Namespace.bpmn, named: "eventDefinitionRef") {
            diagnostics.append(.error(
                .unsupportedElement,
                "unsupported element 'eventDefinitionRef' in \(event.name) '\(event.attribute("id") ?? "")'; write the event definition inside the event",
                at: reference.location, element: ref(event.attribute("id"))))
        }
        for child in event.children(in: Namespace.bpmn) where child.name.hasSuffix("EventDefinition") {
            let reference = { [index] (name: String) in ModelReader.ref(child.attribute(name), index: index) }
            let kind: EventDefinitionKind
            switch child.name {
            case "messageEventDefinition": kind = .message(messageRef: reference("messageRef"))
            case "timerEventDefinition": kind = .timer(readTimer(child))
            case "errorEventDefinition": kind = .error(errorRef: reference("errorRef"))
            case "signalEventDefinition": kind = .signal(signalRef: reference("signalRef"))
            case "escalationEventDefinition": kind = .escalation(escalationRef: reference("escalationRef"))
            case "terminateEventDefinition": kind = .terminate
            case "conditionalEventDefinition":
                kind = .conditional(condition: expression(child.child(in: Namespace.bpmn, named: "condition")))
            case "linkEventDefinition": kind = .link(name: child.attribute("name"))
            case "compensateEventDefinition":
                kind = .compensate(
                    activityRef: reference("activityRef"),
                    waitForCompletion: readBool(child, "waitForCompletion", default: true))
            case "cancelEventDefinition": kind = .cancel
            default:
                diagnostics.append(.error(
                    .unknownElement, "unknown event definition '\(child.name)'", at: child.location,
                    element: event.attribute("id").map { ElementID($0) }))
                continue
            }
            result.append(EventDefinition(id: child.attribute("id").map { ElementID($0) }, kind: kind, location: child.location))
        }
        return result
    }

    /// A timer definition: its first `timeDate`, `timeDuration` or `timeCycle` child.
    /// Several of them in one timer is an error (BPMN allows exactly one).
    mutating func readTimer(_ element: RawElement) -> TimerDefinition {
        let values = element.children(in: Namespace.bpmn).filter { TimerDefinition.TimerType(rawValue: $0.name) != nil }
        guard let first = values.first, let type = TimerDefinition.TimerType(rawValue: first.name) else {
            return TimerDefinition()
        }
        if values.count > 1 {
            diagnostics.append(.error(
                .invalidEventDefinition,
                "a timer has one of timeDate, timeDuration or timeCycle; this one has \(values.map(\.name).joined(separator: " and "))",
                at: values[1].location))
        }
        return TimerDefinition(type: type, value: expression(first))
    }

    /// `baton:correlationKey` or `zeebe:subscription correlationKey` on a message.
    mutating func readMessageCorrelation(_ message: RawElement) -> FormalExpression? {
        if let key = message.attribute("correlationKey", namespace: Namespace.baton) {
            return FormalExpression(body: key, location: message.location(ofAttribute: "correlationKey", namespace: Namespace.baton))
        }
        let subscription = message.child(in: Namespace.bpmn, named: "extensionElements")?
            .child(in: Namespace.zeebe, named: "subscription")
        if let subscription, let key = subscription.attribute("correlationKey") {
            return FormalExpression(body: key, location: subscription.location(ofAttribute: "correlationKey"))
        }
        return nil
    }
}
