import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Publishing messages: deduplicated by id, buffered for a time to live until a matching
/// catch event opens, dropped when expired, and kept across a restart.
@Suite struct MessagePublishTests {
    /// Approve (a user task), then wait for `paymentReceived` keyed by the order id.
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:message id="paid" name="paymentReceived" baton:correlationKey="=orderId"/>
          <bpmn:message id="shipped" name="shipped"/>
          <bpmn:process id="pay" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
            <bpmn:userTask id="approve"/>
            <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="waitPayment"/>
            <bpmn:receiveTask id="waitPayment" messageRef="paid"/>
            <bpmn:sequenceFlow id="f3" sourceRef="waitPayment" targetRef="waitShipping"/>
            <bpmn:intermediateCatchEvent id="waitShipping"><bpmn:messageEventDefinition messageRef="shipped"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="waitShipping" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    /// A runtime on a fresh database with the model deployed, and its clock.
    static func setUp(_ database: TemporaryDatabase) throws -> (Runtime, ManualClock) {
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: model, fileName: "pay.bpmn")
        return (runtime, clock)
    }

    static func approve(_ id: ProcessInstanceID, on runtime: Runtime) throws -> ProcessInstanceState {
        try runtime.execute(.completeUserTask(try #require(try runtime.instance(id).userTasks.values.first).key), on: id)
    }

    @Test func aBufferedMessageIsDeliveredWhenTheInstanceArrivesAtTheCatchEventLater() throws {
        let database = try TemporaryDatabase()
        let (runtime, clock) = try Self.setUp(database)
        let started = try runtime.start(processID: "pay", variables: ["orderId": .string("O-1")])
        let other = try runtime.start(processID: "pay", variables: ["orderId": .string("O-2")])
        let outcome = try runtime.publish(message: "paymentReceived", correlationKey: "O-1", variables: ["amount": .number(FEELNumber(12))], timeToLive: 60_000)
        #expect(outcome == .buffered(expiresAt: clock.now().advanced(byMilliseconds: 60_000)))
        clock.advance(byMilliseconds: 30_000)
        // Another order's instance does not take it.
        #expect(try Self.approve(other.id, on: runtime).subscriptions.values.map(\.element) == ["waitPayment"])
        let arrived = try Self.approve(started.id, on: runtime)
        #expect(arrived.subscriptions.values.map(\.element) == ["waitShipping"])
        #expect(try runtime.instance(started.id).variables["amount"] == .number(FEELNumber(12)))
        // Taken: it is not delivered a second time.
        #expect(throws: RuntimeError.self) { try runtime.correlate(message: "paymentReceived", correlationKey: "O-1") }
    }

    @Test func aMessageBufferedByBusinessKeyGoesToTheFirstInstanceWithThatKey() throws {
        let database = try TemporaryDatabase()
        let (runtime, _) = try Self.setUp(database)
        let first = try runtime.start(processID: "pay", businessKey: "B-1", variables: ["orderId": .string("O-1")])
        let second = try runtime.start(processID: "pay", businessKey: "B-1", variables: ["orderId": .string("O-2")])
        let outcome = try runtime.publish(message: "shipped", businessKey: "B-1", timeToLive: 60_000)
        guard case .buffered = outcome else { Issue.record("not buffered: \(outcome)"); return }
        _ = try Self.approve(first.id, on: runtime)
        _ = try runtime.correlate(message: "paymentReceived", correlationKey: "O-1")
        #expect(try runtime.instance(first.id).status == .completed)
        _ = try Self.approve(second.id, on: runtime)
        _ = try runtime.correlate(message: "paymentReceived", correlationKey: "O-2")
        #expect(try runtime.instance(second.id).subscriptions.values.map(\.element) == ["waitShipping"])
    }

    @Test func anExpiredMessageIsDropped() throws {
        let database = try TemporaryDatabase()
        let (runtime, clock) = try Self.setUp(database)
        let started = try runtime.start(processID: "pay", variables: ["orderId": .string("O-1")])
        _ = try runtime.publish(message: "paymentReceived", correlationKey: "O-1", timeToLive: 1_000)
        clock.advance(byMilliseconds: 1_000)
        #expect(try Self.approve(started.id, on: runtime).subscriptions.values.map(\.element) == ["waitPayment"])
    }

    @Test func aRepeatedMessageIdIsAcknowledgedAndIgnored() throws {
        let database = try TemporaryDatabase()
        let (runtime, _) = try Self.setUp(database)
        let started = try runtime.start(processID: "pay", variables: ["orderId": .string("O-1")])
        // Nobody waits and no time to live: refused, and the id is not spent.
        #expect(throws: RuntimeError.self) { try runtime.publish(message: "paymentReceived", correlationKey: "O-1", messageId: "m-1") }
        _ = try Self.approve(started.id, on: runtime)
        #expect(try runtime.publish(message: "paymentReceived", correlationKey: "O-1", messageId: "m-1") == .delivered([started.id]))
        #expect(try runtime.publish(message: "shipped", businessKey: nil, messageId: "m-1") == .duplicate)
        #expect(try runtime.instance(started.id).subscriptions.values.map(\.element) == ["waitShipping"])
    }

    @Test func bufferedMessagesAndProcessedIdsSurviveARestart() throws {
        let database = try TemporaryDatabase()
        let (runtime, clock) = try Self.setUp(database)
        let started = try runtime.start(processID: "pay", variables: ["orderId": .string("O-1")])
        #expect(try runtime.publish(message: "paymentReceived", correlationKey: "O-1", messageId: "m-1", timeToLive: 60_000) != .duplicate)
        let reopened = try database.runtime(at: clock)
        #expect(try reopened.publish(message: "paymentReceived", correlationKey: "O-1", messageId: "m-1", timeToLive: 60_000) == .duplicate)
        #expect(try Self.approve(started.id, on: reopened).subscriptions.values.map(\.element) == ["waitShipping"])
    }

    @Test func aDatabaseFromBeforeTheMessageStoreIsUpgradedAndKeepsItsInstances() throws {
        let database = try TemporaryDatabase()
        let (runtime, clock) = try Self.setUp(database)
        let started = try runtime.start(processID: "pay", variables: ["orderId": .string("O-1")])
        // As the previous Baton left it: no message tables, migrations up to v5.
        #expect(try database.runSQL("DROP TABLE message_id; DROP TABLE message_buffer; DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'") == 0)
        let upgraded = try database.runtime(at: clock)
        #expect(try upgraded.instance(started.id).userTasks.count == 1)
        guard case .buffered = try upgraded.publish(message: "paymentReceived", correlationKey: "O-1", timeToLive: 60_000) else {
            Issue.record("not buffered")
            return
        }
        #expect(try Self.approve(started.id, on: upgraded).subscriptions.values.map(\.element) == ["waitShipping"])
    }
}
