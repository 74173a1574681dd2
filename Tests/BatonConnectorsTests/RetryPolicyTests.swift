import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Retries set per connector operation in the bindings, for tasks whose model names none.
@Suite struct RetryPolicyTests {
    struct Down: Error, CustomStringConvertible {
        var description: String { "ERP down" }
    }

    static func model(retries: String = "") -> String {
        ConnectorRuntimeTests.model.replacingOccurrences(
            of: #"<baton:retries count="2" backoff="PT0S"/>"#, with: retries)
    }

    static let bindings = """
        <connectors xmlns="urn:baton:connectors:1">
          <connector name="erp"><handler/><operation name="salesOrder.create" retries="2" backoff="PT10S"/></connector>
        </connectors>
        """

    func runtime(_ workspace: Workspace, model: String, clock: ManualClock) throws -> Runtime {
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(Self.bindings.utf8), file: "connectors.xml")
        #expect(problems.isEmpty)
        var runtime = try Runtime(store: SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path), clock: clock)
        try runtime.deploy(xml: model, fileName: "order.bpmn")
        runtime.bind(bindings)
        runtime.register(connector: "erp") { _ in throw Down() }
        return runtime
    }

    @Test func theBindingsRetriesAndBackoffApplyWhenTheModelNamesNone() throws {
        let workspace = try Workspace()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        let runtime = try runtime(workspace, model: Self.model(), clock: clock)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().failed == 1)
        let job = try #require(try runtime.instance(id).jobs.values.first)
        #expect(job.retries == 1)
        let wait = try #require(job.retryAt).millisecondsSinceEpoch - clock.now().millisecondsSinceEpoch
        #expect((7_500...10_000).contains(wait), "the bindings' backoff of ten seconds, less jitter; got \(wait) ms")
        clock.advance(byMilliseconds: 10_000)
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(try runtime.instance(id).incidents.count == 1, "two attempts in all, as the bindings say")
    }

    @Test func theModelsOwnRetriesWin() throws {
        let workspace = try Workspace()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        let runtime = try runtime(workspace, model: Self.model(retries: #"<baton:retries count="5" backoff="PT1S"/>"#), clock: clock)
        let id = try runtime.start(processID: "order").id
        #expect(try runtime.runDueJobs().failed == 1)
        let job = try #require(try runtime.instance(id).jobs.values.first)
        #expect(job.retries == 4)
        #expect(try #require(job.retryAt).millisecondsSinceEpoch - clock.now().millisecondsSinceEpoch <= 1_000)
    }

    @Test func badRetrySettingsAreReportedWithTheirPositions() throws {
        let text = """
            <connectors xmlns="urn:baton:connectors:1">
              <connector name="erp"><handler/><operation name="a" retries="0"/><operation name="b" backoff="soon"/></connector>
            </connectors>
            """
        let (_, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        #expect(problems.map(\.description) == [
            #"connectors.xml:2:55: error: retries="0" of connector 'erp' is not a whole number of attempts, 1 or more"#,
            #"connectors.xml:2:88: error: backoff="soon" of connector 'erp' is not a positive ISO 8601 duration (PT5S)"#,
        ])
    }
}
