import ArgumentParser
import BatonConnectors
import BatonEngine
import BatonModel
import BatonRuntime
import BatonXML
import Foundation

/// Set by SIGINT and SIGTERM: the worker finishes the task at hand, then stops.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `baton worker --topic T -- CMD ARGS`: an external-task worker on the database file or
/// through a server (`--server`) that runs a program per task, with the `command`
/// connector's contract.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Do the external tasks of a topic by running a program for each (the command connector's contract).",
        discussion: """
            Each task's call goes to the program as JSON on standard input; its standard output is a JSON object of result \
            variables, or {"bpmnError": {"code": ..., "message": ...}}; a non-zero exit is a failure (retried with backoff), \
            with standard error as its message. With --server, the tasks are fetched (long polling) and reported through a Baton \
            server. Stops on SIGINT or SIGTERM after the task at hand. \
            Example: baton worker --topic invoices -- python3 invoice.py
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "The topic to fetch tasks from.")
    var topic: String

    @Option(name: [.customLong("bindings"), .customLong("connectors")], help: ArgumentHelp("The connector bindings, which map topics to connectors (default: ./connectors.xml when it exists).", valueName: "file"))
    var bindings: String?

    @Option(name: .long, help: ArgumentHelp("How long a fetched task stays locked to this worker; a program running longer is stopped.", valueName: "duration"))
    var lockDuration = "PT5M"

    @Option(name: .long, help: "The most tasks fetched at once.")
    var maxTasks = 10

    @Option(name: .long, help: ArgumentHelp("The lock owner's name (default: host:pid).", valueName: "id"))
    var workerId: String?

    @Flag(name: .long, help: "Do the tasks available now, then exit.")
    var once = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The program and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("baton worker needs a program to run after --, like: baton worker --topic \(topic) -- python3 worker.py")
        }
        guard maxTasks > 0 else { throw ValidationError("--max-tasks must be positive.") }
        guard lockMilliseconds != nil else {
            throw ValidationError("--lock-duration must be a positive ISO 8601 duration of days or less, like PT5M, not '\(lockDuration)'.")
        }
    }

    private var lockMilliseconds: Int64? {
        guard let seconds = (try? ISO8601Duration.parse(lockDuration))?.fixedSeconds, seconds > 0 else { return nil }
        return Int64(seconds * 1000)
    }

    func run() throws {
        let connectorBindings = try loadBindings()
        let queue = try database.backend().externalTasks(topic: topic, bindings: connectorBindings)
        let transport = CommandTransport(program: Self.resolve(command[0]), arguments: Array(command.dropFirst()))
        let worker = workerId ?? Runtime.defaultOwner
        let lock = lockMilliseconds ?? 300_000
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        // A parent may have started us with these blocked (the mask is inherited).
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        var counts = (completed: 0, failed: 0, errors: 0)
        while stopRequested == 0 {
            let tasks: [WorkerTask]
            do {
                tasks = try queue.fetchAndLock(workerId: worker, topic: topic, lockDuration: lock, maxTasks: maxTasks, longPoll: !once) { stopRequested != 0 }
            } catch where error.kind == .unavailable && !once {
                // The database is busy or briefly unusable: try again in a moment.
                printError("baton: \(error.message); trying again")
                Thread.sleep(forTimeInterval: 1)
                continue
            } catch {
                printError("baton: error: \(error.message)")
                throw ExitCode(1)
            }
            if once && tasks.isEmpty { break }
            for task in tasks where stopRequested == 0 {
                let timeout = min(lock, connectorBindings.connectors[task.call.connector]?.settings(for: task.call.operation).timeoutMilliseconds ?? lock)
                do {
                    switch try transport.call(task.call, variables: task.variables, timeoutMilliseconds: timeout) {
                    case .complete(let variables):
                        try queue.complete(task.id, workerId: worker, variables: variables)
                        say("\(task.id): completed")
                        counts.completed += 1
                    case .bpmnError(let code, let message, let variables):
                        try queue.handleBpmnError(task.id, workerId: worker, code: code, message: message, variables: variables)
                        say("\(task.id): BPMN error \(code)")
                        counts.errors += 1
                    }
                } catch let error as ExternalTaskError {
                    printError("baton: \(error.message)")
                } catch {
                    do {
                        try queue.handleFailure(task.id, workerId: worker, message: "\(error)")
                        say("\(task.id): failed: \(error)")
                        counts.failed += 1
                    } catch {
                        printError("baton: \(error.message)")
                    }
                }
            }
        }
        say("\(counts.completed) completed, \(counts.failed) failed, \(counts.errors) BPMN error\(counts.errors == 1 ? "" : "s")")
    }

    private func loadBindings() throws -> ConnectorBindings { try loadConnectorBindings(bindings).bindings }

    /// A line on standard output at once (unbuffered), for whoever follows the worker.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A program named without a slash is looked up on `PATH`, as a shell would.
    static func resolve(_ program: String) -> String {
        guard !program.contains("/") else { return program }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return program
    }
}
