import Foundation
import Testing

/// `correlate`, `signal`, `incidents`, `retry` and `worker` through a running `baton
/// serve`: each step is done on one instance on the database file and on its twin through
/// the server, and both must print the same (but for the instance id).
@Suite(.serialized, .timeLimit(.minutes(3))) final class RemoteEventCommandTests: RemoteTestBed {
    /// A service task for external workers (topic `invoices`, two attempts an hour
    /// apart, error `REFUSED` caught), a receive task keyed by `orderId`, a signal catch
    /// event.
    static let model = Baton.fixture("connectors/remote-events.bpmn")

    override init() throws {
        try super.init()
        let deployed = try remote(["deploy", Self.model])
        #expect(deployed.status == 0, "\(deployed.stderr)")
    }

    /// Starts `process` (on the database file) and returns the instance id.
    func start(_ process: String, _ arguments: String...) throws -> String {
        let started = try local(["start", process] + arguments)
        #expect(started.status == 0, "\(started.stderr)")
        return started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `arguments(local)` on the database file and `arguments(remote)` through the
    /// server; both must print the same once the instance ids are swapped.
    @discardableResult
    func twins(_ local: String, _ remote: String, _ arguments: (String) -> [String]) throws -> Baton.Result {
        let onFile = try self.local(arguments(local)), onServer = try self.remote(arguments(remote))
        let call = "baton \(arguments(remote).joined(separator: " "))"
        #expect(onServer.stdout == onFile.stdout.replacing(local, with: remote), "\(call)")
        #expect(onServer.stderr == onFile.stderr.replacing(local, with: remote), "\(call)")
        #expect(onServer.status == onFile.status, "\(call)")
        return onServer
    }

    func status(_ id: String) throws -> String {
        let shown = try local(["instance", id, "--json"]).stdout
        return shown.firstMatch(of: /"status":"(\w+)"/).map { String($0.1) } ?? shown
    }

    func script(_ name: String, _ body: String) throws -> String {
        let path = try write("#!/bin/sh\n\(body)\n", to: name)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func correlateAndSignalPrintWhatTheyPrintLocally() throws {
        let first = try start("pay", "--var", #"orderId="O-1""#), second = try start("pay", "--var", #"orderId="O-2""#)
        let delivered = try twins(first, second) { id in ["correlate", "paymentReceived", "--correlation-key", id == first ? "O-1" : "O-2", "--var", "paid=true"] }
        #expect(delivered.stdout == "\(second): message paymentReceived delivered\n")
        #expect(try status(second) == "completed")
        #expect(try local(["instance", second, "--json"]).stdout.contains(#""paid":true"#))
        let nobody = try same("correlate", "paymentReceived", "--correlation-key", "O-9")
        #expect(nobody.status == 1 && nobody.stderr == "baton: error: no process instance waits for message 'paymentReceived' with correlation key 'O-9'\n")
        // --ttl keeps the message on the server until an instance waits for it.
        let kept = try remote(["correlate", "paymentReceived", "--correlation-key", "O-3", "--message-id", "pay-3", "--ttl", "PT1H"])
        let keptLocally = try local(["correlate", "paymentReceived", "--correlation-key", "O-4", "--message-id", "pay-4", "--ttl", "PT1H"])
        let expiry = /no instance waits for message paymentReceived yet; kept until (\d{4}-\d\d-\d\dT\d\d):\d\d:\d\d(\.\d+)?Z\n/
        let remoteExpiry = try #require(kept.stdout.wholeMatch(of: expiry), "\(kept.stdout)\(kept.stderr)")
        let localExpiry = try #require(keptLocally.stdout.wholeMatch(of: expiry), "\(keptLocally.stdout)")
        #expect(remoteExpiry.1 == localExpiry.1 || Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60) < 2)
        let buffered = try start("pay", "--var", #"orderId="O-3""#)
        #expect(try status(buffered) == "completed")
        #expect(try remote(["correlate", "paymentReceived", "--correlation-key", "O-3", "--message-id", "pay-3"]).stdout == "message id pay-3: processed before; ignored\n")
        #expect(try local(["correlate", "paymentReceived", "--correlation-key", "O-4", "--message-id", "pay-4"]).stdout == "message id pay-4: processed before; ignored\n")

        // Each signal reaches the one instance waiting at the time.
        let waiting = try start("signalled")
        let signalled = try local(["signal", "go"])
        let twin = try start("signalled")
        #expect(try remote(["signal", "go", "--var", "x=1"]).stdout == signalled.stdout)
        #expect(signalled.stdout == "signal go reached 1 instance\n")
        #expect(try status(waiting) == "completed" && status(twin) == "completed")
        #expect(try local(["instance", twin, "--json"]).stdout.contains(#""x":1"#))
        #expect(try same("signal", "go").stdout == "signal go reached 0 instances\n")
    }

    @Test func workerRetryAndIncidentsPrintWhatTheyPrintLocally() throws {
        let ok = try script("ok.sh", #"cat > /dev/null; echo '{"invoiceId": "INV-7"}'"#)
        let down = try script("down.sh", #"cat > /dev/null; echo "ERP down" >&2; exit 3"#)
        let refuse = try script("refuse.sh", #"cat > /dev/null; echo '{"bpmnError": {"code": "REFUSED", "message": "no"}}'"#)
        func worker(_ program: String) -> [String] { ["worker", "--topic", "invoices", "--once", "--", program] }
        // One instance at a time: a worker takes every task of its topic.
        var pair = (try start("invoice"), "")
        let completedLocally = try local(worker(ok))
        pair.1 = try start("invoice")
        let completed = try remote(worker(ok))
        #expect(completed.status == 0 && completedLocally.status == 0, "\(completed.stderr)")
        #expect(completed.stdout == completedLocally.stdout.replacing(pair.0, with: pair.1))
        let job = try #require(completed.stdout.wholeMatch(of: /(.+)\/(\d+): completed\n1 completed, 0 failed, 0 BPMN errors\n/), "\(completed.stdout)")
        #expect(job.1 == pair.1)
        let key = String(job.2)
        #expect(try local(["instance", pair.1, "--json"]).stdout.contains(#""invoiceId":"INV-7""#))

        pair = (try start("invoice"), "")
        let refusedLocally = try local(worker(refuse))
        pair.1 = try start("invoice")
        #expect(try remote(worker(refuse)).stdout == refusedLocally.stdout.replacing(pair.0, with: pair.1))
        #expect(refusedLocally.stdout == "\(pair.0)/\(key): BPMN error REFUSED\n0 completed, 0 failed, 1 BPMN error\n")
        #expect(try status(pair.1) == "completed")

        // A failure waits an hour for its retry; retry makes it due, the second failure is an incident.
        pair = (try start("invoice"), try start("invoice"))
        let failed = try remote(worker(down))
        #expect(failed.stdout.contains("\(pair.0)/\(key): failed: \(down) exited with status 3: ERP down\n"))
        #expect(failed.stdout.hasSuffix("0 completed, 2 failed, 0 BPMN errors\n"))
        #expect(try same("worker", "--topic", "invoices", "--once", "--", down).stdout == "0 completed, 0 failed, 0 BPMN errors\n")
        let due = try twins(pair.0, pair.1) { ["retry", $0, key] }
        #expect(due.stdout == "\(pair.1): job \(key) is due now (baton jobs run, or the server's executor, runs it)\n")
        _ = try remote(worker(down))
        for id in [pair.0, pair.1] { #expect(try local(["instance", id]).stdout.contains("failed and has no retries left: \(down) exited with status 3")) }
        let listed = try same("incidents")
        #expect(listed.stdout.contains(pair.0) && listed.stdout.contains(pair.1) && listed.stdout.contains("ERP down"))
        let unknown = try twins(pair.0, pair.1) { ["retry", $0, "99"] }
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("baton: error: process instance '\(pair.1)' has no incident or job 99 (incidents: "))
        let incident = try #require(listed.stdout.firstMatch(of: try Regex("\(pair.1) +(\\d+) +create ")).map { String($0.output[1].substring ?? "") })
        let resolved = try twins(pair.0, pair.1) { ["retry", $0, incident] }
        #expect(resolved.stdout == "\(pair.1): incident \(incident) resolved; status active\n")
        #expect(try same("incidents").stdout == "no open incidents\n")
        #expect(try remote(worker(ok)).stdout.hasSuffix("2 completed, 0 failed, 0 BPMN errors\n"))
        #expect(try status(pair.0) == "completed" && status(pair.1) == "completed")
        try same("retry", "nope", "1")
    }

    @Test func theServerDecidesWhoMay() throws {
        let db = self.db
        #expect(try Baton.run(["users", "add", "--db", db, "ivy", "--role", "integration"]).status == 0)
        #expect(try Baton.run(["users", "add", "--db", db, "wendy", "--role", "worker.shipping"]).status == 0)
        let bob = ["BATON_TOKEN": staffToken], ivy = ["BATON_TOKEN": try Self.token(for: "ivy", db: db)]
        let wendy = ["BATON_TOKEN": try Self.token(for: "wendy", db: db)]
        let refused = try remote(["correlate", "paymentReceived", "--correlation-key", "O-1"], environment: bob)
        #expect(refused.status == 1 && refused.stderr == "baton: error: bob may not publish messages; this needs the admin or integration role\n")
        let waiting = try start("pay", "--var", #"orderId="O-1""#)
        #expect(try remote(["correlate", "paymentReceived", "--correlation-key", "O-1"], environment: ivy).stdout == "\(waiting): message paymentReceived delivered\n")
        for arguments in [["signal", "go"], ["incidents"], ["retry", waiting, "1"]] {
            let notAdmin = try remote(arguments, environment: ivy)
            #expect(notAdmin.status == 1 && notAdmin.stderr == "baton: error: ivy is not an admin; this needs the admin role\n", "\(arguments)")
        }
        let noWorker = try remote(["worker", "--topic", "invoices", "--", "/bin/true"], environment: bob)
        #expect(noWorker.status == 1)
        #expect(noWorker.stderr == "baton: error: bob may not work on external tasks; this needs the role 'worker' or 'worker.TOPIC'\n")
        let otherTopic = try remote(["worker", "--topic", "invoices", "--once", "--", "/bin/true"], environment: wendy)
        #expect(otherTopic.status == 1)
        #expect(otherTopic.stderr == "baton: error: wendy may not work on topic 'invoices'; this needs the role 'worker' or 'worker.invoices'\n")
        let ownTopic = try remote(["worker", "--topic", "shipping", "--once", "--", "/bin/true"], environment: wendy)
        #expect(ownTopic.status == 0 && ownTopic.stdout == "0 completed, 0 failed, 0 BPMN errors\n", "\(ownTopic.stderr)")
    }

    @Test func aRemoteWorkerLongPollsAndStopsOnSIGTERM() throws {
        let program = try script("ok.sh", #"cat > /dev/null; echo '{}'"#)
        let process = Process()
        process.executableURL = Baton.executable
        process.arguments = ["worker", "--topic", "invoices", "--server", server.address, "--", program]
        process.environment = ["BATON_TOKEN": adminToken, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        // Started through the server, the task wakes the waiting fetch at once.
        let id = try remote(["start", "invoice"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var done = false
        for _ in 0..<50 where !done {
            Thread.sleep(forTimeInterval: 0.1)
            done = try status(id) == "completed"
        }
        #expect(done)
        let stopping = Date()
        process.terminate()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(stopping) < 2, "a stop must not wait for the long poll to end")
        #expect(process.terminationStatus == 0)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.wholeMatch(of: try Regex("\(id)/\\d+: completed\n1 completed, 0 failed, 0 BPMN errors\n")) != nil, "\(printed)")
    }
}
