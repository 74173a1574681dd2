import BatonConnectors
import BatonFEEL
import Foundation

/// The external tasks of a server (`/v1/external-tasks`), for `baton worker --server`.
/// The server's refusals become the ``ExternalTaskError``s the service gives on the
/// database file, with the server's words.
struct RemoteTaskQueue: ExternalTaskQueue {
    let client: ServerClient
    /// How long a fetch waits on the server when no task is there.
    var longPollMilliseconds = 20_000

    func fetchAndLock(workerId: String, topic: String, lockDuration: Int64, maxTasks: Int, longPoll: Bool, stop: () -> Bool) throws(ExternalTaskError) -> [WorkerTask] {
        let body = FEELValue.context(FEELContext([
            ("workerId", .string(workerId)), ("maxTasks", .number(FEELNumber(maxTasks))),
            ("asyncResponseTimeout", .number(FEELNumber(longPoll ? longPollMilliseconds : 0))),
            ("topics", .list([.context(FEELContext([("topicName", .string(topic)), ("lockDuration", .number(FEELNumber(Int(lockDuration))))]))])),
        ]))
        let answer: FEELValue?
        do {
            answer = try waitInterruptibly(stop) { client throws(ServerClient.Failure) in
                try client.json("POST", "/v1/external-tasks/fetch-and-lock", body: body)
            }
        } catch {
            throw Self.taskError(error)
        }
        guard let answer else { return [] }
        do throws(ServerClient.Failure) {
            return try answer.items().map { task throws(ServerClient.Failure) in
                let call = CommandTransport.Call(
                    connector: try task.text("connector"), operation: task.optionalText("operation"), idempotencyKey: try task.text("idempotencyKey"),
                    attempt: try task.integer("attempt"))
                return WorkerTask(id: try task.text("id"), call: call, variables: try task.object("variables"))
            }
        } catch {
            throw Self.taskError(error)
        }
    }

    func complete(_ id: String, workerId: String, variables: FEELContext) throws(ExternalTaskError) {
        try report(id, "complete", [("workerId", .string(workerId)), ("variables", .context(variables))])
    }

    func handleFailure(_ id: String, workerId: String, message: String) throws(ExternalTaskError) {
        try report(id, "failure", [("workerId", .string(workerId)), ("errorMessage", .string(message))])
    }

    func handleBpmnError(_ id: String, workerId: String, code: String, message: String?, variables: FEELContext) throws(ExternalTaskError) {
        try report(id, "bpmn-error", [
            ("workerId", .string(workerId)), ("errorCode", .string(code)), ("errorMessage", message.map { .string($0) } ?? .null), ("variables", .context(variables)),
        ])
    }

    /// `POST /v1/external-tasks/INSTANCE/KEY/what` (the id's slash stays a slash).
    private func report(_ id: String, _ what: String, _ fields: [(String, FEELValue)]) throws(ExternalTaskError) {
        let path = id.split(separator: "/", omittingEmptySubsequences: false).map { ServerClient.segment(String($0)) }.joined(separator: "/")
        let body = Data(FEELValue.context(FEELContext(fields)).json.utf8)
        do { _ = try client.send("POST", "/v1/external-tasks/\(path)/\(what)", body: body, contentType: "application/json") } catch {
            throw Self.taskError(error)
        }
    }

    /// Runs `request` on another thread and waits for it, giving up (nil) once `stop`
    /// says so: a long poll must not keep a stopping worker waiting.
    private func waitInterruptibly<T: Sendable>(
        _ stop: () -> Bool, _ request: @escaping @Sendable (ServerClient) throws(ServerClient.Failure) -> T
    ) throws(ServerClient.Failure) -> T? {
        let outcome = Outcome<T>(), client = self.client
        DispatchQueue.global().async { outcome.finish(Result { () throws(ServerClient.Failure) in try request(client) }) }
        while true {
            if let result = outcome.wait(milliseconds: 100) { return try result.get() }
            if stop() { return nil }
        }
    }

    /// The result of a request made on another thread.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: Result<T, ServerClient.Failure>?

        func finish(_ result: Result<T, ServerClient.Failure>) {
            lock.withLock { self.result = result }
            done.signal()
        }

        func wait(milliseconds: Int) -> Result<T, ServerClient.Failure>? {
            guard done.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
            return lock.withLock { result }
        }
    }

    /// A server's refusal as the service's error (its status says which kind).
    private static func taskError(_ failure: ServerClient.Failure) -> ExternalTaskError {
        switch failure {
        case .refused(404, let detail): ExternalTaskError(.notFound, detail)
        case .refused(409, let detail): ExternalTaskError(.lockLost, detail)
        case .refused(400, let detail): ExternalTaskError(.invalidArgument, detail)
        case .refused(_, let detail), .failed(let detail): ExternalTaskError(.refused, detail)
        case .unavailable(let message): ExternalTaskError(.unavailable, message)
        }
    }
}
