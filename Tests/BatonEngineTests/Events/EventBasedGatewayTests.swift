import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Event-based gateways: the token waits for the first of the events after the gateway;
/// that event wins and the others are withdrawn (a late message for a withdrawn catch is
/// not consumed).
@Suite struct EventBasedGatewayTests {
    static let declarations = """
        <bpmn:message id="mPaid" name="paid"/>
        <bpmn:message id="mCancelled" name="cancelled"/>
        <bpmn:signal id="sRecall" name="recall"/>
        """

    static func timer(_ duration: String) -> String {
        "<bpmn:timerEventDefinition><bpmn:timeDuration>\(duration)</bpmn:timeDuration></bpmn:timerEventDefinition>"
    }

    /// start → gw → {paid (message), timeout (timer PT1H), recalled (signal)}, each → its end
    /// (`afterTimeout` replaces the end after the timer).
    static func process(afterTimeout: String = #"<bpmn:endEvent id="timeoutEnd"/>"#) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
        <bpmn:eventBasedGateway id="gw"/>
        <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="paid"/>
        <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="timeout"/>
        <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="recalled"/>
        <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="mPaid"/></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="timeout">\(timer("PT1H"))</bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="recalled"><bpmn:signalEventDefinition signalRef="sRecall"/></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f5" sourceRef="paid" targetRef="paidEnd"/>
        <bpmn:sequenceFlow id="f6" sourceRef="timeout" targetRef="timeoutEnd"/>
        <bpmn:sequenceFlow id="f7" sourceRef="recalled" targetRef="recalledEnd"/>
        <bpmn:endEvent id="paidEnd"/>
        \(afterTimeout)
        <bpmn:endEvent id="recalledEnd"/>
        """
    }

    @Test func gatewayWaitsForEveryEventAfterIt() throws {
        let driver = try InstanceDriver(Self.process(), extra: Self.declarations)
        let gateway = try #require(driver.instance("gw"))
        #expect(gateway.state == .active)
        #expect(gateway.waitingFor == .events)
        #expect(driver.subscriptions("paid").map(\.trigger) == [.message(name: "paid", correlationKey: nil)])
        #expect(driver.subscriptions("timeout").map(\.trigger) == [.timer(dueAt: instant(hours: 1))])
        #expect(driver.subscriptions("recalled").map(\.trigger) == [.signal(name: "recall")])
        #expect(gateway.eventSubscriptions?.count == 3)
        // The catch events are not entered until one wins
        #expect(driver.instance("paid") == nil)
    }

    @Test func messageWinsAndTheOthersAreWithdrawn() throws {
        let result = try run(Self.process(), scenario: #"{"messages": {"paid": [{"amount": 120}]}}"#, extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "gw", "paid", "paidEnd"])
        #expect(result.clock == "PT0S")
        #expect(result.variable("amount") == number(120))
        #expect(result.state?.subscriptions.isEmpty == true)
    }

    @Test func signalWins() throws {
        var driver = try InstanceDriver(Self.process(), extra: Self.declarations)
        try driver.signal("recall")
        #expect(driver.path == ["start", "gw", "recalled", "recalledEnd"])
        #expect(driver.state.subscriptions.isEmpty)
    }

    @Test func timerWinsAndTheLateMessageIsNotConsumed() throws {
        // Given a gateway whose timer branch then waits for a person
        var driver = try InstanceDriver(
            Self.process(afterTimeout: """
                <bpmn:userTask id="timeoutEnd"/>
                <bpmn:sequenceFlow id="f8" sourceRef="timeoutEnd" targetRef="done"/>
                <bpmn:endEvent id="done"/>
                """), extra: Self.declarations)
        let message = try #require(driver.subscription("paid"))
        // When the timer fires
        try driver.fireTimer("timeout")
        // Then the timer's branch goes on and the message catch is withdrawn
        #expect(driver.path == ["start", "gw", "timeout"])
        #expect(driver.openUserTasks == ["timeoutEnd"])
        #expect(driver.events.contains(.subscriptionClosed(message.key)))
        #expect(driver.state.subscriptions.isEmpty)
        // A message arriving now is not taken by the withdrawn catch
        let before = driver.state
        let rejection = #expect(throws: CommandRejection.self) { try driver.correlate("paid") }
        #expect(rejection?.reason == .notCorrelated)
        #expect(driver.state == before)
    }

    @Test func lateMessageIsLeftForTheNextCatchOfThatMessage() throws {
        // The message is sent (by this instance) after the timer won; the withdrawn catch
        // does not take it, the catch the timer's branch reaches later does
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="gw"/>
            <bpmn:sequenceFlow id="p1" sourceRef="fork" targetRef="later"/>
            <bpmn:intermediateCatchEvent id="later">\(Self.timer("PT2H"))</bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="p2" sourceRef="later" targetRef="sendPaid"/>
            <bpmn:intermediateThrowEvent id="sendPaid"><bpmn:messageEventDefinition messageRef="mPaid"/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="p3" sourceRef="sendPaid" targetRef="senderEnd"/>
            <bpmn:endEvent id="senderEnd"/>
            <bpmn:eventBasedGateway id="gw"/>
            <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="paid"/>
            <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="timeout"/>
            <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="mPaid"/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="timeout">\(Self.timer("PT1H"))</bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f5" sourceRef="paid" targetRef="paidEnd"/>
            <bpmn:endEvent id="paidEnd"/>
            <bpmn:sequenceFlow id="f6" sourceRef="timeout" targetRef="paidLate"/>
            <bpmn:intermediateCatchEvent id="paidLate"><bpmn:messageEventDefinition messageRef="mPaid"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f7" sourceRef="paidLate" targetRef="lateEnd"/>
            <bpmn:endEvent id="lateEnd"/>
            """
        let result = try run(content, extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H")
        #expect(!result.steps.contains("paid"))
        #expect(result.steps == ["start", "fork", "gw", "timeout", "later", "sendPaid", "senderEnd", "paidLate", "lateEnd"])
    }

    @Test func firstOfTwoMessagesWinsAndTheSecondFindsNothing() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
            <bpmn:eventBasedGateway id="gw"/>
            <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="paid"/>
            <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="cancelled"/>
            <bpmn:receiveTask id="paid" messageRef="mPaid"/>
            <bpmn:intermediateCatchEvent id="cancelled"><bpmn:messageEventDefinition messageRef="mCancelled"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f5" sourceRef="paid" targetRef="paidEnd"/>
            <bpmn:sequenceFlow id="f6" sourceRef="cancelled" targetRef="cancelledEnd"/>
            <bpmn:endEvent id="paidEnd"/>
            <bpmn:endEvent id="cancelledEnd"/>
            """
        let result = try run(content, scenario: #"{"messages": {"cancelled": [{"by": "customer"}], "paid": [{"amount": 1}]}}"#, extra: Self.declarations)
        // The receive task's subscription is older, so the runner offers `paid` first
        #expect(result.steps == ["start", "gw", "paid", "paidEnd"])
        #expect(result.variable("amount") == number(1))
        #expect(result.variable("by") == nil)
        var driver = try InstanceDriver(content, extra: Self.declarations)
        try driver.correlate("cancelled", ["by": .string("customer")])
        #expect(driver.path == ["start", "gw", "cancelled", "cancelledEnd"])
        #expect(driver.variable("by") == .string("customer"))
        #expect(throws: CommandRejection.self) { try driver.correlate("paid") }
    }
}
