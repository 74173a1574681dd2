public import BatonEngine
public import BatonFEEL
import BatonModel
import Foundation

/// User tasks for people: the inbox and the task lifecycle, with who may do what checked
/// in one place for the CLI and (later) the server.
///
/// - see a task: its assignee, its owner (who delegated it), a candidate user, a member
///   of a candidate role, or an admin; the whole inbox (`everything`): an admin only;
/// - claim: a candidate user, a member of a candidate role, or an admin;
/// - unclaim, delegate: the assignee or an admin; resolve: the delegate or an admin;
/// - complete: the assignee only; reassign: an admin only.
///
/// A task that was open once but is completed or cancelled now is a conflict (someone
/// else got there first); a task id that never named a task is not found.
///
/// A denied call changes nothing and says why: `task 'approveQuote' is offered to
/// sales-managers; alice has sales`.
public struct TaskService: Sendable {
    public let runtime: Runtime
    public let directory: Directory
    public let tasks: any TaskStore

    public init(runtime: Runtime, directory: Directory, tasks: any TaskStore) {
        self.runtime = runtime
        self.directory = directory
        self.tasks = tasks
    }

    /// The inbox of `actor`: tasks assigned to them and unassigned tasks offered to them or
    /// their roles (`query.roles` narrows to some of their roles).
    public func inbox(of actor: UserRecord, _ query: InboxQuery) throws(RuntimeError) -> [TaskSummary] {
        if query.everything, !isAdmin(actor) {
            throw RuntimeError("only an admin may list every task; \(actor.name) is not one", kind: .forbidden)
        }
        var query = query
        query.user = actor.name
        query.roles = query.roles.isEmpty ? actor.roles : query.roles.filter(actor.roles.contains)
        return try Runtime.storeCall { () throws(StoreError) in try tasks.inbox(query) }
    }

    /// The inbox of `actor` keeping only tasks whose process variables satisfy the FEEL
    /// condition `filter` (`amount > 1000 and region = "EU"`). Pages are read in the
    /// inbox's order and filtered, with each page's variables read in one query, until
    /// `query.limit` tasks match.
    public func inbox(of actor: UserRecord, _ query: InboxQuery, where filter: String) throws(RuntimeError) -> [TaskSummary] {
        let condition: FEELExpression
        do { condition = try FEELExpression(filter) } catch {
            throw RuntimeError("--where '\(filter)' is not a FEEL condition: \(error.message) (column \(error.column))", kind: .invalid)
        }
        var page = query
        page.limit = max(100, query.limit * 2)
        page.offset = 0
        var matches: [TaskSummary] = []
        var skipped = 0
        while true {
            let batch = try inbox(of: actor, page)
            let instances = Array(Set(batch.map(\.instance)))
            let variables = try Runtime.storeCall { () throws(StoreError) in try tasks.processVariables(of: instances) }
            for task in batch {
                guard condition.evaluate(variables[task.instance] ?? FEELContext()).value == .boolean(true) else { continue }
                if skipped < query.offset {
                    skipped += 1
                    continue
                }
                matches.append(task)
                if matches.count == query.limit { return matches }
            }
            if batch.count < page.limit { return matches }
            page.offset += page.limit
        }
    }

    /// An open task by its id (`instance/key`), for display: its instance's sensitive
    /// variables are masked.
    public func task(_ id: String) throws(RuntimeError) -> (state: ProcessInstanceState, task: UserTask) {
        let (stored, task) = try storedTask(id, opened: false)
        return (runtime.masked(stored.state), task)
    }

    /// An open task for `actor` to see: 403 unless it is theirs, offered to them or one
    /// of their roles, delegated by them, or they are an admin (sensitive variables masked).
    public func task(_ id: String, visibleTo actor: UserRecord) throws(RuntimeError) -> (state: ProcessInstanceState, task: UserTask) {
        let (state, task) = try self.task(id)
        try requireVisible(actor, task)
        return (state, task)
    }

