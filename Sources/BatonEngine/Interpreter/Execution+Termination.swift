import BatonModel

/// Cancelling tokens: an element instance, with everything inside it and everything it
/// waits for.
extension Execution {
    /// The element instances directly inside `scope`, oldest first.
    func children(of scope: ElementInstanceKey) -> [ElementInstanceKey] {
        state.elements.values.filter { $0.parent == scope }.map(\.key).sorted()
    }

    /// Terminates `key`: its children first, then its job, user task, subscription or
    /// called process; its incident goes with it. The scope it was in loses a token but
    /// does not complete because of it.
    mutating func terminate(_ key: ElementInstanceKey) {
        guard var instance = state.elements[key], instance.state != .terminating else { return }
        assert(ElementLifecycle.canMove(from: instance.state, to: .terminating), "\(instance.state) -> terminating")
        instance.state = .terminating
        state.elements[key] = instance
        for child in children(of: key) { terminate(child) }
        closeEventSubscriptions(of: key)
        switch instance.waitingFor {
        case .job(let job)?:
            if state.jobs.removeValue(forKey: job) != nil { events.append(.jobCancelled(job)) }
        case .userTask(let task)?:
            if state.userTasks.removeValue(forKey: task) != nil { events.append(.userTaskCancelled(task)) }
        case .subscription(let subscription)?:
            if state.subscriptions.removeValue(forKey: subscription) != nil { events.append(.subscriptionClosed(subscription)) }
        case .calledProcess, .content, .events, nil:
            break
        }
        if let incident = instance.incident, state.incidents.removeValue(forKey: incident) != nil {
            events.append(.incidentResolved(incident))
        }
        if instance.isProcessRoot, instance.parent == nil {
            move(key, to: .terminated)
            state.elements[key]?.joinArrivals = nil
            state.elements[key]?.tokens = 0
            state.elements[key]?.waitingFor = nil
            state.elements[key]?.incident = nil
            return
        }
        state.elements[key] = nil
        if !instance.isProcessRoot { events.append(.elementTerminated(key, instance.element)) }
        // A called process's root is not a token of the call activity that waits for it.
        if let parent = instance.parent, !instance.isProcessRoot { state.elements[parent]?.tokens -= 1 }
    }

    /// Terminates every token in `scope` except `survivor`, including tokens waiting at
    /// joins: what a terminate end event does.
    mutating func terminateScope(_ scope: ElementInstanceKey, except survivor: ElementInstanceKey?) {
        for child in children(of: scope) where child != survivor { terminate(child) }
        if let arrivals = state.elements[scope]?.joinArrivals {
            let waiting = arrivals.values.reduce(0) { $0 + $1.values.reduce(0, +) }
            state.elements[scope]?.tokens -= waiting
            state.elements[scope]?.joinArrivals = nil
        }
    }
}
