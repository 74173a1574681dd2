import Foundation
import Testing

/// The local-mode commands against a fresh database file: deploy, start, inspect,
/// correlate, timers, incidents, cancel, and clear errors for bad ids and variables.
@Suite(.timeLimit(.minutes(1))) final class LocalCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }
    static let model = Baton.fixture("run/order-approval.bpmn")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs `baton` with `--db` after the (sub)command's name.
    func baton(_ arguments: String...) throws -> Baton.Result {
        var all = arguments
        let hasSubcommand = arguments.first == "jobs" || (arguments.first == "history" && arguments.dropFirst().first == "cleanup")
        all.insert(contentsOf: ["--db", db], at: hasSubcommand ? 2 : 1)
        return try Baton.run(all)
    }

    @Test func deployStartAndInspectAnInstance() throws {
        #expect(try baton("deploy", Self.model).stdout == "\(Self.model): deployed orderApproval version 1\n")
        #expect(try baton("deploy", Self.model).stdout == "\(Self.model): unchanged (this text is deployed already)\n")
        #expect(try baton("definitions").stdout.contains("orderApproval  1"))
        let start = try baton("start", "orderApproval", "--var", "amount=1200.50", "--var", #"customer="Ann""#, "--business-key", "ORD-1")
        #expect(start.status == 0, "\(start.stderr)")
        let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try baton("instance", id, "--json")
        #expect(shown.stdout.contains(#""status":"active""#))
        #expect(shown.stdout.contains(#""waitingAt":["approve"]"#))
        #expect(shown.stdout.contains(#""variables":{"amount":1200.5,"customer":"Ann"}"#))
        let listed = try baton("instances", "--state", "active")
        #expect(listed.stdout.contains(id) && listed.stdout.contains("ORD-1"))
        #expect(try baton("instances", "--state", "completed").stdout == "no process instances\n")
        let history = try baton("history", id)
        #expect(history.stdout.contains("started orderApproval version 1"))
        #expect(history.stdout.contains("opened user task approve"))
        let noSuchKey = try baton("retry", id, "99")
        #expect(noSuchKey.status == 1)
        #expect(noSuchKey.stderr == "baton: error: process instance '\(id)' has no incident or job 99 (incidents: none; jobs: none)\n")
        #expect(try baton("cancel", id).stdout == "\(id): cancelled\n")
        #expect(try baton("instance", id).stdout.contains("status:    cancelled"))
    }

    @Test func badIdsAndVariablesAreClearErrors() throws {
        _ = try baton("deploy", Self.model)
        let unknownProcess = try baton("start", "orderAproval")
        #expect(unknownProcess.status == 1)
        #expect(unknownProcess.stderr == "baton: error: no deployed process 'orderAproval' (did you mean 'orderApproval'?)\n")
        let unknownInstance = try baton("instance", "nope")
        #expect(unknownInstance.status == 1)
        #expect(unknownInstance.stderr == "baton: error: no process instance 'nope'\n")
        let badVariable = try baton("start", "orderApproval", "--var", "name=Ann")
        #expect(badVariable.status == 2)
        #expect(badVariable.stderr.contains("--var name: 'Ann' is not a value (unknown variable 'Ann'); quote text as '\"Ann\"'."))
        let dateAsArithmetic = try baton("start", "orderApproval", "--var", "due=2026-12-14")
        #expect(dateAsArithmetic.status == 2)
        #expect(dateAsArithmetic.stderr.contains(#"--var due: '2026-12-14' reads as arithmetic (2000), not a date; write the date as '@"2026-12-14"' or as text '"2026-12-14"'."#))
        #expect(try baton("start", "orderApproval", "--var", "sum=2026-12", "--var", #"due=@"2026-12-14""#).status == 0, "arithmetic that is no date, and a date literal, are fine")
        let badJSON = try baton("start", "orderApproval", "--vars", "[1]")
        #expect(badJSON.status == 2)
        #expect(badJSON.stderr.contains("--vars must be a JSON object"))
        let badState = try baton("instances", "--state", "done")
        #expect(badState.status == 2)
        #expect(badState.stderr.contains("--state must be one of active, completed, cancelled, incident, not 'done'."))
        let noMessage = try baton("correlate", "paymentReceived", "--business-key", "X")
        #expect(noMessage.status == 1)
        #expect(noMessage.stderr == "baton: error: no process instance waits for message 'paymentReceived' for business key 'X'\n")
    }

    @Test func correlateKeepsAMessageForItsTimeToLiveAndIgnoresARepeatedId() throws {
        _ = try baton("deploy", Self.model)
        let kept = try baton("correlate", "paymentReceived", "--business-key", "X", "--message-id", "pay-1", "--ttl", "PT1H")
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.hasPrefix("no instance waits for message paymentReceived yet; kept until "))
        let repeated = try baton("correlate", "paymentReceived", "--business-key", "X", "--message-id", "pay-1")
        #expect(repeated.status == 0 && repeated.stdout == "message id pay-1: processed before; ignored\n")
        let badTTL = try baton("correlate", "paymentReceived", "--business-key", "X", "--ttl", "soon")
        #expect(badTTL.status == 2 && badTTL.stderr.contains("--ttl must be an ISO 8601 duration of days or less, like PT1H, not 'soon'."))
        #expect(try baton("correlate", "paymentReceived", "--business-key", "X", "--message-id", "").status == 2)
    }

    @Test func anInvalidModelIsNotDeployed() throws {
        let result = try baton("deploy", Baton.fixture("invalid/flow-missing-target.bpmn"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("not deployed: the model has errors"))
        #expect(try baton("definitions").stdout.hasPrefix("no processes deployed"))
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        try Data("not a database at all, but long enough to be read as a header by SQLite".utf8).write(to: URL(fileURLWithPath: db))
        let result = try baton("instances")
        #expect(result.status == 1)
        #expect(result.stderr == "baton: error: \(db): not a Baton database (the file is not SQLite, or is damaged)\n")
    }

    @Test func jobsRunFiresNothingBeforeTimersAreDueAndCleanupNeedsADuration() throws {
        _ = try baton("deploy", Self.model)
        #expect(try baton("jobs", "run").stdout == "0 due timers fired\n")
        let bad = try baton("history", "cleanup", "--older-than", "90 days")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--older-than must be an ISO 8601 duration"))
        #expect(try baton("history", "cleanup", "--older-than", "P90D").status == 0)
    }
}

