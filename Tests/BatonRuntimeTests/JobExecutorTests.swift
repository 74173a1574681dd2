import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// The job executor: due jobs are locked, handled, and their outcome committed; failures
/// retry with backoff, then become incidents; a crashed owner's jobs run again once their
/// lock expires.
@Suite struct JobExecutorTests {
    struct Timeout: Error, CustomStringConvertible {
        var description: String { "ERP did not answer" }
    }

    static let model = orderModel

    func startedAtTheJob(_ database: TemporaryDatabase, clock: ManualClock) throws -> (Runtime, ProcessInstanceID) {
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: Self.model, fileName: "order.bpmn")
        let id = try runtime.start(processID: "order", variables: ["orderId": .string("O-1"), "amount": .number(FEELNumber(1200))]).id
        try runtime.execute(.completeUserTask(try #require(try runtime.instance(id).userTasks.values.first).key), on: id)
        return (runtime, id)
    }

    @Test func aHandlerCompletesItsJobWithTheInstanceVariables() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var (runtime, id) = try startedAtTheJob(database, clock: clock)
        runtime.register(type: "erp") { job, variables in
            #expect(job.operation == "salesOrder.create")
            return .complete(["salesOrderId": .string("SO-\(variables["amount"]?.description ?? "?")")])
        }
        let report = try runtime.runDueJobs(owner: "node-a")
        #expect(report.completed == 1)
        let state = try runtime.instance(id)
        #expect(state.variables["salesOrderId"] == .string("SO-1200"))
        #expect(state.jobs.isEmpty)
        #expect(try runtime.runDueJobs(owner: "node-a") == JobRunReport())
    }

    @Test func aFailingHandlerIsRetriedAfterItsBackoffThenRaisesAnIncident() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var (runtime, id) = try startedAtTheJob(database, clock: clock)
        runtime.register(type: "erp") { _, _ in throw Timeout() }
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(try runtime.runDueJobs().failed == 0, "the retry is not due before its backoff")
        clock.advance(byMilliseconds: 1_000)
        #expect(try runtime.runDueJobs().failed == 1)
        clock.advance(byMilliseconds: 2_000)
        #expect(try runtime.runDueJobs().failed == 1)
        let state = try runtime.instance(id)
        #expect(state.jobs.isEmpty)
        #expect(state.incidents.values.map(\.reason) == ["serviceTask 'book' failed and has no retries left: ERP did not answer"])
        #expect(try runtime.instances(.incident).map(\.id) == [id])
    }

    @Test func aCrashedOwnersJobRunsAgainOnlyAfterItsLockExpires() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var (runtime, id) = try startedAtTheJob(database, clock: clock)
        // node-a locks the job and "crashes" before finishing it
        let store = try SQLiteStore(path: database.path)
        #expect(try store.acquireJobs(types: ["erp"], owner: "node-a", now: clock.now(), lockFor: 60_000, limit: 10).count == 1)
        runtime.register(type: "erp") { _, _ in .complete(["done": .boolean(true)]) }
        #expect(try runtime.runDueJobs(owner: "node-b", lockFor: 60_000).completed == 0)
        clock.advance(byMilliseconds: 60_000)
        #expect(try runtime.runDueJobs(owner: "node-b", lockFor: 60_000).completed == 1)
        #expect(try runtime.instance(id).variables["done"] == .boolean(true))
    }

    @Test func aBPMNErrorFromAHandlerIsThrownIntoTheProcess() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var (runtime, id) = try startedAtTheJob(database, clock: clock)
        runtime.register(type: "erp") { _, _ in .bpmnError(code: "CREDIT_REFUSED", message: "limit reached", variables: [:]) }
        #expect(try runtime.runDueJobs().errorsThrown == 1)
        #expect(try runtime.instance(id).incidents.values.first?.reason.contains("unhandled BPMN error 'CREDIT_REFUSED'") == true)
    }
}

/// Asynchronous continuations in the durable engine: the start commits at the
/// continuation; the job executor goes on from there.
@Suite struct DurableContinuationTests {
    @Test func theStartCommitsAtTheContinuationAndTheExecutorContinues() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        let model = orderModel.replacingOccurrences(of: #"<bpmn:userTask id="approve"/>"#, with: #"<bpmn:userTask id="approve" baton:asyncBefore="true"/>"#)
        try runtime.deploy(xml: model, fileName: "order.bpmn")
        let id = try runtime.start(processID: "order", variables: ["orderId": .string("O-1")]).id
        let stored = try runtime.instance(id)
        #expect(stored.userTasks.isEmpty)
        #expect(stored.jobs.values.map(\.isContinuation) == [true])
        let report = try database.runtime().runDueJobs()
        #expect(report.completed == 1)
        #expect(try runtime.instance(id).userTasks.values.map(\.element) == ["approve"])
    }
}
