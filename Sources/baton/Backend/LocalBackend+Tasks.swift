import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

/// The task commands on the database file, through the task service, for the user the
/// options name (`--user`, `$BATON_USER`); only the commands that act need one.
struct LocalTaskBackend: TaskBackend {
    let service: TaskService
    let options: DatabaseOptions

    func inbox(_ filter: TaskFilter) throws -> [TaskRow] {
        let actor = try options.actor(service.directory)
        var query = InboxQuery(user: actor.name, roles: filter.roles)
        // Both kinds asked for is the whole inbox, as neither is.
        query.assignedOnly = filter.assignedOnly && !filter.unassignedOnly
        query.unassignedOnly = filter.unassignedOnly && !filter.assignedOnly
        query.everything = filter.everything
        query.processID = filter.processKey
        query.businessKey = filter.businessKey
        query.dueBefore = filter.overdue ? service.runtime.clock.now() : filter.dueBefore.flatMap(SQLiteStore.instant(iso:))
        query.sort = InboxQuery.Sort(rawValue: filter.sort) ?? .due
        query.limit = filter.limit
        query.offset = filter.offset
        let tasks = try local { () throws(RuntimeError) in
            if let condition = filter.condition { return try service.inbox(of: actor, query, where: condition) }
            return try service.inbox(of: actor, query)
        }
        let now = service.runtime.clock.now()
        return tasks.map { task in
            TaskRow(
                id: task.id, element: task.element, name: task.name, process: task.processID, assignee: task.assignee, due: task.dueAt?.description,
                overdue: task.dueAt.map { $0 < now } ?? false, priority: task.priority)
        }
    }

    func task(_ id: String) throws -> TaskDetail {
        let (state, task) = try local { () throws(RuntimeError) in try service.task(id) }
        let seen = state.elements[task.elementInstance]?.variables ?? state.variables(visibleAt: task.elementInstance)
        return TaskDetail(
            id: id, element: task.element.rawValue, name: task.name, process: state.process.id.rawValue, version: state.process.version,
            instance: state.id.rawValue, assignee: task.assignee, owner: task.owner, candidateGroups: task.candidateGroups,
            candidateUsers: task.candidateUsers, due: task.dueDate.map { SQLiteStore.instant(iso: $0)?.description ?? $0 },
            priority: task.priority.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            form: task.formFields.map { TaskDetail.Field(id: $0.id, type: $0.type ?? "string", required: $0.required, label: $0.label) },
            variables: seen)
    }

    func claim(_ id: String) throws -> String {
        let actor = try options.actor(service.directory)
        _ = try local { () throws(RuntimeError) in try service.claim(id, as: actor) }
        return actor.name
    }

    func unclaim(_ id: String) throws {
        let actor = try options.actor(service.directory)
        _ = try local { () throws(RuntimeError) in try service.unclaim(id, as: actor) }
    }

    func delegate(_ id: String, to user: String) throws {
        let actor = try options.actor(service.directory)
        _ = try local { () throws(RuntimeError) in try service.delegate(id, to: user, as: actor) }
    }

    func resolve(_ id: String, variables: FEELContext) throws {
        let actor = try options.actor(service.directory)
        _ = try local { () throws(RuntimeError) in try service.resolve(id, variables: variables, as: actor) }
    }

    func complete(_ id: String, variables: FEELContext) throws -> (by: String, instanceStatus: String) {
        let actor = try options.actor(service.directory)
        let state = try local { () throws(RuntimeError) in try service.complete(id, variables: variables, as: actor) }
        return (actor.name, state.status.rawValue)
    }
}

/// The user, role and token commands on the database file.
struct LocalDirectoryBackend: DirectoryBackend {
    let directory: Directory

    func addUser(_ name: String, displayName: String?, roles: [String], password: String?) throws {
        try local { () throws(RuntimeError) in try directory.addUser(name, displayName: displayName, roles: roles, password: password) }
    }

    func users() throws -> [UserRow] { try local { () throws(RuntimeError) in try directory.users() }.map(UserRow.init) }

    func user(_ name: String) throws -> UserRow { UserRow(try local { () throws(RuntimeError) in try directory.user(name) }) }

    func removeUser(_ name: String) throws { try local { () throws(RuntimeError) in try directory.removeUser(name) } }

    func grant(_ role: String, to name: String) throws { try local { () throws(RuntimeError) in try directory.grant(role, to: name) } }

    func revoke(_ role: String, from name: String) throws { try local { () throws(RuntimeError) in try directory.revoke(role, from: name) } }

    func roles() throws -> [RoleRow] { try local { () throws(RuntimeError) in try directory.roles() }.map { RoleRow(role: $0.role, users: $0.users) } }

    func createToken(for name: String, label: String?) throws -> String {
        try local { () throws(RuntimeError) in try directory.createToken(for: name, label: label) }
    }

    func tokens(of name: String) throws -> [TokenRow] {
        try local { () throws(RuntimeError) in try directory.tokens(of: name) }.map { TokenRow(id: $0.id, label: $0.label, createdAt: $0.createdAt.description) }
    }

    func revokeToken(_ id: String) throws { try local { () throws(RuntimeError) in try directory.revokeToken(id) } }
}

extension UserRow {
    init(_ user: UserRecord) {
        self.init(
            name: user.name, displayName: user.displayName, roles: user.roles.sorted(), hasPassword: user.passwordHash != nil, createdAt: user.createdAt.description)
    }
}

/// Runs a runtime call; a refusal is printed and becomes exit status 1.
private func local<T>(_ body: () throws(RuntimeError) -> T) throws -> T {
    do { return try body() } catch { throw fail(error) }
}
