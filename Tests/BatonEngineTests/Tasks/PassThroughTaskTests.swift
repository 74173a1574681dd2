import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Plain tasks and manual tasks: the token passes through.
@Suite struct PassThroughTaskTests {
    @Test func plainAndManualTasksPassTheTokenOn() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="note"/>
            <bpmn:task id="note"/>
            <bpmn:sequenceFlow id="f2" sourceRef="note" targetRef="pack"/>
            <bpmn:manualTask id="pack"/>
            <bpmn:sequenceFlow id="f3" sourceRef="pack" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "note", "pack", "end"])
        #expect(result.openTasks.isEmpty)
        #expect(result.stubbed.isEmpty)
    }

    @Test func plainTaskAppliesItsMappings() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="note"/>
            <bpmn:task id="note">
              <bpmn:extensionElements>
                <baton:input name="base" value="=price * 2"/>
                <baton:output name="doubled" value="=base"/>
              </bpmn:extensionElements>
            </bpmn:task>
            <bpmn:sequenceFlow id="f2" sourceRef="note" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"price": 4}}"#)
        #expect(result.variable("doubled") == number(8))
        #expect(result.variable("base") == nil)
    }
}
