import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// The inclusive join (OR-join): it fires once no token of its scope can still reach an
/// incoming flow that has none.
@Suite struct InclusiveJoinTests {
    /// An inclusive fork to three user tasks (taken when `takeA`, `takeB`, `takeC`),
    /// joined by an inclusive gateway.
    static let threeBranches = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
        <bpmn:inclusiveGateway id="fork"/>
        <bpmn:sequenceFlow id="toA" sourceRef="fork" targetRef="a"><bpmn:conditionExpression>takeA</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toB" sourceRef="fork" targetRef="b"><bpmn:conditionExpression>takeB</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toC" sourceRef="fork" targetRef="c"><bpmn:conditionExpression>takeC</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:userTask id="a"/>
        <bpmn:userTask id="b"/>
        <bpmn:userTask id="c"/>
        <bpmn:sequenceFlow id="fromA" sourceRef="a" targetRef="join"/>
        <bpmn:sequenceFlow id="fromB" sourceRef="b" targetRef="join"/>
        <bpmn:sequenceFlow id="fromC" sourceRef="c" targetRef="join"/>
        <bpmn:inclusiveGateway id="join"/>
        <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="after"/>
        <bpmn:task id="after"/>
        <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """

    static let twoOfThree: FEELContext = ["takeA": .boolean(true), "takeB": .boolean(true), "takeC": .boolean(false)]

    // MARK: (a) only the branches taken are awaited

    @Test func joinFiresAfterTheTwoBranchesTakenOfThree() throws {
        // Given a fork that took branches a and b, not c
        var driver = try InstanceDriver(Self.threeBranches, variables: Self.twoOfThree)
        #expect(driver.openUserTasks == ["a", "b"])
        // When a completes, the join waits for b
        try driver.completeUserTask("a")
        #expect(!driver.path.contains("join"))
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"] == ["fromA": 1])
        // When b completes, the join fires once, without waiting for c
        try driver.completeUserTask("b")
        #expect(driver.path == ["start", "fork", "a", "b", "join", "after", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func joinFiresAfterTheOnlyBranchTaken() throws {
        let result = try run(
            Self.threeBranches,
            scenario: #"{"variables": {"takeA": false, "takeB": false, "takeC": true}, "userTasks": {"*": {}}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "fork", "c", "join", "after", "end"])
    }

    @Test func joinFiresWhenAllThreeBranchesArrive() throws {
        let result = try run(
            Self.threeBranches,
            scenario: #"{"variables": {"takeA": true, "takeB": true, "takeC": true}, "userTasks": {"*": {}}}"#)
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "join" }.count == 1)
        #expect(result.steps.suffix(3) == ["join", "after", "end"])
    }

    // MARK: (b) a branch that went elsewhere upstream is not awaited

    @Test func joinFiresWithoutABranchThatEndedBeforeReachingIt() throws {
        // Given the review branch waiting at the join and the check branch still open
        var driver = try InstanceDriver(document: try engineFixture("inclusive-join-rerouted"), processID: "orJoinRerouted")
        try driver.completeUserTask("review")
        #expect(!driver.path.contains("join"))
        // When the check branch is routed to its own end event
        try driver.completeUserTask("check", ["outcome": .string("rejected")])
        // Then the join fires with the review token alone
        #expect(driver.path == ["start", "fork", "review", "check", "route", "rejected", "join", "after", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func joinFiresWithoutABranchThatWentOnElsewhere() throws {
        let result = try runFixture(
            "inclusive-join-rerouted", scenario: #"{"userTasks": {"review": {}, "check": {"outcome": "escalate"}}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "fork", "review", "check", "route", "escalate", "escalated", "join", "after", "end"])
    }

    @Test func branchRoutedAwayBeforeTheOtherArrivesDoesNotHoldTheJoin() throws {
        // Given the check branch leaves first, while review is still open
        var driver = try InstanceDriver(document: try engineFixture("inclusive-join-rerouted"), processID: "orJoinRerouted")
        try driver.completeUserTask("check", ["outcome": .string("rejected")])
        #expect(driver.path == ["start", "fork", "check", "route", "rejected"])
        // When review arrives, the join fires at once
        try driver.completeUserTask("review")
        #expect(driver.path.suffix(4) == ["review", "join", "after", "end"])
        #expect(driver.state.status == .completed)
    }

    // MARK: (c) a token upstream holds the join

    @Test func branchWaitingAtAUserTaskUpstreamHoldsTheJoinUntilCompleted() throws {
        var driver = try InstanceDriver(document: try engineFixture("inclusive-join-rerouted"), processID: "orJoinRerouted")
        try driver.completeUserTask("review")
        // The check task is open upstream of the join's other flow: the join waits
        #expect(driver.openUserTasks == ["check"])
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"] == ["fromReview": 1])
        // Saving and restoring while the join waits changes nothing
        try driver.saveAndRestore()
        try driver.completeUserTask("check", ["outcome": .string("ok")])
        #expect(driver.path == ["start", "fork", "review", "check", "route", "join", "after", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func scenarioWithTheUpstreamTaskUnansweredWaits() throws {
        let result = try runFixture("inclusive-join-rerouted", scenario: #"{"userTasks": {"review": {}}}"#)
        #expect(result.status == .waiting)
        #expect(result.openTasks == ["check"])
        #expect(!result.steps.contains("join"))
    }

    @Test func tokensInASubprocessAndAtAnInnerJoinHoldTheOuterJoin() throws {
        // Given the quick branch at the outer join, x2 at the inner join, and user tasks
        // open at x1 and inside the subprocess
        var driver = try InstanceDriver(
            document: try engineFixture("inclusive-join-nested"), processID: "orJoinNested", variables: ["withSub": .boolean(true)])
        #expect(driver.openUserTasks == ["x1", "subTask"])
        #expect(!driver.path.contains("innerJoin"))
        #expect(!driver.path.contains("outerJoin"))
        // When x1 completes, the inner join fires; the subprocess still holds the outer join
        try driver.completeUserTask("x1")
        #expect(driver.path.filter { $0 == "innerJoin" }.count == 1)
        #expect(!driver.path.contains("outerJoin"))
        // When the subprocess ends, the outer join fires once
        try driver.completeUserTask("subTask")
        #expect(driver.path.filter { $0 == "outerJoin" }.count == 1)
        #expect(driver.state.status == .completed)
    }

    @Test func outerJoinDoesNotWaitForASubprocessBranchNotTaken() throws {
        var driver = try InstanceDriver(
            document: try engineFixture("inclusive-join-nested"), processID: "orJoinNested", variables: ["withSub": .boolean(false)])
        try driver.completeUserTask("x1")
        #expect(driver.path.suffix(3) == ["innerJoin", "outerJoin", "end"])
        #expect(driver.state.status == .completed)
    }
}
