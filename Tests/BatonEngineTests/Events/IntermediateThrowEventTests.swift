import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Intermediate throw events: none, link, message, escalation (signals are in
/// ``IntermediateCatchEventTests``).
@Suite struct IntermediateThrowEventTests {
    @Test func noneThrowEventIsAMilestoneTheTokenPasses() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="milestone"/>
            <bpmn:intermediateThrowEvent id="milestone" name="Order checked"/>
            <bpmn:sequenceFlow id="f2" sourceRef="milestone" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "milestone", "end"])
    }

    @Test func linkThrowContinuesAtTheLinkCatchOfTheSameName() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="goToB"/>
            <bpmn:intermediateThrowEvent id="goToB"><bpmn:linkEventDefinition name="B"/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="fromA"><bpmn:linkEventDefinition name="A"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="fromA" targetRef="wrongEnd"/>
            <bpmn:endEvent id="wrongEnd"/>
            <bpmn:intermediateCatchEvent id="fromB"><bpmn:linkEventDefinition name="B"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="fromB" targetRef="after"/>
            <bpmn:task id="after"/>
            <bpmn:sequenceFlow id="f4" sourceRef="after" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "goToB", "fromB", "after", "end"])
        #expect(driver.flowsTaken == ["f1", "f3", "f4"])
    }

    @Test func linkEventsPairInsideASubprocess() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="jump"/>
              <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="next"/></bpmn:intermediateThrowEvent>
              <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="next"/></bpmn:intermediateCatchEvent>
              <bpmn:sequenceFlow id="s2" sourceRef="land" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "subStart", "jump", "land", "subEnd", "sub", "end"])
    }

    @Test func messageThrowEventSendsItsMessageAndMovesOn() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="announce"/>
            <bpmn:intermediateThrowEvent id="announce">
              <bpmn:extensionElements><baton:input name="orderId" value="=order.id"/></bpmn:extensionElements>
              <bpmn:messageEventDefinition messageRef="m"/>
            </bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="announce" targetRef="done"/>
            <bpmn:endEvent id="done"><bpmn:messageEventDefinition messageRef="m"/></bpmn:endEvent>
            """, extra: #"<bpmn:message id="m" name="orderAnnounced"/>"#, variables: ["order": json(#"{"id": "A-7"}"#)])
        let sent = driver.events.filter { if case .messageSent = $0 { true } else { false } }
        #expect(sent == [
            .messageSent(name: "orderAnnounced", variables: ["orderId": .string("A-7")], element: "announce"),
            .messageSent(name: "orderAnnounced", variables: FEELContext(), element: "done"),
        ])
        #expect(driver.state.status == .completed)
    }

    @Test func escalationNobodyCatchesIsReportedAndTheFlowGoesOn() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="raise"/>
            <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late"/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="raise" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, extra: #"<bpmn:escalation id="late" escalationCode="LATE"/>"#)
        #expect(driver.events.contains(.escalationThrown(code: "LATE", element: "raise")))
        #expect(driver.state.status == .completed)
    }

    @Test func errorEndEventNobodyCatchesRaisesAnIncident() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fail"/>
            <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="e"/></bpmn:endEvent>
            """, extra: #"<bpmn:error id="e" errorCode="OUT_OF_STOCK"/>"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason == "unhandled BPMN error 'OUT_OF_STOCK' thrown by endEvent 'fail'; no error event catches it")
    }
}
