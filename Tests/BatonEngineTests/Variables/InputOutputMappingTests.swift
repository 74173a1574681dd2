import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Input and output mappings in the three dialects: literals, expressions, dotted targets.
@Suite struct InputOutputMappingTests {
    /// A process around one element `t` (a user task unless given).
    static func process(_ element: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t"/>
        \(element)
        <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    // MARK: Inputs

    @Test func batonInputsSetLocalsFromLiteralsAndExpressions() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <baton:input name="limit" value="100"/>
                <baton:input name="doubled" value="=amount * 2"/>
                <baton:input name="amount"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """), variables: ["amount": number(21)])
        let locals = try #require(driver.instance("t")?.variables)
        // A literal stays text; an expression is evaluated; no value copies the variable
        #expect(locals == ["limit": .string("100"), "doubled": number(42), "amount": number(21)])
        #expect(driver.variable("limit") == nil)
    }

    @Test func camundaInputParametersAreLiteralTextOrJUEL() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <camunda:inputOutput>
                  <camunda:inputParameter name="region">EU</camunda:inputParameter>
                  <camunda:inputParameter name="total">${order.total * 2}</camunda:inputParameter>
                </camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """), variables: ["order": json(#"{"total": 50}"#)])
        #expect(driver.instance("t")?.variables == ["region": .string("EU"), "total": number(100)])
    }

    @Test func zeebeInputsWithExpressionsAndStaticValues() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <zeebe:ioMapping>
                  <zeebe:input source="=customer.name" target="name"/>
                  <zeebe:input source="gold" target="tier"/>
                </zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """), variables: ["customer": json(#"{"name": "Ada"}"#)])
        #expect(driver.instance("t")?.variables == ["name": .string("Ada"), "tier": .string("gold")])
    }

    @Test func dottedInputTargetBuildsALocalContext() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <baton:input name="payload.amount" value="=amount"/>
                <baton:input name="payload.currency" value="EUR"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """), variables: ["amount": number(5)])
        #expect(driver.instance("t")?.variables?["payload"] == json(#"{"amount": 5, "currency": "EUR"}"#))
    }

    @Test func failingInputMappingRaisesAnIncidentBeforeTheTaskOpens() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t"><bpmn:extensionElements><baton:input name="x" value="=missing + 1"/></bpmn:extensionElements></bpmn:userTask>
            """))
        #expect(driver.state.userTasks.isEmpty)
        #expect(driver.incidents.map(\.reason) == ["the input mapping 'x' failed: unknown variable 'missing'"])
        #expect(driver.incidents.first?.step == .activate)
    }

    // MARK: Outputs

    @Test func batonOutputsDecideWhatLeavesTheTask() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <baton:output name="decision" value="=if approved then &quot;yes&quot; else &quot;no&quot;"/>
                <baton:output name="source" value="review"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """))
        try driver.completeUserTask("t", ["approved": .boolean(true), "note": .string("ok")])
        #expect(driver.state.variables == ["decision": .string("yes"), "source": .string("review")])
    }

    @Test func camundaOutputParameterWithJUEL() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <camunda:inputOutput><camunda:outputParameter name="gross">${net * 1.2}</camunda:outputParameter></camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """))
        try driver.completeUserTask("t", ["net": number(100)])
        #expect(driver.variable("gross") == number(120))
        #expect(driver.variable("net") == nil)
    }

    @Test func dottedOutputTargetsUpdateAnExistingContext() throws {
        // Given an order context and a task with two dotted outputs (Zeebe and Baton)
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t">
              <bpmn:extensionElements>
                <zeebe:ioMapping><zeebe:output source="=subtotal + tax" target="order.total"/></zeebe:ioMapping>
                <baton:output name="order.tax" value="=tax"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """), variables: ["order": json(#"{"id": "A-1"}"#)])
        try driver.completeUserTask("t", ["subtotal": number(100), "tax": number(20)])
        // Then both land in the existing context, which keeps its other entries
        #expect(driver.variable("order") == json(#"{"id": "A-1", "total": 120, "tax": 20}"#))
        #expect(driver.variable("tax") == nil)
    }

    @Test func dottedOutputTargetCreatesAMissingContext() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t"><bpmn:extensionElements><baton:output name="result.score.value" value="=score"/></bpmn:extensionElements></bpmn:userTask>
            """))
        try driver.completeUserTask("t", ["score": number(7)])
        #expect(driver.variable("result") == json(#"{"score": {"value": 7}}"#))
    }

    @Test func failingOutputMappingRaisesAnIncidentAndResolvingRetriesIt() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="t"><bpmn:extensionElements><baton:output name="total" value="=price * quantity"/></bpmn:extensionElements></bpmn:userTask>
            """))
        try driver.completeUserTask("t", ["price": number(3)])
        let incident = try #require(driver.incidents.first)
        #expect(incident.reason == "the output mapping 'total' failed: unknown variable 'quantity'")
        #expect(incident.step == .complete)
        #expect(!driver.path.contains("t"))
        // The missing variable is set on the task's own scope, where the output reads
        let task = try #require(driver.instance("t"))
        try driver.execute(.setVariables(["quantity": number(4)], scope: task.key))
        try driver.resolveIncident()
        #expect(driver.variable("total") == number(12))
        #expect(driver.state.status == .completed)
    }

    @Test func jobResultWithOutputMappingsStaysLocalToTheTask() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="t" baton:connector="erp">
              <bpmn:extensionElements><baton:output name="salesOrderId" value="=result.id"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        try driver.completeJob("t", ["result": json(#"{"id": "SO-1", "raw": "..."}"#)])
        #expect(driver.state.variables == ["salesOrderId": .string("SO-1")])
    }
}
