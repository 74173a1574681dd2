import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// External tasks against a real SQLite store: fetch and lock, lock expiry and extension,
/// complete, failure with retries, BPMN errors, long polling, and refusals.
@Suite struct ExternalTaskTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:error id="refused" errorCode="CREDIT_REFUSED"/>
          <bpmn:process id="invoice" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="create"/>
            <bpmn:serviceTask id="create" baton:connector="billing" baton:operation="invoice.create">
              <bpmn:extensionElements><baton:retries count="2" backoff="PT1S"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="create" targetRef="done"/>
            <bpmn:endEvent id="done"/>
            <bpmn:boundaryEvent id="onRefused" attachedToRef="create"><bpmn:errorEventDefinition errorRef="refused"/></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="onRefused" targetRef="refusedEnd"/>
            <bpmn:endEvent id="refusedEnd"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    static let bindings = ConnectorBindings(connectors: [
        "billing": ConnectorBinding(name: "billing", transport: .external(topic: "invoices"), location: .unknown),
        "erp": ConnectorBinding(name: "erp", transport: .command(program: "/bin/true", arguments: []), location: .unknown),
    ])
    static let topic = FetchTopic(name: "invoices", lockDuration: 60_000)

    /// A runtime on a new database, its clock, and the service.
    struct Setup {
        let workspace: Workspace
        let clock: ManualClock
        let runtime: Runtime
        let service: ExternalTaskService

        init(clock: ManualClock? = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))) throws {
            workspace = try Workspace()
            let store = try SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path)
            self.clock = clock ?? ManualClock(at: EngineInstant(millisecondsSinceEpoch: 0))
            var runtime = clock.map { try? Runtime(store: store, clock: $0) } ?? (try? Runtime(store: store))
            try runtime?.deploy(xml: ExternalTaskTests.model, fileName: "invoice.bpmn")
            self.runtime = try #require(runtime)
            service = ExternalTaskService(runtime: self.runtime, bindings: ExternalTaskTests.bindings, recheckMilliseconds: 100)
        }

        @discardableResult
        func start(_ businessKey: String? = nil) throws -> ProcessInstanceID {
            try runtime.start(processID: "invoice", businessKey: businessKey, variables: ["amount": .number(FEELNumber(1200)), "customer": .string("C-7")]).id
        }

        func fetch(_ worker: String, max: Int = 10) throws -> [ExternalTask] {
            try service.fetchAndLock(workerId: worker, topics: [ExternalTaskTests.topic], maxTasks: max)
        }
    }

    func kind(_ body: () throws(ExternalTaskError) -> Void) -> ExternalTaskError? {
        do { try body() } catch { return error }
        return nil
    }

    @Test func fetchAndLockReturnsTheVariablesAndLocksTheTask() throws {
        let setup = try Setup()
        let id = try setup.start("ORD-1")
        let tasks = try setup.fetch("w1")
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task.id == "\(id.rawValue)/\(task.job.key.rawValue)")
        #expect(task.topic == "invoices" && task.connector == "billing" && task.operation == "invoice.create")
        #expect(task.instance == id && task.businessKey == "ORD-1" && task.element == "create" && task.process.id == "invoice")
        #expect(task.variables == ["amount": .number(FEELNumber(1200)), "customer": .string("C-7")])
        #expect(task.idempotencyKey.hasPrefix("\(id.rawValue)/"))
        #expect(task.attempt == 1 && task.retries == 2)
        #expect(task.lockExpiry == setup.clock.now().advanced(byMilliseconds: 60_000))
        #expect(try setup.fetch("w2").isEmpty, "a locked task is not fetched by another worker")
        let only = try setup.service.fetchAndLock(workerId: "w3", topics: [FetchTopic(name: "invoices", lockDuration: 1, variables: ["customer"])], maxTasks: 1)
        #expect(only.isEmpty)
    }

    @Test func onlyTheAskedVariablesAreFetched() throws {
        let setup = try Setup()
        try setup.start()
        let task = try #require(try setup.service.fetchAndLock(workerId: "w1", topics: [FetchTopic(name: "invoices", lockDuration: 1_000, variables: ["customer", "nope"])], maxTasks: 1).first)
        #expect(task.variables == ["customer": .string("C-7")])
    }

    @Test func topicsMapToJobTypesThroughTheBindings() throws {
        let setup = try Setup()
        #expect(setup.service.jobTypes(ofTopic: "invoices") == ["billing", "invoices"], "bound to the topic, and the unbound type of its name")
        #expect(setup.service.jobTypes(ofTopic: "billing") == [], "a bound connector is served on its topic only")
        #expect(setup.service.jobTypes(ofTopic: "erp") == [], "a command connector is not served to workers")
        #expect(setup.service.jobTypes(ofTopic: "shipping") == ["shipping"], "an unbound type is served on its own name")
        #expect(setup.service.jobTypes(ofTopic: Job.continuationType) == [])
    }

    @Test func theJobExecutorLeavesExternalTasksAlone() throws {
        let setup = try Setup()
        try setup.start()
        #expect(try setup.runtime.runDueJobs() == JobRunReport())
        #expect(try setup.fetch("w1").count == 1)
    }

    @Test func anExpiredLockMakesTheTaskFetchableAgainAndRefusesItsFirstWorker() throws {
        let setup = try Setup()
        let id = try setup.start()
        let first = try #require(try setup.fetch("w1").first)
        setup.clock.advance(byMilliseconds: 59_999)
        #expect(try setup.fetch("w2").isEmpty)
        setup.clock.advance(byMilliseconds: 1)
        let expired = kind { () throws(ExternalTaskError) in try setup.service.complete(first.id, workerId: "w1") }
        #expect(expired?.kind == .lockLost)
        #expect(expired?.message.contains("expired") == true)
        let again = try #require(try setup.fetch("w2").first)
        #expect(again.id == first.id)
        let lost = kind { () throws(ExternalTaskError) in try setup.service.complete(first.id, workerId: "w1", variables: ["by": .string("w1")]) }
        #expect(lost?.kind == .lockLost)
        #expect(lost?.message == "external task '\(first.id)' is locked by another worker, not 'w1'")
        try setup.service.complete(again.id, workerId: "w2", variables: ["by": .string("w2")])
        #expect(try setup.runtime.instance(id).variables["by"] == .string("w2"))
    }

    @Test func completeWithVariablesMovesTheInstanceOn() throws {
        let setup = try Setup()
        let id = try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        try setup.service.complete(task.id, workerId: "w1", variables: ["invoiceId": .string("INV-7")])
        let state = try setup.runtime.instance(id)
        #expect(state.status == .completed)
        #expect(state.variables["invoiceId"] == .string("INV-7"))
        let twice = kind { () throws(ExternalTaskError) in try setup.service.complete(task.id, workerId: "w1") }
        #expect(twice?.kind == .notFound)
    }

    @Test func anInstanceChangedSinceTheFetchIsReadAgainWhenCompleting() throws {
        let setup = try Setup()
        let id = try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        // Someone else changes the instance after the fetch read it
        try setup.runtime.execute(.setVariables(["note": .string("changed meanwhile")]), on: id)
        try setup.service.complete(task.id, workerId: "w1", variables: ["invoiceId": .string("INV-8")])
        let state = try setup.runtime.instance(id)
        #expect(state.status == .completed)
        #expect(state.variables["note"] == .string("changed meanwhile") && state.variables["invoiceId"] == .string("INV-8"))
    }

    @Test func aFetchedBatchCompletesAtOnceEachWithItsOwnResult() throws {
        let setup = try Setup()
        let ids = try (0..<3).map { _ in try setup.start() }
        let tasks = try setup.fetch("w1")
        let results = setup.service.complete(
            tasks.map { ExternalTaskCompletion(id: $0.id, variables: ["n": .string($0.instance.rawValue)]) } + [ExternalTaskCompletion(id: "nope/1")], workerId: "w1")
        #expect(results.count == 4)
        #expect(results.prefix(3).allSatisfy { if case .success = $0 { true } else { false } })
        if case .failure(let error) = results[3] { #expect(error.kind == .notFound) } else { Issue.record("expected not found") }
        for id in ids { #expect(try setup.runtime.instance(id).variables["n"] == .string(id.rawValue)) }
    }

    @Test func aFailureIsRetriedAfterItsBackoffThenWithNoRetriesLeftIsAnIncident() throws {
        let setup = try Setup()
        let id = try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        try setup.service.handleFailure(task.id, workerId: "w1", message: "billing is down", retries: 2, retryTimeout: 5_000)
        #expect(try setup.fetch("w1").isEmpty, "not before the retry timeout")
        setup.clock.advance(byMilliseconds: 5_000)
        let retried = try #require(try setup.fetch("w2").first)
        #expect(retried.attempt == 2 && retried.retries == 2 && retried.job.lastError == "billing is down")
        // Without retries and timeout: the model's policy (one fewer; backoff PT1S doubled,
        // shortened by a jitter of up to a quarter)
        try setup.service.handleFailure(retried.id, workerId: "w2", message: "still down")
        setup.clock.advance(byMilliseconds: 1_499)
        #expect(try setup.fetch("w2").isEmpty)
        setup.clock.advance(byMilliseconds: 501)
        let last = try #require(try setup.fetch("w2").first)
        #expect(last.retries == 1)
        try setup.service.handleFailure(last.id, workerId: "w2", message: "gave up", retries: 0)
        let state = try setup.runtime.instance(id)
        #expect(state.jobs.isEmpty)
        #expect(state.incidents.values.map(\.reason) == ["serviceTask 'create' failed and has no retries left: gave up"])
    }

    @Test func aBPMNErrorIsCaughtByTheErrorBoundaryEvent() throws {
        let setup = try Setup()
        let id = try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        try setup.service.handleBpmnError(task.id, workerId: "w1", code: "CREDIT_REFUSED", message: "over the limit", variables: ["reason": .string("limit")])
        let state = try setup.runtime.instance(id)
        #expect(state.status == .completed)
        #expect(state.incidents.isEmpty)
        #expect(state.variables["reason"] == .string("limit"))
        let history = try setup.runtime.history(of: id).map { "\($0.event)" }
        #expect(history.contains { $0.contains("refusedEnd") })
        #expect(!history.contains { $0.contains("\"done\"") || $0.contains("(done)") })
    }

    @Test func extendLockKeepsTheTaskLockedLonger() throws {
        let setup = try Setup()
        try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        setup.clock.advance(byMilliseconds: 30_000)
        try setup.service.extendLock(task.id, workerId: "w1", newDuration: 120_000)
        setup.clock.advance(byMilliseconds: 60_000)
        #expect(try setup.fetch("w2").isEmpty, "the first lock would have expired by now")
        #expect(kind { () throws(ExternalTaskError) in try setup.service.extendLock(task.id, workerId: "w2", newDuration: 1_000) }?.kind == .lockLost)
        setup.clock.advance(byMilliseconds: 60_000)
        let late = kind { () throws(ExternalTaskError) in try setup.service.extendLock(task.id, workerId: "w1", newDuration: 1_000) }
        #expect(late?.kind == .lockLost)
        #expect(late?.message.contains("expired") == true)
    }

    @Test func aWorkerWithoutTheLockIsRefusedAndUnlockFreesTheTask() throws {
        let setup = try Setup()
        try setup.start()
        let task = try #require(try setup.fetch("w1").first)
        let service = setup.service
        #expect(kind { () throws(ExternalTaskError) in try service.complete(task.id, workerId: "w2", variables: [:]) }?.kind == .lockLost)
        #expect(kind { () throws(ExternalTaskError) in try service.handleFailure(task.id, workerId: "w2", message: "x", retries: nil, retryTimeout: nil) }?.kind == .lockLost)
        #expect(kind { () throws(ExternalTaskError) in
            try service.handleBpmnError(task.id, workerId: "w2", code: "CREDIT_REFUSED", message: nil, variables: [:])
        }?.kind == .lockLost)
        #expect(kind { () throws(ExternalTaskError) in try service.complete("not-an-id", workerId: "w1") }?.kind == .invalidArgument)
        #expect(kind { () throws(ExternalTaskError) in try service.complete("\(task.instance.rawValue)/999", workerId: "w1") }?.kind == .notFound)
        #expect(kind { () throws(ExternalTaskError) in _ = try service.fetchAndLock(workerId: "", topics: [Self.topic], maxTasks: 1) }?.kind == .invalidArgument)
        try service.unlock(task.id)
        #expect(kind { () throws(ExternalTaskError) in try service.complete(task.id, workerId: "w1") }?.message == "external task '\(task.id)' is not locked by worker 'w1'; fetch and lock it first")
        #expect(try setup.fetch("w2").count == 1)
    }

    @Test func maxTasksIsRespected() throws {
        let setup = try Setup()
        for _ in 0..<5 { try setup.start() }
        #expect(try setup.fetch("w1", max: 3).count == 3)
        #expect(try setup.fetch("w2", max: 10).count == 2)
        #expect(try setup.fetch("w3", max: 10).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func longPollingReturnsAsSoonAsATaskAppearsAndEmptyAfterItsTimeout() throws {
        let setup = try Setup(clock: nil)
        // Checking the database only once a minute: only the wake-up can end the poll early.
        let service = ExternalTaskService(runtime: setup.runtime, bindings: Self.bindings, recheckMilliseconds: 60_000)
        let began = Date()
        let empty = try service.fetchAndLock(workerId: "w1", topics: [Self.topic], maxTasks: 1, longPollMilliseconds: 300)
        #expect(empty.isEmpty)
        #expect(Date().timeIntervalSince(began) >= 0.29)
        let runtime = setup.runtime
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) {
            _ = try? runtime.start(processID: "invoice")
        }
        let polled = Date()
        let tasks = try service.fetchAndLock(workerId: "w1", topics: [Self.topic], maxTasks: 1, longPollMilliseconds: 20_000)
        let waited = Date().timeIntervalSince(polled)
        #expect(tasks.count == 1)
        #expect(waited >= 0.25 && waited < 5, "woken by the new job, not at the end of the poll (\(waited) s)")
    }
}
