import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Testing

/// Deploying again adds a version; running instances keep theirs.
@Suite struct ProcessVersionTests {
    /// Version 1: start, user task, end. Version 2 adds a script after the task.
    static let v1 = bpmnDocument("""
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
        <bpmn:userTask id="review"/>
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """)
    static let v2 = bpmnDocument("""
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
        <bpmn:userTask id="review"/>
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="mark"/>
        <bpmn:scriptTask id="mark" baton:resultVariable="version"><bpmn:script>2</bpmn:script></bpmn:scriptTask>
        <bpmn:sequenceFlow id="f3" sourceRef="mark" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """)

    @Test func runningInstanceKeepsItsVersionAfterARedeploy() throws {
        var repository = ProcessRepository()
        try repository.deploy(try loadDocument(Self.v1).definitions)
        let clock = ManualClock(at: InstanceDriver.epoch)
        let before = ProcessEngine(repository: repository, clock: clock)
        var (old, _) = try before.start(processID: "p", id: "old")
        #expect(old.process == ProcessReference(id: "p", version: 1))
        // When version 2 is deployed
        try repository.deploy(try loadDocument(Self.v2).definitions)
        let after = ProcessEngine(repository: repository, clock: clock)
        // Then new instances start on it, and the old instance goes on with version 1
        var (new, _) = try after.start(processID: "p", id: "new")
        #expect(new.process == ProcessReference(id: "p", version: 2))
        for state in [old, new] { #expect(state.userTasks.count == 1) }
        try after.execute(.completeUserTask(try #require(old.userTasks.keys.first)), on: &old)
        try after.execute(.completeUserTask(try #require(new.userTasks.keys.first)), on: &new)
        #expect(old.status == .completed)
        #expect(old.variables["version"] == nil)
        #expect(new.variables["version"] == number(2))
        // An explicit version can still be started
        let (pinned, _) = try after.start(processID: "p", version: 1, id: "pinned")
        #expect(pinned.process.version == 1)
    }
}
