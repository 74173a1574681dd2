import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Cancelling an instance ends every token and everything it waits for.
@Suite struct CancelTests {
    static func everything() throws -> InstanceDriver {
        try InstanceDriver(document: try engineFixture("instance-cancel-everything"), processID: "everything")
    }

    @Test func instanceWaitsInEveryWayBeforeTheCancel() throws {
        let driver = try Self.everything()
        #expect(Set(driver.openUserTasks) == ["approve", "subTask", "childTask"])
        #expect(driver.state.jobs.count == 1)
        #expect(driver.state.subscriptions.count == 2)
        #expect(driver.incidents.map(\.element) == ["broken"])
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"] == ["toJoin": 1])
    }

    @Test func cancelEndsEveryTokenJobTaskSubscriptionAndIncident() throws {
        var driver = try Self.everything()
        let before = driver.events.count
        let produced = try driver.execute(.cancel)
        // Then nothing is left open
        #expect(driver.state.status == .cancelled)
        #expect(driver.state.endedAt != nil)
        #expect(driver.state.userTasks.isEmpty)
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.state.subscriptions.isEmpty)
        #expect(driver.state.incidents.isEmpty)
        #expect(driver.state.elements.count == 1)
        #expect(driver.state.elements[driver.state.rootKey]?.state == .terminated)
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals == nil)
        // And the events say what was ended, with nothing completed
        let terminated = Set(driver.terminated)
        #expect(terminated == ["approve", "book", "wait", "paid", "sub", "subTask", "call", "childTask", "broken"])
        #expect(produced.count { if case .userTaskCancelled = $0 { true } else { false } } == 3)
        #expect(produced.count { if case .jobCancelled = $0 { true } else { false } } == 1)
        #expect(produced.count { if case .subscriptionClosed = $0 { true } else { false } } == 2)
        #expect(produced.count { if case .incidentResolved = $0 { true } else { false } } == 1)
        #expect(!produced.contains { if case .elementCompleted = $0 { true } else { false } })
        #expect(produced.last == .processInstanceCancelled(driver.state.process))
        #expect(driver.events.count == before + produced.count)
    }

    @Test func innerElementsAreTerminatedBeforeTheirScope() throws {
        var driver = try Self.everything()
        try driver.execute(.cancel)
        let order = driver.terminated
        let subTask = try #require(order.firstIndex(of: "subTask"))
        let sub = try #require(order.firstIndex(of: "sub"))
        let childTask = try #require(order.firstIndex(of: "childTask"))
        let call = try #require(order.firstIndex(of: "call"))
        #expect(subTask < sub)
        #expect(childTask < call)
    }

    @Test func cancelledInstanceRejectsEveryCommand() throws {
        var driver = try Self.everything()
        let task = try #require(driver.userTask("approve"))
        try driver.execute(.cancel)
        let rejection = try #require(throws: CommandRejection.self) { try driver.execute(.completeUserTask(task.key)) }
        #expect(rejection.reason == .invalidState)
        #expect(rejection.message == "process instance 'test' is cancelled; it takes no more commands")
        #expect(throws: CommandRejection.self) { try driver.execute(.cancel) }
        #expect(throws: CommandRejection.self) { try driver.execute(.setVariables(["x": number(1)])) }
    }

    @Test func cancelKeepsTheVariables() throws {
        var driver = try InstanceDriver(
            #"<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="u"/><bpmn:userTask id="u"/>"#,
            variables: ["amount": number(5)])
        try driver.execute(.cancel)
        #expect(driver.state.variables == ["amount": number(5)])
    }
}
