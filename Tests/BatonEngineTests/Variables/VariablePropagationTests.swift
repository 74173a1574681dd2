import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Foundation
import Testing

/// Where a variable set without a scope lands: the nearest scope that already has it,
/// else the process.
@Suite struct VariablePropagationTests {
    /// Subprocess `outer` (local `x` and `shared`) around subprocess `inner` (local `y`)
    /// around user task `work`.
    static let nested = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="outer"/>
        <bpmn:subProcess id="outer">
          <bpmn:extensionElements>
            <baton:input name="x" value="=0"/>
            <baton:input name="shared" value="outer"/>
          </bpmn:extensionElements>
          <bpmn:startEvent id="outerStart"/>
          <bpmn:sequenceFlow id="o1" sourceRef="outerStart" targetRef="inner"/>
          <bpmn:subProcess id="inner">
            <bpmn:extensionElements><baton:input name="y" value="=0"/></bpmn:extensionElements>
            <bpmn:startEvent id="innerStart"/>
            <bpmn:sequenceFlow id="i1" sourceRef="innerStart" targetRef="work"/>
            <bpmn:userTask id="work"/>
            <bpmn:sequenceFlow id="i2" sourceRef="work" targetRef="innerEnd"/>
            <bpmn:endEvent id="innerEnd"/>
          </bpmn:subProcess>
          <bpmn:sequenceFlow id="o2" sourceRef="inner" targetRef="outerEnd"/>
          <bpmn:endEvent id="outerEnd"/>
        </bpmn:subProcess>
        <bpmn:sequenceFlow id="f2" sourceRef="outer" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """

    @Test func resultGoesToTheNearestScopeThatHasTheVariable() throws {
        var driver = try InstanceDriver(Self.nested, variables: ["x": number(100), "z": number(100)])
        let completion: FEELContext = ["x": number(1), "y": number(2), "z": number(3), "fresh": number(4)]
        try driver.completeUserTask("work", completion)
        // x lived in outer, y in inner: both vanished with their scopes
        // z lived at the process: updated; fresh existed nowhere: created at the process
        #expect(driver.state.variables == ["x": number(100), "z": number(3), "fresh": number(4)])
        let xSets = driver.events.compactMap { event -> FEELValue? in
            if case .variableSet(_, "x", let value, _) = event { value } else { nil }
        }
        #expect(xSets == [number(100), number(0), number(1)])
    }

    @Test func innerScopesSeeOuterLocalsAndHideTheProcessVariables() throws {
        let driver = try InstanceDriver(
            Self.nested.replacingOccurrences(of: #"<bpmn:userTask id="work"/>"#, with: #"<bpmn:userTask id="work" baton:assignee="=shared + string(x) + string(y)"/>"#),
            variables: ["shared": .string("process"), "x": number(9)])
        #expect(driver.userTask("work")?.assignee == "outer00")
    }

    @Test func setVariablesOnAScopeSetsThemLocally() throws {
        var driver = try InstanceDriver(Self.nested)
        let inner = try #require(driver.instance("inner"))
        try driver.execute(.setVariables(["note": .string("local")], scope: inner.key))
        #expect(driver.instance("inner")?.variables?["note"] == .string("local"))
        #expect(driver.variable("note") == nil)
        try driver.execute(.setVariables(["note": .string("global")]))
        #expect(driver.variable("note") == .string("global"))
    }

    @Test func outputMappingOfAnInnerTaskUpdatesTheEnclosingSubprocessLocal() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements>
                <baton:input name="total" value="=0"/>
                <baton:output name="reported" value="=total"/>
              </bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="add"/>
              <bpmn:task id="add"><bpmn:extensionElements><baton:output name="total" value="=total + 5"/></bpmn:extensionElements></bpmn:task>
              <bpmn:sequenceFlow id="s2" sourceRef="add" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"total": 1000}}"#)
        #expect(result.variable("reported") == number(5))
        #expect(result.variable("total") == number(1000))
    }

    @Test func jobResultIsNotSwallowedByTheTasksOwnInputMapping() throws {
        // Given a service task whose input mapping creates a local `amount` for the worker
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="price"/>
            <bpmn:serviceTask id="price" baton:connector="pricing">
              <bpmn:extensionElements><baton:input name="amount" value="=order.amount"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="price" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, variables: ["order": json(#"{"amount": 5}"#)])
        // When the worker answers with `amount` (and no output mappings filter the result)
        try driver.completeJob("price", ["amount": number(99), "currency": .string("EUR")])
        // Then the result propagates from the task's scope like every other variable
        // (Zeebe merges a result without output mappings into the flow scope), rather than
        // landing in the task's input local and vanishing with it
        #expect(driver.variable("currency") == .string("EUR"))
        #expect(driver.variable("amount") == number(99))
    }

    @Test func userTaskAnswerIsNotSwallowedByTheTasksOwnInputMapping() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review">
              <bpmn:extensionElements><baton:input name="approved" value="=false"/></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        try driver.completeUserTask("review", ["approved": .boolean(true)])
        #expect(driver.variable("approved") == .boolean(true))
    }

    @Test func messagePayloadPropagatesLikeAJobResult() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:extensionElements><baton:input name="status" value="open"/></bpmn:extensionElements>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="wait"/>
              <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
              <bpmn:sequenceFlow id="s2" sourceRef="wait" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, extra: #"<bpmn:message id="m" name="update"/>"#)
        try driver.execute(.correlateMessage(name: "update", variables: ["status": .string("paid"), "paidAt": .string("today")]))
        #expect(driver.state.variables == ["paidAt": .string("today")])
    }
}
