import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// The ERP is down while 1,000 instances need it, then comes back: every instance
/// completes, the ERP saw every call at least once, every repeat of a call carried the
/// same idempotency key, and nothing was lost — also when Baton is killed with SIGKILL in
/// the middle.
@Suite(.serialized, .timeLimit(.minutes(3))) struct OutageTests {
    static let instances = 1_000
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="order" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book"/>
            <bpmn:serviceTask id="book" baton:connector="erp" baton:operation="salesOrder.create"/>
            <bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    static func bindings(_ server: LoopbackHTTPServer) -> String {
        """
        <connectors xmlns="urn:baton:connectors:1">
          <connector name="erp">
            <http method="POST" url="\(server.baseURL)/orders/{orderId}"/>
            <operation timeout="PT5S" retries="100" backoff="PT0.05S"/>
          </connector>
        </connectors>
        """
    }

    /// The ERP: books the order named in the path and answers its number.
    static func erp() throws -> LoopbackHTTPServer {
        let server = try LoopbackHTTPServer()
        server.setHandler { request in
            let orderId = request.path.split(separator: "/").last.map(String.init) ?? "?"
            return .json(#"{"salesOrderId": "SO-\#(orderId)"}"#, status: 201)
        }
        return server
    }

    /// What the ERP saw: every order called at least once, every repeat with the same key,
    /// and no two orders with one key.
    static func checkCalls(_ server: LoopbackHTTPServer) {
        var keys: [String: Set<String>] = [:]
        for request in server.requests {
            let orderId = request.path.split(separator: "/").last.map(String.init) ?? "?"
            keys[orderId, default: []].insert(request.headers["idempotency-key"] ?? "none")
        }
        #expect(keys.count == instances, "every order reached the ERP")
        #expect(keys.values.allSatisfy { $0.count == 1 }, "every repeated call carried the same idempotency key")
        #expect(Set(keys.values.flatMap { $0 }).count == instances, "each activity instance has its own key")
    }

    /// Every instance ended with the ERP's order number.
    static func checkInstances(_ store: SQLiteStore) throws {
        let completed = try store.instances(.completed)
        #expect(completed.count == instances)
        #expect(try store.instances(.active).isEmpty && store.instances(.incident).isEmpty)
        for summary in completed.prefix(50) {
            let state = try #require(try store.instance(summary.id)).state
            #expect(state.variables["salesOrderId"] == .string("SO-\(state.variables["orderId"]?.json.trimmingCharacters(in: ["\""]) ?? "?")"))
        }
    }

    @Test func everyInstanceCompletesOnceTheERPIsBack() throws {
        let workspace = try Workspace()
        let server = try Self.erp()
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(Self.bindings(server).utf8), file: "connectors.xml")
        #expect(problems.isEmpty)
        let store = try SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path)
        var runtime = try Runtime(store: store)
        try runtime.deploy(xml: Self.model, fileName: "order.bpmn")
        runtime.bind(bindings)
        for index in 0..<Self.instances { try runtime.start(processID: "order", variables: ["orderId": .string("O-\(index)")]) }

        // Down until every call has failed at least once (a second at the least): every
        // failure is retried with backoff. A busy machine takes longer, so the test waits for
        // the condition, not for a fixed time.
        server.stop()
        let downAtLeast = Date().addingTimeInterval(1)
        let downAtMost = Date().addingTimeInterval(60)
        var failed = 0
        var lastCheck = Date.distantPast
        func everyCallFailedOnce() throws -> Bool {
            try store.instances(.active).allSatisfy { summary in
                (try store.instance(summary.id)?.state.jobs.values.first?.attempts ?? 0) >= 1
            }
        }
        while Date() < downAtMost {
            let report = try runtime.runDueJobs(limit: 200, concurrency: 8)
            failed += report.failed
            if report.failed == 0 { usleep(20_000) }
            if Date() >= downAtLeast, Date().timeIntervalSince(lastCheck) > 0.5 {
                lastCheck = Date()
                if try everyCallFailedOnce() { break }
            }
        }
        #expect(failed >= Self.instances)
        let waiting = try store.instances(.active)
        let incidents = try store.instances(.incident)
        #expect(waiting.count == Self.instances && incidents.isEmpty, "retries are left")
        #expect(try everyCallFailedOnce(), "every call failed at least once")

        try server.start()
        let deadline = Date().addingTimeInterval(90)
        while try store.instances(.active).count > 0, Date() < deadline {
            let report = try runtime.runDueJobs(limit: 200, concurrency: 8)
            if report.completed + report.failed == 0 { usleep(20_000) }
        }
        try Self.checkInstances(store)
        Self.checkCalls(server)
    }

    @Test func aKilledExecutorLosesNothingAndRepeatsCallsWithTheirKeys() throws {
        let workspace = try Workspace()
        let server = try Self.erp()
        let db = workspace.folder.appendingPathComponent("baton.sqlite").path
        let bindingsFile = workspace.folder.appendingPathComponent("connectors.xml").path
        try Data(Self.bindings(server).utf8).write(to: URL(fileURLWithPath: bindingsFile))
        let modelFile = workspace.folder.appendingPathComponent("order.bpmn").path
        try Data(Self.model.utf8).write(to: URL(fileURLWithPath: modelFile))
        let batchFile = workspace.folder.appendingPathComponent("orders.jsonl").path
        try Data((0..<Self.instances).map { #"{"orderId": "O-\#($0)"}"# }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: batchFile))
        #expect(try BatonProcess.run(["deploy", "--db", db, modelFile]).status == 0)
        let started = try BatonProcess.run(["start", "--db", db, "order", "--batch", batchFile])
        #expect(started.status == 0, "\(started.stdout)")

        // The ERP answers slowly enough that the kill lands mid-run.
        server.setHandler { request in
            let orderId = request.path.split(separator: "/").last.map(String.init) ?? "?"
            var response = LoopbackHTTPServer.Response.json(#"{"salesOrderId": "SO-\#(orderId)"}"#, status: 201)
            response.delay = 0.02
            return response
        }
        let executor = ["jobs", "run", "--db", db, "--connectors", bindingsFile, "--watch", "--poll", "PT0.1S", "--lock-duration", "PT1S", "--concurrency", "8"]
        let first = try BatonProcess.launch(executor)
        let killDeadline = Date().addingTimeInterval(60)
        while server.requests.count < 300, Date() < killDeadline { usleep(5_000) }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let store = try SQLiteStore(path: db)
        #expect(try store.instances(.active).count > 0, "the kill came before the end")

        let second = try BatonProcess.launch(executor)
        let deadline = Date().addingTimeInterval(90)
        while try store.instances(.active).count > 0, Date() < deadline { usleep(50_000) }
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0, "SIGTERM ends --watch cleanly")
        try Self.checkInstances(store)
        Self.checkCalls(server)
        #expect(server.requests.count > Self.instances, "calls in flight at the kill were made again (with their keys)")
    }
}

/// The `baton` executable built with the tests.
enum BatonProcess {
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("baton").path) && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("baton")
    }

    /// Starts `baton` with its output discarded.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `baton` to its end.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
