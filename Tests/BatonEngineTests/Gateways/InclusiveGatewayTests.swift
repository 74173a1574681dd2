import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Inclusive gateways as forks: every true condition, the default flow, incidents.
/// (Inclusive joins are in ``InclusiveJoinTests``.)
@Suite struct InclusiveGatewayTests {
    static let content = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
        <bpmn:inclusiveGateway id="fork" default="toNone"/>
        <bpmn:sequenceFlow id="toMail" sourceRef="fork" targetRef="mail"><bpmn:conditionExpression>list contains(channels, "mail")</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toSms" sourceRef="fork" targetRef="sms"><bpmn:conditionExpression>list contains(channels, "sms")</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toPost" sourceRef="fork" targetRef="post"><bpmn:conditionExpression>list contains(channels, "post")</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toNone" sourceRef="fork" targetRef="none"/>
        <bpmn:task id="mail"/>
        <bpmn:task id="sms"/>
        <bpmn:task id="post"/>
        <bpmn:task id="none"/>
        <bpmn:sequenceFlow id="fromMail" sourceRef="mail" targetRef="join"/>
        <bpmn:sequenceFlow id="fromSms" sourceRef="sms" targetRef="join"/>
        <bpmn:sequenceFlow id="fromPost" sourceRef="post" targetRef="join"/>
        <bpmn:sequenceFlow id="fromNone" sourceRef="none" targetRef="join"/>
        <bpmn:inclusiveGateway id="join"/>
        <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """

    @Test func forkTakesEveryFlowWhoseConditionIsTrue() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"channels": ["mail", "post"]}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "fork", "mail", "post", "join", "end"])
    }

    @Test func forkTakesAllFlowsWhenAllAreTrue() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"channels": ["sms", "post", "mail"]}}"#)
        #expect(result.steps == ["start", "fork", "mail", "sms", "post", "join", "end"])
    }

    @Test func forkTakesTheDefaultFlowOnlyWhenNoConditionIsTrue() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"channels": []}}"#)
        #expect(result.steps == ["start", "fork", "none", "join", "end"])
    }

    @Test func forkWithNoTrueConditionAndNoDefaultRaisesAnIncident() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:inclusiveGateway id="fork"/>
            <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="endA"><bpmn:conditionExpression>x = 1</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="endB"><bpmn:conditionExpression>x = 2</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """, scenario: #"{"variables": {"x": 3}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["fork"])
        #expect(result.incidents.first?.reason == "inclusiveGateway 'fork': no condition matched and there is no default flow")
    }

    @Test func forkFlowWithoutConditionIsAlwaysTaken() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:inclusiveGateway id="fork"/>
            <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="endA"><bpmn:conditionExpression>false</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """)
        #expect(result.steps == ["start", "fork", "endB"])
    }

    @Test func forkConditionThatFailsRaisesAnIncident() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"channel": "mail"}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.element == "fork")
        #expect(result.incidents.first?.reason.hasPrefix("the condition of sequenceFlow 'toMail'") == true)
    }
}
