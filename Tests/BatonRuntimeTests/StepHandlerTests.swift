import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Logging
import Testing

/// A service task calling the ERP, with an error boundary for a refused credit check.
/// `ASYNC` is replaced by the task's `baton:async` attribute (or nothing).
let creditModel = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
      <bpmn:error id="refused" errorCode="CREDIT_REFUSED"/>
      <bpmn:process id="credit" isExecutable="true">
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
        <bpmn:serviceTask id="check" baton:connector="erp" baton:operation="credit.check" ASYNC>
          <bpmn:extensionElements><baton:header name="region" value="EU"/></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:boundaryEvent id="onRefused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="refused"/></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="approved"/>
        <bpmn:endEvent id="approved"/>
        <bpmn:sequenceFlow id="f3" sourceRef="onRefused" targetRef="refusedEnd"/>
        <bpmn:endEvent id="refusedEnd"/>
      </bpmn:process>
    </bpmn:definitions>
    """

/// Step handlers registered by connector and operation, and `baton:async="false"` tasks
/// whose handler runs inside the step.
@Suite struct StepHandlerTests {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "ERP unreachable" }
    }

    func runtime(async: String?, _ database: TemporaryDatabase) throws -> Runtime {
        var runtime = try database.runtime()
        let attribute = async.map { "baton:async=\"\($0)\"" } ?? ""
        try runtime.deploy(xml: creditModel.replacingOccurrences(of: "ASYNC", with: attribute), fileName: "credit.bpmn")
        return runtime
    }

    @Test func aHandlerSeesTheWholeCallAndItsOutputCompletesTheTask() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: nil, database)
        let seen = Recorder<ConnectorCall>()
        runtime.register(connector: "erp", operation: "credit.check") { call in
            seen.append(call)
            return ["limit": .number(FEELNumber(5000))]
        }
        runtime.register(connector: "erp", operation: "other") { _ in Issue.record("the wrong operation's handler ran"); return [:] }
        let id = try runtime.start(processID: "credit", businessKey: "C-7", variables: ["amount": .number(FEELNumber(1200))]).id
        #expect(try runtime.instance(id).jobs.count == 1, "without baton:async=\"false\" the call goes through the job table")
        #expect(try runtime.runDueJobs().completed == 1)
        let call = try #require(seen.values.first)
        #expect(call.connector == "erp" && call.operation == "credit.check" && call.element == "check")
        #expect(call.processInstance == id && call.businessKey == "C-7" && call.attempt == 1)
        #expect(call.variables["amount"] == .number(FEELNumber(1200)))
        #expect(call.headers == [NamedValue(name: "region", value: "EU")])
        #expect(!call.idempotencyKey.isEmpty)
        #expect(call.logger[metadataKey: "instance"] == "\(id)")
        let state = try runtime.instance(id)
        #expect(state.status == .completed && state.variables["limit"] == .number(FEELNumber(5000)))
    }

    @Test func aThrownBPMNErrorIsCaughtByTheBoundaryEvent() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: nil, database)
        runtime.register(connector: "erp") { _ in throw BPMNError(code: "CREDIT_REFUSED", message: "over the limit") }
        let id = try runtime.start(processID: "credit").id
        #expect(try runtime.runDueJobs().errorsThrown == 1)
        #expect(try runtime.history(of: id).contains { if case .elementCompleted(_, "refusedEnd") = $0.event { true } else { false } })
        #expect(try runtime.instance(id).status == .completed)
    }

    @Test func aNonRetryableFailureRaisesTheIncidentAtOnce() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: nil, database)
        runtime.register(connector: "erp") { _ in throw JobFailure("400 Bad Request: amount missing", retryable: false) }
        let id = try runtime.start(processID: "credit").id
        #expect(try runtime.runDueJobs().failed == 1)
        #expect(try runtime.instance(id).incidents.values.map(\.reason) == ["serviceTask 'check' failed and has no retries left: 400 Bad Request: amount missing"])
    }

    @Test func anInStepTaskCompletesWithinTheStartCommand() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: "false", database)
        let calls = Recorder<Int>()
        runtime.register(connector: "erp") { call in
            calls.append(call.attempt)
            return ["limit": .number(FEELNumber(5000))]
        }
        let started = try runtime.start(processID: "credit")
        #expect(started.status == .completed, "the handler ran inside the start step")
        #expect(calls.values == [1])
        #expect(try runtime.instance(started.id).variables["limit"] == .number(FEELNumber(5000)))
        #expect(try runtime.runDueJobs() == JobRunReport(), "no job was left in the job table")
    }

    @Test func anInStepTaskThatFailsFallsBackToTheJobTable() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: "false", database)
        let failures = Recorder<Int>()
        runtime.register(connector: "erp") { call in
            failures.append(call.attempt)
            if call.attempt == 1 { throw Unreachable() }
            return [:]
        }
        let started = try runtime.start(processID: "credit")
        #expect(started.status == .active && started.jobs.values.first?.lastError == "ERP unreachable")
        #expect(failures.values == [1], "a failed in-step call is not repeated inside the step")
        runtime.clockAdvance(byMilliseconds: 1_000)
        #expect(try runtime.runDueJobs().completed == 1)
        #expect(try runtime.instance(started.id).status == .completed && failures.values == [1, 2])
    }

    @Test func anInStepTaskWithoutAHandlerHereWaitsInTheJobTable() throws {
        let database = try TemporaryDatabase()
        let runtime = try runtime(async: "false", database)
        let started = try runtime.start(processID: "credit")
        #expect(started.jobs.count == 1 && started.status == .active)
    }

    @Test func retriesOfManyInstancesAreSpreadByJitter() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(async: nil, database)
        runtime.register(connector: "erp") { _ in throw Unreachable() }
        let ids = try (0..<20).map { _ in try runtime.start(processID: "credit").id }
        #expect(try runtime.runDueJobs().failed == 20)
        let retryTimes = try Set(ids.map { try #require(try runtime.instance($0).jobs.values.first?.retryAt) })
        #expect(retryTimes.count > 10, "twenty failed calls do not all retry at the same millisecond")
        let now = runtime.clock.now()
        for time in retryTimes {
            let wait = time.millisecondsSinceEpoch - now.millisecondsSinceEpoch
            #expect(wait >= 750 && wait <= 1_000, "the first retry waits between three quarters of the backoff and all of it, not \(wait) ms")
        }
    }
}

/// Values appended from handlers (which may run on any thread).
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    func append(_ value: Value) { lock.withLock { stored.append(value) } }
    var values: [Value] { lock.withLock { stored } }
}

extension Runtime {
    /// Moves the test's manual clock on.
    func clockAdvance(byMilliseconds milliseconds: Int64) {
        (clock as? ManualClock)?.advance(byMilliseconds: milliseconds)
    }
}
