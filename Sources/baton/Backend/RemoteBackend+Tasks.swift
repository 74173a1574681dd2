import BatonFEEL
import Foundation

/// The task commands through the server's `/v1/tasks`: the user who logged in acts.
extension RemoteBackend: TaskBackend {
    func inbox(_ filter: TaskFilter) throws -> [TaskRow] {
        var query = filter.roles.map { ("role", $0) }
        let flags = [("assigned", filter.assignedOnly), ("unassigned", filter.unassignedOnly), ("all", filter.everything), ("overdue", filter.overdue)]
        query += flags.filter(\.1).map { ($0.0, "true") }
        let texts = [("processKey", filter.processKey), ("businessKey", filter.businessKey), ("dueBefore", filter.dueBefore), ("where", filter.condition)]
        query += texts.compactMap { name, value in value.map { (name, $0) } }
        query.append(("sort", filter.sort))
        let request = query
        return try call { client in
            // The server answers at most 1,000 tasks a page; the cursor is the offset.
            var rows: [TaskRow] = []
            var cursor: String? = String(filter.offset)
            while let next = cursor, rows.count < filter.limit {
                let page = try client.json("GET", "/v1/tasks", query: request + [("limit", String(min(1000, filter.limit - rows.count))), ("cursor", next)])
                rows += try page.items("items").map { task in
                    TaskRow(
                        id: try task.text("id"), element: try task.text("element"), name: task.optionalText("name"), process: try task.text("processKey"),
                        assignee: task.optionalText("assignee"), due: task.optionalText("due"), overdue: task.field("overdue") == .boolean(true),
                        priority: task.optionalInteger("priority"))
                }
                cursor = page.optionalText("nextCursor")
            }
            return rows
        }
    }

    func task(_ id: String) throws -> TaskDetail {
        try call { client in
            let task = try client.json("GET", try Self.taskPath(id))
            return TaskDetail(
                id: id, element: try task.text("element"), name: task.optionalText("name"), process: try task.text("processKey"),
                version: try task.integer("version"), instance: try task.text("instance"), assignee: task.optionalText("assignee"),
                owner: task.optionalText("owner"), candidateGroups: try task.strings("candidateGroups"), candidateUsers: try task.strings("candidateUsers"),
                due: task.optionalText("due"), priority: task.optionalInteger("priority"),
                form: try task.items("form").map { field in
                    TaskDetail.Field(id: try field.text("id"), type: try field.text("type"), required: field.field("required") == .boolean(true), label: field.optionalText("label"))
                },
                variables: try task.object("variables"))
        }
    }

    func claim(_ id: String) throws -> String {
        try call { client in try client.json("POST", try Self.taskPath(id) + "/claim").optionalText("assignee") ?? "" }
    }

    func unclaim(_ id: String) throws {
        _ = try call { client in try client.send("POST", try Self.taskPath(id) + "/unclaim") }
    }

    func delegate(_ id: String, to user: String) throws {
        _ = try call { client in try client.json("POST", try Self.taskPath(id) + "/delegate", body: .context(FEELContext([("userId", .string(user))]))) }
    }

    func resolve(_ id: String, variables: FEELContext) throws {
        _ = try call { client in try client.json("POST", try Self.taskPath(id) + "/resolve", body: .context(FEELContext([("variables", .context(variables))]))) }
    }

    func complete(_ id: String, variables: FEELContext) throws -> (by: String, instanceStatus: String) {
        try call { client in
            let answer = try client.json("POST", try Self.taskPath(id) + "/complete", body: .context(FEELContext([("variables", .context(variables))])))
            return (try answer.text("completedBy"), try answer.text("instanceStatus"))
        }
    }

    /// `/v1/tasks/{instance}/{key}` for a task id (`INSTANCE/KEY`); an id that is not one
    /// is refused as the local mode refuses it.
    static func taskPath(_ id: String) throws(ServerClient.Failure) -> String {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .refused(status: 404, detail: "'\(id)' is not a task id; task ids are INSTANCE/KEY, as baton tasks lists them")
        }
        return "/v1/tasks/\(ServerClient.segment(String(parts[0])))/\(ServerClient.segment(String(parts[1])))"
    }
}

/// The user, role and token commands through the server's `/v1/users`, `/v1/roles` and
/// `/v1/tokens` (admins only).
extension RemoteBackend: DirectoryBackend {
    func addUser(_ name: String, displayName: String?, roles: [String], password: String?) throws {
        var body = FEELContext([("name", .string(name)), ("roles", .list(roles.map { .string($0) }))])
        if let displayName { body["displayName"] = .string(displayName) }
        if let password { body["password"] = .string(password) }
        let request = body
        _ = try call { client in try client.json("POST", "/v1/users", body: .context(request)) }
    }

    func users() throws -> [UserRow] {
        try call { client in try client.json("GET", "/v1/users").items().map(Self.user) }
    }

    func user(_ name: String) throws -> UserRow {
        try call { client in try Self.user(try client.json("GET", Self.userPath(name))) }
    }

    func removeUser(_ name: String) throws {
        _ = try call { client in try client.send("DELETE", Self.userPath(name)) }
    }

    func grant(_ role: String, to name: String) throws {
        _ = try call { client in try client.send("PUT", Self.userPath(name) + "/roles/\(ServerClient.segment(role))") }
    }

    func revoke(_ role: String, from name: String) throws {
        _ = try call { client in try client.send("DELETE", Self.userPath(name) + "/roles/\(ServerClient.segment(role))") }
    }

    func roles() throws -> [RoleRow] {
        try call { client in
            try client.json("GET", "/v1/roles").items().map { RoleRow(role: try $0.text("role"), users: try $0.strings("users")) }
        }
    }

    func createToken(for name: String, label: String?) throws -> String {
        var body = FEELContext()
        if let label { body["label"] = .string(label) }
        let request = body
        return try call { client in try client.json("POST", Self.userPath(name) + "/tokens", body: .context(request)).text("token") }
    }

    func tokens(of name: String) throws -> [TokenRow] {
        try call { client in
            try client.json("GET", Self.userPath(name) + "/tokens").items().map {
                TokenRow(id: try $0.text("id"), label: $0.optionalText("label"), createdAt: try $0.text("createdAt"))
            }
        }
    }

    func revokeToken(_ id: String) throws {
        _ = try call { client in try client.send("DELETE", "/v1/tokens/\(ServerClient.segment(id))") }
    }

    static func userPath(_ name: String) -> String { "/v1/users/\(ServerClient.segment(name))" }

    /// A user from its JSON (`GET /v1/users/{name}`).
    static func user(_ answer: FEELValue) throws -> UserRow {
        UserRow(
            name: try answer.text("name"), displayName: answer.optionalText("displayName"), roles: try answer.strings("roles"),
            hasPassword: answer.field("hasPassword") == .boolean(true), createdAt: try answer.text("createdAt"))
    }
}

extension FEELValue {
    /// A whole-number field that may be null or absent.
    func optionalInteger(_ name: String) -> Int? {
        guard case .number(let number)? = field(name) else { return nil }
        return Int(number.description)
    }
}
