import BatonFEEL
import BatonModel

/// Messages, signals and timers an element waits for: its own (a receive task, a catch
/// event), or on behalf of a boundary event, an event subprocess's start event or the
/// target of an event-based gateway.
extension Execution {
    /// Opens the subscription `node`'s event needs, owned by `owner`; `catchElement` is
    /// set when `node` is not the owner itself. Expressions (correlation key, timer) are
    /// evaluated at `owner`. Nil for events that are not subscribed to (error,
    /// escalation, link, none).
    @discardableResult
    mutating func openSubscription(for node: CompiledNode, owner: ElementInstanceKey, catchElement: ElementID?) throws(ElementFailure) -> SubscriptionKey? {
        let trigger: Subscription.Trigger
        var cycle: TimerCycle?
        let isMessage: Bool
        if case .receiveTask = node.node.kind { isMessage = true } else if case .message? = node.eventKind { isMessage = true } else { isMessage = false }
        if isMessage {
            guard let name = node.eventName else {
                throw ElementFailure("\(node.node.displayName) does not name the message it waits for", location: node.node.location)
            }
            var correlationKey: String?
            if let expression = node.correlationKey {
                let value = try evaluate(expression, at: owner, role: "correlation key of \(node.node.displayName)")
                if value.isNull { throw ElementFailure("the correlation key of \(node.node.displayName) is null", expression: expression) }
                correlationKey = value.description
            }
            trigger = .message(name: name, correlationKey: correlationKey)
        } else {
            switch node.eventKind {
            case .signal?:
                guard let name = node.eventName else {
                    throw ElementFailure("\(node.node.displayName) does not name the signal it waits for", location: node.node.location)
                }
                trigger = .signal(name: name)
            case .timer?:
                guard let timer = node.timer else {
                    throw ElementFailure("\(node.node.displayName) has a timer without a value", location: node.node.location)
                }
                let schedule = try TimerDue.schedule(of: timer, at: owner, role: "timer of \(node.node.displayName)", &self)
                trigger = .timer(dueAt: schedule.due)
                cycle = schedule.cycle
            default:
                return nil
            }
        }
        let subscription = Subscription(
            key: SubscriptionKey(state.makeKey()), elementInstance: owner, element: catchElement ?? node.id, trigger: trigger,
            catchElement: catchElement, cycle: cycle)
        state.subscriptions[subscription.key] = subscription
        if catchElement != nil {
            let held = state.elements[owner]?.eventSubscriptions ?? []
            state.elements[owner]?.eventSubscriptions = held + [subscription.key]
        }
        events.append(.subscriptionOpened(subscription))
        return subscription.key
    }

    /// Arms the message, signal and timer boundary events of an activity that started to
    /// wait; the loop body holds them for a multi-instance activity.
    mutating func openBoundarySubscriptions(of node: CompiledNode, at key: ElementInstanceKey) throws(ElementFailure) {
        guard !node.boundaryEvents.isEmpty, !isInnerLoopInstance(key) else { return }
        // An activity that finishes at once (a script) never waits for its boundaries;
        // its loop body does.
        if node.completesAtOnce, node.loop == nil { return }
        try openHeldSubscriptions(node.boundaryEvents, at: key)
    }

    /// Arms the message, signal and timer starts of a scope's event subprocesses.
    mutating func openEventSubProcessSubscriptions(of node: CompiledNode, at key: ElementInstanceKey) throws(ElementFailure) {
        guard !node.eventSubProcessStarts.isEmpty else { return }
        try openHeldSubscriptions(node.eventSubProcessStarts, at: key)
    }

    /// Opens a subscription held by `key` for each of `catchElements` it does not hold
    /// yet: an activation repeated after an incident arms nothing twice.
    private mutating func openHeldSubscriptions(_ catchElements: [ElementID], at key: ElementInstanceKey) throws(ElementFailure) {
        let process = process(state.elements[key]?.definition ?? 0)
        let held = Set((state.elements[key]?.eventSubscriptions ?? []).compactMap { state.subscriptions[$0]?.catchElement })
        for id in catchElements where !held.contains(id) {
            guard let catchNode = process.node(id) else { continue }
            try openSubscription(for: catchNode, owner: key, catchElement: id)
        }
    }

