import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Business rule tasks: FEEL rules as output mappings, or a decision run as a job.
@Suite struct BusinessRuleTaskTests {
    static func process(_ task: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="rule"/>
        \(task)
        <bpmn:sequenceFlow id="f2" sourceRef="rule" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    static let feelRule = """
        <bpmn:businessRuleTask id="rule">
          <bpmn:extensionElements>
            <baton:output name="discount" value="=if amount &gt; 1000 then 0.1 else 0"/>
            <baton:output name="tier" value="=if amount &gt; 1000 then &quot;gold&quot; else &quot;basic&quot;"/>
          </bpmn:extensionElements>
        </bpmn:businessRuleTask>
        """

    @Test func feelRuleWrittenAsOutputMappingsSetsItsResults() throws {
        let large = try run(Self.process(Self.feelRule), scenario: #"{"variables": {"amount": 1200}}"#)
        #expect(large.status == .completed)
        #expect(large.variable("discount") == decimal("0.1"))
        #expect(large.variable("tier") == .string("gold"))
        #expect(large.steps == ["start", "rule", "end"])
        let small = try run(Self.process(Self.feelRule), scenario: #"{"variables": {"amount": 10}}"#)
        #expect(small.variable("discount") == number(0))
        #expect(small.variable("tier") == .string("basic"))
    }

    @Test func failingRuleRaisesAnIncidentOnTheTask() throws {
        let result = try run(Self.process("""
            <bpmn:businessRuleTask id="rule">
              <bpmn:extensionElements><baton:output name="discount" value="=amount * 0.1"/></bpmn:extensionElements>
            </bpmn:businessRuleTask>
            """), scenario: #"{"variables": {"total": 5}}"#)
        #expect(result.status == .error)
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "rule")
        #expect(incident.reason == "the output mapping 'discount' failed: unknown variable 'amount'")
        #expect(incident.expression == "=amount * 0.1")
        #expect(result.steps == ["start"])
    }

    @Test func camundaDecisionRefRunsAsADecisionJob() throws {
        var driver = try InstanceDriver(Self.process(#"<bpmn:businessRuleTask id="rule" camunda:decisionRef="discountRules"/>"#))
        let job = try #require(driver.job("rule"))
        #expect(job.type == "decision")
        #expect(job.operation == "discountRules")
        try driver.completeJob("rule", ["discount": decimal("0.05")])
        #expect(driver.variable("discount") == decimal("0.05"))
        #expect(driver.state.status == .completed)
    }

    @Test func zeebeCalledDecisionRunsAsADecisionJob() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:businessRuleTask id="rule">
              <bpmn:extensionElements><zeebe:calledDecision decisionId="risk" resultVariable="risk"/></bpmn:extensionElements>
            </bpmn:businessRuleTask>
            """))
        #expect(driver.job("rule")?.type == "decision")
        #expect(driver.job("rule")?.operation == "risk")
    }

    @Test func connectorBoundRuleRunsAsAJobOfThatConnector() throws {
        let driver = try InstanceDriver(Self.process(#"<bpmn:businessRuleTask id="rule" baton:connector="rules" baton:operation="score"/>"#))
        #expect(driver.job("rule")?.type == "rules")
        #expect(driver.job("rule")?.operation == "score")
    }
}
