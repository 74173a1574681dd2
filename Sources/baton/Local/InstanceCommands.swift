import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import Foundation

/// `baton start KEY`: starts an instance of the latest version of a deployed process.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start an instance of a deployed process; prints its id.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var variables: VariableOptions

    @Argument(help: ArgumentHelp("The process id.", valueName: "key"))
    var key: String

    @Option(name: .long, help: ArgumentHelp("The instance's business key.", valueName: "key"))
    var businessKey: String?

    @Flag(name: .long, help: "Print the instance as JSON (with --batch: each line's outcome).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Start one instance per line of this JSON Lines file ('-': standard input); each line holds the variables, or {\"businessKey\": ..., \"variables\": {...}}.", valueName: "file"))
    var batch: String?

    func validate() throws {
        if batch != nil, businessKey != nil || !variables.assignments.isEmpty || variables.vars != nil {
            throw ValidationError("--batch takes each instance's business key and variables from its line; leave out --business-key, --var and --vars.")
        }
    }

    func run() throws {
        if let batch {
            try BatchStartOutput(file: batch, json: json).run(processKey: key, backend: try database.startBackend())
            return
        }
        let values = try variables.variables()
        let backend = try database.startBackend()
        let id = try backend.start(processKey: key, businessKey: businessKey, variables: values)
        print(json ? InstanceView.json(try backend.instance(id)) : id)
    }
}

extension DatabaseOptions {
    /// Where `baton start` works: ``backend()``, whose local runtime checks the process's
    /// `baton:starterGroups` for the user who acts (`--user` or `$BATON_USER`; with
    /// neither, nobody is checked, as for every local admin command). Through a server,
    /// the server checks who logged in.
    func startBackend() throws -> any Backend {
        guard serverAddress == nil else { return try backend() }
        guard let name = user ?? environment("BATON_USER") else { return try backend() }
        let directory = try openDirectory()
        let starter: UserRecord
        do { starter = try directory.user(name) } catch { throw fail(error) }
        return LocalBackend(runtime: try openRuntime(), starter: starter)
    }
}

/// `baton instances`: the instances in the database, newest first.
struct InstancesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "instances", abstract: "List process instances, newest first.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Only instances that are active, completed, cancelled, or have an incident.", valueName: "state"))
    var state: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if let state, InstanceFilter(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(InstanceFilter.allCases.map(\.rawValue).joined(separator: ", ")), not '\(state)'.")
        }
    }

    func run() throws {
        let list = try database.backend().instances(state.flatMap(InstanceFilter.init))
        if json {
            print("[" + list.map { summary in
                var context = FEELContext([
                    ("id", .string(summary.id)), ("process", .string(summary.process)), ("version", .number(FEELNumber(summary.version))),
                    ("status", .string(summary.status)), ("incidents", .number(FEELNumber(summary.incidents))), ("startedAt", .string(summary.startedAt)),
                ])
                context["businessKey"] = summary.businessKey.map { .string($0) } ?? .null
                return FEELValue.context(context).json
            }.joined(separator: ",") + "]")
            return
        }
        if list.isEmpty {
            print("no process instances")
            return
        }
        print(Table(["ID", "PROCESS", "VERSION", "STATUS", "INCIDENTS", "BUSINESS KEY", "STARTED"], list.map {
            [$0.id, $0.process, String($0.version), $0.status, String($0.incidents), $0.businessKey ?? "", $0.startedAt]
        }).text)
    }
}

/// `baton instance ID`: one instance: state, where it waits, variables, incidents.
struct InstanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "instance", abstract: "Show one process instance: state, active elements, variables.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instance id.", valueName: "id"))
    var id: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let instance = try database.backend().instance(id)
        print(json ? InstanceView.json(instance) : InstanceView.text(instance))
    }
}

/// `baton cancel ID`: cancels an instance with every token, job and task.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a process instance.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instance id.", valueName: "id"))
    var id: String

    func run() throws {
        try database.backend().cancel(id)
        print("\(id): cancelled")
    }
}

/// `baton history ID`: the instance's audit history; `baton history cleanup`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the audit history of a process instance.", subcommands: [HistoryShowCommand.self, HistoryCleanupCommand.self],
        defaultSubcommand: HistoryShowCommand.self)
}

/// `baton history cleanup --older-than P90D`: removes the history of instances that
/// ended longer ago than that.
struct HistoryCleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Remove the history of instances that ended longer ago than a duration.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("An ISO 8601 duration in days, hours, minutes or seconds, e.g. P90D.", valueName: "duration"))
    var olderThan: String

    func validate() throws {
        guard let duration = try? ISO8601Duration.parse(olderThan), duration.fixedSeconds != nil else {
            throw ValidationError("--older-than must be an ISO 8601 duration of days or less, like P90D or PT12H, not '\(olderThan)'.")
        }
    }

    func run() throws {
        try database.requireLocal("history cleanup", .byNature)
        let seconds = (try? ISO8601Duration.parse(olderThan))?.fixedSeconds ?? 0
        let runtime = try database.openRuntime()
        let cutoff = runtime.clock.now().advanced(byMilliseconds: -Int64(seconds * 1000))
        do {
            let removed = try runtime.store.deleteHistory(ofInstancesEndedBefore: cutoff)
            print("removed \(removed) history entr\(removed == 1 ? "y" : "ies") of instances that ended before \(cutoff)")
        } catch {
            throw fail(RuntimeError(error.description))
        }
    }
}

/// `baton history ID`.
struct HistoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the audit history of a process instance.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instance id.", valueName: "id"))
    var id: String

    func run() throws {
        for entry in try database.backend().history(id) { print("\(entry.at)  \(entry.text)") }
    }
}

/// How instances are shown, the same from the database file and from a server.
enum InstanceView {
    static func text(_ state: InstanceDetail) -> String {
        let summary = state.summary
        var lines = [
            "instance:  \(summary.id)", "process:   \(summary.process) version \(summary.version)", "status:    \(summary.status)",
            "started:   \(summary.startedAt)",
        ]
        if let businessKey = summary.businessKey { lines.append("business key: \(businessKey)") }
        if let ended = state.endedAt { lines.append("ended:     \(ended)") }
        if !state.waitingAt.isEmpty { lines.append("waiting at: " + state.waitingAt.joined(separator: ", ")) }
        for task in state.userTasks {
            lines.append("user task \(task.element) (key \(task.key))" + (task.candidateGroups.isEmpty ? "" : " for \(task.candidateGroups.joined(separator: ", "))"))
        }
        for timer in state.timers { lines.append("timer \(timer.element) due \(timer.due)") }
        for incident in state.incidents { lines.append("incident \(incident.key) at \(incident.element): \(incident.reason)") }
        lines.append("variables: \(FEELValue.context(state.variables).json)")
        return lines.joined(separator: "\n")
    }

    static func json(_ state: InstanceDetail) -> String {
        let summary = state.summary
        var context = FEELContext([
            ("id", .string(summary.id)), ("process", .string(summary.process)), ("version", .number(FEELNumber(summary.version))),
            ("status", .string(summary.status)),
        ])
        context["businessKey"] = summary.businessKey.map { .string($0) } ?? .null
        context["waitingAt"] = .list(state.waitingAt.map { .string($0) })
        context["incidents"] = .list(state.incidents.map {
            .context(FEELContext([("key", .number(FEELNumber($0.key))), ("element", .string($0.element)), ("reason", .string($0.reason))]))
        })
        context["variables"] = .context(state.variables)
        return FEELValue.context(context).json
    }
}
