import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Embedded subprocesses: their own scope of tokens and variables.
@Suite struct SubProcessTests {
    @Test func subprocessRunsItsContentAndCompletesAfterIt() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="inner"/>
              <bpmn:task id="inner"/>
              <bpmn:sequenceFlow id="s2" sourceRef="inner" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "subStart", "inner", "subEnd", "sub", "end"])
    }

    @Test func subprocessWithNestedParallelSplitsCompletesOnceEveryTokenInsideEnds() throws {
        // Given a subprocess with a parallel split whose first branch splits again
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="split"/>
              <bpmn:parallelGateway id="split"/>
              <bpmn:sequenceFlow id="s2" sourceRef="split" targetRef="split2"/>
              <bpmn:sequenceFlow id="s3" sourceRef="split" targetRef="c"/>
              <bpmn:parallelGateway id="split2"/>
              <bpmn:sequenceFlow id="s4" sourceRef="split2" targetRef="a"/>
              <bpmn:sequenceFlow id="s5" sourceRef="split2" targetRef="b"/>
              <bpmn:userTask id="a"/>
              <bpmn:userTask id="b"/>
              <bpmn:sequenceFlow id="s6" sourceRef="a" targetRef="join2"/>
              <bpmn:sequenceFlow id="s7" sourceRef="b" targetRef="join2"/>
              <bpmn:parallelGateway id="join2"/>
              <bpmn:sequenceFlow id="s8" sourceRef="join2" targetRef="join"/>
              <bpmn:userTask id="c"/>
              <bpmn:sequenceFlow id="s9" sourceRef="c" targetRef="cEnd"/>
              <bpmn:endEvent id="cEnd"/>
              <bpmn:parallelGateway id="join"/>
              <bpmn:sequenceFlow id="s10" sourceRef="join" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(driver.openUserTasks == ["c", "a", "b"])
        // The join with one incoming flow passes through; c ends on its own
        try driver.completeUserTask("c")
        try driver.completeUserTask("a")
        #expect(!driver.path.contains("sub"))
        #expect(driver.instance("sub")?.tokens == 2)  // b, and a's token waiting at join2
        try driver.completeUserTask("b")
        #expect(driver.path.suffix(6) == ["b", "join2", "join", "subEnd", "sub", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func subprocessInputMappingsAreLocalAndNotVisibleOutside() throws {
        // Given a subprocess with a local variable from an input mapping, used inside
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements><baton:input name="rate" value="=0.2"/></bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="calc"/>
              <bpmn:scriptTask id="calc" baton:resultVariable="tax"><bpmn:script>amount * rate</bpmn:script></bpmn:scriptTask>
              <bpmn:sequenceFlow id="s2" sourceRef="calc" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"amount": 100}}"#)
        // Then the script saw it, its new variable reached the process, the local did not
        #expect(result.status == .completed)
        #expect(result.variable("tax") == number(20))
        #expect(result.variable("rate") == nil)
    }

    @Test func subprocessLocalUpdatedInsideStaysLocal() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements><baton:input name="counter" value="=0"/></bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="inc"/>
              <bpmn:scriptTask id="inc" baton:resultVariable="counter"><bpmn:script>counter + 1</bpmn:script></bpmn:scriptTask>
              <bpmn:sequenceFlow id="s2" sourceRef="inc" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"counter": 10}}"#)
        // The script updated the subprocess's counter (the nearest), not the process's
        #expect(result.variable("counter") == number(10))
    }

    @Test func subprocessOutputMappingsPropagateResults() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements>
                <baton:input name="local" value="=5"/>
                <baton:output name="result" value="=local * 2"/>
              </bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.variable("result") == number(10))
        #expect(result.variable("local") == nil)
    }

    @Test func userTaskInsideSubprocessSeesTheSubprocessLocals() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements><baton:input name="team" value="=&quot;ops-&quot; + region"/></bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="approve"/>
              <bpmn:userTask id="approve" baton:candidateGroups="=team"/>
              <bpmn:sequenceFlow id="s2" sourceRef="approve" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, variables: ["region": .string("eu")])
        #expect(driver.userTask("approve")?.candidateGroups == ["ops-eu"])
        #expect(driver.instance("sub")?.variables == ["team": .string("ops-eu")])
        try driver.completeUserTask("approve", ["approved": .boolean(true)])
        #expect(driver.variable("approved") == .boolean(true))
        #expect(driver.variable("team") == nil)
        #expect(driver.state.status == .completed)
    }

    @Test func implicitSplitOutOfASubprocess() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub" default="otherwise">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="vip" sourceRef="sub" targetRef="vipEnd"><bpmn:conditionExpression>vip</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="otherwise" sourceRef="sub" targetRef="normalEnd"/>
            <bpmn:endEvent id="vipEnd"/>
            <bpmn:endEvent id="normalEnd"/>
            """, scenario: #"{"variables": {"vip": true}}"#)
        #expect(result.steps.last == "vipEnd")
    }
}