    /// Closes the subscriptions an element holds for others (boundary events, event
    /// subprocesses, gateway targets); `only` narrows to those that pass.
    mutating func closeEventSubscriptions(of key: ElementInstanceKey, only keep: ((Subscription) -> Bool)? = nil) {
        guard let held = state.elements[key]?.eventSubscriptions else { return }
        var remaining: [SubscriptionKey] = []
        for subscriptionKey in held {
            guard let subscription = state.subscriptions[subscriptionKey] else { continue }
            if let keep, !keep(subscription) {
                remaining.append(subscriptionKey)
                continue
            }
            state.subscriptions[subscriptionKey] = nil
            events.append(.subscriptionClosed(subscriptionKey))
        }
        state.elements[key]?.eventSubscriptions = remaining.isEmpty ? nil : remaining
    }

    /// True when `key` is one instance inside a multi-instance or loop body.
    func isInnerLoopInstance(_ key: ElementInstanceKey) -> Bool {
        state.elements[key]?.isLoopInstance == true
    }

    /// A subscription held for a boundary event, an event subprocess or an event-based
    /// gateway's target fired.
    mutating func triggerCatch(_ subscription: Subscription, result: FEELContext) {
        guard let catchElement = subscription.catchElement, let owner = state.elements[subscription.elementInstance],
            let catchNode = process(owner.definition).node(catchElement)
        else {
            removeSubscription(subscription)
            return
        }
        switch catchNode.behavior {
        case .boundaryEvent:
            if catchNode.isInterrupting { removeSubscription(subscription) } else { rearm(subscription) }
            activateBoundary(catchNode, attachedTo: owner.key, result: result)
        case .startEvent:
            if catchNode.isInterrupting { removeSubscription(subscription) } else { rearm(subscription) }
            startEventSubProcess(at: catchNode, in: owner.key, result: result)
        default:
            // The event-based gateway's winner: the others are withdrawn.
            removeSubscription(subscription)
            closeEventSubscriptions(of: owner.key)
            state.elements[owner.key]?.triggeredBy = catchElement
            state.elements[owner.key]?.variables = result.count > 0 ? result : nil
            move(owner.key, to: .completing)
            schedule(.complete(owner.key))
        }
    }

    /// A boundary event fired (or caught an error or escalation): an interrupting one
    /// ends its activity first; then a token starts at the boundary event.
    mutating func activateBoundary(_ boundary: CompiledNode, attachedTo activity: ElementInstanceKey, result: FEELContext) {
        guard let instance = state.elements[activity], let scope = instance.parent else { return }
        if boundary.isInterrupting { terminate(activity) }
        let key = enter(boundary, scope: scope, definition: instance.definition)
        applyResult(result, of: boundary, at: key)
    }

    /// An event subprocess starts in `scope`; an interrupting one first ends every other
    /// token of the scope and withdraws the scope's other event subprocess starts.
    mutating func startEventSubProcess(at start: CompiledNode, in scope: ElementInstanceKey, result: FEELContext) {
        guard let instance = state.elements[scope], let eventSubProcess = process(instance.definition).node(start.scopeID) else { return }
        if start.isInterrupting {
            state.elements[scope]?.isInterrupted = true
            terminateScope(scope, except: nil)
            let starts = Set(node(of: instance).eventSubProcessStarts)
            closeEventSubscriptions(of: scope) { $0.catchElement.map(starts.contains) ?? false }
        }
        let key = enter(eventSubProcess, scope: scope, definition: instance.definition)
        applyResult(result, of: start, at: key)
    }

    private mutating func removeSubscription(_ subscription: Subscription) {
        state.subscriptions[subscription.key] = nil
        if let held = state.elements[subscription.elementInstance]?.eventSubscriptions {
            let rest = held.filter { $0 != subscription.key }
            state.elements[subscription.elementInstance]?.eventSubscriptions = rest.isEmpty ? nil : rest
        }
    }

    /// A non-interrupting catch stays armed: a message or signal subscription as it is,
    /// a timer cycle for its next time; a one-time timer is done.
    private mutating func rearm(_ subscription: Subscription) {
        guard case .timer(let due) = subscription.trigger else { return }
        guard let cycle = subscription.cycle, cycle.remaining != 0, let next = TimerDue.add(cycle.interval, to: due),
            cycle.end.map({ next <= $0 }) ?? true
        else {
            removeSubscription(subscription)
            events.append(.subscriptionClosed(subscription.key))
            return
        }
        var rearmed = subscription
        rearmed.trigger = .timer(dueAt: next)
        rearmed.cycle = TimerCycle(interval: cycle.interval, remaining: cycle.remaining.map { $0 - 1 }, end: cycle.end)
        state.subscriptions[subscription.key] = rearmed
        events.append(.subscriptionOpened(rearmed))
    }
}
