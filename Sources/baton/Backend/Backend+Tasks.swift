import ArgumentParser
import BatonFEEL

/// What the task commands do for the acting user: on the database file
/// (``LocalTaskBackend``: the user `--user` or `$BATON_USER` names, no password) or
/// through a Baton server (``RemoteBackend``: the user who logged in, with `--user` and
/// a password or the token in `$BATON_TOKEN`). Who may do what is the engine's rule in
/// both modes, so a refusal reads the same.
///
/// A failure is printed (`baton: error: ...`) and thrown as an `ExitCode`.
protocol TaskBackend {
    /// The acting user's inbox (every open task with `filter.everything`, for admins).
    func inbox(_ filter: TaskFilter) throws -> [TaskRow]
    /// One open task, with its form and the variables it sees (sensitive ones masked).
    func task(_ id: String) throws -> TaskDetail
    /// Claims the task for the acting user; who has it now.
    func claim(_ id: String) throws -> String
    func unclaim(_ id: String) throws
    func delegate(_ id: String, to user: String) throws
    func resolve(_ id: String, variables: FEELContext) throws
    /// Completes the task; who completed it and the instance's status after.
    func complete(_ id: String, variables: FEELContext) throws -> (by: String, instanceStatus: String)
}

/// What the user, role and token commands do: on the database file
/// (``LocalDirectoryBackend``) or through a server (``RemoteBackend``, admins only).
protocol DirectoryBackend {
    /// Adds a user; the password (if any) goes to the server in the request body only.
    func addUser(_ name: String, displayName: String?, roles: [String], password: String?) throws
    func users() throws -> [UserRow]
    func user(_ name: String) throws -> UserRow
    /// Removes a user and their tokens.
    func removeUser(_ name: String) throws
    func grant(_ role: String, to name: String) throws
    func revoke(_ role: String, from name: String) throws
    /// Every role someone has, and `admin`, with its users.
    func roles() throws -> [RoleRow]
    /// A new API token for `name`: its text, shown once.
    func createToken(for name: String, label: String?) throws -> String
    func tokens(of name: String) throws -> [TokenRow]
    func revokeToken(_ id: String) throws
}

/// `baton tasks` options: which tasks of the inbox, in which order, which page.
struct TaskFilter {
    var roles: [String] = []
    var assignedOnly = false, unassignedOnly = false
    /// Every open task, whoever it is for (admins).
    var everything = false
    var processKey: String?, businessKey: String?
    /// An ISO 8601 date or date-time, checked already.
    var dueBefore: String?
    var overdue = false
    /// A FEEL condition on the process variables.
    var condition: String?
    /// `due`, `priority` or `created`.
    var sort = "due"
    var limit = 50, offset = 0
}

/// A line of `baton tasks`.
struct TaskRow: Equatable {
    var id: String, element: String, name: String?, process: String, assignee: String?
    /// When it is due (an instant), and whether that has passed.
    var due: String?, overdue: Bool
    var priority: Int?
}

/// A task as `baton task show` shows it.
struct TaskDetail {
    /// A field of the task's form (`type` is `string` when the model gives none).
    struct Field {
        var id: String, type: String, required: Bool, label: String?
    }

    var id: String, element: String, name: String?
    var process: String, version: Int, instance: String
    var assignee: String?
    /// Who delegated it, while it is delegated.
    var owner: String?
    var candidateGroups: [String], candidateUsers: [String]
    /// The due date as an instant when it reads as one, else as the model gives it; the
    /// priority when it is a whole number (as the inbox sorts by them).
    var due: String?, priority: Int?
    var form: [Field]
    /// The task's input mappings when it has any, else every variable in scope.
    var variables: FEELContext
}

/// A user without secrets.
struct UserRow: Equatable {
    var name: String, displayName: String?
    /// Sorted.
    var roles: [String]
    var hasPassword: Bool, createdAt: String
}

/// A role and who has it.
struct RoleRow: Equatable {
    var role: String, users: [String]
}

/// An API token without its text.
struct TokenRow: Equatable {
    var id: String, label: String?, createdAt: String
}

extension DatabaseOptions {
    /// Where the task commands work: the database file, for the user `--user` or
    /// `$BATON_USER` names (asked for only by the commands that act), or the server, for
    /// the user who logs in.
    func taskBackend() throws -> any TaskBackend {
        guard serverAddress != nil else { return LocalTaskBackend(service: try openTaskService(), options: self) }
        return try remoteBackend()
    }

    /// Where the user, role and token commands work: the database file, or the server
    /// (logging in as ``backend()`` does, unless `logInAsUser` is false: then `--user`
    /// names whom the command is about and the login is `$BATON_TOKEN` or `$BATON_USER`).
    func directoryBackend(logInAsUser: Bool = true) throws -> any DirectoryBackend {
        guard serverAddress != nil else { return LocalDirectoryBackend(directory: try openDirectory()) }
        var login = self
        if !logInAsUser { login.user = nil }
        return try login.remoteBackend()
    }

    /// ``backend()`` through the server.
    private func remoteBackend() throws -> RemoteBackend {
        guard let remote = try backend() as? RemoteBackend else { throw ValidationError("\(serverAddress ?? "--server") is not a Baton server address") }
        return remote
    }
}
