import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime

/// The database commands on the database file, through the runtime.
final class LocalBackend: Backend {
    private var runtime: Runtime
    /// Who starts instances, when the command names someone: their roles are checked
    /// against the process's `baton:starterGroups`.
    private let starter: UserRecord?

    init(runtime: Runtime, starter: UserRecord? = nil) {
        self.runtime = runtime
        self.starter = starter
    }

    func deploy(file: String) throws -> DeployResult {
        switch try runtime.deploy(file: file) {
        case .deployed(let processes): .deployed(processes.map { DefinitionRow(key: $0.id.rawValue, version: $0.version) })
        case .unchanged: .unchanged
        }
    }

    func definitions() throws -> [DefinitionRow] {
        runtime.latestProcesses.map { DefinitionRow(key: $0.id.rawValue, version: $0.version, name: $0.definition.name) }
    }

    func start(processKey: String, businessKey: String?, variables: FEELContext) throws -> String {
        do {
            return try runtime.start(processID: ElementID(processKey), businessKey: businessKey, variables: variables, startedBy: starter).id.rawValue
        } catch {
            throw fail(error)
        }
    }

    func startBatch(processKey: String, jsonLines: String, progress: (_ done: Int, _ total: Int) -> Void) throws -> [BatchLine] {
        // A starter who may not start the process is refused once, before any line.
        do { try runtime.requireStarter(starter, of: ElementID(processKey)) } catch { throw fail(error) }
        return runtime.startBatch(processID: ElementID(processKey), jsonLines: jsonLines, startedBy: starter, progress: progress).items.map {
            BatchLine(line: $0.line, instance: $0.instance?.rawValue, error: $0.error)
        }
    }

    func instances(_ filter: InstanceFilter?) throws -> [InstanceRow] {
        let list: [InstanceSummary]
        do { list = try runtime.instances(filter) } catch { throw fail(error) }
        return list.map {
            InstanceRow(
                id: $0.id.rawValue, process: $0.process.id.rawValue, version: $0.process.version, status: $0.status.rawValue, incidents: $0.incidents,
                businessKey: $0.businessKey, startedAt: $0.startedAt.description)
        }
    }

    func instance(_ id: String) throws -> InstanceDetail {
        do { return InstanceDetail(try runtime.maskedInstance(ProcessInstanceID(id))) } catch { throw fail(error) }
    }

    func cancel(_ id: String) throws {
        do { try runtime.execute(.cancel, on: ProcessInstanceID(id)) } catch { throw fail(error) }
    }

    func history(_ id: String) throws -> [HistoryLine] {
        do {
            _ = try runtime.storedAsWritten(ProcessInstanceID(id))
            return Runtime.masked(try runtime.history(of: ProcessInstanceID(id))).map { HistoryLine(at: $0.at.description, text: $0.event.historyText) }
        } catch {
            throw fail(error)
        }
    }

    func correlate(
        message: String, correlationKey: String?, businessKey: String?, variables: FEELContext, messageId: String?, timeToLive: Int64?
    ) throws -> CorrelateResult {
        let outcome: PublishOutcome
        do {
            outcome = try runtime.publish(
                message: message, correlationKey: correlationKey, businessKey: businessKey, variables: variables, messageId: messageId, timeToLive: timeToLive)
        } catch {
            throw fail(error)
        }
        switch outcome {
        case .delivered(let reached): return .delivered(reached.map(\.rawValue))
        case .duplicate: return .duplicate
        case .buffered(let expiresAt): return .buffered(expiresAt: expiresAt.description)
        }
    }

    func signal(_ name: String, variables: FEELContext) throws -> [String] {
        do { return try runtime.broadcast(signal: name, variables: variables).map(\.rawValue) } catch { throw fail(error) }
    }

    func incidents() throws -> [IncidentRow] {
        do {
            return try runtime.openIncidents().map { open in
                IncidentRow(instance: open.instance.id.rawValue, key: open.incident.key.rawValue, element: open.incident.element.rawValue, reason: open.incident.reason)
            }
        } catch {
            throw fail(error)
        }
    }

    func retry(instance: String, key: Int) throws -> RetryResult {
        let id = ProcessInstanceID(instance)
        do {
            let current = try runtime.instance(id)
            if current.incidents[IncidentKey(key)] != nil {
                let state = try runtime.execute(.resolveIncident(IncidentKey(key)), on: id)
                return .resolved(status: state.status.rawValue, openIncidents: state.incidents.count)
            }
            guard current.jobs[JobKey(key)] != nil else {
                throw RetryResult.unknownKey(
                    instance: instance, key: key, incidents: current.incidents.keys.map(\.rawValue), jobs: current.jobs.keys.map(\.rawValue))
            }
            try runtime.execute(.retryJobNow(JobKey(key)), on: id)
            return .jobDue
        } catch let error as RuntimeError {
            throw fail(error)
        }
    }

    func externalTasks(topic: String, bindings: ConnectorBindings) throws -> any ExternalTaskQueue {
        let service = ExternalTaskService(runtime: runtime, bindings: bindings, recheckMilliseconds: 500)
        guard !service.jobTypes(ofTopic: topic).isEmpty else {
            throw fail(RuntimeError("topic '\(topic)' serves no jobs: connector '\(topic)' is bound to the \(bindings.connectors[topic]?.transport.name ?? "?") transport"))
        }
        return LocalTaskQueue(service: service)
    }
}
