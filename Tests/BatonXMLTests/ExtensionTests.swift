import BatonModel
import BatonXML
import Testing

@Suite struct ExtensionTests {
    @Test func batonCamundaAndZeebeMapOntoTheSameSettings() throws {
        let loaded = try Fixture.load("valid/extensions-dialects.bpmn")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")

        let baton = try #require(loaded.node("batonTask")?.extensions)
        #expect(baton.taskDefinition?.type == "erp")
        #expect(baton.taskDefinition?.operation == "salesOrder.create")
        #expect(baton.inputs.map(\.target) == ["customerId"])
        #expect(baton.inputs.first?.source?.body == "=opportunity.customerId")
        #expect(baton.outputs.first?.source?.body == "=result.id")
        #expect(baton.retries?.count == 5 && baton.retries?.backoff == "PT10S")
        #expect(baton.headers == [NamedValue(name: "tenant", value: "acme")])
        #expect(baton.dialects == [.baton])

        let camunda = try #require(loaded.node("camundaTask")?.extensions)
        #expect(camunda.taskDefinition?.type == "invoice")
        #expect(camunda.inputs.first?.source?.body == "${order.total}")
        #expect(camunda.retries?.count == 4 && camunda.retries?.backoff == "PT1M")

        let zeebe = try #require(loaded.node("zeebeTask")?.extensions)
        #expect(zeebe.taskDefinition?.type == "crm-sync")
        #expect(zeebe.retries?.count == 3)
        #expect(zeebe.inputs.map(\.target) == ["customerId"])
        #expect(zeebe.outputs.map(\.target) == ["syncStatus"])
        #expect(zeebe.headers == [NamedValue(name: "region", value: "EU")])

        let approve = try #require(loaded.node("approve")?.extensions)
        #expect(approve.assignment?.candidateGroups == ["sales-managers", "finance"])
        #expect(approve.assignment?.dueDate == "=now() + duration(\"P2D\")")
        #expect(approve.formFields == [FormField(id: "approved", type: "boolean", label: "Approve?", required: true, location: approve.formFields[0].location)])

        let review = try #require(loaded.node("camundaReview")?.extensions)
        #expect(review.assignment?.candidateGroups == ["accounting"])
        #expect(review.assignment?.assignee == "${initiator}")
        #expect(review.formFields.first?.required == true)

        let zeebeReview = try #require(loaded.node("zeebeReview")?.extensions)
        #expect(zeebeReview.assignment?.assignee == "demo")
        #expect(zeebeReview.assignment?.candidateGroups == ["ops", "support"])
        #expect(zeebeReview.assignment?.dueDate == "2026-12-24T12:00:00Z")
        #expect(zeebeReview.formKey == "camunda-forms:bpmn:reviewForm")

        #expect(loaded.definitions.messages.first?.correlationKey?.body == "=orderId")
        guard case .multiInstance(let loop)? = loaded.node("eachLine")?.loop else {
            Issue.record("eachLine has no multi-instance loop")
            return
        }
        #expect(loop.inputCollection?.body == "=order.lines")
        #expect(loop.inputElement == "line")
        #expect(loop.outputCollection == "lineTotals")
        #expect(loop.outputElement?.body == "=lineTotal")
        #expect(loaded.node("eachLine")?.extensions.resultVariable == "lineTotal")
    }

