import BatonEngine
import BatonFEEL
import BatonModel
import Foundation
import Testing

/// The stores' compact form of an instance (`storedBytes`): reading it back gives an
/// equal state, including values JSON cannot hold and text that looks like a literal.
@Suite struct StoredStateTests {
    static let content = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review"/>
        <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="gw"/>
        <bpmn:userTask id="review" baton:candidateGroups="sales, finance">
          <bpmn:extensionElements><baton:formField id="ok" type="boolean" required="true"/></bpmn:extensionElements>
          <bpmn:multiInstanceLoopCharacteristics baton:inputCollection="=days" baton:inputElement="day"/>
        </bpmn:userTask>
        <bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f4" sourceRef="remind" targetRef="remindEnd"/>
        <bpmn:endEvent id="remindEnd"/>
        <bpmn:eventBasedGateway id="gw"/>
        <bpmn:sequenceFlow id="f5" sourceRef="gw" targetRef="paid"/>
        <bpmn:sequenceFlow id="f6" sourceRef="gw" targetRef="late"/>
        <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f7" sourceRef="review" targetRef="join"/>
        <bpmn:sequenceFlow id="f8" sourceRef="paid" targetRef="join"/>
        <bpmn:sequenceFlow id="f9" sourceRef="late" targetRef="join"/>
        <bpmn:inclusiveGateway id="join"/>
        <bpmn:sequenceFlow id="f10" sourceRef="join" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    static let extra = #"<bpmn:message id="m" name="paid" baton:correlationKey="=order.id"/>"#

    @Test func aWaitingInstanceReadsBackEqual() throws {
        let variables: FEELContext = [
            "days": feel(#"[date("2026-12-01"), date("2026-12-02")]"#),
            "order": .context(["id": .string("O-1"), "total": .number(FEELNumber("1200.50")!)]),
            "looksLikeALiteral": .string("=not evaluated"),
            "note": .string("quote \" backslash \\ newline \n tab \t é"),
            "due": feel(#"date and time("2026-12-01T08:00:00@Europe/Paris")"#),
            "span": feel(#"duration("P1DT2H")"#),
            "nothing": .null,
        ]
        let driver = try InstanceDriver(Self.content, extra: Self.extra, variables: variables)
        let state = driver.state
        #expect(state.userTasks.count == 2)
        #expect(state.subscriptions.count == 3)  // the reminder cycle (held by the body), the message, the gateway timer
        let restored = try ProcessInstanceState(storedBytes: state.storedBytes)
        #expect(restored == state)
        #expect(restored.variables["looksLikeALiteral"] == .string("=not evaluated"))
        #expect(restored.storedBytes == state.storedBytes)
    }

    @Test func damagedStoredStateIsAnErrorThatNamesTheField() throws {
        let driver = try InstanceDriver(Self.content, extra: Self.extra, variables: ["days": .list([]), "order": .context(["id": .string("O-1")])])
        var text = String(decoding: driver.state.storedBytes, as: UTF8.self)
        text = text.replacingOccurrences(of: #""st":"active""#, with: #""st":"sleeping""#)
        #expect(throws: StoredStateError.self) { try ProcessInstanceState(storedBytes: Array(text.utf8)) }
        #expect(throws: StoredStateError.self) { try ProcessInstanceState(storedBytes: Array("{\"id\": 3}".utf8)) }
        #expect(throws: StoredStateError.self) { try ProcessInstanceState(storedBytes: Array("not json".utf8)) }
    }
}
