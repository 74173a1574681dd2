import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Testing

/// Exclusive gateways: first true condition in document order, default flow, incidents.
@Suite struct ExclusiveGatewayTests {
    /// A gateway with three outgoing flows: `large` (amount > 1000), `medium`
    /// (amount > 100), and the default `small`.
    static let content = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
        <bpmn:exclusiveGateway id="gw" default="small"/>
        <bpmn:sequenceFlow id="large" sourceRef="gw" targetRef="largeEnd"><bpmn:conditionExpression>amount &gt; 1000</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="medium" sourceRef="gw" targetRef="mediumEnd"><bpmn:conditionExpression>=amount &gt; 100</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="small" sourceRef="gw" targetRef="smallEnd"/>
        <bpmn:endEvent id="largeEnd"/>
        <bpmn:endEvent id="mediumEnd"/>
        <bpmn:endEvent id="smallEnd"/>
        """

    @Test func takesTheFirstTrueConditionInDocumentOrder() throws {
        // Both `large` and `medium` are true; `large` is written first
        let result = try run(Self.content, scenario: #"{"variables": {"amount": 5000}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "gw", "largeEnd"])
    }

    @Test func takesTheOnlyTrueCondition() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"amount": 500}}"#)
        #expect(result.steps == ["start", "gw", "mediumEnd"])
    }

    @Test func takesDefaultFlowWhenNoConditionMatches() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"amount": 5}}"#)
        #expect(result.steps == ["start", "gw", "smallEnd"])
    }

    @Test func takesOnlyOneFlowAndRecordsIt() throws {
        let driver = try InstanceDriver(Self.content, variables: ["amount": number(5000)])
        #expect(driver.flowsTaken == ["f1", "large"])
    }

    @Test func documentOrderDecidesEvenWhenTheDefaultIsWrittenFirst() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="other"/>
            <bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="otherEnd"/>
            <bpmn:sequenceFlow id="second" sourceRef="gw" targetRef="secondEnd"><bpmn:conditionExpression>true</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="third" sourceRef="gw" targetRef="thirdEnd"><bpmn:conditionExpression>true</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="otherEnd"/>
            <bpmn:endEvent id="secondEnd"/>
            <bpmn:endEvent id="thirdEnd"/>
            """)
        #expect(result.steps == ["start", "gw", "secondEnd"])
    }

    @Test func noMatchAndNoDefaultRaisesAnIncidentNamingTheGateway() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approved"/>
            <bpmn:exclusiveGateway id="approved" name="Approved?"/>
            <bpmn:sequenceFlow id="yes" sourceRef="approved" targetRef="endYes"><bpmn:conditionExpression>ok = true</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="no" sourceRef="approved" targetRef="endNo"><bpmn:conditionExpression>ok = false</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="endYes"/>
            <bpmn:endEvent id="endNo"/>
            """, scenario: #"{"variables": {"ok": null}}"#)
        #expect(result.status == .error)
        #expect(result.steps == ["start"])
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "approved")
        #expect(incident.reason == "exclusiveGateway 'approved': no condition matched and there is no default flow")
        #expect(incident.line != nil)
    }

    @Test func nonBooleanConditionRaisesAnIncident() throws {
        let result = try run(Self.content, scenario: #"{"variables": {"amount": "lots"}}"#)
        #expect(result.status == .error)
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "gw")
        #expect(incident.reason.hasPrefix("the condition of sequenceFlow 'large' is null, not true or false"))
        #expect(incident.expression == "amount > 1000")
    }

    @Test func conditionGivingANumberRaisesAnIncident() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="b"/>
            <bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="endA"><bpmn:conditionExpression>amount</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """, scenario: #"{"variables": {"amount": 5}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason == "the condition of sequenceFlow 'a' is number 5, not true or false")
    }

    @Test func juelConditionIsEvaluated() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="no"/>
            <bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="endYes">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${order.total &gt;= 100 &amp;&amp; !blocked}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="no" sourceRef="gw" targetRef="endNo"/>
            <bpmn:endEvent id="endYes"/>
            <bpmn:endEvent id="endNo"/>
            """
        let yes = try run(content, scenario: #"{"variables": {"order": {"total": 150}, "blocked": false}}"#)
        #expect(yes.steps == ["start", "gw", "endYes"])
        let no = try run(content, scenario: #"{"variables": {"order": {"total": 150}, "blocked": true}}"#)
        #expect(no.steps == ["start", "gw", "endNo"])
    }

    @Test func resolvingTheIncidentAfterFixingTheVariableTakesTheFlow() throws {
        var driver = try InstanceDriver(Self.content, variables: ["amount": .string("lots")])
        #expect(driver.incidents.count == 1)
        try driver.execute(.setVariables(["amount": number(200)]))
        try driver.resolveIncident()
        #expect(driver.incidents.isEmpty)
        #expect(driver.path == ["start", "gw", "mediumEnd"])
        #expect(driver.state.status == .completed)
    }

    @Test func emptyConditionExpressionCountsAsNoCondition() throws {
        // Given a flow whose conditionExpression is empty (what Camunda Modeler writes when a
        // condition is cleared); `baton validate` warns that it "has no condition"
        let loaded = try loadDocument(bpmnDocument("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="other"/>
            <bpmn:sequenceFlow id="cleared" sourceRef="gw" targetRef="endA"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"/></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """))
        #expect(loaded.diagnostics.map(\.description).contains { $0.contains("sequenceFlow 'cleared' out of exclusiveGateway 'gw' has no condition") })
        // Then the engine deploys it and treats the flow as unconditioned, as the validator does
        var repository = ProcessRepository()
        #expect(throws: Never.self) { try repository.deploy(loaded.definitions) }
        let result = runScenario(loaded)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "gw", "endA"])
    }

    @Test func mergingExclusiveGatewayPassesEveryToken() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="merge"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="merge"/>
            <bpmn:exclusiveGateway id="merge"/>
            <bpmn:sequenceFlow id="f4" sourceRef="merge" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        #expect(result.steps == ["start", "fork", "merge", "merge", "end", "end"])
    }
}
