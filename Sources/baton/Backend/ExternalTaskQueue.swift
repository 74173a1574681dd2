import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonRuntime

/// The external tasks `baton worker` fetches and reports on: through the
/// ``ExternalTaskService`` on the database file (``LocalTaskQueue``) or through a server's
/// `/v1/external-tasks` routes (``RemoteTaskQueue``). Refusals are ``ExternalTaskError``s
/// in both modes, so the worker prints and recovers from them the same way.
protocol ExternalTaskQueue {
    /// Locks up to `maxTasks` tasks of `topic`; with `longPoll`, waits a while for some
    /// when none is there, returning early (with none) once `stop` says so.
    func fetchAndLock(workerId: String, topic: String, lockDuration: Int64, maxTasks: Int, longPoll: Bool, stop: () -> Bool) throws(ExternalTaskError) -> [WorkerTask]
    func complete(_ id: String, workerId: String, variables: FEELContext) throws(ExternalTaskError)
    /// Reports a failure; the retries left and the backoff are the model's.
    func handleFailure(_ id: String, workerId: String, message: String) throws(ExternalTaskError)
    func handleBpmnError(_ id: String, workerId: String, code: String, message: String?, variables: FEELContext) throws(ExternalTaskError)
}

/// A locked task as a worker does it: the `command` connector's call.
struct WorkerTask: Equatable {
    /// `INSTANCE/KEY`.
    var id: String
    var call: CommandTransport.Call
    var variables: FEELContext
}

/// The tasks on the database file.
struct LocalTaskQueue: ExternalTaskQueue {
    let service: ExternalTaskService

    func fetchAndLock(workerId: String, topic: String, lockDuration: Int64, maxTasks: Int, longPoll: Bool, stop: () -> Bool) throws(ExternalTaskError) -> [WorkerTask] {
        try service.fetchAndLock(workerId: workerId, topics: [FetchTopic(name: topic, lockDuration: lockDuration)], maxTasks: maxTasks, longPollMilliseconds: longPoll ? 1_000 : 0)
            .map { WorkerTask(id: $0.id, call: CommandTransport.Call($0.job), variables: $0.variables) }
    }

    func complete(_ id: String, workerId: String, variables: FEELContext) throws(ExternalTaskError) {
        try service.complete(id, workerId: workerId, variables: variables)
    }

    func handleFailure(_ id: String, workerId: String, message: String) throws(ExternalTaskError) {
        try service.handleFailure(id, workerId: workerId, message: message)
    }

    func handleBpmnError(_ id: String, workerId: String, code: String, message: String?, variables: FEELContext) throws(ExternalTaskError) {
        try service.handleBpmnError(id, workerId: workerId, code: code, message: message, variables: variables)
    }
}
