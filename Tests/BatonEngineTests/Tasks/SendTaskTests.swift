import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Send tasks without a connector: they send their message and move on.
@Suite struct SendTaskTests {
    static let messages = #"<bpmn:message id="orderPlacedMessage" name="orderPlaced"/>"#

    @Test func sendTaskSendsItsMessageWithItsInputsAsPayload() throws {
        // Given a send task whose input mappings make the payload
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify"/>
            <bpmn:sendTask id="notify" messageRef="orderPlacedMessage">
              <bpmn:extensionElements>
                <baton:input name="orderId" value="=order.id"/>
                <baton:input name="channel" value="email"/>
              </bpmn:extensionElements>
            </bpmn:sendTask>
            <bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, extra: Self.messages, variables: ["order": json(#"{"id": "A-1", "secret": "x"}"#)])
        // Then it sends the message named in the declaration, and the instance moves on
        let sent = driver.events.compactMap { event -> (String, FEELContext, ElementID)? in
            if case .messageSent(let name, let variables, let element) = event { (name, variables, element) } else { nil }
        }
        #expect(sent.count == 1)
        #expect(sent.first?.0 == "orderPlaced")
        #expect(sent.first?.1 == ["orderId": .string("A-1"), "channel": .string("email")])
        #expect(sent.first?.2 == "notify")
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "notify", "end"])
        // And its inputs stay local to it
        #expect(driver.variable("orderId") == nil)
    }

    @Test func sendTaskWithoutMessageRefUsesItsID() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ping"/>
            <bpmn:sendTask id="ping"/>
            <bpmn:sequenceFlow id="f2" sourceRef="ping" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(driver.events.contains(.messageSent(name: "ping", variables: FEELContext(), element: "ping")))
    }

    @Test func scenarioDeliversAMessageTheInstanceSentToItself() throws {
        // Given a send task in one branch and a receive task for the same message in the other
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="wait"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="notify"/>
            <bpmn:receiveTask id="wait" messageRef="orderPlacedMessage"/>
            <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:sendTask id="notify" messageRef="orderPlacedMessage">
              <bpmn:extensionElements><baton:input name="sentBy" value="notify"/></bpmn:extensionElements>
            </bpmn:sendTask>
            <bpmn:sequenceFlow id="f5" sourceRef="notify" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            """, extra: Self.messages)
        #expect(result.status == .completed)
        #expect(result.variable("sentBy") == .string("notify"))
        #expect(result.steps.last == "endA")
    }
}
