import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

extension DatabaseOptions {
    /// The task service on the database.
    func openTaskService() throws -> TaskService {
        let runtime = try openRuntime()
        do {
            let store = try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full)
            return TaskService(runtime: runtime, directory: Directory(store: store), tasks: store)
        } catch {
            printError("baton: error: \(error.description)")
            throw ExitCode(1)
        }
    }
}

/// `baton tasks`: the inbox.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Your inbox: tasks assigned to you and unassigned tasks offered to you or your roles.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Only tasks offered to this role (one of yours).") var role: [String] = []
    @Flag(name: .long, help: "Only tasks assigned to you (with --unassigned: both kinds, the whole inbox).") var assigned = false
    @Flag(name: .long, help: "Only unassigned tasks.") var unassigned = false
    @Option(name: .long, help: ArgumentHelp("Only tasks of this process.", valueName: "key")) var process: String?
    @Option(name: .long, help: ArgumentHelp("Only tasks of instances with this business key.", valueName: "key")) var businessKey: String?
    @Flag(name: .long, help: "Every open task, whoever it is for (admins).") var all = false
    @Option(name: .long, help: ArgumentHelp("Only tasks due before this ISO 8601 date or date-time.", valueName: "date")) var dueBefore: String?
    @Flag(name: .long, help: "Only tasks past their due date.") var overdue = false
    @Option(name: .customLong("where"), help: ArgumentHelp("Only tasks whose process variables satisfy this FEEL condition, e.g. 'amount > 1000'.", valueName: "condition")) var condition: String?
    @Option(name: .long, help: "due, priority or created.") var sort = "due"
    @Option(name: .long, help: "At most this many tasks.") var limit = 50
    @Option(name: .long, help: "Skip this many (the next page).") var offset = 0
    @Flag(name: .long, help: "Print JSON.") var json = false

    func validate() throws {
        guard InboxQuery.Sort(rawValue: sort) != nil else { throw ValidationError("--sort must be due, priority or created, not '\(sort)'.") }
        guard limit > 0, offset >= 0 else { throw ValidationError("--limit must be positive and --offset 0 or more.") }
        if let dueBefore, SQLiteStore.instant(iso: dueBefore) == nil {
            throw ValidationError("--due-before must be an ISO 8601 date or date-time, like 2026-12-01 or 2026-12-01T12:00:00Z, not '\(dueBefore)'.")
        }
    }

    func run() throws {
        var filter = TaskFilter(roles: role, assignedOnly: assigned, unassignedOnly: unassigned, everything: all)
        (filter.processKey, filter.businessKey, filter.dueBefore, filter.overdue) = (process, businessKey, dueBefore, overdue)
        (filter.condition, filter.sort, filter.limit, filter.offset) = (condition, sort, limit, offset)
        let tasks = try database.taskBackend().inbox(filter)
        if json {
            print("[" + tasks.map { task in
                var context = FEELContext([("id", .string(task.id)), ("task", .string(task.element)), ("process", .string(task.process))])
                context["name"] = task.name.map { .string($0) } ?? .null
                context["assignee"] = task.assignee.map { .string($0) } ?? .null
                context["due"] = task.due.map { .string($0) } ?? .null
                context["overdue"] = .boolean(task.overdue)
                context["priority"] = task.priority.map { .number(FEELNumber($0)) } ?? .null
                return FEELValue.context(context).json
            }.joined(separator: ",") + "]")
            return
        }
        if tasks.isEmpty {
            print("no tasks")
            return
        }
        print(Table(["TASK", "NAME", "PROCESS", "ASSIGNEE", "DUE", "PRIORITY"], tasks.map { task in
            let due = task.due.map { $0 + (task.overdue ? " (overdue)" : "") } ?? ""
            return [task.id, task.name ?? task.element, task.process, task.assignee ?? "", due, task.priority.map(String.init) ?? ""]
        }).text)
    }
}

/// `baton task show ID`.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "task", abstract: "Show a task.", subcommands: [TaskShowCommand.self], defaultSubcommand: TaskShowCommand.self)
}

/// `baton task show ID`: the task, its form and the variables it sees.
struct TaskShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a task: who it is for, its form, the variables it sees.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY, as baton tasks lists it).", valueName: "task")) var id: String

    func run() throws {
        let task = try database.taskBackend().task(id)
        print("task:      \(id) (\(task.name ?? task.element))")
        print("process:   \(task.process) version \(task.version), instance \(task.instance)")
        print("assignee:  \(task.assignee ?? "none")" + (task.owner.map { " (delegated by \($0))" } ?? ""))
        if !task.candidateGroups.isEmpty { print("roles:     \(task.candidateGroups.joined(separator: ", "))") }
        if !task.candidateUsers.isEmpty { print("users:     \(task.candidateUsers.joined(separator: ", "))") }
        if let due = task.due { print("due:       \(due)") }
        if let priority = task.priority { print("priority:  \(priority)") }
        for field in task.form {
            print("field:     \(field.id) (\(field.type))" + (field.required ? " required" : "") + (field.label.map { " — \($0)" } ?? ""))
        }
        print("variables: \(FEELValue.context(task.variables).json)")
    }
}

/// `baton claim|unclaim|complete|delegate|resolve TASK`.
struct TaskActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "claim", abstract: "Claim a task offered to you or your roles.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY).", valueName: "task")) var id: String

    func run() throws {
        print("\(id): claimed by \(try database.taskBackend().claim(id))")
    }
}

/// `baton unclaim TASK`.
struct UnclaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unclaim", abstract: "Give a task you claimed back to its candidates.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY).", valueName: "task")) var id: String

    func run() throws {
        try database.taskBackend().unclaim(id)
        print("\(id): unclaimed")
    }
}

/// `baton complete TASK [--var ...]`.
struct CompleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Complete a task assigned to you, with variables.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var variables: VariableOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY).", valueName: "task")) var id: String

    func run() throws {
        let values = try variables.variables()
        let done = try database.taskBackend().complete(id, variables: values)
        print("\(id): completed by \(done.by); instance \(done.instanceStatus)")
    }
}

/// `baton delegate TASK --to USER`.
struct DelegateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delegate", abstract: "Hand a task to someone else; they resolve it back to you.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY).", valueName: "task")) var id: String
    @Option(name: .long, help: "The user to delegate to.") var to: String

    func run() throws {
        try database.taskBackend().delegate(id, to: to)
        print("\(id): delegated to \(to)")
    }
}

/// `baton resolve TASK`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Hand a delegated task back to its owner, optionally with variables.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var variables: VariableOptions
    @Argument(help: ArgumentHelp("The task id (INSTANCE/KEY).", valueName: "task")) var id: String

    func run() throws {
        let values = try variables.variables()
        try database.taskBackend().resolve(id, variables: values)
        print("\(id): resolved")
    }
}
