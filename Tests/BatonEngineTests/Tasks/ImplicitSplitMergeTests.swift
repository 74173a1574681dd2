import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Activities with several outgoing flows (implicit split) or incoming flows (implicit
/// merge), without gateways.
@Suite struct ImplicitSplitMergeTests {
    @Test func activityWithTwoUnconditionedFlowsStartsBothBranches() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare"/>
            <bpmn:task id="prepare"/>
            <bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="a"/>
            <bpmn:sequenceFlow id="f3" sourceRef="prepare" targetRef="b"/>
            <bpmn:task id="a"/>
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:task id="b"/>
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            """)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "prepare", "a", "b", "endA", "endB"])
    }

    static let conditional = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
        <bpmn:task id="check" default="normal"/>
        <bpmn:sequenceFlow id="big" sourceRef="check" targetRef="bigEnd"><bpmn:conditionExpression>x &gt; 5</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="huge" sourceRef="check" targetRef="hugeEnd"><bpmn:conditionExpression>x &gt; 10</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="normal" sourceRef="check" targetRef="normalEnd"/>
        <bpmn:endEvent id="bigEnd"/>
        <bpmn:endEvent id="hugeEnd"/>
        <bpmn:endEvent id="normalEnd"/>
        """

    @Test func activityTakesEveryConditionalFlowThatIsTrue() throws {
        let result = try run(Self.conditional, scenario: #"{"variables": {"x": 20}}"#)
        #expect(result.steps == ["start", "check", "bigEnd", "hugeEnd"])
    }

    @Test func activityTakesOnlyTheTrueConditionalFlowNotTheDefault() throws {
        let result = try run(Self.conditional, scenario: #"{"variables": {"x": 7}}"#)
        #expect(result.steps == ["start", "check", "bigEnd"])
    }

    @Test func activityTakesItsDefaultFlowWhenNoConditionIsTrue() throws {
        let result = try run(Self.conditional, scenario: #"{"variables": {"x": 1}}"#)
        #expect(result.steps == ["start", "check", "normalEnd"])
    }

    @Test func activityWithNoTrueConditionAndNoDefaultRaisesAnIncident() throws {
        // Given an activity whose only outgoing flows are conditional, none of them true
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
            <bpmn:task id="check"/>
            <bpmn:sequenceFlow id="big" sourceRef="check" targetRef="bigEnd"><bpmn:conditionExpression>x &gt; 5</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="small" sourceRef="check" targetRef="smallEnd"><bpmn:conditionExpression>x &lt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="bigEnd"/>
            <bpmn:endEvent id="smallEnd"/>
            """, scenario: #"{"variables": {"x": 1}}"#)
        // Then the token stops with an incident (as at an inclusive gateway, and as Camunda
        // and Zeebe do) instead of vanishing and letting the instance complete
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["check"])
        #expect(result.steps == ["start"])
    }

    @Test func activityConditionThatFailsRaisesAnIncident() throws {
        let result = try run(Self.conditional, scenario: #"{"variables": {"y": 1}}"#)
        #expect(result.status == .error)
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "check")
        #expect(incident.reason.hasPrefix("the condition of sequenceFlow 'big' is null, not true or false: unknown variable 'x'"))
    }

    @Test func taskWithTwoIncomingFlowsRunsOncePerToken() throws {
        // Given a fork whose two branches both lead into the same task, with no join
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b"/>
            <bpmn:task id="a"/>
            <bpmn:task id="b"/>
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="count"/>
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="count"/>
            <bpmn:scriptTask id="count" baton:resultVariable="visits"><bpmn:script>visits + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f6" sourceRef="count" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"visits": 0}}"#)
        // Then the task and everything after it run twice
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "count" }.count == 2)
        #expect(result.steps.filter { $0 == "end" }.count == 2)
        #expect(result.variable("visits") == number(2))
    }
}
