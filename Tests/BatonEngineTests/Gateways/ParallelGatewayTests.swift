import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Parallel gateways: fork every flow, join when every flow has a token.
@Suite struct ParallelGatewayTests {
    static let content = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
        <bpmn:parallelGateway id="fork"/>
        <bpmn:sequenceFlow id="toA" sourceRef="fork" targetRef="a"/>
        <bpmn:sequenceFlow id="toB" sourceRef="fork" targetRef="b"/>
        <bpmn:sequenceFlow id="toC" sourceRef="fork" targetRef="c"/>
        <bpmn:userTask id="a"/>
        <bpmn:task id="b"/>
        <bpmn:serviceTask id="c" baton:connector="erp"/>
        <bpmn:sequenceFlow id="fromA" sourceRef="a" targetRef="join"/>
        <bpmn:sequenceFlow id="fromB" sourceRef="b" targetRef="join"/>
        <bpmn:sequenceFlow id="fromC" sourceRef="c" targetRef="join"/>
        <bpmn:parallelGateway id="join"/>
        <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="after"/>
        <bpmn:task id="after"/>
        <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """

    @Test func forkStartsEveryBranch() throws {
        let driver = try InstanceDriver(Self.content)
        #expect(driver.flowsTaken.prefix(4) == ["f1", "toA", "toB", "toC"])
        #expect(driver.openUserTasks == ["a"])
        #expect(driver.job("c") != nil)
        #expect(driver.path == ["start", "fork", "b"])
    }

    @Test func joinFiresOnceAfterEveryBranchArrives() throws {
        var driver = try InstanceDriver(Self.content)
        try driver.completeJob("c")
        #expect(!driver.path.contains("join"))
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"] == ["fromB": 1, "fromC": 1])
        try driver.completeUserTask("a")
        #expect(driver.path == ["start", "fork", "b", "c", "a", "join", "after", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func joinWaitsForeverWhileABranchIsStuckAtAUserTask() throws {
        // Given a scenario that never completes the user task
        let result = try run(Self.content)
        // Then the join never fires and the run waits at the task
        #expect(result.status == .waiting)
        #expect(result.openTasks == ["a"])
        #expect(result.steps == ["start", "fork", "b", "c"])
        #expect(result.stubbed == ["c"])
    }

    @Test func scenarioCompletesEveryBranchAndTheJoin() throws {
        let result = try run(Self.content, scenario: #"{"userTasks": {"a": {"fromA": true}}, "serviceTasks": {"c": {"fromC": true}}}"#)
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "join" }.count == 1)
        #expect(result.steps.suffix(3) == ["join", "after", "end"])
        #expect(result.variable("fromA") == .boolean(true))
        #expect(result.variable("fromC") == .boolean(true))
    }

    @Test func conditionsOnForkFlowsAreIgnored() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="endA"><bpmn:conditionExpression>false</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """)
        #expect(result.steps == ["start", "fork", "endA", "endB"])
    }

    @Test func incidentInOneBranchHoldsTheJoinButNotTheOtherBranch() throws {
        // Given a fork where one branch's script fails
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="broken"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="review"/>
            <bpmn:scriptTask id="broken" baton:resultVariable="y"><bpmn:script>x + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f4" sourceRef="broken" targetRef="join"/>
            <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="join"/>
            <bpmn:parallelGateway id="join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(driver.incidents.map(\.element) == ["broken"])
        // The other branch still runs up to the join
        try driver.completeUserTask("review")
        #expect(driver.path.last == "review")
        #expect(!driver.path.contains("join"))
        // Fixing and resolving the incident lets the join fire
        try driver.execute(.setVariables(["x": number(1)]))
        try driver.resolveIncident()
        #expect(driver.path.suffix(3) == ["broken", "join", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func twoTokensOnOneFlowWaitForTheOtherFlowEachTime() throws {
        // Given a join where one flow gets two tokens before the other gets any
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="merge"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="merge"/>
            <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="wait"/>
            <bpmn:exclusiveGateway id="merge"/>
            <bpmn:sequenceFlow id="left" sourceRef="merge" targetRef="join"/>
            <bpmn:userTask id="wait"/>
            <bpmn:sequenceFlow id="right" sourceRef="wait" targetRef="join"/>
            <bpmn:parallelGateway id="join"/>
            <bpmn:sequenceFlow id="f5" sourceRef="join" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"]?["left"] == 2)
        // When the other flow gets one token, the join fires once and one token stays
        try driver.completeUserTask("wait")
        #expect(driver.path.filter { $0 == "join" }.count == 1)
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"] == ["left": 1])
        #expect(driver.state.status == .active)
    }
}