/// `baton users`, `roles`, `tokens` against a fresh database.
@Suite(.timeLimit(.minutes(1))) final class UserCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-users-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func baton(_ arguments: String...) throws -> Baton.Result {
        var all = arguments
        all.insert(contentsOf: ["--db", db], at: min(2, all.count))
        return try Baton.run(all)
    }

    @Test func usersRolesAndTokens() throws {
        #expect(try baton("users", "add", "alice", "--name", "Alice Ng", "--role", "sales", "--role", "sales-managers").stdout == "user alice added with sales, sales-managers\n")
        #expect(try baton("users", "add", "ci-bot").status == 0)
        #expect(try baton("users", "grant", "alice", "finance").stdout == "alice has role finance\n")
        #expect(try baton("users", "revoke", "alice", "sales").stdout == "alice no longer has role sales\n")
        let list = try baton("users", "list").stdout
        #expect(list.contains("alice   Alice Ng  finance, sales-managers"))
        #expect(try baton("users", "show", "alice").stdout.contains("password: none (tokens only)"))
        #expect(try baton("roles", "list").stdout.contains("finance         alice"))
        let token = try baton("tokens", "create", "--user", "ci-bot", "--label", "pipeline")
        #expect(token.status == 0 && token.stdout.hasPrefix("baton_"))
        #expect(try baton("users", "remove", "ci-bot").stdout == "user ci-bot removed\n")
    }

    @Test func mistakesAreClearErrors() throws {
        _ = try baton("users", "add", "alice")
        let duplicate = try baton("users", "add", "alice")
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr == "baton: error: a user named 'alice' exists already\n")
        let unknown = try baton("users", "show", "alcie")
        #expect(unknown.stderr == "baton: error: no user 'alcie' (did you mean 'alice'?)\n")
        let badRole = try baton("users", "grant", "alice", "Sales Team")
        #expect(badRole.stderr == "baton: error: 'Sales Team' is not a valid role: use lowercase letters, digits, '.', '_' and '-' (at most 64)\n")
        let noUser = try baton("tokens", "create", "--user", "nobody")
        #expect(noUser.status == 1)
    }

    @Test func aPasswordIsReadFromStandardInputAndNeverShown() throws {
        let process = Process()
        process.executableURL = Baton.executable
        process.arguments = ["users", "add", "--db", db, "bob", "--password-stdin"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("correct horse battery\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(!printed.contains("correct horse"))
        #expect(try baton("users", "show", "bob").stdout.contains("password: set"))
    }
}

/// The inbox and the task lifecycle from the command line.
@Suite(.timeLimit(.minutes(1))) final class TaskCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func baton(_ arguments: String...) throws -> Baton.Result {
        var all = arguments
        all.insert(contentsOf: ["--db", db], at: arguments.first == "users" ? 2 : 1)
        return try Baton.run(all)
    }

    @Test func claimAndCompleteFromTheInboxWithClearDenials() throws {
        _ = try baton("deploy", Baton.fixture("inbox/approve-quote.bpmn"))
        _ = try baton("users", "add", "mia", "--role", "sales-managers")
        _ = try baton("users", "add", "alice", "--role", "sales")
        _ = try baton("start", "quote", "--var", "amount=1200")
        let inbox = try baton("tasks", "--user", "mia", "--json")
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(inbox.stdout.utf8)) as? [[String: Any]])
        #expect(tasks.count == 1)
        let id = try #require(tasks.first?["id"] as? String)
        #expect(tasks.first?["due"] as? String == "2026-12-01T12:00:00Z")
        #expect(try baton("tasks", "--user", "alice").stdout == "no tasks\n")
        let denied = try baton("claim", id, "--user", "alice")
        #expect(denied.status == 1)
        #expect(denied.stderr == "baton: error: task 'approveQuote' is offered to sales-managers; alice has sales\n")
        #expect(try baton("claim", id, "--user", "mia").stdout == "\(id): claimed by mia\n")
        let incomplete = try baton("complete", id, "--user", "mia")
        #expect(incomplete.stderr == "baton: error: user task 'approveQuote' needs the required form field 'approved'\n")
        #expect(try baton("complete", id, "--user", "mia", "--var", "approved=true").stdout == "\(id): completed by mia; instance completed\n")
        let again = try baton("complete", id, "--user", "mia", "--var", "approved=true")
        #expect(again.stderr == "baton: error: task '\(id)' was completed already by mia\n")
        let nobody = try baton("tasks")
        #expect(nobody.status == 2)
        #expect(nobody.stderr.contains("say who acts: --user NAME or $BATON_USER"))
        let everything = try baton("tasks", "--user", "alice", "--all")
        #expect(everything.status == 1 && everything.stderr == "baton: error: only an admin may list every task; alice is not one\n")
    }

    @Test func starterGroupsAreCheckedForTheUserWhoStarts() throws {
        _ = try baton("deploy", Baton.fixture("inbox/discount-starter-groups.bpmn"))
        _ = try baton("users", "add", "carl")
        _ = try baton("users", "add", "bob", "--role", "sales")
        let refused = try baton("start", "discount", "--user", "carl")
        #expect(refused.status == 1)
        #expect(refused.stderr == "baton: error: process 'discount' may be started by sales, sales-managers (baton:starterGroups) and admins; carl has no roles\n")
        #expect(try baton("start", "discount", "--user", "bob").status == 0)
        #expect(try baton("start", "discount").status == 0, "without --user: the local administrator, unchecked")
        let lines = folder.appendingPathComponent("lines.jsonl")
        try "{\"a\": 1}\n".write(to: lines, atomically: true, encoding: .utf8)
        #expect(try baton("start", "discount", "--batch", lines.path, "--user", "carl").status == 1)
        #expect(try baton("start", "discount", "--user", "nobody").stderr == "baton: error: no user 'nobody'\n")
        #expect(try baton("instances").stdout.split(separator: "\n").count == 3, "a header and the two allowed starts")
    }

    @Test func tokensAreListedByIdAndRevoked() throws {
        _ = try baton("users", "add", "ci-bot")
        let token = try Baton.run(["tokens", "create", "--db", db, "--user", "ci-bot", "--label", "pipeline"]).stdout
        let listed = try Baton.run(["tokens", "list", "--db", db, "--user", "ci-bot"]).stdout
        #expect(listed.contains("pipeline") && !listed.contains(token.trimmingCharacters(in: .whitespacesAndNewlines)))
        let id = try #require(listed.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(id.count == 16)
        #expect(try Baton.run(["tokens", "revoke", "--db", db, id]).stdout == "token \(id) revoked\n")
        #expect(try Baton.run(["tokens", "list", "--db", db, "--user", "ci-bot"]).stdout == "no tokens for ci-bot\n")
        #expect(try Baton.run(["tokens", "revoke", "--db", db, id]).status == 1)
    }
}

