import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Start events, plain end events and terminate end events.
@Suite struct StartEndEventTests {
    @Test func startAndEndEventCompleteTheInstance() throws {
        // Given a process that goes straight from its start event to its end event
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        // Then both complete and the instance is done
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "end"])
        #expect(result.state?.status == .completed)
        #expect(result.state?.endedAt != nil)
    }

    @Test func startVariablesAreProcessVariables() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"variables": {"amount": 1200, "customer": {"name": "Ada"}}}"#)
        #expect(result.variable("amount") == number(1200))
        #expect(result.variable("customer") == json(#"{"name": "Ada"}"#))
    }

    @Test func theNoneStartEventIsChosenOverAMessageStartEvent() throws {
        // Given a process with a message start event written first and a none start event
        let result = try run("""
            <bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="byMessage" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:startEvent id="plain"/>
            <bpmn:sequenceFlow id="f2" sourceRef="plain" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            """, extra: #"<bpmn:message id="m" name="go"/>"#)
        // Then the instance starts at the none start event only
        #expect(result.steps == ["plain", "endB"])
    }

    @Test func processCompletesOnlyWhenItsLastTokenEnds() throws {
        // Given two parallel branches, one waiting at a user task
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="endA"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="review"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            """)
        // When one branch reaches its end event, the instance is still active
        #expect(driver.path == ["start", "fork", "endA"])
        #expect(driver.state.status == .active)
        // Then it completes when the other branch ends
        try driver.completeUserTask("review")
        #expect(driver.state.status == .completed)
        #expect(driver.events.last == .processInstanceCompleted(driver.state.process))
    }

    // MARK: Terminate end events

    @Test func terminateEndEventAtProcessLevelEndsEveryOtherBranch() throws {
        // Given a fork to a user task, a service task, a timer and a terminate end event
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="book"/>
            <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="wait"/>
            <bpmn:sequenceFlow id="f5" sourceRef="fork" targetRef="kill"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f6" sourceRef="review" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:serviceTask id="book" baton:connector="erp"/>
            <bpmn:sequenceFlow id="f7" sourceRef="book" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f8" sourceRef="wait" targetRef="endC"/>
            <bpmn:endEvent id="endC"/>
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            """)
        // Then the instance completes with the other branches cancelled
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "fork", "kill"])
        #expect(Set(driver.terminated) == ["review", "book", "wait"])
        #expect(driver.state.userTasks.isEmpty)
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.state.subscriptions.isEmpty)
        #expect(driver.events.contains { if case .userTaskCancelled = $0 { true } else { false } })
        #expect(driver.events.contains { if case .jobCancelled = $0 { true } else { false } })
        #expect(driver.events.contains { if case .subscriptionClosed = $0 { true } else { false } })
        // And no further command is taken
        #expect(throws: CommandRejection.self) { try driver.execute(.setVariables(["x": number(1)])) }
    }

    @Test func terminateEndEventInScenarioLeavesOtherBranchesOutOfThePath() throws {
        // Given a user task branch that the scenario would answer, and a terminate branch
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="kill"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            """, scenario: #"{"userTasks": {"*": {}}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "fork", "kill"])
        #expect(result.openTasks.isEmpty)
    }

    @Test func terminateEndEventInsideSubprocessEndsOnlyTheSubprocess() throws {
        // Given a subprocess with a user task in parallel with a terminate end event,
        // and an outer branch waiting at its own user task
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="outerFork"/>
            <bpmn:parallelGateway id="outerFork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="outerFork" targetRef="sub"/>
            <bpmn:sequenceFlow id="f3" sourceRef="outerFork" targetRef="outerTask"/>
            <bpmn:userTask id="outerTask"/>
            <bpmn:sequenceFlow id="f4" sourceRef="outerTask" targetRef="outerEnd"/>
            <bpmn:endEvent id="outerEnd"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subFork"/>
              <bpmn:parallelGateway id="subFork"/>
              <bpmn:sequenceFlow id="s2" sourceRef="subFork" targetRef="innerTask"/>
              <bpmn:sequenceFlow id="s3" sourceRef="subFork" targetRef="subKill"/>
              <bpmn:userTask id="innerTask"/>
              <bpmn:sequenceFlow id="s4" sourceRef="innerTask" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
              <bpmn:endEvent id="subKill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f5" sourceRef="sub" targetRef="afterSub"/>
            <bpmn:task id="afterSub"/>
            <bpmn:sequenceFlow id="f6" sourceRef="afterSub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        // Then the subprocess completes and the flow after it goes on
        #expect(driver.path == ["start", "outerFork", "subStart", "subFork", "subKill", "sub", "afterSub", "end"])
        #expect(driver.terminated == ["innerTask"])
        // And the outer branch is untouched
        #expect(driver.openUserTasks == ["outerTask"])
        #expect(driver.state.status == .active)
        try driver.completeUserTask("outerTask")
        #expect(driver.state.status == .completed)
    }

    @Test func terminateEndEventClearsTokensWaitingAtAJoin() throws {
        // Given a join with one token arrived and another branch terminating
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="join"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="review"/>
            <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="decide"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="join"/>
            <bpmn:parallelGateway id="join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:userTask id="decide"/>
            <bpmn:sequenceFlow id="f7" sourceRef="decide" targetRef="kill"/>
            <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            """)
        #expect(driver.state.elements[driver.state.rootKey]?.joinArrivals?["join"]?["f2"] == 1)
        // When the terminating branch ends
        try driver.completeUserTask("decide")
        // Then the instance completes and the join never fires
        #expect(driver.state.status == .completed)
        #expect(!driver.path.contains("join"))
        #expect(driver.terminated == ["review"])
    }
}
