import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// `http` connectors through the real runtime, job table and SQLite store.
@Suite struct HTTPRuntimeTests {
    /// A runtime on a fresh database at a manual clock, with the order model deployed and
    /// `bindings` bound.
    static func runtime(_ workspace: Workspace, bindings: String) throws -> (Runtime, ManualClock) {
        let text = #"<connectors xmlns="urn:baton:connectors:1"><connector name="erp">\#(bindings)</connector></connectors>"#
        let (loaded, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        #expect(problems.map(\.description) == [])
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try Runtime(store: SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path), clock: clock)
        try runtime.deploy(xml: ConnectorRuntimeTests.model, fileName: "order.bpmn")
        #expect(runtime.bind(loaded).isEmpty)
        return (runtime, clock)
    }

    @Test func aTechnicalFailureIsRetriedWithTheSameIdempotencyKeyThenSucceeds() throws {
        let workspace = try Workspace()
        let server = try LoopbackHTTPServer()
        server.enqueue(.init(status: 503, headers: ["Retry-After": "2"], body: "maintenance"), .json(#"{"id": "SO-9"}"#, status: 201))
        let (runtime, clock) = try Self.runtime(workspace, bindings: #"""
            <http url="\#(server.baseURL)/orders/{orderId}"><response>{ salesOrderId: body.id }</response></http>
            <operation name="salesOrder.create" timeout="PT5S"/>
            """#)
        let id = try runtime.start(processID: "order", variables: ["orderId": .string("O-1")]).id
        #expect(try runtime.runDueJobs().failed == 1)
        let job = try #require(try runtime.instance(id).jobs.values.first)
        #expect(job.lastError == "POST \(server.baseURL)/orders/O-1 answered 503: maintenance")
        // Retry-After: 2 replaces the model's backoff of 0 s
        #expect(job.retryAt == EngineInstant(millisecondsSinceEpoch: 1_780_000_002_000))
        #expect(try runtime.runDueJobs().completed == 0)
        clock.advance(byMilliseconds: 2_000)
        #expect(try runtime.runDueJobs().completed == 1)
        let state = try runtime.instance(id)
        #expect(state.variables["salesOrderId"] == .string("SO-9"))
        #expect(state.status == .completed)
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.map { $0.headers["idempotency-key"] } == [job.idempotencyKey, job.idempotencyKey])
        #expect(requests.map { $0.headers["baton-attempt"] } == ["1", "2"])
        // The next activity instance has another key
        server.enqueue(.json(#"{"id": "SO-10"}"#))
        _ = try runtime.start(processID: "order", variables: ["orderId": .string("O-2")])
        try runtime.runDueJobs()
        #expect(server.requests.count == 3)
        #expect(server.requests.last?.headers["idempotency-key"] != job.idempotencyKey)
    }

    @Test func aClientErrorRaisesAnIncidentAtOnce() throws {
        let workspace = try Workspace()
        let server = try LoopbackHTTPServer()
        server.enqueue(.json(#"{"error": "amount is required"}"#, status: 400))
        let (runtime, _) = try Self.runtime(workspace, bindings: #"<http url="\#(server.baseURL)/orders"/>"#)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(try runtime.instance(id).incidents.values.map(\.reason) == [
            #"serviceTask 'book' failed and has no retries left: POST \#(server.baseURL)/orders answered 400: {"error": "amount is required"}"#
        ])
        #expect(server.requests.count == 1)
    }

    @Test func aBusinessErrorStatusIsThrownIntoTheProcess() throws {
        let workspace = try Workspace()
        let server = try LoopbackHTTPServer()
        server.enqueue(.json(#"{"reason": "duplicate"}"#, status: 409))
        let (runtime, _) = try Self.runtime(workspace, bindings: #"<http url="\#(server.baseURL)/orders"><businessError statuses="409 422" code="ORDER_REJECTED"/></http>"#)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().errorsThrown == 1)
        // Nothing in the model catches it: an incident that names the error code
        let reasons = try runtime.instance(id).incidents.values.map(\.reason)
        #expect(reasons.count == 1 && reasons.first?.contains("ORDER_REJECTED") == true)
    }

    @Test func secretsNeverReachMessagesOrHistory() throws {
        let workspace = try Workspace()
        let server = try LoopbackHTTPServer()
        // A careless server that echoes the credentials back in its error
        server.setHandler { request in
            .init(status: 401, body: "bad token \(request.headers["authorization"] ?? "") for \(request.path)")
        }
        let secret = "tok/en+\(UInt32.random(in: 0...UInt32.max))"
        let file = workspace.folder.appendingPathComponent("token").path
        try Data(secret.utf8).write(to: URL(fileURLWithPath: file))
        let (runtime, _) = try Self.runtime(workspace, bindings: #"""
            <http url="\#(server.baseURL)/orders/{secrets.token}?key={secrets.token}">
              <secret name="token" file="\#(file)"/><header name="Authorization" value="Bearer {secrets.token}"/>
            </http>
            """#)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(secret)")
        let encoded = secret.replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "+", with: "%2B")
        #expect(server.requests.first?.path == "/orders/\(encoded)?key=\(encoded)")
        let reasons = try runtime.instance(id).incidents.values.map(\.reason)
        #expect(reasons == ["serviceTask 'book' failed and has no retries left: POST \(server.baseURL)/orders/*** answered 401: bad token Bearer *** for /orders/***?key=***"])
        let history = try runtime.history(of: id).map { "\($0.event)" }.joined(separator: "\n")
        #expect(history.contains("***"))
        #expect(!history.contains(secret) && !history.contains(encoded))
        #expect(!reasons.joined().contains(secret) && !reasons.joined().contains(encoded))
    }
}