/// `baton jobs run --connectors`: service tasks done by a command connector.
@Suite(.timeLimit(.minutes(1))) final class ConnectorCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-conn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func jobsRunCallsTheBoundProgram() throws {
        let script = folder.appendingPathComponent("erp.sh").path
        try Data("#!/bin/sh\ncat > /dev/null\necho '{\"salesOrderId\": \"SO-9\"}'\n".utf8).write(to: URL(fileURLWithPath: script))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let bindings = folder.appendingPathComponent("connectors.xml").path
        try Data(#"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><command program="\#(script)"/></connector></connectors>"#.utf8)
            .write(to: URL(fileURLWithPath: bindings))
        _ = try Baton.run(["deploy", "--db", db, Baton.fixture("connectors/order-erp.bpmn")])
        let id = try Baton.run(["start", "--db", db, "orderErp"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try Baton.run(["jobs", "run", "--db", db, "--connectors", bindings])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 job(s) completed"))
        #expect(try Baton.run(["instance", "--db", db, id, "--json"]).stdout.contains(#""status":"completed""#))
        let broken = folder.appendingPathComponent("broken.xml").path
        try Data(#"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"/></connectors>"#.utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try Baton.run(["jobs", "run", "--db", db, "--connectors", broken])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("broken.xml:1:44: error: connector 'erp' needs exactly one transport"))
    }
}
