import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime

/// What the database commands do, on the database file (``LocalBackend``) or through a
/// Baton server (``RemoteBackend``). A command asks its options for one
/// (`database.backend()`) and prints what it answers the same way in both modes.
///
/// A failure is printed (`baton: error: ...`) and thrown as an `ExitCode`, except that
/// `deploy` throws a file's refusal as a `RuntimeError` so the other files still deploy.
protocol Backend {
    /// Validates and stores one BPMN file.
    func deploy(file: String) throws -> DeployResult
    /// The latest version of every deployed process.
    func definitions() throws -> [DefinitionRow]
    /// Starts an instance of the latest version of `processKey`; its id.
    func start(processKey: String, businessKey: String?, variables: FEELContext) throws -> String
    /// Starts one instance per line of `jsonLines`; `progress` hears of each line when the
    /// backend can tell.
    func startBatch(processKey: String, jsonLines: String, progress: (_ done: Int, _ total: Int) -> Void) throws -> [BatchLine]
    /// The instances, newest first.
    func instances(_ filter: InstanceFilter?) throws -> [InstanceRow]
    /// One instance, sensitive variables masked.
    func instance(_ id: String) throws -> InstanceDetail
    /// Cancels an instance.
    func cancel(_ id: String) throws
    /// An instance's audit history, oldest first, sensitive values masked.
    func history(_ id: String) throws -> [HistoryLine]
    /// Publishes a message (`baton correlate`); `timeToLive` in milliseconds.
    func correlate(
        message: String, correlationKey: String?, businessKey: String?, variables: FEELContext, messageId: String?, timeToLive: Int64?
    ) throws -> CorrelateResult
    /// Broadcasts a signal; the ids of the instances it reached.
    func signal(_ name: String, variables: FEELContext) throws -> [String]
    /// The open incidents, instances newest first.
    func incidents() throws -> [IncidentRow]
    /// Resolves incident `key` of `instance`, or makes its job `key` due now.
    func retry(instance: String, key: Int) throws -> RetryResult
    /// The external tasks of `topic` for `baton worker`; `bindings` are the worker's own.
    func externalTasks(topic: String, bindings: ConnectorBindings) throws -> any ExternalTaskQueue
}

/// What publishing a message did.
enum CorrelateResult: Equatable {
    /// Delivered to these instances.
    case delivered([String])
    /// The message id was processed before: nothing done.
    case duplicate
    /// Nobody waits yet: kept until then.
    case buffered(expiresAt: String)
}

/// A line of `baton incidents`.
struct IncidentRow: Equatable {
    var instance: String, key: Int, element: String, reason: String
}

/// What `baton retry` did.
enum RetryResult: Equatable {
    /// The incident was resolved; the instance's status and how many incidents are open.
    case resolved(status: String, openIncidents: Int)
    /// The job is due now.
    case jobDue
}

extension RetryResult {
    /// Neither an incident nor a job `key` is in the instance (keys as they are).
    static func unknownKey(instance: String, key: Int, incidents: [Int], jobs: [Int]) -> RuntimeError {
        func list(_ keys: [Int]) -> String { keys.isEmpty ? "none" : keys.sorted().map(String.init).joined(separator: ", ") }
        return RuntimeError("process instance '\(instance)' has no incident or job \(key) (incidents: \(list(incidents)); jobs: \(list(jobs)))", kind: .notFound)
    }
}

/// What deploying one file did.
enum DeployResult: Equatable {
    case deployed([DefinitionRow])
    /// The same text is deployed already.
    case unchanged
}

/// A deployed process version (`name` only where listed).
struct DefinitionRow: Equatable {
    var key: String, version: Int, name: String? = nil
}

/// A line of `baton instances`.
struct InstanceRow: Equatable {
    var id: String, process: String, version: Int, status: String
    /// How many incidents are open.
    var incidents: Int
    var businessKey: String?, startedAt: String
}

/// One line of a batch start: the instance it started or why it failed.
struct BatchLine: Equatable {
    var line: Int, instance: String?, error: String?
}

/// One entry of an instance's history.
struct HistoryLine: Equatable {
    var at: String, text: String
}

/// An instance as `baton instance` shows it.
struct InstanceDetail {
    /// A user task waiting in the instance.
    struct UserTask {
        var element: String, key: String, candidateGroups: [String]
    }

    /// A timer the instance waits for.
    struct Timer {
        var element: String, due: String
    }

    /// An open incident.
    struct Incident {
        var key: Int, element: String, reason: String
    }

    /// What `baton instances` lists of it.
    var summary: InstanceRow
    var endedAt: String?
    /// The elements waiting for something outside (a job, a task, an event), in the order
    /// they were entered.
    var waitingAt: [String]
    var userTasks: [UserTask]
    var timers: [Timer]
    var incidents: [Incident]
    var variables: FEELContext
}

extension InstanceDetail {
    /// The detail of a stored instance.
    init(_ state: ProcessInstanceState) {
        summary = InstanceRow(
            id: state.id.rawValue, process: state.process.id.rawValue, version: state.process.version, status: state.status.rawValue,
            incidents: state.incidents.count, businessKey: state.businessKey, startedAt: state.startedAt.description)
        endedAt = state.endedAt?.description
        waitingAt = state.waitingElements.map(\.rawValue)
        userTasks = state.userTasks.values.sorted { $0.key < $1.key }.map {
            UserTask(element: $0.element.rawValue, key: String($0.key.rawValue), candidateGroups: $0.candidateGroups)
        }
        timers = state.subscriptions.values.sorted { $0.key < $1.key }.compactMap { subscription in
            guard case .timer(let due) = subscription.trigger else { return nil }
            return Timer(element: subscription.element.rawValue, due: due.description)
        }
        incidents = state.incidents.values.sorted { $0.key < $1.key }.map {
            Incident(key: Int($0.key.rawValue), element: $0.element.rawValue, reason: $0.reason)
        }
        variables = state.variables
    }
}
