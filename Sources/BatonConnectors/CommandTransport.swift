public import BatonEngine
public import BatonFEEL
public import BatonRuntime
import Foundation

/// The `command` transport: runs a local program for each call, with the call as JSON on
/// standard input, and reads the result as JSON from standard output.
///
/// Input: `{"connector": "erp", "operation": "salesOrder.create", "idempotencyKey": "…",
/// "attempt": 1, "variables": {…}}`. Output: a JSON object of result variables, or
/// `{"bpmnError": {"code": "CREDIT_REFUSED", "message": "…"}}` for a business outcome. A
/// non-zero exit status is a technical failure (retried) with standard error as its
/// message; so is running past the operation's timeout (the program is killed).
public struct CommandTransport: Sendable {
    public var program: String
    public var arguments: [String]

    public init(program: String, arguments: [String]) {
        self.program = program
        self.arguments = arguments
    }

    /// Why a call failed technically.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// What the program is told of the job it does (besides the variables).
    public struct Call: Hashable, Sendable {
        public var connector: String
        public var operation: String?
        public var idempotencyKey: String
        /// This attempt's number, from 1.
        public var attempt: Int

        public init(connector: String, operation: String?, idempotencyKey: String, attempt: Int) {
            self.connector = connector
            self.operation = operation
            self.idempotencyKey = idempotencyKey
            self.attempt = attempt
        }

        /// The call for `job`'s next attempt.
        public init(_ job: Job) {
            self.init(connector: job.type, operation: job.operation, idempotencyKey: job.idempotencyKey, attempt: job.attempts + 1)
        }
    }

    public func call(_ job: Job, variables: FEELContext, timeoutMilliseconds: Int64) throws -> JobResult {
        try call(Call(job), variables: variables, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Runs the program for `call` (a job fetched elsewhere, say from a server).
    public func call(_ call: Call, variables: FEELContext, timeoutMilliseconds: Int64) throws -> JobResult {
        var input = FEELContext([
            ("connector", .string(call.connector)), ("operation", call.operation.map { .string($0) } ?? .null),
            ("idempotencyKey", .string(call.idempotencyKey)), ("attempt", .number(FEELNumber(call.attempt))),
        ])
        input["variables"] = .context(variables)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw Failure(description: "cannot run \(program): \(error.localizedDescription)") }
        stdin.fileHandleForWriting.write(Data(FEELValue.context(input).json.utf8))
        try? stdin.fileHandleForWriting.close()
        // Read both outputs while waiting, so a chatty program never blocks on a full pipe.
        let outputs = Outputs()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            outputs.setOut(stdout.fileHandleForReading.readDataToEndOfFile())
            reading.leave()
        }
        reading.enter()
        DispatchQueue.global().async {
            outputs.setErr(stderr.fileHandleForReading.readDataToEndOfFile())
            reading.leave()
        }
        if reading.wait(timeout: .now() + .milliseconds(Int(timeoutMilliseconds))) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            // Not waiting for the readers: a child the program started may hold its pipes
            // open; they end when it does.
            process.waitUntilExit()
            throw Failure(description: "\(program) did not answer within \(timeoutMilliseconds) ms and was stopped")
        }
        process.waitUntilExit()
        let (out, err) = outputs.get()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(program) exited with status \(process.terminationStatus)" + (message.isEmpty ? "" : ": \(message)"))
        }
        let text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .complete(FEELContext()) }
        guard case .context(let result)? = try? FEELValue(json: text) else {
            throw Failure(description: "\(program) printed something that is not a JSON object: \(text.prefix(200))")
        }
        if case .context(let error)? = result["bpmnError"], case .string(let code)? = error["code"] {
            var message: String?
            if case .string(let text)? = error["message"] { message = text }
            return .bpmnError(code: code, message: message, variables: FEELContext())
        }
        return .complete(result)
    }

    /// The program's outputs, written by the reading threads.
    private final class Outputs: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()
        func setOut(_ data: Data) { lock.withLock { out = data } }
        func setErr(_ data: Data) { lock.withLock { err = data } }
        func get() -> (Data, Data) { lock.withLock { (out, err) } }
    }
}

extension Runtime {
    /// Registers a job handler for every connector `bindings` binds to a transport the
    /// executor runs itself (`command`, `http`), and the bindings' retry policies;
    /// `handler` connectors are registered by the integrator with
    /// ``register(connector:operation:handler:)``. Returns the connectors done by external
    /// workers (`external`: ``ExternalTaskService`` serves them, not the executor), so a
    /// caller can say so.
    @discardableResult
    public mutating func bind(_ bindings: ConnectorBindings) -> [ConnectorBinding] {
        var notRunnable: [ConnectorBinding] = []
        for binding in bindings.connectors.values.sorted(by: { $0.name < $1.name }) {
            for (operation, settings) in binding.operations {
                if let policy = settings.retryPolicy { setRetryPolicy(policy, connector: binding.name, operation: operation.isEmpty ? nil : operation) }
            }
            switch binding.transport {
            case .command(let program, let arguments):
                let transport = CommandTransport(program: program, arguments: arguments)
                register(type: binding.name) { job, variables in
                    try transport.call(job, variables: variables, timeoutMilliseconds: binding.settings(for: job.operation).timeoutMilliseconds)
                }
            case .http(let http):
                let transport = HTTPTransport(connector: binding.name, binding: http)
                register(type: binding.name) { job, variables in
                    try transport.call(job, variables: variables, timeoutMilliseconds: binding.settings(for: job.operation).timeoutMilliseconds)
                }
            case .handler:
                continue
            case .external:
                notRunnable.append(binding)
            }
        }
        return notRunnable
    }
}
