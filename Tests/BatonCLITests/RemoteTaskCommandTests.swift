import Foundation
import Testing

/// `--server URL` for the task, user, role and token commands: each prints what it prints
/// on the database file, refusals included. Locally `--user` names who acts; through the
/// server the user who logs in acts (`--user` with a password, or a token).
@Suite(.serialized, .timeLimit(.minutes(3))) final class RemoteTaskCommandTests {
    let folder: URL
    let server: ServeProcess
    /// An API token per user: admin, mia (sales-managers), alice (sales), carl (no roles).
    var tokens: [String: String] = [:]
    var db: String { folder.appendingPathComponent("baton.sqlite").path }
    static let password = "correct horse battery"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-remote-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("baton.sqlite").path
        for (user, roles) in [("admin", ["admin"]), ("mia", ["sales-managers"]), ("alice", ["sales"]), ("carl", [])] {
            let added = try Baton.run(["users", "add", "--db", db, user, "--password-stdin"] + roles.flatMap { ["--role", $0] }, input: Self.password + "\n")
            #expect(added.status == 0, "\(added.stderr)")
            tokens[user] = try Baton.run(["tokens", "create", "--db", db, "--user", user]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try Baton.run(["deploy", "--db", db, Baton.fixture("inbox/review-and-chase.bpmn")]).status == 0)
        server = try ServeProcess(db: db, log: folder.appendingPathComponent("serve.log"))
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `baton ARGS --db DB --user USER`: on the database file, as `user`.
    func local(_ user: String, _ arguments: [String]) throws -> Baton.Result {
        try Baton.run(arguments + ["--db", db, "--user", user])
    }

    /// `baton ARGS --server URL` logged in as `user`: with their token, or with `--user`
    /// and the password (`byPassword`), the same arguments as locally.
    func remote(_ user: String, _ arguments: [String], byPassword: Bool = false) throws -> Baton.Result {
        if byPassword { return try Baton.run(arguments + ["--server", server.address, "--user", user], environment: ["BATON_PASSWORD": Self.password]) }
        return try Baton.run(arguments + ["--server", server.address], environment: ["BATON_TOKEN": tokens[user] ?? ""])
    }

    /// Both print the same and end the same, once `replacing` is undone in the remote one.
    func expectSame(_ local: Baton.Result, _ remote: Baton.Result, replacing: (remote: String, local: String)? = nil, _ what: String) {
        let undo = { (text: String) in replacing.map { text.replacingOccurrences(of: $0.remote, with: $0.local) } ?? text }
        #expect(undo(remote.stdout) == local.stdout, "\(what)")
        #expect(undo(remote.stderr) == local.stderr, "\(what)")
        #expect(remote.status == local.status, "\(what)")
    }

    /// `arguments` as `user` locally and remotely, on the same data.
    @discardableResult
    func same(_ user: String, _ arguments: String..., byPassword: Bool = false) throws -> Baton.Result {
        try same(user, arguments: arguments, byPassword: byPassword)
    }

    @discardableResult
    func same(_ user: String, arguments: [String], byPassword: Bool = false) throws -> Baton.Result {
        let remote = try remote(user, arguments, byPassword: byPassword)
        expectSame(try local(user, arguments), remote, "baton \(arguments.joined(separator: " ")) as \(user)")
        return remote
    }

    /// Starts an instance of `process` (on the file); its id.
    func start(_ process: String, _ options: String...) throws -> String {
        let started = try Baton.run(["start", process, "--db", db] + options)
        #expect(started.status == 0, "\(started.stderr)")
        return started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theInboxAndATaskReadTheSame() throws {
        let first = try start("review", "--business-key", "ORD-1", "--var", "amount=50")
        _ = try start("review", "--business-key", "ORD-2", "--var", "amount=5")
        _ = try start("late")
        let table = try same("mia", "tasks")
        #expect(table.stdout.contains("\(first)/4  Check the order  review   "))
        #expect(table.stdout.contains("2020-01-01T09:00:00Z (overdue)"))
        #expect(try same("mia", "tasks", "--json").stdout.contains(#""due":"2026-12-01T00:00:00Z","overdue":false,"priority":7"#))
        try same("mia", "tasks", byPassword: true)
        for filter in [
            ["--sort", "priority"], ["--sort", "created"], ["--process", "late"], ["--business-key", "ORD-2"], ["--overdue"], ["--due-before", "2026-06-01"],
            ["--where", "amount > 10"], ["--unassigned"], ["--assigned"], ["--role", "sales-managers"], ["--role", "sales"], ["--limit", "1", "--offset", "1"],
        ] {
            try same("mia", arguments: ["tasks"] + filter)
        }
        #expect(try same("alice", "tasks").stdout.split(separator: "\n").count == 3, "a header and the two review tasks offered to alice by name")
        #expect(try same("carl", "tasks").stdout == "no tasks\n")
        #expect(try same("admin", "tasks", "--all", "--json").stdout.contains("late"))
        #expect(try same("alice", "tasks", "--all").stderr == "baton: error: only an admin may list every task; alice is not one\n")
        #expect(try same("mia", "tasks", "--where", "amount >").stderr.hasPrefix("baton: error: --where 'amount >' is not a FEEL condition: "))
        let shown = try same("mia", "task", "show", "\(first)/4")
        #expect(shown.stdout.contains("due:       2026-12-01T00:00:00Z\npriority:  7\n"))
        #expect(shown.stdout.contains("field:     approved (boolean) required — Approved?\nfield:     amount (number)\nfield:     note (string)\n"))
        #expect(shown.stdout.contains(#"variables: {"amount":50}"#))
        try same("admin", "task", "show", "\(first)/4", byPassword: true)
        #expect(try same("mia", "task", "show", "\(first)/99").stderr == "baton: error: task '\(first)/99' is not open (it was completed or cancelled, or never existed)\n")
        #expect(try same("mia", "task", "show", "nope/4").stderr == "baton: error: no process instance 'nope'\n")
        #expect(try same("mia", "task", "show", "nope").stderr == "baton: error: 'nope' is not a task id; task ids are INSTANCE/KEY, as baton tasks lists them\n")
    }

    @Test func theTaskLifecycleReadsTheSame() throws {
        // The same steps on two instances with the same data: on the file for one, through
        // the server for the other.
        let here = try start("review", "--var", "amount=50"), there = try start("review", "--var", "amount=50")
        @discardableResult
        func both(_ user: String, _ arguments: String..., byPassword: Bool = false) throws -> Baton.Result {
            let local = try local(user, arguments.map { $0.replacingOccurrences(of: "TASK", with: "\(here)/4") })
            let remote = try remote(user, arguments.map { $0.replacingOccurrences(of: "TASK", with: "\(there)/4") }, byPassword: byPassword)
            expectSame(local, remote, replacing: (there, here), "baton \(arguments.joined(separator: " ")) as \(user)")
            return local
        }
        #expect(try both("carl", "claim", "TASK").stderr == "baton: error: task 'check' is offered to sales-managers, alice; carl has no roles\n")
        #expect(try both("alice", "claim", "TASK").stdout == "\(here)/4: claimed by alice\n")
        #expect(try both("mia", "claim", "TASK").status == 1)
        try both("mia", "unclaim", "TASK")
        #expect(try both("alice", "unclaim", "TASK", byPassword: true).stdout == "\(here)/4: unclaimed\n")
        try both("mia", "claim", "TASK", byPassword: true)
        #expect(try both("mia", "delegate", "TASK", "--to", "alice").stdout == "\(here)/4: delegated to alice\n")
        #expect(try both("mia", "task", "show", "TASK").stdout.contains("assignee:  alice (delegated by mia)\n"))
        try both("mia", "resolve", "TASK")
        #expect(try both("alice", "resolve", "TASK", "--var", #"note="checked""#).stdout == "\(here)/4: resolved\n")
        #expect(try both("mia", "task", "show", "TASK").stdout.contains(#""note":"checked""#), "resolved variables go to the instance")
        let missing = try both("mia", "complete", "TASK")
        #expect(missing.stderr == "baton: error: user task 'check' needs the required form field 'approved'\n")
        #expect(try both("mia", "complete", "TASK", "--var", "approved=true", "--var", "amount=500").stderr.hasSuffix("amount: must be at most 100\n"))
        #expect(try both("alice", "complete", "TASK", "--var", "approved=true").status == 1)
        let done = try both("mia", "complete", "TASK", "--vars", #"{"approved": true, "amount": 5}"#)
        #expect(done.stdout == "\(here)/4: completed by mia; instance completed\n")
        #expect(try both("mia", "complete", "TASK", "--var", "approved=true").stderr == "baton: error: task '\(here)/4' was completed already by mia\n")
        #expect(try both("mia", "claim", "TASK").status == 1)
        #expect(try same("admin", "instance", here, "--json").stdout.contains(#""note":"checked""#))
    }

    @Test func usersRolesAndTokensReadTheSame() throws {
        try same("admin", "users", "list")
        #expect(try same("admin", "users", "show", "mia").stdout.contains("roles:    sales-managers\npassword: set\n"))
        #expect(try same("admin", "roles", "list").stdout.contains("sales-managers  mia"))
        // Changes: `dora` on the file, `erin` through the server.
        @discardableResult
        func both(_ arguments: String..., input: String = "") throws -> Baton.Result {
            let local = try Baton.run(arguments.map { $0.replacingOccurrences(of: "NAME", with: "dora") } + ["--db", db], input: input)
            let remote = try Baton.run(
                arguments.map { $0.replacingOccurrences(of: "NAME", with: "erin") } + ["--server", server.address], environment: ["BATON_TOKEN": tokens["admin"] ?? ""],
                input: input)
            expectSame(local, remote, replacing: ("erin", "dora"), "baton \(arguments.joined(separator: " "))")
            return local
        }
        #expect(try both("users", "add", "NAME", "--name", "Dora Erin", "--role", "sales", "--role", "finance", "--password-stdin", input: "erin's secret\n").stdout
            == "user dora added with sales, finance\n")
        #expect(try both("users", "add", "NAME").stderr.contains("dora"))
        #expect(try both("users", "grant", "NAME", "audit").stdout == "dora has role audit\n")
        #expect(try both("users", "revoke", "NAME", "sales").stdout == "dora no longer has role sales\n")
        #expect(try both("users", "revoke", "NAME", "sales").status == 1)
        #expect(try both("users", "grant", "NAME", "Sales Team").status == 1)
        let erin = try same("admin", "users", "show", "erin")
        #expect(erin.stdout.contains("name:     Dora Erin\nroles:    audit, finance\npassword: set\n"))
        let login = try Baton.run(["tasks", "--server", server.address, "--user", "erin"], environment: ["BATON_PASSWORD": "erin's secret"])
        #expect(login.status == 0 && login.stdout == "no tasks\n", "the password went to the server")
        let log = try String(contentsOf: folder.appendingPathComponent("serve.log"), encoding: .utf8)
        #expect(!log.contains("erin's secret"))
        try same("admin", "users", "list")
        try same("admin", "roles", "list")
        #expect(try both("users", "remove", "NAME").stdout == "user dora removed\n")
        #expect(try both("users", "remove", "NAME").stderr == "baton: error: no user 'dora'\n")
        try same("admin", "users", "show", "nobody")

        // Tokens: --user names whose tokens, in both modes; the login is $BATON_TOKEN.
        let created = try remote("admin", ["tokens", "create", "--user", "carl", "--label", "pipeline"])
        #expect(created.status == 0 && created.stdout.hasPrefix("baton_"))
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Baton.run(["tasks", "--server", server.address], environment: ["BATON_TOKEN": token]).stdout == "no tasks\n")
        let listed = try remote("admin", ["tokens", "list", "--user", "carl"])
        #expect(listed.stdout == (try Baton.run(["tokens", "list", "--db", db, "--user", "carl"])).stdout)
        #expect(listed.stdout.contains("pipeline"))
        let id = try #require(listed.stdout.split(separator: "\n").first { $0.contains("pipeline") }?.split(separator: " ").first.map(String.init))
        #expect(try remote("admin", ["tokens", "revoke", id]).stdout == "token \(id) revoked\n")
        let local = try Baton.run(["tokens", "revoke", id, "--db", db])
        expectSame(local, try remote("admin", ["tokens", "revoke", id]), "baton tokens revoke \(id) again")
        #expect(local.status == 1)
        expectSame(
            try Baton.run(["tokens", "list", "--db", db, "--user", "nobody"]), try remote("admin", ["tokens", "list", "--user", "nobody"]), "tokens of nobody")
        expectSame(
            try Baton.run(["tokens", "create", "--db", db, "--user", "nobody"]), try remote("admin", ["tokens", "create", "--user", "nobody"]), "a token for nobody")
    }

    @Test func directoryCommandsAreForAdminsThroughTheServer() throws {
        for arguments in [["users", "list"], ["users", "show", "mia"], ["roles", "list"], ["users", "add", "zed"], ["tokens", "list", "--user", "mia"]] {
            let refused = try remote("mia", arguments)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr == "baton: error: mia is not an admin; this needs the admin role\n", "\(arguments)")
        }
        let byPassword = try remote("mia", ["users", "list"], byPassword: true)
        #expect(byPassword.stderr == "baton: error: mia is not an admin; this needs the admin role\n")
    }
}
