import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime

/// JSON shapes of the API's answers, built once here so every route answers alike.
enum Views {
    static func deployment(_ record: DeploymentRecord) -> FEELValue {
        .context(FEELContext([
            ("id", .number(FEELNumber(record.id))), ("fileName", .string(record.fileName)), ("sha256", .string(record.sha256)),
            ("deployedAt", .string(record.deployedAt.description)), ("processes", .list(record.processes.map(reference))),
        ]))
    }

    static func reference(_ reference: ProcessReference) -> FEELValue {
        .context(FEELContext([("key", .string(reference.id.rawValue)), ("version", .number(FEELNumber(reference.version)))]))
    }

    static func summary(_ summary: InstanceSummary) -> FEELValue {
        var object = FEELContext([
            ("id", .string(summary.id.rawValue)), ("processKey", .string(summary.process.id.rawValue)),
            ("version", .number(FEELNumber(summary.process.version))), ("status", .string(summary.status.rawValue)),
            ("incidents", .number(FEELNumber(summary.incidents))), ("startedAt", .string(summary.startedAt.description)),
        ])
        object["businessKey"] = summary.businessKey.map { .string($0) } ?? .null
        object["endedAt"] = summary.endedAt.map { .string($0.description) } ?? .null
        return .context(object)
    }

    /// An instance with where it waits and its variables (sensitive ones masked by the
    /// caller).
    static func instance(_ state: ProcessInstanceState) -> FEELValue {
        var object = FEELContext([
            ("id", .string(state.id.rawValue)), ("processKey", .string(state.process.id.rawValue)),
            ("version", .number(FEELNumber(state.process.version))), ("status", .string(state.status.rawValue)),
            ("startedAt", .string(state.startedAt.description)),
        ])
        object["businessKey"] = state.businessKey.map { .string($0) } ?? .null
        object["endedAt"] = state.endedAt.map { .string($0.description) } ?? .null
        let waiting = Set(state.jobs.values.map(\.element.rawValue) + state.userTasks.values.map(\.element.rawValue)
            + state.subscriptions.values.map(\.element.rawValue) + state.incidents.values.map(\.element.rawValue))
        object["activeElements"] = .list(waiting.sorted().map { .string($0) })
        // The elements waiting for something outside, in the order entered (as `baton instance`).
        object["waitingAt"] = .list(state.waitingElements.map { .string($0.rawValue) })
        object["userTasks"] = .list(state.userTasks.values.sorted { $0.key < $1.key }.map { task in
            var entry = FEELContext([("id", .string("\(state.id.rawValue)/\(task.key.rawValue)")), ("element", .string(task.element.rawValue))])
            entry["assignee"] = task.assignee.map { .string($0) } ?? .null
            entry["candidateGroups"] = .list(task.candidateGroups.map { .string($0) })
            return .context(entry)
        })
        object["jobs"] = .list(state.jobs.values.sorted { $0.key < $1.key }.map { job in
            var entry = FEELContext([
                ("key", .number(FEELNumber(job.key.rawValue))), ("element", .string(job.element.rawValue)), ("type", .string(job.type)),
                ("retries", .number(FEELNumber(job.retries))),
            ])
            entry["lastError"] = job.lastError.map { .string($0) } ?? .null
            return .context(entry)
        })
        object["timers"] = .list(state.subscriptions.values.sorted { $0.key < $1.key }.compactMap { subscription in
            guard case .timer(let due) = subscription.trigger else { return nil }
            return .context(FEELContext([("element", .string(subscription.element.rawValue)), ("due", .string(due.description))]))
        })
        object["incidents"] = .list(state.incidents.values.sorted { $0.key < $1.key }.map { incident in
            .context(FEELContext([
                ("key", .number(FEELNumber(incident.key.rawValue))), ("element", .string(incident.element.rawValue)),
                ("reason", .string(incident.reason)), ("createdAt", .string(incident.createdAt.description)),
            ]))
        })
        object["variables"] = .context(state.variables)
        return .context(object)
    }
}
