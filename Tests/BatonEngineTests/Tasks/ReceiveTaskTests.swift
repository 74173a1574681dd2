import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Receive tasks: waiting for a message, correlation keys.
@Suite struct ReceiveTaskTests {
    static let content = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="awaitPayment"/>
        <bpmn:receiveTask id="awaitPayment" messageRef="paid" baton:correlationKey="=orderId"/>
        <bpmn:sequenceFlow id="f2" sourceRef="awaitPayment" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    static let messages = #"<bpmn:message id="paid" name="paymentReceived"/>"#

    @Test func receiveTaskWaitsForItsMessage() throws {
        let driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": .string("A-1")])
        let subscription = try #require(driver.subscription("awaitPayment"))
        #expect(subscription.trigger == .message(name: "paymentReceived", correlationKey: "A-1"))
        #expect(driver.instance("awaitPayment")?.waitingFor == .subscription(subscription.key))
        #expect(driver.state.status == .active)
    }

    @Test func messageWithTheMatchingCorrelationKeyCompletesTheTask() throws {
        var driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": .string("A-1")])
        try driver.execute(.correlateMessage(name: "paymentReceived", correlationKey: "A-1", variables: ["paid": number(1200)]))
        #expect(driver.variable("paid") == number(1200))
        #expect(driver.state.subscriptions.isEmpty)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "awaitPayment", "end"])
    }

    @Test func messageWithAnotherCorrelationKeyIsRejected() throws {
        var driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": .string("A-1")])
        let before = driver.state
        let rejection = try #require(throws: CommandRejection.self) {
            try driver.execute(.correlateMessage(name: "paymentReceived", correlationKey: "B-2"))
        }
        #expect(rejection.reason == .notCorrelated)
        #expect(rejection.message == "no element of process instance 'test' waits for message 'paymentReceived' with correlation key 'B-2'")
        #expect(driver.state == before)
        // Without a key it does not match a subscription that has one
        #expect(throws: CommandRejection.self) { try driver.execute(.correlateMessage(name: "paymentReceived")) }
    }

    @Test func messageOfAnotherNameIsRejected() throws {
        var driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": .string("A-1")])
        let rejection = try #require(throws: CommandRejection.self) {
            try driver.execute(.correlateMessage(name: "paymentRefused", correlationKey: "A-1"))
        }
        #expect(rejection.reason == .notCorrelated)
    }

    @Test func numericCorrelationKeyMatchesItsText() throws {
        var driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": number(42)])
        #expect(driver.subscription("awaitPayment")?.trigger == .message(name: "paymentReceived", correlationKey: "42"))
        try driver.execute(.correlateMessage(name: "paymentReceived", correlationKey: "42"))
        #expect(driver.state.status == .completed)
    }

    @Test func nullCorrelationKeyRaisesAnIncident() throws {
        let driver = try InstanceDriver(Self.content, extra: Self.messages, variables: ["orderId": .null])
        #expect(driver.incidents.map(\.reason) == ["the correlation key of receiveTask 'awaitPayment' is null"])
        #expect(driver.state.subscriptions.isEmpty)
    }

    @Test func zeebeSubscriptionOnTheMessageGivesTheCorrelationKey() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="awaitPayment"/>
            <bpmn:receiveTask id="awaitPayment" messageRef="paid"/>
            <bpmn:sequenceFlow id="f2" sourceRef="awaitPayment" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, extra: """
            <bpmn:message id="paid" name="paymentReceived">
              <bpmn:extensionElements><zeebe:subscription correlationKey="=customer.id"/></bpmn:extensionElements>
            </bpmn:message>
            """, variables: ["customer": json(#"{"id": "C-9"}"#)])
        #expect(driver.subscription("awaitPayment")?.trigger == .message(name: "paymentReceived", correlationKey: "C-9"))
    }

    @Test func oneMessageCompletesOnlyTheOldestWaitingTask() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="first"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="second"/>
            <bpmn:receiveTask id="first" messageRef="paid"/>
            <bpmn:receiveTask id="second" messageRef="paid"/>
            <bpmn:sequenceFlow id="f4" sourceRef="first" targetRef="endA"/>
            <bpmn:sequenceFlow id="f5" sourceRef="second" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """, extra: Self.messages)
        try driver.execute(.correlateMessage(name: "paymentReceived"))
        #expect(driver.path.suffix(2) == ["first", "endA"])
        #expect(driver.subscription("second") != nil)
        try driver.execute(.correlateMessage(name: "paymentReceived"))
        #expect(driver.state.status == .completed)
    }

    @Test func scenarioDeliversQueuedMessagesInOrder() throws {
        // Given two receive tasks in a row for the same message
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first"/>
            <bpmn:receiveTask id="first" messageRef="paid"/>
            <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second"/>
            <bpmn:receiveTask id="second" messageRef="paid"/>
            <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"messages": {"paymentReceived": [{"n": 1}, {"n": 2}]}}"#, extra: Self.messages)
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(2))
    }

    @Test func scenarioWithoutTheMessageLeavesTheTaskOpen() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"orderId": "A-1"}}"#, extra: Self.messages)
        #expect(result.status == .waiting)
        #expect(result.openTasks == ["awaitPayment"])
    }
}
