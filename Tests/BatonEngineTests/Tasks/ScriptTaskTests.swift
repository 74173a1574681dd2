import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Script tasks: FEEL scripts, their result variables, and failures.
@Suite struct ScriptTaskTests {
    static func process(_ task: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
        \(task)
        <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    @Test func feelScriptResultGoesToBatonResultVariable() throws {
        let result = try run(
            Self.process(#"<bpmn:scriptTask id="calc" scriptFormat="feel" baton:resultVariable="total"><bpmn:script>sum(items) * 2</bpmn:script></bpmn:scriptTask>"#),
            scenario: #"{"variables": {"items": [1, 2, 3.5]}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("total") == number(13))
        #expect(result.steps == ["start", "calc", "end"])
    }

    @Test func zeebeScriptExpressionAndResultVariable() throws {
        let result = try run(Self.process("""
            <bpmn:scriptTask id="calc">
              <bpmn:extensionElements><zeebe:script expression="=upper case(name) + &quot;!&quot;" resultVariable="shout"/></bpmn:extensionElements>
            </bpmn:scriptTask>
            """), scenario: #"{"variables": {"name": "ada"}}"#)
        #expect(result.variable("shout") == .string("ADA!"))
    }

    @Test func camundaResultVariableIsHonoured() throws {
        let result = try run(
            Self.process(#"<bpmn:scriptTask id="calc" scriptFormat="FEEL" camunda:resultVariable="big"><bpmn:script>amount &gt; 1000</bpmn:script></bpmn:scriptTask>"#),
            scenario: #"{"variables": {"amount": 1200}}"#)
        #expect(result.variable("big") == .boolean(true))
    }

    @Test func scriptWithoutResultVariableChangesNothing() throws {
        let result = try run(Self.process(#"<bpmn:scriptTask id="calc"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>"#))
        #expect(result.status == .completed)
        #expect(result.variables.count == 0)
    }

    @Test func scriptResultWithOutputMappingsStaysLocal() throws {
        // Given a script whose result is mapped to another name
        let result = try run(Self.process("""
            <bpmn:scriptTask id="calc" baton:resultVariable="raw">
              <bpmn:extensionElements><baton:output name="net" value="=raw - 10"/></bpmn:extensionElements>
              <bpmn:script>price * 2</bpmn:script>
            </bpmn:scriptTask>
            """), scenario: #"{"variables": {"price": 50}}"#)
        // Then only the mapped variable reaches the process
        #expect(result.variable("net") == number(90))
        #expect(result.variable("raw") == nil)
    }

    @Test func scriptResultUpdatesAnExistingVariable() throws {
        let result = try run(
            Self.process(#"<bpmn:scriptTask id="calc" baton:resultVariable="counter"><bpmn:script>counter + 1</bpmn:script></bpmn:scriptTask>"#),
            scenario: #"{"variables": {"counter": 41}}"#)
        #expect(result.variable("counter") == number(42))
    }

    // MARK: Failures

    @Test func scriptReadingAnUnknownVariableRaisesAnIncidentNamingIt() throws {
        let result = try run(
            Self.process(#"<bpmn:scriptTask id="calc" baton:resultVariable="total"><bpmn:script>amout * 2</bpmn:script></bpmn:scriptTask>"#),
            scenario: #"{"variables": {"amount": 10}}"#)
        #expect(result.status == .error)
        #expect(result.steps == ["start"])
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "calc")
        #expect(incident.reason == "the script failed: unknown variable 'amout' (did you mean 'amount'?)")
        #expect(incident.expression == "amout * 2")
    }

    @Test func scriptWithATypeMismatchRaisesAnIncident() throws {
        let result = try run(
            Self.process(#"<bpmn:scriptTask id="calc" baton:resultVariable="x"><bpmn:script>name + 1</bpmn:script></bpmn:scriptTask>"#),
            scenario: #"{"variables": {"name": "ada"}}"#)
        #expect(result.status == .error)
        let reason = try #require(result.incidents.first?.reason)
        #expect(reason.hasPrefix("the script failed: "))
    }

    @Test func resolvingAScriptIncidentRunsTheScriptAgain() throws {
        // Given a script that fails because a variable is missing
        var driver = try InstanceDriver(
            Self.process(#"<bpmn:scriptTask id="calc" baton:resultVariable="total"><bpmn:script>amount * 2</bpmn:script></bpmn:scriptTask>"#))
        #expect(driver.incidents.count == 1)
        #expect(driver.instance("calc")?.state == .activating)
        // When the variable is set and the incident resolved
        try driver.execute(.setVariables(["amount": number(21)]))
        try driver.resolveIncident()
        // Then the script runs again and the instance completes
        #expect(driver.incidents.isEmpty)
        #expect(driver.variable("total") == number(42))
        #expect(driver.state.status == .completed)
    }

    @Test func resolvingWithoutFixingTheCauseRaisesANewIncident() throws {
        var driver = try InstanceDriver(
            Self.process(#"<bpmn:scriptTask id="calc" baton:resultVariable="total"><bpmn:script>amount * 2</bpmn:script></bpmn:scriptTask>"#))
        let first = try #require(driver.incidents.first)
        try driver.resolveIncident()
        let second = try #require(driver.incidents.first)
        #expect(second.key != first.key)
        #expect(second.reason == first.reason)
        #expect(driver.incidents.count == 1)
    }
}
