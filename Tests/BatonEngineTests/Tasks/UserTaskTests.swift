import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// User tasks: assignment, forms, completion.
@Suite struct UserTaskTests {
    static func process(_ task: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
        \(task)
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    @Test func userTaskWaitsUntilCompleted() throws {
        var driver = try InstanceDriver(Self.process(#"<bpmn:userTask id="review" name="Review order"/>"#))
        let task = try #require(driver.userTask("review"))
        #expect(task.name == "Review order")
        #expect(driver.instance("review")?.state == .active)
        #expect(driver.state.status == .active)
        try driver.execute(.completeUserTask(task.key, variables: ["ok": .boolean(true)], user: "ada"))
        #expect(driver.events.contains(.userTaskCompleted(task.key, user: "ada")))
        #expect(driver.variable("ok") == .boolean(true))
        #expect(driver.state.status == .completed)
    }

    @Test func scenarioWithoutAnAnswerLeavesTheTaskOpen() throws {
        let result = try run(Self.process(#"<bpmn:userTask id="review"/>"#))
        #expect(result.status == .waiting)
        #expect(result.openTasks == ["review"])
        #expect(result.steps == ["start"])
    }

    // MARK: Assignment

    @Test func literalCandidateGroupsAreSplitAtCommas() throws {
        let driver = try InstanceDriver(Self.process(
            #"<bpmn:userTask id="review" baton:candidateGroups="sales-managers, finance" baton:candidateUsers="ada,bob" baton:assignee="carol"/>"#))
        let task = try #require(driver.userTask("review"))
        #expect(task.candidateGroups == ["sales-managers", "finance"])
        #expect(task.candidateUsers == ["ada", "bob"])
        #expect(task.assignee == "carol")
    }

    @Test func candidateGroupsExpressionGivingAListGivesEachGroup() throws {
        let driver = try InstanceDriver(
            Self.process(#"<bpmn:userTask id="review" baton:candidateGroups="=[region + &quot;-sales&quot;, &quot;finance&quot;]"/>"#),
            variables: ["region": .string("eu")])
        #expect(driver.userTask("review")?.candidateGroups == ["eu-sales", "finance"])
    }

    @Test func candidateGroupsExpressionGivingACommaSeparatedStringIsSplit() throws {
        let driver = try InstanceDriver(
            Self.process(#"<bpmn:userTask id="review" baton:candidateGroups="=groups"/>"#),
            variables: ["groups": .string("a, b ,c")])
        #expect(driver.userTask("review")?.candidateGroups == ["a", "b", "c"])
    }

    @Test func camundaAndZeebeAssignmentExpressionsAreEvaluated() throws {
        let camunda = try InstanceDriver(
            Self.process(#"<bpmn:userTask id="review" camunda:assignee="${owner}" camunda:candidateGroups="${team}"/>"#),
            variables: ["owner": .string("dora"), "team": .string("support")])
        #expect(camunda.userTask("review")?.assignee == "dora")
        #expect(camunda.userTask("review")?.candidateGroups == ["support"])
        let zeebe = try InstanceDriver(
            Self.process("""
                <bpmn:userTask id="review">
                  <bpmn:extensionElements>
                    <zeebe:assignmentDefinition assignee="=order.owner" candidateGroups="=[&quot;x&quot;, &quot;y&quot;]"/>
                    <zeebe:priorityDefinition priority="=50 + 10"/>
                  </bpmn:extensionElements>
                </bpmn:userTask>
                """),
            variables: ["order": json(#"{"owner": "eve"}"#)])
        let task = try #require(zeebe.userTask("review"))
        #expect(task.assignee == "eve")
        #expect(task.candidateGroups == ["x", "y"])
        #expect(task.priority == "60")
    }

    @Test func dueDateExpressionIsEvaluatedAgainstTheEngineClock() throws {
        let driver = try InstanceDriver(Self.process(
            #"<bpmn:userTask id="review" baton:dueDate="=now() + duration(&quot;P2D&quot;)" baton:followUpDate="2026-06-01"/>"#))
        let task = try #require(driver.userTask("review"))
        #expect(task.dueDate == InstanceDriver.epoch.advanced(byMilliseconds: 2 * 86_400_000).description)
        #expect(task.followUpDate == "2026-06-01")
    }

    @Test func failingAssignmentExpressionRaisesAnIncident() throws {
        let driver = try InstanceDriver(Self.process(#"<bpmn:userTask id="review" baton:assignee="=ownr"/>"#), variables: ["owner": .string("x")])
        #expect(driver.state.userTasks.isEmpty)
        let incident = try #require(driver.incidents.first)
        #expect(incident.element == "review")
        #expect(incident.reason.contains("assignee"))
        #expect(incident.reason.contains("ownr"))
        #expect(incident.expression == "=ownr")
    }

    // MARK: Forms

    @Test func completingWithoutARequiredFormFieldIsRejected() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="review">
              <bpmn:extensionElements>
                <baton:formField id="approved" type="boolean" required="true"/>
                <baton:formField id="comment" type="string"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """))
        let task = try #require(driver.userTask("review"))
        #expect(task.formFields.map(\.id) == ["approved", "comment"])
        let before = driver.state
        let rejection = try #require(throws: CommandRejection.self) {
            try driver.execute(.completeUserTask(task.key, variables: ["comment": .string("fine")]))
        }
        #expect(rejection.reason == .invalidArgument)
        #expect(rejection.message == "user task 'review' needs the required form field 'approved'")
        #expect(driver.state == before)
        // A null value is missing too; false is a value
        #expect(throws: CommandRejection.self) { try driver.execute(.completeUserTask(task.key, variables: ["approved": .null])) }
        try driver.execute(.completeUserTask(task.key, variables: ["approved": .boolean(false)]))
        #expect(driver.state.status == .completed)
        #expect(driver.variable("approved") == .boolean(false))
    }

    @Test func camundaRequiredFormFieldsAreNamedTogether() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:userTask id="review">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="a" type="string"><camunda:validation><camunda:constraint name="required"/></camunda:validation></camunda:formField>
                  <camunda:formField id="b" type="string"><camunda:validation><camunda:constraint name="required"/></camunda:validation></camunda:formField>
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """))
        let key = try #require(driver.userTask("review")).key
        let rejection = try #require(throws: CommandRejection.self) { try driver.execute(.completeUserTask(key)) }
        #expect(rejection.message == "user task 'review' needs the required form fields 'a', 'b'")
    }

    @Test func scenarioAnswersEachVisitInTurn() throws {
        // Given a review loop that repeats until ok
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw"/>
            <bpmn:exclusiveGateway id="gw" default="again"/>
            <bpmn:sequenceFlow id="done" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>ok</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="again" sourceRef="gw" targetRef="review"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"userTasks": {"review": [{"ok": false}, {"ok": true}]}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "review", "gw", "review", "gw", "end"])
    }
}
