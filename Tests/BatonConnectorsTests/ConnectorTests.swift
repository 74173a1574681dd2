import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// A temporary folder with scripts and a database, removed afterwards.
final class Workspace {
    let folder: URL
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-connectors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes an executable shell script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}

@Suite struct BindingsLoaderTests {
    func load(_ body: String) throws -> (ConnectorBindings, [String]) {
        let text = #"<?xml version="1.0"?>"# + "\n" + #"<connectors xmlns="urn:baton:connectors:1">"# + "\n" + body + "\n</connectors>"
        let (bindings, diagnostics) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        return (bindings, diagnostics.map(\.description))
    }

    @Test func readsEveryTransportAndOperationSettings() throws {
        let (bindings, problems) = try load("""
            <connector name="erp"><command program="/usr/bin/python3"><argument>erp.py</argument></command><operation name="salesOrder.create" timeout="PT5S"/></connector>
            <connector name="crm"><handler/></connector>
            <connector name="billing"><external topic="invoices"/></connector>
            <connector name="shop"><http method="PUT" url="https://shop.example/orders/{id}"/></connector>
            """)
        #expect(problems.isEmpty)
        #expect(bindings.connectors["erp"]?.transport == .command(program: "/usr/bin/python3", arguments: ["erp.py"]))
        #expect(bindings.connectors["erp"]?.settings(for: "salesOrder.create").timeoutMilliseconds == 5_000)
        #expect(bindings.connectors["crm"]?.transport == .handler)
        #expect(bindings.connectors["billing"]?.transport == .external(topic: "invoices"))
        #expect(bindings.connectors["shop"]?.transport == .http(HTTPBinding(method: "PUT", url: "https://shop.example/orders/{id}")))
    }

    @Test func mistakesAreReportedWithTheirLines() throws {
        let (_, problems) = try load("""
            <connector name="erp"><command/></connector>
            <connector name="erp"><handler/></connector>
            <connector><handler/></connector>
            <connector name="crm"><handler/><external topic="x"/></connector>
            <connector name="mail"><smtp/></connector>
            """)
        #expect(problems == [
            "connectors.xml:3:23: error: <command> of connector 'erp' needs a program",
            "connectors.xml:3:1: error: connector 'erp' needs exactly one transport (<handler/>, <command>, <external> or <http>), not 0",
            "connectors.xml:4:1: error: connector 'erp' is bound twice (first at line 3)",
            "connectors.xml:5:1: error: <connector> needs a name (the baton:connector value models use)",
            "connectors.xml:6:1: error: connector 'crm' needs exactly one transport (<handler/>, <command>, <external> or <http>), not 2",
            "connectors.xml:7:24: error: unknown element <smtp> in connector 'mail'; a connector has one of <handler/>, <command>, <external>, <http>, and <operation> settings",
            "connectors.xml:7:1: error: connector 'mail' needs exactly one transport (<handler/>, <command>, <external> or <http>), not 0",
        ])
    }
}

@Suite struct CommandTransportTests {
    static let job = Job(
        key: JobKey(7), elementInstance: ElementInstanceKey(5), element: "book", type: "erp", operation: "salesOrder.create", retries: 3,
        retryBackoff: nil, retryAt: nil, headers: [], idempotencyKey: "pi-1/5", createdAt: EngineInstant(millisecondsSinceEpoch: 0), lastError: nil)

