import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// The step limit: a loop without a wait state stops with an incident instead of
/// hanging, and resolving the incident continues where it stopped.
@Suite struct StepLimitTests {
    /// A loop of a script (`n = n + 1`) and a gateway that leaves when `n >= limit`.
    static let loop = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inc"/>
        <bpmn:scriptTask id="inc" baton:resultVariable="n"><bpmn:script>n + 1</bpmn:script></bpmn:scriptTask>
        <bpmn:sequenceFlow id="f2" sourceRef="inc" targetRef="check"/>
        <bpmn:exclusiveGateway id="check" default="again"/>
        <bpmn:sequenceFlow id="done" sourceRef="check" targetRef="end"><bpmn:conditionExpression>n &gt;= limit</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="again" sourceRef="check" targetRef="inc"/>
        <bpmn:endEvent id="end"/>
        """

    static let reason = "stopped after 25 steps without reaching a wait state; is there a loop with no task or event that waits?"

    @Test func endlessLoopStopsWithAStepLimitIncident() throws {
        let driver = try InstanceDriver(Self.loop, variables: ["n": number(0), "limit": number(1_000_000)], stepLimit: 25)
        #expect(driver.state.status == .active)
        let incident = try #require(driver.incidents.first)
        #expect(driver.incidents.count == 1)
        #expect(incident.reason == Self.reason)
        #expect(incident.elementInstance == nil)
        #expect(incident.step == .continueRun)
        #expect(["inc", "check"].contains(incident.element.rawValue))
        // 25 activations: start, then 12 rounds of script and gateway
        #expect(driver.events.count { if case .elementActivated = $0 { true } else { false } } == 25)
        #expect(driver.variable("n") == number(12))
    }

    @Test func resolvingTheStepLimitIncidentContinuesWhereItStopped() throws {
        // Given a loop of 30 rounds (61 activations) under a limit of 25 per command
        var driver = try InstanceDriver(Self.loop, variables: ["n": number(0), "limit": number(30)], stepLimit: 25)
        var resolutions = 0
        while !driver.incidents.isEmpty, resolutions < 10 {
            #expect(driver.incidents.map(\.reason) == [Self.reason])
            try driver.resolveIncident()
            resolutions += 1
        }
        // Then each resolution runs 25 more steps, and the instance completes exactly once
        #expect(resolutions == 2)
        #expect(driver.state.status == .completed)
        #expect(driver.variable("n") == number(30))
        #expect(driver.path.filter { $0 == "inc" }.count == 30)
        #expect(driver.path.last == "end")
    }

    @Test func stoppedRunSurvivesSaveAndRestore() throws {
        var plain = try InstanceDriver(Self.loop, variables: ["n": number(0), "limit": number(20)], stepLimit: 25)
        var restored = plain
        try restored.saveAndRestore()
        #expect(restored.state == plain.state)
        try plain.resolveIncident()
        try restored.resolveIncident()
        #expect(restored.state == plain.state)
        #expect(restored.state.status == .completed)
        #expect(restored.variable("n") == number(20))
    }

    @Test func otherCommandsWorkWhileTheStepLimitIncidentIsOpen() throws {
        var driver = try InstanceDriver(Self.loop, variables: ["n": number(0), "limit": number(1_000_000)], stepLimit: 25)
        try driver.execute(.setVariables(["limit": number(13)]))
        #expect(driver.incidents.count == 1)
        try driver.resolveIncident()
        #expect(driver.state.status == .completed)
        #expect(driver.variable("n") == number(13))
    }

    @Test func cancelDropsTheStoppedWork() throws {
        var driver = try InstanceDriver(Self.loop, variables: ["n": number(0), "limit": number(1_000_000)], stepLimit: 25)
        let incident = try #require(driver.incidents.first)
        let produced = try driver.execute(.cancel)
        #expect(produced.contains(.incidentResolved(incident.key)))
        #expect(driver.state.status == .cancelled)
        #expect(driver.state.incidents.isEmpty)
        #expect(driver.state.elements.count == 1)
    }

    // MARK: maxSteps in scenarios

    @Test func scenarioMaxStepsStopsAnEndlessLoop() throws {
        let result = try run(Self.loop, scenario: #"{"variables": {"n": 0, "limit": 1000000}, "maxSteps": 40}"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason == "the run reached maxSteps (40) before finishing; raise maxSteps, or look for a loop that never waits")
    }

    @Test func scenarioMaxStepsIsEnoughForAFiniteLoop() throws {
        let result = try run(Self.loop, scenario: #"{"variables": {"n": 0, "limit": 10}, "maxSteps": 100}"#)
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(10))
    }

    @Test func scenarioMaxStepsCountsStepsAcrossCommands() throws {
        // Given a loop that waits at a user task every round, answered every time
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="review"/>
            """, scenario: #"{"userTasks": {"review": {}}, "maxSteps": 20}"#)
        // Then the run ends in error once the steps are used up
        #expect(result.status == .error)
        #expect(result.incidents.map(\.reason).contains { $0.contains("20") && $0.contains("steps") })
        #expect(result.steps.count < 25)
    }

    @Test func scenarioMaxStepsMustBePositive() throws {
        #expect(throws: ScenarioError.self) { try Scenario(json: #"{"maxSteps": 0}"#) }
    }
}
