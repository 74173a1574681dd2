import BatonEngine
import BatonModel
import BatonTesting
import Testing

/// `asyncBefore` / `asyncAfter`: the element stops at a continuation job, so the command
/// commits there; completing the job lets it go on.
@Suite struct AsyncContinuationTests {
    static func process(_ attributes: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        <bpmn:scriptTask id="work" \(attributes) baton:resultVariable="x"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    @Test func asyncBeforeStopsBeforeTheElementStarts() throws {
        var driver = try InstanceDriver(Self.process(#"baton:asyncBefore="true""#))
        let job = try #require(driver.job("work"))
        #expect(job.isContinuation && job.operation == "before")
        #expect(driver.path == ["start"])
        #expect(driver.variable("x") == nil)
        try driver.execute(.completeJob(job.key))
        #expect(driver.path == ["start", "work", "end"])
        #expect(driver.variable("x") == number(2))
    }

    @Test func asyncAfterStopsWhenTheWorkIsDone() throws {
        var driver = try InstanceDriver(Self.process(#"camunda:asyncAfter="true""#))
        let job = try #require(driver.job("work"))
        #expect(job.operation == "after")
        #expect(driver.variable("x") == number(2))
        #expect(driver.path == ["start"])
        try driver.execute(.completeJob(job.key))
        #expect(driver.path == ["start", "work", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func bothStopTwiceAndSurviveSaveAndRestore() throws {
        var driver = try InstanceDriver(Self.process(#"baton:asyncBefore="true" baton:asyncAfter="true""#))
        try driver.saveAndRestore()
        try driver.execute(.completeJob(try #require(driver.job("work")).key))
        try driver.saveAndRestore()
        #expect(driver.job("work")?.operation == "after")
        try driver.execute(.completeJob(try #require(driver.job("work")).key))
        #expect(driver.state.status == .completed)
    }

    @Test func aContinuationCannotThrowABPMNError() throws {
        var driver = try InstanceDriver(Self.process(#"baton:asyncBefore="true""#))
        let job = try #require(driver.job("work"))
        #expect(throws: CommandRejection.self) { try driver.execute(.throwJobError(job.key, errorCode: "X")) }
    }

    @Test func theScenarioRunnerGoesThroughContinuationsWithoutStubbingThem() throws {
        let result = try run(Self.process(#"baton:asyncBefore="true" baton:asyncAfter="true""#))
        #expect(result.status == .completed)
        #expect(result.stubbed.isEmpty)
        #expect(result.steps == ["start", "work", "end"])
    }
}
