import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Testing

/// Commands that do not apply are rejected, leaving the state and the events unchanged;
/// `setVariables` applies to the process or a live scope.
@Suite struct CommandRejectionTests {
    static let waiting = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review"/>
        <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="book"/>
        <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="wait"/>
        <bpmn:userTask id="review"/>
        <bpmn:serviceTask id="book" baton:connector="erp"/>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="endA"/>
        <bpmn:sequenceFlow id="f6" sourceRef="book" targetRef="endB"/>
        <bpmn:sequenceFlow id="f7" sourceRef="wait" targetRef="endC"/>
        <bpmn:endEvent id="endA"/>
        <bpmn:endEvent id="endB"/>
        <bpmn:endEvent id="endC"/>
        """
    static let extra = #"<bpmn:message id="m" name="ping"/>"#

    /// Expects `command` to be rejected for `reason` with `message`, changing nothing.
    static func expectRejected(
        _ command: EngineCommand, _ reason: CommandRejection.Reason, _ message: String, on driver: inout InstanceDriver,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let state = driver.state, events = driver.events
        do {
            try driver.execute(command)
            Issue.record("\(command) was not rejected", sourceLocation: sourceLocation)
        } catch {
            #expect(error.reason == reason, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
        #expect(driver.state == state, sourceLocation: sourceLocation)
        #expect(driver.events == events, sourceLocation: sourceLocation)
    }

    @Test func unknownKeysAreRejected() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra)
        Self.expectRejected(.completeUserTask(UserTaskKey(999)), .notFound, "no open user task with key 999", on: &driver)
        Self.expectRejected(.completeJob(JobKey(999)), .notFound, "no open job with key 999", on: &driver)
        Self.expectRejected(.failJob(JobKey(999), message: "x"), .notFound, "no open job with key 999", on: &driver)
        Self.expectRejected(.throwJobError(JobKey(999), errorCode: "E"), .notFound, "no open job with key 999", on: &driver)
        Self.expectRejected(.fireTimer(SubscriptionKey(999)), .notFound, "no pending timer with key 999", on: &driver)
        Self.expectRejected(.resolveIncident(IncidentKey(999)), .notFound, "no open incident with key 999", on: &driver)
        Self.expectRejected(.setVariables(["x": number(1)], scope: ElementInstanceKey(999)), .notFound, "no element instance with key 999", on: &driver)
    }

    @Test func keysOfTheWrongKindAreRejected() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra)
        let task = try #require(driver.userTask("review"))
        let job = try #require(driver.job("book"))
        let message = try #require(driver.subscription("wait"))
        Self.expectRejected(.completeJob(JobKey(task.key.rawValue)), .notFound, "no open job with key \(task.key)", on: &driver)
        Self.expectRejected(.completeUserTask(UserTaskKey(job.key.rawValue)), .notFound, "no open user task with key \(job.key)", on: &driver)
        Self.expectRejected(.fireTimer(message.key), .notFound, "no pending timer with key \(message.key)", on: &driver)
    }

    @Test func aMessageNobodyWaitsForIsRejected() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra)
        Self.expectRejected(
            .correlateMessage(name: "pong"), .notCorrelated, "no element of process instance 'test' waits for message 'pong'", on: &driver)
    }

    @Test func completingTheSameTaskTwiceIsRejectedTheSecondTime() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra)
        let task = try #require(driver.userTask("review"))
        try driver.execute(.completeUserTask(task.key))
        Self.expectRejected(.completeUserTask(task.key), .notFound, "no open user task with key \(task.key)", on: &driver)
    }

    @Test func finishedInstanceRejectsCommands() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra)
        try driver.completeUserTask("review")
        try driver.completeJob("book")
        try driver.execute(.correlateMessage(name: "ping"))
        #expect(driver.state.status == .completed)
        Self.expectRejected(.cancel, .invalidState, "process instance 'test' is completed; it takes no more commands", on: &driver)
        Self.expectRejected(.setVariables(["x": number(1)]), .invalidState, "process instance 'test' is completed; it takes no more commands", on: &driver)
    }

    @Test func startingAnUnknownProcessIsRejectedWithASuggestion() throws {
        let loaded = try loadDocument(bpmnDocument(#"<bpmn:startEvent id="s"/>"#, processID: "orderProcess"))
        var repository = ProcessRepository()
        try repository.deploy(loaded.definitions)
        let engine = ProcessEngine(repository: repository, clock: ManualClock(at: InstanceDriver.epoch))
        let rejection = try #require(throws: CommandRejection.self) { _ = try engine.start(processID: "orderProces", id: "x") }
        #expect(rejection.reason == .notFound)
        #expect(rejection.message == "no deployed process 'orderProces' (did you mean 'orderProcess'?)")
        #expect(throws: CommandRejection.self) { _ = try engine.start(processID: "orderProcess", version: 2, id: "x") }
    }

    // MARK: setVariables

    @Test func setVariablesSetsProcessVariablesAndRecordsThem() throws {
        var driver = try InstanceDriver(Self.waiting, extra: Self.extra, variables: ["a": number(1)])
        let produced = try driver.execute(.setVariables(["a": number(2), "b": .string("new")]))
        #expect(driver.state.variables == ["a": number(2), "b": .string("new")])
        #expect(produced == [
            .variableSet(scope: driver.state.rootKey, name: "a", value: number(2), previous: number(1)),
            .variableSet(scope: driver.state.rootKey, name: "b", value: .string("new"), previous: nil),
        ])
        // Nothing else moves
        #expect(driver.openUserTasks == ["review"])
    }
}
