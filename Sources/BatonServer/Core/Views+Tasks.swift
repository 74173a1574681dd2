import BatonEngine
import BatonFEEL
import BatonModel
import BatonSQLite
import Foundation

/// JSON shapes of tasks, users and tokens.
extension Views {
    /// One line of an inbox (what `baton tasks --json` prints, with the instance and when
    /// the task was created).
    static func taskSummary(_ task: TaskSummary, now: EngineInstant) -> FEELValue {
        var object = FEELContext([
            ("id", .string(task.id)), ("element", .string(task.element)), ("processKey", .string(task.processID)),
            ("instance", .string(task.instance.rawValue)),
        ])
        object["name"] = task.name.map { .string($0) } ?? .null
        object["assignee"] = task.assignee.map { .string($0) } ?? .null
        object["due"] = task.dueAt.map { .string($0.description) } ?? .null
        object["overdue"] = .boolean(task.dueAt.map { $0 < now } ?? false)
        object["priority"] = task.priority.map { .number(FEELNumber($0)) } ?? .null
        object["createdAt"] = .string(task.createdAt.description)
        return .context(object)
    }

    /// A task as `baton task show` shows it: who it is for, its form, and the variables it
    /// sees (its input mappings when it has any, else every variable in scope), from a
    /// state whose sensitive variables are already masked.
    static func task(_ task: UserTask, in state: ProcessInstanceState) -> FEELValue {
        var object = assignment(task, in: state)
        object["element"] = .string(task.element.rawValue)
        object["name"] = task.name.map { .string($0) } ?? .null
        object["processKey"] = .string(state.process.id.rawValue)
        object["version"] = .number(FEELNumber(state.process.version))
        object["instance"] = .string(state.id.rawValue)
        object["businessKey"] = state.businessKey.map { .string($0) } ?? .null
        let due = task.dueDate.map { SQLiteStore.instant(iso: $0)?.description ?? $0 }
        object["due"] = due.map { .string($0) } ?? .null
        object["followUp"] = task.followUpDate.map { .string($0) } ?? .null
        object["priority"] = task.priority.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .number(FEELNumber($0)) } ?? .null
        object["formKey"] = task.formKey.map { .string($0) } ?? .null
        object["createdAt"] = .string(task.createdAt.description)
        object["form"] = .list(task.formFields.map(formField))
        let seen = state.elements[task.elementInstance]?.variables ?? state.variables(visibleAt: task.elementInstance)
        object["variables"] = .context(seen)
        return .context(object)
    }

    /// Who a task is with: what claim, unclaim, delegate and resolve answer.
    static func assignment(_ task: UserTask, in state: ProcessInstanceState) -> FEELContext {
        var object = FEELContext([("id", .string("\(state.id.rawValue)/\(task.key.rawValue)"))])
        object["assignee"] = task.assignee.map { .string($0) } ?? .null
        object["owner"] = task.owner.map { .string($0) } ?? .null
        object["candidateGroups"] = .list(task.candidateGroups.map { .string($0) })
        object["candidateUsers"] = .list(task.candidateUsers.map { .string($0) })
        object["excludedUsers"] = .list(task.excludedUsers.map { .string($0) })
        return object
    }

    /// A form field as the model declares it (`default`, `min` and `max` as written).
    static func formField(_ field: FormField) -> FEELValue {
        var object = FEELContext([("id", .string(field.id)), ("type", .string(field.type ?? "string"))])
        object["label"] = field.label.map { .string($0) } ?? .null
        object["required"] = .boolean(field.required)
        object["default"] = field.defaultValue.map { .string($0) } ?? .null
        object["min"] = field.minimum.map { .string($0) } ?? .null
        object["max"] = field.maximum.map { .string($0) } ?? .null
        object["pattern"] = field.pattern.map { .string($0) } ?? .null
        object["values"] = .list(field.values.map { .string($0) })
        object["sensitive"] = .boolean(field.sensitive)
        return .context(object)
    }

    /// A user without any secret: whether a password is set, never its hash.
    static func user(_ user: UserRecord) -> FEELValue {
        var object = FEELContext([("name", .string(user.name))])
        object["displayName"] = user.displayName.map { .string($0) } ?? .null
        object["roles"] = .list(user.roles.sorted().map { .string($0) })
        object["hasPassword"] = .boolean(user.passwordHash != nil)
        object["createdAt"] = .string(user.createdAt.description)
        return .context(object)
    }

    /// An API token without its secret: the id that revokes it, its label, its user.
    static func token(_ token: TokenRecord) -> FEELContext {
        var object = FEELContext([("id", .string(token.id)), ("user", .string(token.user))])
        object["label"] = token.label.map { .string($0) } ?? .null
        object["createdAt"] = .string(token.createdAt.description)
        return object
    }
}
