import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Boundary events: armed while their activity waits, interrupting (the activity ends,
/// the token leaves by the boundary event) or not (a parallel token, the activity goes
/// on and the event stays armed).
@Suite struct BoundaryEventTests {
    static let declarations = """
        <bpmn:message id="mCancel" name="cancelOrder"/>
        <bpmn:message id="mPing" name="ping"/>
        <bpmn:message id="mKeyed" name="shipped" baton:correlationKey="=orderId"/>
        <bpmn:signal id="sAbort" name="abort"/>
        """

    /// start → `activity` → end, with `boundary` (id `b`) → `handle` → `bEnd`.
    static func process(_ activity: String, boundary: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        \(activity)
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        \(boundary)
        <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="handle"/>
        <bpmn:task id="handle"/>
        <bpmn:sequenceFlow id="f4" sourceRef="handle" targetRef="bEnd"/>
        <bpmn:endEvent id="bEnd"/>
        """
    }

    static func boundary(_ definition: String, interrupting: Bool = true, on activity: String = "work") -> String {
        #"<bpmn:boundaryEvent id="b" attachedToRef="\#(activity)" cancelActivity="\#(interrupting)">\#(definition)</bpmn:boundaryEvent>"#
    }

    static let userTask = #"<bpmn:userTask id="work"/>"#
    static let message = #"<bpmn:messageEventDefinition messageRef="mCancel"/>"#

    static func timer(_ duration: String) -> String {
        "<bpmn:timerEventDefinition><bpmn:timeDuration>\(duration)</bpmn:timeDuration></bpmn:timerEventDefinition>"
    }

    // MARK: Interrupting

    @Test func interruptingMessageBoundaryCancelsTheTaskAndTakesItsOwnPath() throws {
        // Given a user task nobody completes, with an interrupting message boundary
        let content = Self.process(Self.userTask, boundary: Self.boundary(Self.message))
        // When the message arrives
        let result = try run(content, scenario: #"{"messages": {"cancelOrder": [{"reason": "customer"}]}}"#, extra: Self.declarations)
        // Then the task is gone and the token left by the boundary event, with the payload
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "b", "handle", "bEnd"])
        #expect(result.openTasks.isEmpty)
        #expect(result.variable("reason") == .string("customer"))
        #expect(result.terminated == ["work"])
    }

    @Test func interruptingBoundaryCancelsTheUserTaskAndClosesTheSubscription() throws {
        var driver = try InstanceDriver(Self.process(Self.userTask, boundary: Self.boundary(Self.message)), extra: Self.declarations)
        let subscription = try #require(driver.subscription("b"))
        #expect(subscription.elementInstance == driver.instance("work")?.key)
        #expect(subscription.catchElement == "b")
        #expect(driver.instance("work")?.eventSubscriptions == [subscription.key])
        try driver.correlate("cancelOrder")
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.state.userTasks.isEmpty)
        #expect(driver.state.subscriptions.isEmpty)
        #expect(driver.terminated == ["work"])
        #expect(driver.state.status == .completed)
        // A second message finds nothing to wake
        #expect(throws: CommandRejection.self) { try driver.correlate("cancelOrder") }
    }

    @Test func interruptingTimerCancelsASubProcessWithParallelJobsInside() throws {
        // Given a subprocess forking into two service tasks and a user task, with a timer
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fork"/>
              <bpmn:parallelGateway id="fork"/>
              <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="callA"/>
              <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="callB"/>
              <bpmn:sequenceFlow id="s4" sourceRef="fork" targetRef="approve"/>
              <bpmn:serviceTask id="callA" baton:connector="a"/>
              <bpmn:serviceTask id="callB" baton:connector="b"/>
              <bpmn:userTask id="approve"/>
              <bpmn:sequenceFlow id="s5" sourceRef="callA" targetRef="join"/>
              <bpmn:sequenceFlow id="s6" sourceRef="callB" targetRef="join"/>
              <bpmn:sequenceFlow id="s7" sourceRef="approve" targetRef="join"/>
              <bpmn:parallelGateway id="join"/>
              <bpmn:sequenceFlow id="s8" sourceRef="join" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        var driver = try InstanceDriver(Self.process(sub, boundary: Self.boundary(Self.timer("PT1H"))))
        // One of the jobs has already finished: its token waits at the join
        try driver.completeJob("callA")
        #expect(driver.jobs("callB").count == 1)
        #expect(driver.openUserTasks == ["approve"])
        // When the timer fires
        try driver.fireTimer("b")
        // Then everything inside the subprocess is cancelled and the boundary path runs
        #expect(driver.state.status == .completed)
        #expect(driver.state.jobs.isEmpty && driver.state.userTasks.isEmpty && driver.state.subscriptions.isEmpty)
        #expect(driver.cancelledJobs == 1)
        #expect(driver.cancelledUserTasks == 1)
        #expect(Set(driver.terminated) == ["callB", "approve", "work"])
        #expect(driver.terminated.last == "work")
        #expect(driver.path == ["start", "subStart", "fork", "callA", "b", "handle", "bEnd"])
        #expect(driver.state.elements.values.allSatisfy { $0.isProcessRoot })
    }

    @Test func interruptingTimerCancelsParallelUserTasksInASubProcess() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fork"/>
              <bpmn:parallelGateway id="fork"/>
              <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="left"/>
              <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="right"/>
              <bpmn:userTask id="left"/>
              <bpmn:userTask id="right"/>
              <bpmn:sequenceFlow id="s4" sourceRef="left" targetRef="subEnd"/>
              <bpmn:sequenceFlow id="s5" sourceRef="right" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let result = try run(Self.process(sub, boundary: Self.boundary(Self.timer("PT2H"))))
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H")
        #expect(result.steps == ["start", "subStart", "fork", "b", "handle", "bEnd"])
        #expect(result.openTasks.isEmpty)
    }

    @Test func interruptingSignalBoundaryCancelsTheTask() throws {
        var driver = try InstanceDriver(
            Self.process(Self.userTask, boundary: Self.boundary(#"<bpmn:signalEventDefinition signalRef="sAbort"/>"#)), extra: Self.declarations)
        #expect(driver.subscription("b")?.trigger == .signal(name: "abort"))
        try driver.signal("abort")
        #expect(driver.path == ["start", "b", "handle", "bEnd"])
        #expect(driver.cancelledUserTasks == 1)
    }

    @Test func interruptingTimerOnACallActivityEndsTheCalledProcess() throws {
        let child = """
            <bpmn:process id="child" isExecutable="true">
              <bpmn:startEvent id="cStart"/>
              <bpmn:sequenceFlow id="c1" sourceRef="cStart" targetRef="cTask"/>
              <bpmn:userTask id="cTask"/>
              <bpmn:sequenceFlow id="c2" sourceRef="cTask" targetRef="cEnd"/>
              <bpmn:endEvent id="cEnd"/>
            </bpmn:process>
            """
        var driver = try InstanceDriver(
            Self.process(#"<bpmn:callActivity id="work" calledElement="child"/>"#, boundary: Self.boundary(Self.timer("PT1H"))), extra: child)
        #expect(driver.openUserTasks == ["cTask"])
        try driver.fireTimer("b")
        #expect(driver.state.status == .completed)
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.path == ["start", "cStart", "b", "handle", "bEnd"])
        #expect(driver.state.elements.count == 1)
    }

    // MARK: Not interrupting

    @Test func nonInterruptingMessageBoundaryFiresForEachMessageAndTheTaskStaysOpen() throws {
        // Given a user task with a non-interrupting boundary counting pings
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:userTask id="work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="mPing"/></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="count"/>
            <bpmn:scriptTask id="count" baton:resultVariable="pings"><bpmn:script>pings + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f4" sourceRef="count" targetRef="bEnd"/>
            <bpmn:endEvent id="bEnd"/>
            """
        // When the message arrives twice
        let result = try run(content, scenario: #"{"variables": {"pings": 0}, "messages": {"ping": [{"n": 1}, {"n": 2}]}}"#, extra: Self.declarations)
        // Then the boundary fired twice and the task still waits
        #expect(result.status == .waiting)
        #expect(result.steps == ["start", "b", "count", "bEnd", "b", "count", "bEnd"])
        #expect(result.variable("pings") == number(2))
        #expect(result.variable("n") == number(2))
        #expect(result.openTasks == ["work"])
    }

    @Test func nonInterruptingMessageBoundaryStaysArmedUntilTheTaskCompletes() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:userTask id="work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="next"/>
            <bpmn:userTask id="next"/>
            <bpmn:sequenceFlow id="f5" sourceRef="next" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="mPing"/></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="handle"/>
            <bpmn:task id="handle"/>
            <bpmn:sequenceFlow id="f4" sourceRef="handle" targetRef="bEnd"/>
            <bpmn:endEvent id="bEnd"/>
            """
        var driver = try InstanceDriver(content, extra: Self.declarations)
        let subscription = try #require(driver.subscription("b"))
        try driver.correlate("ping")
        try driver.correlate("ping")
        #expect(driver.path == ["start", "b", "handle", "bEnd", "b", "handle", "bEnd"])
        #expect(driver.subscription("b")?.key == subscription.key)
        #expect(driver.openUserTasks == ["work"])
        #expect(driver.instance("work")?.state == .active)
        // When the task completes, the boundary is withdrawn
        try driver.completeUserTask("work")
        #expect(driver.events.contains(.subscriptionClosed(subscription.key)))
        let rejection = #expect(throws: CommandRejection.self) { try driver.correlate("ping") }
        #expect(rejection?.reason == .notCorrelated)
        #expect(driver.openUserTasks == ["next"])
    }

    @Test func nonInterruptingTimerRunsBesideTheActivity() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="wait"/>
              <bpmn:intermediateCatchEvent id="wait">\(Self.timer("PT2H"))</bpmn:intermediateCatchEvent>
              <bpmn:sequenceFlow id="s2" sourceRef="wait" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let result = try run(Self.process(sub, boundary: Self.boundary(Self.timer("PT1H"), interrupting: false)))
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H")
        #expect(result.steps == ["start", "subStart", "b", "handle", "bEnd", "wait", "subEnd", "work", "end"])
    }

    // MARK: Armed only while the activity waits

    @Test func timerBoundaryIsWithdrawnWhenTheActivityCompletesFirst() throws {
        let content = Self.process(#"<bpmn:serviceTask id="work" baton:connector="x"/>"#, boundary: Self.boundary(Self.timer("PT1H")))
        var driver = try InstanceDriver(content)
        let timer = try #require(driver.subscription("b"))
        try driver.completeJob("work")
        #expect(driver.events.contains(.subscriptionClosed(timer.key)))
        #expect(driver.path == ["start", "work", "end"])
        #expect(driver.state.subscriptions.isEmpty)
        let result = try run(content)
        #expect(result.clock == "PT0S")
        #expect(result.steps == ["start", "work", "end"])
    }

    @Test func messageBoundaryMatchesItsCorrelationKeyEvaluatedAtTheActivity() throws {
        let boundary = Self.boundary(#"<bpmn:messageEventDefinition messageRef="mKeyed"/>"#)
        var driver = try InstanceDriver(Self.process(Self.userTask, boundary: boundary), extra: Self.declarations, variables: ["orderId": .string("A-7")])
        #expect(driver.subscription("b")?.trigger == .message(name: "shipped", correlationKey: "A-7"))
        #expect(throws: CommandRejection.self) { try driver.correlate("shipped", key: "A-8") }
        try driver.correlate("shipped", key: "A-7")
        #expect(driver.path == ["start", "b", "handle", "bEnd"])
    }

    @Test func boundaryOfAnActivityThatNeverStartsWaitingIsNeverArmed() throws {
        let content = Self.process(#"<bpmn:scriptTask id="work" baton:resultVariable="x"><bpmn:script>1</bpmn:script></bpmn:scriptTask>"#,
                                   boundary: Self.boundary(Self.timer("PT1H")))
        let driver = try InstanceDriver(content)
        #expect(!driver.events.contains { if case .subscriptionOpened = $0 { true } else { false } })
        #expect(driver.path == ["start", "work", "end"])
    }

    // MARK: Multi-instance activities

    static let multiInstanceReview = """
        <bpmn:userTask id="work">
          <bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        """

    @Test func timerBoundaryOnAMultiInstanceActivityInterruptsTheWholeBody() throws {
        var driver = try InstanceDriver(Self.process(Self.multiInstanceReview, boundary: Self.boundary(Self.timer("PT1H"))))
        #expect(driver.openUserTasks == ["work", "work", "work"])
        // One timer, held by the body, not one per instance
        let timers = driver.subscriptions("b")
        #expect(timers.count == 1)
        let body = try #require(driver.instances("work").first { $0.isLoopBody })
        #expect(timers.first?.elementInstance == body.key)
        try driver.completeUserTask("work")
        try driver.fireTimer("b")
        #expect(driver.cancelledUserTasks == 2)
        #expect(driver.state.userTasks.isEmpty)
        #expect(driver.path == ["start", "work", "b", "handle", "bEnd"])
        #expect(driver.loopsCompleted.isEmpty)
        #expect(driver.state.status == .completed)
        let result = try run(Self.process(Self.multiInstanceReview, boundary: Self.boundary(Self.timer("PT1H"))))
        #expect(result.clock == "PT1H")
        #expect(result.steps == ["start", "b", "handle", "bEnd"])
    }

    @Test func nonInterruptingMessageBoundaryOnAMultiInstanceActivityFiresOncePerMessage() throws {
        let boundary = Self.boundary(#"<bpmn:messageEventDefinition messageRef="mPing"/>"#, interrupting: false)
        let result = try run(Self.process(Self.multiInstanceReview, boundary: boundary), scenario: #"{"messages": {"ping": [{}]}}"#, extra: Self.declarations)
        #expect(result.status == .waiting)
        #expect(result.steps == ["start", "b", "handle", "bEnd"])
        #expect(result.openTasks == ["work", "work", "work"])
    }

    // MARK: Incidents

    @Test func boundaryIsArmedOnceWhenAFailedJobIsRetried() throws {
        // Given a service task with a non-interrupting signal boundary whose job ran out
        // of retries
        let boundary = Self.boundary(#"<bpmn:signalEventDefinition signalRef="sAbort"/>"#, interrupting: false)
        var driver = try InstanceDriver(Self.process(#"<bpmn:serviceTask id="work" baton:connector="x"/>"#, boundary: boundary), extra: Self.declarations)
        let job = try #require(driver.job("work"))
        try driver.execute(.failJob(job.key, message: "down", retries: 0))
        // When the incident is resolved (a new job)
        try driver.resolveIncident()
        #expect(driver.jobs("work").count == 1)
        // Then the boundary is still armed once: one signal, one boundary token
        #expect(driver.subscriptions("b").count == 1)
        try driver.signal("abort")
        #expect(driver.path.filter { $0 == "b" }.count == 1)
    }

    @Test func boundaryWhoseCorrelationKeyFailsIsArmedWhenTheIncidentIsResolved() throws {
        // Given a boundary whose correlation key needs a variable that is missing
        let boundary = Self.boundary(#"<bpmn:messageEventDefinition messageRef="mKeyed"/>"#)
        var driver = try InstanceDriver(Self.process(Self.userTask, boundary: boundary), extra: Self.declarations)
        let incident = try #require(driver.incidents.first)
        #expect(incident.element == "work")
        #expect(incident.reason.hasPrefix("the correlation key of boundaryEvent 'b' failed"))
        // When the variable is set and the incident resolved
        try driver.execute(.setVariables(["orderId": .string("A-9")]))
        try driver.resolveIncident()
        // Then the task waits once, with its boundary armed
        #expect(driver.incidents.isEmpty)
        #expect(driver.openUserTasks == ["work"])
        #expect(driver.subscription("b")?.trigger == .message(name: "shipped", correlationKey: "A-9"))
        try driver.correlate("shipped", key: "A-9")
        #expect(driver.path == ["start", "b", "handle", "bEnd"])
        #expect(driver.state.userTasks.isEmpty)
    }
}
