import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonSQLite
import Foundation
import Hummingbird

/// `/v1/tasks`: the authenticated user's inbox (an admin's: anyone's, or every task), one
/// task with its form and the variables it sees, and the task lifecycle (claim, unclaim,
/// delegate, resolve, complete). Who may do what is decided by ``TaskService``, as on the
/// command line: a task that is not yours to see is 403 for every route.
///
/// Task ids are `INSTANCE/KEY` (as `baton tasks` prints them), so a task's path is
/// `/v1/tasks/{instance}/{key}`: the id appended to `/v1/tasks/`.
struct TaskRoutes {
    let host: EngineHost

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        v1.get("tasks") { request, context -> Response in
            let actor = try context.requireActor()
            let inbox = try InboxRequest(request)
            // Someone else's inbox is for admins; so is every task, which the task service
            // refuses in the words `baton tasks --all` prints.
            var owner = actor
            if inbox.user.map({ $0 != actor.name }) ?? false { _ = try context.requireAdmin() }
            if let name = inbox.user, name != actor.name { owner = try await host.run { host in try host.directory.user(name) } }
            let reader = owner
            let (tasks, now) = try await host.run { host in
                let service = host.tasks
                let now = service.runtime.clock.now()
                var query = inbox.query(now: now)
                query.limit += 1  // one more tells whether there is a next page
                guard let condition = inbox.condition else { return (try service.inbox(of: reader, query), now) }
                do throws(RuntimeError) { return (try service.inbox(of: reader, query, where: condition), now) } catch {
                    // A condition that is not FEEL is a bad query parameter.
                    if error.kind == .invalid { throw Problem(.badRequest, error.message, errors: [("where", "not a FEEL condition")]) }
                    throw error
                }
            }
            let next = tasks.count > inbox.limit ? String(inbox.offset + inbox.limit) : nil
            let body = Views.inboxPage(tasks.prefix(inbox.limit), nextCursor: next, now: now)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        v1.get("tasks/{instance}/{key}") { _, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            let (state, task) = try await host.run { host in try host.tasks.task(id, visibleTo: actor) }
            return jsonResponse(Views.task(task, in: state))
        }
        v1.post("tasks/{instance}/{key}/claim") { _, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            return try Self.assignment(id, try await host.run { host in try host.tasks.claim(id, as: actor) })
        }
        v1.post("tasks/{instance}/{key}/unclaim") { _, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            return try Self.assignment(id, try await host.run { host in try host.tasks.unclaim(id, as: actor) })
        }
        v1.post("tasks/{instance}/{key}/delegate") { request, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            let body = try await request.jsonObject(context: context)
            try body.allowOnly(["userId"])
            let to = try body.requiredString("userId")
            return try Self.assignment(id, try await host.run { host in try host.tasks.delegate(id, to: to, as: actor) })
        }
        v1.post("tasks/{instance}/{key}/resolve") { request, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            let variables = try await Self.variables(request, context)
            return try Self.assignment(id, try await host.run { host in try host.tasks.resolve(id, variables: variables, as: actor) })
        }
        v1.post("tasks/{instance}/{key}/complete") { request, context -> Response in
            let actor = try context.requireActor()
            let id = try Self.taskID(context)
            let variables = try await Self.variables(request, context)
            let state = try await host.run { host in try host.tasks.complete(id, variables: variables, as: actor) }
            return jsonResponse(.context(FEELContext([
                ("id", .string(id)), ("completedBy", .string(actor.name)), ("instance", .string(state.id.rawValue)),
                ("instanceStatus", .string(state.status.rawValue)),
            ])))
        }
    }

    /// The optional `variables` of a resolve or complete body (it takes no other field).
    static func variables(_ request: Request, _ context: BatonRequestContext) async throws -> FEELContext {
        let body = try await request.jsonObject(context: context)
        try body.allowOnly(["variables"])
        return try body.object("variables") ?? FEELContext()
    }

    /// `INSTANCE/KEY` from the path.
    static func taskID(_ context: BatonRequestContext) throws -> String {
        "\(try context.parameters.require("instance"))/\(try context.parameters.require("key"))"
    }

    /// Who the task is with after a change (`{"id","assignee","owner","candidateGroups",
    /// "candidateUsers"}`), from the state the change stored.
    static func assignment(_ id: String, _ state: ProcessInstanceState) throws -> Response {
        guard let key = id.split(separator: "/").last.flatMap({ Int($0) }), let task = state.userTasks[UserTaskKey(key)] else {
            throw Problem(.conflict, "task '\(id)' is no longer open")
        }
        return jsonResponse(.context(Views.assignment(task, in: state)))
    }
}

/// The inbox's query parameters, checked as `baton tasks` checks its options.
struct InboxRequest: Sendable {
    var user: String?
    var everything: Bool
    var roles: [String]
    var assigned: Bool
    var unassigned: Bool
    var processKey: String?
    var businessKey: String?
    var dueBefore: EngineInstant?
    var overdue: Bool
    var condition: String?
    var sort: InboxQuery.Sort
    var limit: Int
    var offset: Int

    init(_ request: Request) throws {
        user = try request.parameter("user").flatMap { $0.isEmpty ? nil : $0 }
        everything = try Self.flag("all", request)
        // `all` is every task, whoever it is for: a `user` beside it narrows nothing.
        if everything { user = nil }
        roles = request.uri.queryParameters.getAll("role").flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        assigned = try Self.flag("assigned", request)
        unassigned = try Self.flag("unassigned", request)
        processKey = try request.parameter("processKey")
        businessKey = try request.parameter("businessKey")
        if let text = try request.parameter("dueBefore") {
            guard let instant = SQLiteStore.instant(iso: text) else {
                throw Problem(
                    .badRequest, "dueBefore must be an ISO 8601 date or date-time, like 2026-12-01 or 2026-12-01T12:00:00Z, not '\(text)'",
                    errors: [("dueBefore", "an ISO 8601 date or date-time")])
            }
            dueBefore = instant
        }
        overdue = try Self.flag("overdue", request)
        condition = try request.parameter("where").flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let sortText = try request.parameter("sort") ?? "due"
        guard let sort = InboxQuery.Sort(rawValue: sortText) else {
            throw Problem(.badRequest, "sort must be due, priority or created, not '\(sortText)'", errors: [("sort", "due, priority or created")])
        }
        self.sort = sort
        let page = try Page(request)
        limit = page.limit
        offset = page.offset
    }

    /// The store's query for `now` (which `overdue` means).
    func query(now: EngineInstant) -> InboxQuery {
        var query = InboxQuery(user: nil, roles: roles)
        query.everything = everything
        // Both kinds asked for is the whole inbox, as neither is.
        query.assignedOnly = assigned && !unassigned
        query.unassignedOnly = unassigned && !assigned
        query.processID = processKey
        query.businessKey = businessKey
        query.dueBefore = overdue ? now : dueBefore
        query.sort = sort
        query.limit = limit
        query.offset = offset
        return query
    }

    /// `?assigned`, `?assigned=true` or `=1` are true; absent, `false` or `0` false.
    static func flag(_ name: String, _ request: Request) throws -> Bool {
        guard let text = try request.parameter(name) else { return false }
        switch text.lowercased() {
        case "", "true", "1": return true
        case "false", "0": return false
        default: throw Problem(.badRequest, "\(name) must be true or false, not '\(text)'", errors: [(name, "true or false")])
        }
    }
}