    /// The task and its instance as stored (the revision lets the change that follows
    /// skip reading it again). For a change (`opened`), a task that is no longer open
    /// but was once is a conflict, saying who completed it.
    private func storedTask(_ id: String, opened: Bool = true) throws(RuntimeError) -> (stored: StoredInstance, task: UserTask) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let key = Int(parts[1]), !parts[0].isEmpty else {
            throw RuntimeError("'\(id)' is not a task id; task ids are INSTANCE/KEY, as baton tasks lists them", kind: .notFound)
        }
        let instance = ProcessInstanceID(String(parts[0]))
        let stored = opened ? try runtime.stored(instance) : try runtime.storedAsWritten(instance)
        guard let task = stored.state.userTasks[UserTaskKey(key)] else {
            if opened, let ended = try endedTask(UserTaskKey(key), of: instance) { throw RuntimeError("task '\(id)' \(ended)", kind: .conflict) }
            throw RuntimeError("task '\(id)' is not open (it was completed or cancelled, or never existed)", kind: .notFound)
        }
        return (stored, task)
    }

    /// How a task that is no longer open ended (`was completed by mia`), from the
    /// instance's history; nil when the key never named a user task.
    private func endedTask(_ key: UserTaskKey, of instance: ProcessInstanceID) throws(RuntimeError) -> String? {
        for entry in try runtime.history(of: instance).reversed() {
            switch entry.event {
            case .userTaskCompleted(key, let user): return "was completed already" + (user.map { " by \($0)" } ?? "")
            case .userTaskCancelled(key): return "was cancelled"
            default: continue
            }
        }
        return nil
    }

    @discardableResult
    public func claim(_ id: String, as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        try requireVisible(actor, task)
        try requireNotExcluded(actor.name, task)
        if task.assignee != actor.name, !isAdmin(actor) {
            if let assignee = task.assignee { throw RuntimeError("task '\(task.element)' is already claimed by \(assignee)", kind: .conflict) }
            try requireCandidate(actor, task)
        }
        return try runtime.execute(.changeUserTask(task.key, .claim(actor.name), by: actor.name), on: stored)
    }

    @discardableResult
    public func unclaim(_ id: String, as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        try requireVisible(actor, task)
        try requireAssignee(actor, task, to: "unclaim it", adminMay: true)
        return try runtime.execute(.changeUserTask(task.key, .unclaim, by: actor.name), on: stored)
    }

    @discardableResult
    public func delegate(_ id: String, to delegate: String, as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        try requireVisible(actor, task)
        try requireAssignee(actor, task, to: "delegate it", adminMay: true)
        try requireNotExcluded(delegate, task)
        _ = try directory.user(delegate)
        return try runtime.execute(.changeUserTask(task.key, .delegate(to: delegate), by: actor.name), on: stored)
    }

    /// Hands a delegated task back to its owner, setting `variables` on the process in
    /// the same transaction.
    @discardableResult
    public func resolve(_ id: String, variables: FEELContext = FEELContext(), as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        try requireVisible(actor, task)
        try requireAssignee(actor, task, to: "resolve it", adminMay: true)
        let resolve = EngineCommand.changeUserTask(task.key, .resolve, by: actor.name)
        return try runtime.execute(variables.count == 0 ? [resolve] : [.setVariables(variables), resolve], on: stored)
    }

    @discardableResult
    public func reassign(_ id: String, to assignee: String?, as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        guard isAdmin(actor) else { throw RuntimeError("only an admin may reassign task '\(task.element)'; \(actor.name) is not one", kind: .forbidden) }
        if let assignee {
            try requireNotExcluded(assignee, task)
            _ = try directory.user(assignee)
        }
        return try runtime.execute(.changeUserTask(task.key, .reassign(to: assignee), by: actor.name), on: stored)
    }

    /// Completes the task with `variables`; only its assignee may.
    @discardableResult
    public func complete(_ id: String, variables: FEELContext, as actor: UserRecord) throws(RuntimeError) -> ProcessInstanceState {
        let (stored, task) = try storedTask(id)
        try requireVisible(actor, task)
        try requireAssignee(actor, task, to: "complete it", adminMay: false)
        try requireNotExcluded(actor.name, task)
        return try runtime.execute(.completeUserTask(task.key, variables: variables, user: actor.name), on: stored)
    }

    private func isAdmin(_ actor: UserRecord) -> Bool { actor.roles.contains(Directory.adminRole) }

    /// Four eyes: a user `baton:excludedUsers` names may not take, be given or complete
    /// the task, admins included.
    private func requireNotExcluded(_ user: String, _ task: UserTask) throws(RuntimeError) {
        if task.excludes(user) { throw RuntimeError(task.exclusionMessage(for: user), kind: .forbidden) }
    }

    /// Anyone who may see the task: a task that is not in someone's inbox (nor delegated
    /// by them) is forbidden for every action, before any other check says more.
    private func requireVisible(_ actor: UserRecord, _ task: UserTask) throws(RuntimeError) {
        if isAdmin(actor) || task.assignee == actor.name || task.owner == actor.name { return }
        try requireCandidate(actor, task)
    }

    private func requireCandidate(_ actor: UserRecord, _ task: UserTask) throws(RuntimeError) {
        if task.candidateUsers.contains(actor.name) || !Set(task.candidateGroups).isDisjoint(with: actor.roles) { return }
        var offered: [String] = task.candidateGroups
        offered += task.candidateUsers
        let has = actor.roles.isEmpty ? "no roles" : actor.roles.joined(separator: ", ")
        if offered.isEmpty { throw RuntimeError("task '\(task.element)' is offered to no one; an admin may assign it", kind: .forbidden) }
        throw RuntimeError("task '\(task.element)' is offered to \(offered.joined(separator: ", ")); \(actor.name) has \(has)", kind: .forbidden)
    }

    private func requireAssignee(_ actor: UserRecord, _ task: UserTask, to action: String, adminMay: Bool) throws(RuntimeError) {
        if task.assignee == actor.name || (adminMay && isAdmin(actor)) { return }
        guard let assignee = task.assignee else { throw RuntimeError("task '\(task.element)' is not claimed; claim it before you \(action)", kind: .conflict) }
        throw RuntimeError("task '\(task.element)' is assigned to \(assignee); only \(assignee) may \(action)", kind: .forbidden)
    }
}
