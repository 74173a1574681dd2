import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// A message nobody waits for starts the processes whose message start event waits for
/// it: by correlate and by publish, once per message id, never buffered.
@Suite struct MessageStartTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
          <bpmn:message id="won" name="opportunityWon"/>
          <bpmn:process id="order" isExecutable="true">
            <bpmn:startEvent id="byHand"/>
            <bpmn:sequenceFlow id="f0" sourceRef="byHand" targetRef="work"/>
            <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="won"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="byMessage" targetRef="work"/>
            <bpmn:userTask id="work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    static func runtime(_ database: TemporaryDatabase) throws -> Runtime {
        var runtime = try database.runtime()
        try runtime.deploy(xml: model, fileName: "order.bpmn")
        return runtime
    }

    @Test func correlatingAStartMessageStartsAnInstanceAtThatStartEvent() throws {
        let database = try TemporaryDatabase()
        let runtime = try Self.runtime(database)
        let ids = try runtime.correlate(message: "opportunityWon", businessKey: "OPP-1", variables: ["opportunityId": .string("OPP-1")])
        #expect(ids.count == 1)
        let state = try runtime.instance(try #require(ids.first))
        #expect(state.businessKey == "OPP-1")
        #expect(state.variables["opportunityId"] == .string("OPP-1"))
        #expect(state.elements[state.rootKey]?.triggeredBy == "byMessage")
        #expect(state.userTasks.values.map(\.element) == ["work"])
        #expect(throws: RuntimeError("no process instance waits for message 'opportunityLost' for business key 'OPP-1'", kind: .notFound)) {
            try runtime.correlate(message: "opportunityLost", businessKey: "OPP-1")
        }
    }

    @Test func aPublishedStartMessageStartsOncePerIdAndIsNeverBuffered() throws {
        let database = try TemporaryDatabase()
        let runtime = try Self.runtime(database)
        let first = try runtime.publish(message: "opportunityWon", businessKey: "OPP-2", variables: [:], messageId: "crm-7", timeToLive: 60_000)
        guard case .delivered(let ids) = first, ids.count == 1 else { Issue.record("not started: \(first)"); return }
        #expect(try runtime.publish(message: "opportunityWon", businessKey: "OPP-2", messageId: "crm-7", timeToLive: 60_000) == .duplicate)
        #expect(try runtime.instances().count == 1)
        let second = try runtime.publish(message: "opportunityWon", businessKey: "OPP-3", messageId: "crm-8")
        guard case .delivered(let more) = second else { Issue.record("not started: \(second)"); return }
        #expect(more.count == 1 && more != ids)
        #expect(try runtime.instances().count == 2)
    }
}
