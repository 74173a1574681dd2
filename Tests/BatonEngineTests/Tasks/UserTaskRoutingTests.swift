import BatonEngine
import BatonFEEL
import BatonModel
import Testing

/// Who a user task is offered to, from every routing source.
@Suite struct UserTaskRoutingTests {
    func task(_ content: String) throws -> UserTask {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            \(content)
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, variables: ["team": .string("finance")])
        return try #require(driver.userTask("review"))
    }

    @Test func standardPotentialOwnerGivesUsersAndRoles() throws {
        let task = try task("""
            <bpmn:userTask id="review">
              <bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>user(kermit), group(management), sales</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
            </bpmn:userTask>
            """)
        #expect(task.candidateUsers == ["kermit"])
        #expect(task.candidateGroups == ["management", "sales"])
    }

    @Test func standardHumanPerformerIsTheAssignee() throws {
        let task = try task("""
            <bpmn:userTask id="review">
              <bpmn:humanPerformer><bpmn:resourceAssignmentExpression><bpmn:formalExpression>user(gonzo)</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:humanPerformer>
            </bpmn:userTask>
            """)
        #expect(task.assignee == "gonzo")
    }

    @Test func extensionAttributesWinOverStandardPerformers() throws {
        let task = try task("""
            <bpmn:userTask id="review" baton:candidateGroups="=team">
              <bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>group(management)</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
            </bpmn:userTask>
            """)
        #expect(task.candidateGroups == ["finance"])
    }

    @Test func aTaskWithoutPeopleIsOfferedToTheRoleNamedLikeItsLane() throws {
        let task = try task("""
            <bpmn:laneSet id="ls">
              <bpmn:lane id="l1" name="Sales Managers"><bpmn:flowNodeRef>review</bpmn:flowNodeRef></bpmn:lane>
              <bpmn:lane id="l2" name="Back office"><bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef></bpmn:lane>
            </bpmn:laneSet>
            <bpmn:userTask id="review"/>
            """)
        #expect(task.candidateGroups == ["sales-managers"])
    }

    @Test func peopleNamedOnTheTaskWinOverItsLane() throws {
        let task = try task("""
            <bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Sales"><bpmn:flowNodeRef>review</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
            <bpmn:userTask id="review" camunda:assignee="demo"/>
            """)
        #expect(task.assignee == "demo")
        #expect(task.candidateGroups.isEmpty)
    }
}