    @Test func zeebeScriptAndCalledElementFillTheNodeKind() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="script"/>
            <bpmn:scriptTask id="script"><bpmn:extensionElements><zeebe:script expression="=a + 1" resultVariable="b"/></bpmn:extensionElements></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="script" targetRef="call"/>
            <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="p" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
            <bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """)
        let loaded = try load(text)
        #expect(loaded.isValid, "\(loaded.diagnostics)")
        #expect(loaded.node("script")?.kind == .scriptTask(ScriptTask(script: FormalExpression(
            body: "=a + 1", language: "feel", location: position(of: "expression=", in: text)))))
        #expect(loaded.node("script")?.extensions.resultVariable == "b")
        #expect(loaded.node("call")?.kind == .callActivity(CallActivity(calledElement: "p")))
        #expect(loaded.node("call")?.extensions.propagateAllChildVariables == false)
    }

    @Test func unknownBatonAttributeIsAnErrorWithASuggestion() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:serviceTask id="t" baton:conector="erp"/>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """)
        let loaded = try load(text)
        #expect(loaded.errors.map(\.message) == ["unknown Baton attribute 'baton:conector' on serviceTask 't' (did you mean 'connector'?)"])
        #expect(loaded.errors.first?.location == position(of: "baton:conector", in: text))
    }

    @Test func unknownBatonElementAndMisplacedAttribute() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:userTask id="t" baton:connector="erp"><bpmn:extensionElements><baton:inptu name="x"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == ["unknown Baton element 'baton:inptu' in userTask 't' (did you mean 'input'?)"])
        #expect(loaded.warnings.map(\.message) == [
            "'baton:connector' has no effect on userTask 't'; it applies to businessRuleTask, endEvent, intermediateThrowEvent, sendTask, serviceTask",
        ])
    }

    @Test func unsupportedVendorSettingsAreWarningsInExecutableProcessesOnly() throws {
        let body = """
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:serviceTask id="t" camunda:class="com.acme.Delegate">
              <bpmn:extensionElements><camunda:executionListener event="start"/><zeebe:executionListeners/></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """
        let executable = try load(bpmnDocument(body))
        #expect(executable.isValid)
        #expect(executable.messages(.unsupportedExtension) == [
            "camunda:class (Java code) on serviceTask 't' is not supported by Baton and is ignored; bind the task to a connector with baton:connector or camunda:type=\"external\"",
            "camunda:executionListener on serviceTask 't' is not supported by Baton and is ignored",
            "zeebe:executionListeners on serviceTask 't' is not supported by Baton and is ignored",
        ])
        let sketch = try load(bpmnDocument(body, executable: false))
        #expect(sketch.diagnostics.isEmpty)
    }

    @Test func engineTuningAttributesAreAcceptedQuietly() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s" camunda:asyncBefore="true"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
            <bpmn:endEvent id="e" camunda:asyncAfter="true" zeebe:modelerTemplate="x"/>
            """))
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func batonAsyncFalseRunsAServiceTaskInTheStepAndOtherValuesAreErrors() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:serviceTask id="t" baton:connector="erp" baton:async="false"/>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="u"/>
            <bpmn:serviceTask id="u" baton:connector="erp" baton:async="sometimes"/>
            <bpmn:sequenceFlow id="f3" sourceRef="u" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.node("t")?.extensions.runsInStep == true)
        #expect(loaded.node("u")?.extensions.runsInStep == false)
        #expect(loaded.errors.map(\.message) == [#"baton:async is "true" (the default: through the job table) or "false" (in the step), not "sometimes""#])
    }

    @Test func callActivityVariableMappingsFromCamunda() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
            <bpmn:callActivity id="call" calledElement="p">
              <bpmn:extensionElements>
                <camunda:in source="order" target="order"/><camunda:in sourceExpression="${a + 1}" target="b"/>
                <camunda:out variables="all"/>
              </bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        let settings = try #require(loaded.node("call")?.extensions)
        #expect(settings.inputs.map(\.target) == ["order", "b"])
        #expect(settings.inputs.map { $0.source?.body } == ["=order", "${a + 1}"])  // a variable name reads as an expression
        #expect(settings.propagateAllChildVariables == true)
        #expect(settings.propagateAllParentVariables == nil)
    }

    @Test func starterGroupsAreAListOfRolesOnTheProcessOnly() throws {
        func document(_ attribute: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:t">
              <bpmn:process id="p" isExecutable="true" \(attribute)>
                <bpmn:startEvent id="s"/>
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
                <bpmn:endEvent id="e" baton:starterGroups="sales"/>
              </bpmn:process>
            </bpmn:definitions>
            """
        }
        let loaded = try load(document(#"baton:starterGroups="sales, admin ,""#))
        #expect(loaded.definitions.processes.first?.extensions.starterGroups == ["sales", "admin"])
        #expect(loaded.errors.isEmpty)
        #expect(loaded.warnings.map(\.message) == ["'baton:starterGroups' has no effect on endEvent 'e'; it applies to process"])
        #expect(try load(document("")).definitions.processes.first?.extensions.starterGroups == [])

        let expression = try load(document(#"baton:starterGroups="=roles""#))
        #expect(expression.errors.map(\.message) == ["baton:starterGroups on process 'p' is a comma-separated list of roles, not an expression"])
        let odd = try load(document(#"baton:starterGroups="Sales Team, ops""#))
        #expect(odd.definitions.processes.first?.extensions.starterGroups == ["Sales Team", "ops"])
        #expect(odd.warnings.map(\.message).first == "baton:starterGroups on process 'p' names 'Sales Team', which no user can have: roles are lowercase letters, digits, '.', '_' and '-'")
        let empty = try load(document(#"baton:starterGroups=" ""#))
        #expect(empty.warnings.map(\.message).first == "baton:starterGroups on process 'p' is empty, so anyone may start it; name roles or leave it out")
    }
}
