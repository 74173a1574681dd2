import Foundation
import Testing

/// A database file with users `admin` (role admin) and `bob` (no role), an API token for
/// each, and `baton serve --port 0` running on it; commands run locally and remotely.
class RemoteTestBed {
    let folder: URL
    let server: ServeProcess
    let adminToken: String
    let staffToken: String
    var db: String { folder.appendingPathComponent("baton.sqlite").path }
    static let password = "correct horse battery"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-remote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("baton.sqlite").path
        let added = try Baton.run(["users", "add", "--db", db, "admin", "--role", "admin", "--password-stdin"], input: Self.password + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try Baton.run(["users", "add", "--db", db, "bob"]).status == 0)
        adminToken = try Self.token(for: "admin", db: db)
        staffToken = try Self.token(for: "bob", db: db)
        server = try ServeProcess(db: db, log: folder.appendingPathComponent("serve.log"))
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new API token of `user`.
    static func token(for user: String, db: String) throws -> String {
        try Baton.run(["tokens", "create", "--db", db, "--user", user]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `baton ARGS --server URL` with the admin's token (or `environment`).
    func remote(_ arguments: [String], environment: [String: String]? = nil) throws -> Baton.Result {
        try Baton.run(Self.options(["--server", server.address], in: arguments), environment: environment ?? ["BATON_TOKEN": adminToken])
    }

    /// `baton ARGS --db DB`.
    func local(_ arguments: [String]) throws -> Baton.Result { try Baton.run(Self.options(["--db", db], in: arguments)) }

    /// `arguments` with `options` added before a `--` (after which all is the worker's program).
    static func options(_ options: [String], in arguments: [String]) -> [String] {
        var all = arguments
        all.insert(contentsOf: options, at: arguments.firstIndex(of: "--") ?? arguments.endIndex)
        return all
    }

    /// Runs `arguments` on the database file and through the server; both must print the
    /// same and end the same.
    @discardableResult
    func same(_ arguments: String...) throws -> Baton.Result {
        let local = try local(arguments)
        let remote = try remote(arguments)
        #expect(remote.stdout == local.stdout, "baton \(arguments.joined(separator: " "))")
        #expect(remote.stderr == local.stderr, "baton \(arguments.joined(separator: " "))")
        #expect(remote.status == local.status, "baton \(arguments.joined(separator: " "))")
        return remote
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// `--server URL`: the database commands through a running `baton serve` print what they
/// print on the database file, and problems with the server or the credentials are clear.
@Suite(.serialized, .timeLimit(.minutes(3))) final class RemoteModeTests: RemoteTestBed {
    static let timerModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="urn:baton:test">
          <bpmn:process id="cooldown" name="Cool down" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    @Test func everyRemoteCommandPrintsWhatTheLocalOnePrints() throws {
        let model = LocalCommandTests.model, timers = try write(Self.timerModel, to: "cooldown.bpmn")
        #expect(try remote(["deploy", model]).stdout == "\(model): deployed orderApproval version 1\n")
        #expect(try remote(["deploy", model]).stdout == "\(model): unchanged (this text is deployed already)\n")
        #expect(try remote(["deploy", timers]).stdout == "\(timers): deployed cooldown version 1\n")
        #expect(try same("definitions").stdout.contains("cooldown       1        Cool down"))
        try same("definitions", "--json")
        let start = try remote(["start", "orderApproval", "--var", "amount=1200.50", "--var", #"customer="Ann""#, "--business-key", "ORD-1"])
        #expect(start.status == 0, "\(start.stderr)")
        let order = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let started = try remote(["start", "cooldown", "--json"]).stdout
        #expect(started.contains(#""status":"active","businessKey":null,"waitingAt":["wait"]"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any])
        let cooling = try #require(object["id"] as? String)
        #expect(try same("instances").stdout.contains("ORD-1"))
        try same("instances", "--json")
        try same("instances", "--state", "active")
        #expect(try same("instances", "--state", "completed").stdout == "no process instances\n")
        #expect(try same("instance", order).stdout.contains("user task approve (key 4) for sales-managers"))
        #expect(try same("instance", cooling).stdout.contains("timer wait due "))
        try same("instance", order, "--json")
        try same("instance", cooling, "--json")
        #expect(try same("history", order).stdout.contains("opened user task approve"))
        #expect(try remote(["cancel", order]).stdout == "\(order): cancelled\n")
        #expect(try same("instance", order).stdout.contains("status:    cancelled"))
        try same("history", order)
    }

    @Test func refusalsReadAsTheyDoLocally() throws {
        _ = try remote(["deploy", LocalCommandTests.model])
        #expect(try same("instance", "nope").stderr == "baton: error: no process instance 'nope'\n")
        try same("history", "nope")
        try same("cancel", "nope")
        #expect(try same("start", "orderAproval").stderr == "baton: error: no deployed process 'orderAproval' (did you mean 'orderApproval'?)\n")
        let invalid = try same("deploy", Baton.fixture("invalid/flow-missing-target.bpmn"))
        #expect(invalid.status == 1 && invalid.stderr.contains("not deployed: the model has errors"))
        let id = try remote(["start", "orderApproval"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try remote(["cancel", id])
        #expect(try same("cancel", id).status == 1)
        let notAdmin = try remote(["instances"], environment: ["BATON_TOKEN": staffToken])
        #expect(notAdmin.status == 1)
        #expect(notAdmin.stderr == "baton: error: bob is not an admin; this needs the admin role\n")
    }

    @Test func aBatchStartsRemotelyAsItDoesLocally() throws {
        let other = folder.appendingPathComponent("other.sqlite").path
        #expect(try Baton.run(["deploy", "--db", other, LocalCommandTests.model]).status == 0)
        _ = try remote(["deploy", LocalCommandTests.model])
        let file = try write("{\"amount\": 1200}\n\n{\"amount\": 12,\n{\"businessKey\": \"ORD-6\", \"variables\": 7}\n{\"amount\": 300}\n", to: "orders.jsonl")
        let local = try Baton.run(["start", "orderApproval", "--batch", file, "--db", other])
        let remote = try remote(["start", "orderApproval", "--batch", file])
        let timing = /in \d+\.\d s/
        #expect(remote.stdout.replacing(timing, with: "in … s") == local.stdout.replacing(timing, with: "in … s"))
        #expect(remote.stdout.hasPrefix("started 2 of 4 instances of orderApproval from \(file) in "))
        #expect(remote.status == 1 && local.status == 1)
        #expect(try same("instances", "--state", "active").stdout.split(separator: "\n").count == 3)
    }

    @Test func credentialsAndServerProblemsAreClearErrors() throws {
        let none = try remote(["definitions"], environment: [:])
        #expect(none.status == 2)
        #expect(none.stderr.contains("say who you are on \(server.address): an API token in $BATON_TOKEN, or --user NAME"))
        let wrong = try remote(["definitions", "--user", "admin"], environment: ["BATON_PASSWORD": "wrong horse"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr == "baton: error: the Baton server at \(server.address) refused the credentials (user admin and password): wrong user name or password\n")
        let right = try remote(["definitions", "--user", "admin"], environment: ["BATON_PASSWORD": Self.password])
        #expect(right.status == 0 && right.stdout == "no processes deployed (baton deploy FILE)\n")
        #expect(!(right.stdout + right.stderr + wrong.stdout + wrong.stderr).contains("horse"))
        let noTerminal = try remote(["definitions", "--user", "admin"], environment: [:])
        #expect(noTerminal.status == 2)
        #expect(noTerminal.stderr == "baton: error: no password for admin: set $BATON_PASSWORD, or run baton on a terminal to be asked\n")
        let byEnvironment = try Baton.run(["definitions"], environment: ["BATON_USER": "admin", "BATON_PASSWORD": Self.password, "BATON_SERVER": server.address])
        #expect(byEnvironment.status == 0 && byEnvironment.stdout == right.stdout)
        let down = try Baton.run(["definitions", "--server", "http://127.0.0.1:1"], environment: ["BATON_TOKEN": adminToken])
        #expect(down.status == 1)
        #expect(down.stderr == "baton: error: cannot reach the Baton server at http://127.0.0.1:1: connection refused\n")
        let fromEnvironment = try Baton.run(["definitions"], environment: ["BATON_TOKEN": adminToken, "BATON_SERVER": "http://127.0.0.1:1/"])
        #expect(fromEnvironment.stderr == down.stderr)
        #expect(try Baton.run(["definitions", "--db", db], environment: ["BATON_SERVER": "http://127.0.0.1:1"]).status == 0)
        let notURL = try Baton.run(["definitions", "--server", "ftp://example.org"])
        #expect(notURL.status == 2 && notURL.stderr.contains("--server must be an http:// or https:// URL like http://127.0.0.1:8080, not 'ftp://example.org'."))
        let both = try remote(["definitions", "--db", db])
        #expect(both.status == 2 && both.stderr.contains("Give --db (work on a database file) or --server (work through a Baton server), not both."))
    }

    @Test func commandsWithoutRemoteSupportSaySo() throws {
        let jobs = try remote(["jobs", "run"])
        #expect(jobs.status == 2 && jobs.stderr.contains("baton jobs run works on the database file only, not through a server"))
        let cleanup = try remote(["history", "cleanup", "--older-than", "P1D"])
        #expect(cleanup.status == 2 && cleanup.stderr.contains("baton history cleanup works on the database file only"))
        let token = try Baton.run(["tokens", "create", "--db", db])
        #expect(token.status == 2 && token.stderr.contains("Name the user the token acts as: --user NAME."))
    }
}

/// `baton serve --port 0` as a subprocess, on a database file; its address is read from
/// its log.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let address: String

    init(db: String, log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = Baton.executable
        process.arguments = ["serve", "--db", db, "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BATON_") }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var port: Substring?
        while port == nil, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            port = text.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/)?.1
        }
        guard let port else {
            process.terminate()
            throw ServeFailed(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        address = "http://127.0.0.1:\(port)"
    }

    /// SIGTERM, and waits for the server to drain and exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The server did not start; its log says why.
    struct ServeFailed: Error, CustomStringConvertible {
        var log: String
        var description: String { "baton serve did not start:\n\(log)" }
    }
}
