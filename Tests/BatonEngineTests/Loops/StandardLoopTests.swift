import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Standard loops: the activity runs, then runs again while `loopCondition` is true
/// (BPMN 2.0, table 10.24: "the Activity will only loop as long as this condition is
/// true"); with `testBefore` the condition is checked before each run, so it may run
/// zero times; `loopMaximum` caps the runs. `loopCounter` counts them.
@Suite struct StandardLoopTests {
    /// start → a script task `work` adding one to `n` and logging `loopCounter` → end.
    static func process(_ loop: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        <bpmn:scriptTask id="work" baton:resultVariable="n">
          <bpmn:extensionElements>
            <baton:output name="n" value="=n"/>
            <baton:output name="log" value="=append(log, loopCounter)"/>
          </bpmn:extensionElements>
          \(loop)
          <bpmn:script>n + 1</bpmn:script>
        </bpmn:scriptTask>
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    static func loop(testBefore: Bool = false, maximum: Int? = nil, condition: String?) -> String {
        let max = maximum.map { #" loopMaximum="\#($0)""# } ?? ""
        let body = condition.map { "<bpmn:loopCondition>\($0)</bpmn:loopCondition>" } ?? ""
        return #"<bpmn:standardLoopCharacteristics testBefore="\#(testBefore)"\#(max)>\#(body)</bpmn:standardLoopCharacteristics>"#
    }

    static func scenario(n: Int) -> String { #"{"variables": {"n": \#(n), "log": []}}"# }

    @Test func repeatsWhileTheConditionIsTrue() throws {
        let result = try run(Self.process(Self.loop(condition: "n &lt; 3")), scenario: Self.scenario(n: 0))
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(3))
        #expect(result.variable("log") == json("[1, 2, 3]"))
        #expect(result.steps == ["start", "work", "work", "work", "end"])
        #expect(result.loopsCompleted == ["work"])
    }

    @Test func withoutTestBeforeRunsOnceEvenWhenTheConditionIsFalse() throws {
        let result = try run(Self.process(Self.loop(condition: "n &lt; 3")), scenario: Self.scenario(n: 5))
        #expect(result.variable("n") == number(6))
        #expect(result.steps == ["start", "work", "end"])
    }

    @Test func testBeforeWithAFalseConditionRunsZeroTimes() throws {
        let result = try run(Self.process(Self.loop(testBefore: true, condition: "n &lt; 3")), scenario: Self.scenario(n: 5))
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(5))
        #expect(result.variable("log") == json("[]"))
        #expect(result.steps == ["start", "end"])
        #expect(result.loopsCompleted == ["work"])
    }

    @Test func testBeforeWithATrueConditionRunsUntilItTurnsFalse() throws {
        let result = try run(Self.process(Self.loop(testBefore: true, condition: "n &lt; 3")), scenario: Self.scenario(n: 1))
        #expect(result.variable("n") == number(3))
        #expect(result.variable("log") == json("[1, 2]"))
    }

    @Test func loopMaximumCapsTheRuns() throws {
        let result = try run(Self.process(Self.loop(maximum: 3, condition: "true")), scenario: Self.scenario(n: 0))
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(3))
        #expect(result.variable("log") == json("[1, 2, 3]"))
    }

    @Test func loopMaximumWithoutAConditionRunsThatManyTimes() throws {
        // The validator accepts a loopMaximum alone and rejects a loop with neither,
        // "so it would never end": no condition means no reason to stop before the
        // maximum (SpiffWorkflow also runs such a loop loopMaximum times).
        let result = try run(Self.process(Self.loop(maximum: 3, condition: nil)), scenario: Self.scenario(n: 0))
        #expect(result.status == .completed)
        #expect(result.variable("n") == number(3))
        #expect(result.steps == ["start", "work", "work", "work", "end"])
    }

    @Test func loopMaximumWithTestBefore() throws {
        let result = try run(Self.process(Self.loop(testBefore: true, maximum: 2, condition: "n &lt; 10")), scenario: Self.scenario(n: 0))
        #expect(result.variable("n") == number(2))
    }

    @Test func userTaskLoopsUntilThePersonIsDone() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:userTask id="work">
              <bpmn:standardLoopCharacteristics><bpmn:loopCondition>not(done)</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """
        var driver = try InstanceDriver(content)
        let body = try #require(driver.instances("work").first { $0.isLoopBody })
        #expect(driver.instances("work").first { !$0.isLoopBody }?.variables?["loopCounter"] == number(1))
        try driver.completeUserTask("work", ["done": .boolean(false)])
        #expect(driver.openUserTasks == ["work"])
        #expect(driver.instances("work").first { !$0.isLoopBody }?.variables?["loopCounter"] == number(2))
        #expect(driver.state.elements[body.key]?.variables?["loopCounter"] == number(2))
        try driver.completeUserTask("work", ["done": .boolean(true)])
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "work", "work", "end"])
        #expect(driver.variable("loopCounter") == nil)
    }

    @Test func conditionThatIsNotABooleanRaisesAnIncident() throws {
        let result = try run(Self.process(Self.loop(condition: "n")), scenario: Self.scenario(n: 0))
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["work"])
        #expect(result.incidents.first?.reason == "the loop condition of scriptTask 'work' is number 1, not true or false")
    }

    @Test func timerBoundaryOnALoopingTaskInterruptsTheLoop() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:userTask id="work">
              <bpmn:standardLoopCharacteristics><bpmn:loopCondition>true</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:boundaryEvent id="enough" attachedToRef="work">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT8H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="enough" targetRef="stopped"/>
            <bpmn:endEvent id="stopped"/>
            """
        let result = try run(content, scenario: #"{"userTasks": {"work": [{}, {}]}}"#)
        // Two runs answered, the third waits until the timer ends the loop
        #expect(result.status == .completed)
        #expect(result.clock == "PT8H")
        #expect(result.steps == ["start", "work", "work", "enough", "stopped"])
        #expect(result.state?.subscriptions.isEmpty == true)
    }
}
