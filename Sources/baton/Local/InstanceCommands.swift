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
            try BatchStartOutput(file: batch, json: json).run(processID: ElementID(key), runtime: try database.openRuntime())
            return
        }
        let values = try variables.variables()
        let runtime = try database.openRuntime()
        do {
            let state = try runtime.start(processID: ElementID(key), businessKey: businessKey, variables: values)
            print(json ? InstanceView.json(state) : state.id.rawValue)
        } catch {
            throw fail(error)
        }
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
        let runtime = try database.openRuntime()
        let list: [InstanceSummary]
        do { list = try runtime.instances(state.flatMap(InstanceFilter.init)) } catch { throw fail(error) }
        if json {
            print("[" + list.map { summary in
                var context = FEELContext([
                    ("id", .string(summary.id.rawValue)), ("process", .string(summary.process.id.rawValue)),
                    ("version", .number(FEELNumber(summary.process.version))), ("status", .string(summary.status.rawValue)),
                    ("incidents", .number(FEELNumber(summary.incidents))), ("startedAt", .string(summary.startedAt.description)),
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
            [$0.id.rawValue, $0.process.id.rawValue, String($0.process.version), $0.status.rawValue, String($0.incidents), $0.businessKey ?? "", $0.startedAt.description]
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
        let runtime = try database.openRuntime()
        let state: ProcessInstanceState
        do { state = try runtime.maskedInstance(ProcessInstanceID(id)) } catch { throw fail(error) }
        print(json ? InstanceView.json(state) : InstanceView.text(state))
    }
}

/// `baton cancel ID`: cancels an instance with every token, job and task.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a process instance.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instance id.", valueName: "id"))
    var id: String

    func run() throws {
        let runtime = try database.openRuntime()
        do { try runtime.execute(.cancel, on: ProcessInstanceID(id)) } catch { throw fail(error) }
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
        let runtime = try database.openRuntime()
        let entries: [HistoryEntry]
        do {
            _ = try runtime.storedAsWritten(ProcessInstanceID(id))
            entries = Runtime.masked(try runtime.history(of: ProcessInstanceID(id)))
        } catch {
            throw fail(error)
        }
        for entry in entries { print("\(entry.at)  \(InstanceView.describe(entry.event))") }
    }
}

/// How instances are shown.
enum InstanceView {
    static func text(_ state: ProcessInstanceState) -> String {
        var lines = [
            "instance:  \(state.id)", "process:   \(state.process.id) version \(state.process.version)",
            "status:    \(state.status.rawValue)", "started:   \(state.startedAt)",
        ]
        if let businessKey = state.businessKey { lines.append("business key: \(businessKey)") }
        if let ended = state.endedAt { lines.append("ended:     \(ended)") }
        let waiting = state.elements.values.filter { $0.state == .active && $0.waitingFor != .content && $0.waitingFor != nil }.sorted { $0.key < $1.key }
        if !waiting.isEmpty { lines.append("waiting at: " + waiting.map(\.element.rawValue).joined(separator: ", ")) }
        for task in state.userTasks.values.sorted(by: { $0.key < $1.key }) {
            lines.append("user task \(task.element) (key \(task.key))" + (task.candidateGroups.isEmpty ? "" : " for \(task.candidateGroups.joined(separator: ", "))"))
        }
        for timer in state.subscriptions.values.sorted(by: { $0.key < $1.key }) {
            if case .timer(let due) = timer.trigger { lines.append("timer \(timer.element) due \(due)") }
        }
        for incident in state.incidents.values.sorted(by: { $0.key < $1.key }) {
            lines.append("incident \(incident.key) at \(incident.element): \(incident.reason)")
        }
        lines.append("variables: \(FEELValue.context(state.variables).json)")
        return lines.joined(separator: "\n")
    }

    static func json(_ state: ProcessInstanceState) -> String {
        var context = FEELContext([
            ("id", .string(state.id.rawValue)), ("process", .string(state.process.id.rawValue)),
            ("version", .number(FEELNumber(state.process.version))), ("status", .string(state.status.rawValue)),
        ])
        context["businessKey"] = state.businessKey.map { .string($0) } ?? .null
        let waiting = state.elements.values.filter { $0.state == .active && $0.waitingFor != .content && $0.waitingFor != nil }.sorted { $0.key < $1.key }
        context["waitingAt"] = .list(waiting.map { .string($0.element.rawValue) })
        context["incidents"] = .list(state.incidents.values.sorted { $0.key < $1.key }.map {
            .context(FEELContext([("key", .number(FEELNumber($0.key.rawValue))), ("element", .string($0.element.rawValue)), ("reason", .string($0.reason))]))
        })
        context["variables"] = .context(state.variables)
        return FEELValue.context(context).json
    }

    /// One history line.
    static func describe(_ event: EngineEvent) -> String { event.historyText }
}
