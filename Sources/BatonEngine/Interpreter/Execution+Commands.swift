import BatonFEEL
import BatonModel

/// How each command changes the state before the run loop continues the instance.
extension Execution {
    mutating func apply(_ command: EngineCommand) throws(CommandRejection) {
        guard state.status == .active else {
            throw CommandRejection(.invalidState, "process instance '\(state.id)' is \(state.status.rawValue); it takes no more commands")
        }
        switch command {
        case .completeUserTask(let key, let variables, let user):
            guard let task = state.userTasks[key] else { throw CommandRejection(.notFound, "no open user task with key \(key)") }
            let problems = FormValidation.problems(variables, fields: task.formFields)
            if !problems.isEmpty {
                let missing = problems.filter { $0.message == "required" }.map { "'\($0.field)'" }
                if missing.count == problems.count {
                    throw CommandRejection(
                        .invalidArgument, "user task '\(task.element)' needs the required form field\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                        fieldErrors: problems)
                }
                let listed = problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
                throw CommandRejection(.invalidArgument, "user task '\(task.element)' cannot be completed with these values: \(listed)", fieldErrors: problems)
            }
            if let user, task.excludedUsers.contains(user) {
                throw CommandRejection(.invalidArgument, task.exclusionMessage(for: user))
            }
            var completed = FormValidation.withDefaults(variables, fields: task.formFields, visible: visibleVariables(at: task.elementInstance), now: nowFEEL)
            if let variable = task.completerVariable { completed[variable] = user.map(FEELValue.string) ?? .null }
            state.userTasks[key] = nil
            events.append(.userTaskCompleted(key, user: user))
            finishWait(of: task.elementInstance, result: completed)
        case .completeJob(let key, let variables):
            guard let job = state.jobs[key] else { throw CommandRejection(.notFound, "no open job with key \(key)") }
            state.jobs[key] = nil
            events.append(.jobCompleted(key))
            if job.isContinuation {
                continueAfter(job)
            } else {
                finishWait(of: job.elementInstance, result: variables)
            }
        case .failJob(let key, let message, let retries, let backoff):
            try failJob(key, message: message, retries: retries, backoffMilliseconds: backoff)
        case .throwJobError(let key, let code, let message, let variables):
            guard let job = state.jobs[key] else { throw CommandRejection(.notFound, "no open job with key \(key)") }
            guard !job.isContinuation else {
                throw CommandRejection(.invalidArgument, "job \(key) is an asynchronous continuation; it cannot throw a BPMN error")
            }
            state.jobs[key] = nil
            events.append(.jobErrorThrown(key, errorCode: code))
            state.elements[job.elementInstance]?.waitingFor = nil
            if throwOutward(.error, code: code, from: job.elementInstance, variables: variables) { return }
            let detail = message.map { ": \($0)" } ?? ""
            raiseIncident(
                on: job.elementInstance, element: job.element,
                failure: ElementFailure("unhandled BPMN error '\(code)' thrown by the worker of \(elementName(job.elementInstance))\(detail); no error event catches it"),
                step: .activate)
            move(job.elementInstance, to: .activating)
        case .correlateMessage(let name, let correlationKey, let variables):
            let match = state.subscriptions.values.sorted { $0.key < $1.key }.first { subscription in
                guard case .message(let wanted, let key) = subscription.trigger, wanted == name else { return false }
                return key == nil || key == correlationKey
            }
            guard let subscription = match else {
                let keyText = correlationKey.map { " with correlation key '\($0)'" } ?? ""
                throw CommandRejection(.notCorrelated, "no element of process instance '\(state.id)' waits for message '\(name)'\(keyText)")
            }
            trigger(subscription, result: variables)
        case .broadcastSignal(let name, let variables):
            deliverSignal(name, variables: variables)
        case .fireTimer(let key):
            guard let subscription = state.subscriptions[key], case .timer(let due) = subscription.trigger else {
                throw CommandRejection(.notFound, "no pending timer with key \(key)")
            }
            guard due <= now else {
                throw CommandRejection(.invalidState, "the timer of '\(subscription.element)' is due at \(due), not yet (now \(now))")
            }
            trigger(subscription, result: FEELContext())
        case .cancel:
            terminate(state.rootKey)
            state.status = .cancelled
            state.endedAt = now
            state.inclusiveJoinScopes = []
            state.pendingSteps = []
            for incident in state.incidents.keys.sorted() { events.append(.incidentResolved(incident)) }
            state.incidents = [:]
            events.append(.processInstanceCancelled(state.process))
        case .setVariables(let variables, let scope):
            let target = scope ?? state.rootKey
            guard state.elements[target] != nil else { throw CommandRejection(.notFound, "no element instance with key \(target)") }
            for (name, value) in variables.entries { setLocal(name, value, at: target) }
        case .changeUserTask(let key, let change, let user):
            try changeUserTask(key, change, by: user)
        case .retryJobNow(let key):
            guard var job = state.jobs[key] else { throw CommandRejection(.notFound, "no open job with key \(key)") }
            job.retryAt = nil
            state.jobs[key] = job
        case .resolveIncident(let key):
            guard let incident = state.incidents[key] else { throw CommandRejection(.notFound, "no open incident with key \(key)") }
            state.incidents[key] = nil
            events.append(.incidentResolved(key))
            if let element = incident.elementInstance { state.elements[element]?.incident = nil }
            switch incident.step {
            case .activate: if let element = incident.elementInstance { schedule(.activate(element)) }
            case .complete: if let element = incident.elementInstance { schedule(.complete(element)) }
            case .continueRun: resumePendingSteps()
            }
        }
    }

    private mutating func failJob(_ key: JobKey, message: String, retries: Int?, backoffMilliseconds: Int64?) throws(CommandRejection) {
        guard var job = state.jobs[key] else { throw CommandRejection(.notFound, "no open job with key \(key)") }
        let left = max(0, retries ?? job.retries - 1)
        job.retries = left
        job.lastError = message
        // The model's backoff (`baton:retries backoff`) as the base, else one second.
        let attempt = max(1, job.attempts + 1)
        job.attempts = attempt
        let base = retryBackoff(of: job) ?? RetrySchedule.defaultBackoff
        let backoff = backoffMilliseconds ?? RetrySchedule.delay(base: base, attempt: attempt, idempotencyKey: job.idempotencyKey)
        job.retryAt = left > 0 ? now.advanced(byMilliseconds: backoff) : nil
        state.jobs[key] = job
        events.append(.jobFailed(key, message: message, retriesLeft: left))
        if left == 0, job.isContinuation {
            // The element stays where it stopped; resolving the incident opens a new
            // continuation.
            state.jobs[key] = nil
            events.append(.jobCancelled(key))
            state.elements[job.elementInstance]?.waitingFor = nil
            raiseIncident(
                on: job.elementInstance, element: job.element,
                failure: ElementFailure("the asynchronous continuation of \(elementName(job.elementInstance)) failed: \(message)"),
                step: job.operation == ContinuationPhase.before.rawValue ? .activate : .complete)
        } else if left == 0 {
            // The job closes; resolving the incident activates the element again, which
            // creates a new job with the model's retries.
            state.jobs[key] = nil
            events.append(.jobCancelled(key))
            state.elements[job.elementInstance]?.waitingFor = nil
            move(job.elementInstance, to: .activating)
            raiseIncident(
                on: job.elementInstance, element: job.element,
                failure: ElementFailure("\(elementName(job.elementInstance)) failed and has no retries left: \(message)"), step: .activate)
        }
    }

    private mutating func changeUserTask(_ key: UserTaskKey, _ change: UserTaskChange, by user: String?) throws(CommandRejection) {
        guard var task = state.userTasks[key] else { throw CommandRejection(.notFound, "no open user task with key \(key)") }
        let name = "task '\(task.element)'"
        switch change {
        case .claim(let claimer):
            if let assignee = task.assignee, assignee != claimer {
                throw CommandRejection(.invalidState, "\(name) is already claimed by \(assignee)")
            }
            task.assignee = claimer
        case .unclaim:
            guard task.assignee != nil else { throw CommandRejection(.invalidState, "\(name) is not claimed") }
            task.assignee = nil
            task.owner = nil
        case .delegate(let delegate):
            guard let assignee = task.assignee else { throw CommandRejection(.invalidState, "\(name) is not claimed; claim it before delegating") }
            task.owner = task.owner ?? assignee
            task.assignee = delegate
        case .resolve:
            guard let owner = task.owner else { throw CommandRejection(.invalidState, "\(name) is not delegated") }
            task.assignee = owner
            task.owner = nil
        case .reassign(let assignee):
            task.assignee = assignee
            task.owner = nil
        }
        state.userTasks[key] = task
        events.append(.userTaskAssigned(key, assignee: task.assignee, owner: task.owner, action: change.name, by: user))
    }

    /// The model's backoff for a job (`baton:retries backoff`): an ISO 8601 duration, or
    /// an expression giving a duration, evaluated when the job fails. Nil when there is
    /// none or it does not give a duration (the job may then run again at once).
    private mutating func retryBackoff(of job: Job) -> Int64? {
        guard let text = job.retryBackoff, let instance = state.elements[job.elementInstance] else { return nil }
        let node = node(of: instance)
        guard let expression = try? CompiledExpression.value(text, at: node.node.extensions.retries?.location ?? node.node.location),
            let value = try? evaluate(expression, at: job.elementInstance, role: "retry backoff")
        else { return nil }
        switch value {
        case .daysTimeDuration(let duration):
            return duration.seconds * 1000 + Int64(duration.nanoseconds / 1_000_000)
        case .string(let literal):
            return (try? ISO8601Duration.parse(literal))?.fixedSeconds.map { Int64($0 * 1000) }
        default:
            return nil
        }
    }

    /// Every element of this instance waiting for signal `name` now receives it.
    mutating func deliverSignal(_ name: String, variables: FEELContext) {
        let waiting = state.subscriptions.values.filter { if case .signal(name) = $0.trigger { true } else { false } }.sorted { $0.key < $1.key }
        for subscription in waiting { trigger(subscription, result: variables) }
    }

    /// A subscription's event happened: the element completes with the payload.
    private mutating func trigger(_ subscription: Subscription, result: FEELContext) {
        events.append(.subscriptionTriggered(subscription.key))
        if subscription.catchElement != nil {
            triggerCatch(subscription, result: result)
            return
        }
        state.subscriptions[subscription.key] = nil
        finishWait(of: subscription.elementInstance, result: result)
    }

    /// The thing an active element waited for is done: store its result and complete.
    private mutating func finishWait(of key: ElementInstanceKey, result: FEELContext) {
        guard let instance = state.elements[key] else { return }
        let node = node(of: instance)
        applyResult(result, of: node, at: key)
        move(key, to: .completing)
        schedule(.complete(key))
    }

    /// `serviceTask 'createSalesOrder'` for an element instance.
    mutating func elementName(_ key: ElementInstanceKey) -> String {
        guard let instance = state.elements[key] else { return "element \(key)" }
        return node(of: instance).node.displayName
    }
}
