import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime

/// JSON shapes of external tasks, incidents and published messages.
extension Views {
    /// A fetched and locked external task: what a worker needs to do it and report back.
    static func externalTask(_ task: ExternalTask) -> FEELValue {
        var object = FEELContext([
            ("id", .string(task.id)), ("topicName", .string(task.topic)), ("workerId", .string(task.workerId)),
            ("processInstanceId", .string(task.instance.rawValue)), ("processDefinitionKey", .string(task.process.id.rawValue)),
            ("processDefinitionVersion", .number(FEELNumber(task.process.version))), ("activityId", .string(task.element.rawValue)),
            ("connector", .string(task.connector)),
        ])
        object["operation"] = task.operation.map { .string($0) } ?? .null
        object["businessKey"] = task.businessKey.map { .string($0) } ?? .null
        object["idempotencyKey"] = .string(task.idempotencyKey)
        object["attempt"] = .number(FEELNumber(task.attempt))
        object["retries"] = .number(FEELNumber(task.retries))
        object["headers"] = .context(FEELContext(task.job.headers.map { ($0.name, FEELValue.string($0.value)) }))
        object["lockExpirationTime"] = .string(task.lockExpiry.description)
        object["variables"] = .context(task.variables)
        return .context(object)
    }

    /// An open incident; `id` is `INSTANCE/KEY`, as the resolve route takes it.
    static func incident(_ open: OpenIncident) -> FEELValue {
        var object = FEELContext([
            ("id", .string("\(open.instance.id.rawValue)/\(open.incident.key.rawValue)")), ("processInstanceId", .string(open.instance.id.rawValue)),
            ("key", .number(FEELNumber(open.incident.key.rawValue))), ("processDefinitionKey", .string(open.instance.process.id.rawValue)),
            ("processDefinitionVersion", .number(FEELNumber(open.instance.process.version))), ("activityId", .string(open.incident.element.rawValue)),
            ("reason", .string(open.incident.reason)), ("createdAt", .string(open.incident.createdAt.description)),
        ])
        object["businessKey"] = open.instance.businessKey.map { .string($0) } ?? .null
        return .context(object)
    }

    /// What publishing a message did.
    static func publishOutcome(_ outcome: PublishOutcome) -> FEELValue {
        switch outcome {
        case .delivered(let ids):
            .context(FEELContext([("status", .string("delivered")), ("processInstanceIds", .list(ids.map { .string($0.rawValue) }))]))
        case .duplicate:
            .context(FEELContext([("status", .string("duplicate")), ("processInstanceIds", .list([]))]))
        case .buffered(let expiresAt):
            .context(FEELContext([("status", .string("buffered")), ("processInstanceIds", .list([])), ("expiresAt", .string(expiresAt.description))]))
        }
    }
}