    @Test func theCallGoesInAsJSONAndTheResultComesBack() throws {
        let workspace = try Workspace()
        let program = try workspace.script("echo.sh", #"read input; echo "{\"received\": $input}""#)
        let result = try CommandTransport(program: program, arguments: []).call(Self.job, variables: ["amount": .number(FEELNumber(1200))], timeoutMilliseconds: 5_000)
        guard case .complete(let variables) = result, case .context(let received)? = variables["received"] else {
            Issue.record("expected the call echoed back, got \(result)")
            return
        }
        #expect(received["idempotencyKey"] == .string("pi-1/5"))
        #expect(received["operation"] == .string("salesOrder.create"))
        #expect(received["attempt"] == .number(FEELNumber(1)))
        #expect(received["variables"] == .context(["amount": .number(FEELNumber(1200))]))
    }

    @Test func aBPMNErrorIsABusinessOutcome() throws {
        let workspace = try Workspace()
        let program = try workspace.script("refuse.sh", #"cat > /dev/null; echo '{"bpmnError": {"code": "CREDIT_REFUSED", "message": "limit"}}'"#)
        let result = try CommandTransport(program: program, arguments: []).call(Self.job, variables: [:], timeoutMilliseconds: 5_000)
        guard case .bpmnError(let code, let message, _) = result else {
            Issue.record("expected a BPMN error, got \(result)")
            return
        }
        #expect(code == "CREDIT_REFUSED" && message == "limit")
    }

    @Test func aNonZeroExitIsAFailureWithStandardError() throws {
        let workspace = try Workspace()
        let program = try workspace.script("down.sh", #"cat > /dev/null; echo "ERP is down" >&2; exit 3"#)
        #expect(throws: CommandTransport.Failure.self) {
            try CommandTransport(program: program, arguments: []).call(Self.job, variables: [:], timeoutMilliseconds: 5_000)
        }
        do {
            _ = try CommandTransport(program: program, arguments: []).call(Self.job, variables: [:], timeoutMilliseconds: 5_000)
        } catch {
            #expect("\(error)" == "\(program) exited with status 3: ERP is down")
        }
    }

    @Test func aProgramPastItsTimeoutIsStopped() throws {
        let workspace = try Workspace()
        let program = try workspace.script("slow.sh", "exec sleep 5")
        let start = Date()
        #expect(throws: CommandTransport.Failure.self) {
            try CommandTransport(program: program, arguments: []).call(Self.job, variables: [:], timeoutMilliseconds: 300)
        }
        #expect(Date().timeIntervalSince(start) < 4)
    }
}

@Suite struct ConnectorRuntimeTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="order" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book"/>
            <bpmn:serviceTask id="book" baton:connector="erp" baton:operation="salesOrder.create">
              <bpmn:extensionElements><baton:retries count="2" backoff="PT0S"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    @Test func theSameModelRunsWithACommandConnectorAndAnInProcessHandler() throws {
        let workspace = try Workspace()
        let program = try workspace.script("erp.sh", #"cat > /dev/null; echo '{"salesOrderId": "SO-7"}'"#)
        let bindingsText = #"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><command program="\#(program)"/></connector></connectors>"#
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(bindingsText.utf8), file: "connectors.xml")
        #expect(problems.isEmpty)
        let store = try SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path)
        var runtime = try Runtime(store: store)
        try runtime.deploy(xml: Self.model, fileName: "order.bpmn")
        #expect(runtime.bind(bindings).isEmpty)
        let viaCommand = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().completed == 1)
        #expect(try runtime.instance(viaCommand).variables["salesOrderId"] == .string("SO-7"))
        // Swapped for an in-process handler: the model does not change
        runtime.register(type: "erp") { _, _ in .complete(["salesOrderId": .string("SO-8")]) }
        let viaHandler = try runtime.start(processID: "order").id
        try runtime.runDueJobs()
        #expect(try runtime.instance(viaHandler).variables["salesOrderId"] == .string("SO-8"))
    }

    @Test func aFailingProgramIsRetriedThenAnIncidentWithItsMessage() throws {
        let workspace = try Workspace()
        let program = try workspace.script("down.sh", #"cat > /dev/null; echo "connection refused" >&2; exit 1"#)
        let bindingsText = #"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><command program="\#(program)"/></connector></connectors>"#
        let (bindings, _) = try BindingsLoader().load(bytes: Array(bindingsText.utf8), file: "connectors.xml")
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try Runtime(store: SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path), clock: clock)
        try runtime.deploy(xml: Self.model, fileName: "order.bpmn")
        runtime.bind(bindings)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().failed == 1)
        clock.advance(byMilliseconds: 2_000)
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(try runtime.instance(id).incidents.values.map(\.reason) == ["serviceTask 'book' failed and has no retries left: \(program) exited with status 1: connection refused"])
    }

    @Test func unboundConnectorsAreNamedAtTheirTasks() throws {
        let loaded = try BPMNLoaderHelper.load(Self.model)
        let problems = BindingsLoader.unbound(in: loaded, by: ConnectorBindings(connectors: [
            "erb": ConnectorBinding(name: "erb", transport: .handler, location: .unknown),
        ]), file: "order.bpmn")
        #expect(problems.map(\.message) == ["serviceTask 'book' uses connector 'erp', which the bindings do not bind (did you mean 'erb'?)"])
    }
}
