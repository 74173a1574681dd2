import Foundation
import Testing

/// `baton worker --topic T -- CMD`: external tasks done by a program with the command
/// connector's contract, on the local database.
@Suite(.timeLimit(.minutes(1))) final class WorkerCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }
    var bindings: String { folder.appendingPathComponent("connectors.xml").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-worker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(#"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><external topic="orders"/></connector></connectors>"#.utf8)
            .write(to: URL(fileURLWithPath: bindings))
        _ = try Baton.run(["deploy", "--db", db, Baton.fixture("connectors/order-erp.bpmn")])
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func script(_ name: String, _ body: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func start() throws -> String {
        try Baton.run(["start", "--db", db, "orderErp", "--var", "amount=120"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func workerOnceCompletesTheTasksOfItsTopic() throws {
        let program = try script("erp.sh", #"input=$(cat); case "$input" in *'"amount":120'*) echo '{"salesOrderId": "SO-9"}';; *) exit 1;; esac"#)
        let first = try start(), second = try start()
        let jobsRun = try Baton.run(["jobs", "run", "--db", db, "--connectors", bindings])
        #expect(jobsRun.stderr.contains("connector 'erp' is done by external workers on topic 'orders'"))
        let run = try Baton.run(["worker", "--db", db, "--topic", "orders", "--bindings", bindings, "--once", "--", program])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("2 completed, 0 failed, 0 BPMN errors\n"), "\(run.stdout)")
        for id in [first, second] {
            let shown = try Baton.run(["instance", "--db", db, id, "--json"]).stdout
            #expect(shown.contains(#""status":"completed""#) && shown.contains(#""salesOrderId":"SO-9""#), "\(shown)")
        }
        #expect(try Baton.run(["worker", "--db", db, "--topic", "orders", "--bindings", bindings, "--once", "--", program]).stdout == "0 completed, 0 failed, 0 BPMN errors\n")
    }

    @Test func failuresAreRetriedAndBPMNErrorsThrown() throws {
        let down = try script("down.sh", #"cat > /dev/null; echo "ERP is down" >&2; exit 3"#)
        let id = try start()
        let failed = try Baton.run(["worker", "--db", db, "--topic", "orders", "--bindings", bindings, "--once", "--", down])
        #expect(failed.stdout.contains("\(id)/"))
        #expect(failed.stdout.contains("failed: \(down) exited with status 3: ERP is down"))
        #expect(try Baton.run(["instance", "--db", db, id, "--json"]).stdout.contains(#""status":"active""#))
        let refuse = try script("refuse.sh", #"cat > /dev/null; echo '{"bpmnError": {"code": "REFUSED", "message": "no"}}'"#)
        // The retry waits for its backoff (one second)
        Thread.sleep(forTimeInterval: 1.1)
        let thrown = try Baton.run(["worker", "--db", db, "--topic", "orders", "--bindings", bindings, "--once", "--", refuse])
        #expect(thrown.stdout.contains("BPMN error REFUSED"), "\(thrown.stdout) \(thrown.stderr)")
        #expect(try Baton.run(["instances", "--db", db, "--state", "incident"]).stdout.contains(id))
    }

    @Test func mistakesAreClearErrors() throws {
        let noProgram = try Baton.run(["worker", "--db", db, "--topic", "orders"])
        #expect(noProgram.status == 2)
        #expect(noProgram.stderr.contains("baton worker needs a program to run after --"))
        let commandBound = folder.appendingPathComponent("command.xml").path
        try Data(#"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><command program="/bin/true"/></connector></connectors>"#.utf8)
            .write(to: URL(fileURLWithPath: commandBound))
        let wrongTopic = try Baton.run(["worker", "--db", db, "--topic", "erp", "--bindings", commandBound, "--once", "--", "/bin/true"])
        #expect(wrongTopic.status == 1)
        #expect(wrongTopic.stderr == "baton: error: topic 'erp' serves no jobs: connector 'erp' is bound to the command transport\n")
    }

    @Test func aRunningWorkerStopsOnSIGTERM() throws {
        let program = try script("ok.sh", #"cat > /dev/null; echo '{}'"#)
        let process = Process()
        process.executableURL = Baton.executable
        process.arguments = ["worker", "--db", db, "--topic", "orders", "--bindings", bindings, "--", program]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let id = try start()
        // The worker sees the new task at its next look at the database
        var done = false
        for _ in 0..<50 where !done {
            Thread.sleep(forTimeInterval: 0.1)
            done = try Baton.run(["instance", "--db", db, id, "--json"]).stdout.contains(#""status":"completed""#)
        }
        #expect(done)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).hasSuffix("1 completed, 0 failed, 0 BPMN errors\n"))
    }
}
