import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// BPMN errors travel outward from their thrower: the boundary events of each element on
/// the way (of the multi-instance body for a multi-instance activity), the event
/// subprocesses of each scope, through subprocesses and call activities. At one level an
/// exact code beats a catch-all; an error nothing catches is an incident.
@Suite struct ErrorPropagationTests {
    static let declarations = """
        <bpmn:error id="eDeclined" errorCode="DECLINED"/>
        <bpmn:error id="eOther" errorCode="OTHER"/>
        <bpmn:error id="eChild" errorCode="CHILD_FAILED"/>
        """

    /// start → `activity` (id `work`) → end, then `boundaries`; each boundary `x` leads to
    /// its end event `xEnd`.
    static func process(_ activity: String, boundaries: [(id: String, errorRef: String?)], extra: String = "") -> String {
        var text = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            \(activity)
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            \(extra)
            """
        for (id, errorRef) in boundaries {
            let definition = errorRef.map { #"<bpmn:errorEventDefinition errorRef="\#($0)"/>"# } ?? "<bpmn:errorEventDefinition/>"
            text += """

                <bpmn:boundaryEvent id="\(id)" attachedToRef="work">\(definition)</bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="\(id)F" sourceRef="\(id)" targetRef="\(id)End"/>
                <bpmn:endEvent id="\(id)End"/>
                """
        }
        return text
    }

    static let job = #"<bpmn:serviceTask id="work" baton:connector="payments"/>"#

    // MARK: Boundary events

    @Test func jobErrorIsCaughtByTheBoundaryOfItsTask() throws {
        let content = Self.process(Self.job, boundaries: [("declined", "eDeclined")])
        let result = try run(content, scenario: #"{"serviceTasks": {"work": {"bpmnError": "DECLINED"}}}"#, extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "declined", "declinedEnd"])
        // The task that threw is terminated by its interrupting boundary, as in Zeebe
        #expect(result.terminated == ["work"])
    }

    @Test func variablesOfTheThrownErrorReachTheProcess() throws {
        var driver = try InstanceDriver(Self.process(Self.job, boundaries: [("declined", "eDeclined")]), extra: Self.declarations)
        try driver.throwError("work", code: "DECLINED", message: "card expired", ["reason": .string("expired")])
        #expect(driver.variable("reason") == .string("expired"))
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.cancelledJobs == 0)
        #expect(driver.state.status == .completed)
    }

    @Test func errorEndEventInASubProcessIsCaughtByTheSubProcessBoundary() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fork"/>
              <bpmn:parallelGateway id="fork"/>
              <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="waiting"/>
              <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="fail"/>
              <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="eDeclined"/></bpmn:endEvent>
              <bpmn:userTask id="waiting"/>
              <bpmn:sequenceFlow id="s4" sourceRef="waiting" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let driver = try InstanceDriver(Self.process(sub, boundaries: [("declined", "eDeclined")]), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "subStart", "fork", "declined", "declinedEnd"])
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.incidents.isEmpty)
    }

    // MARK: Exact code and catch-all

    @Test func exactCodeBeatsACatchAllWrittenBeforeIt() throws {
        let content = Self.process(Self.job, boundaries: [("any", nil), ("declined", "eDeclined")])
        let result = try run(content, scenario: #"{"serviceTasks": {"work": {"bpmnError": "DECLINED"}}}"#, extra: Self.declarations)
        #expect(result.steps == ["start", "declined", "declinedEnd"])
    }

    @Test func catchAllTakesCodesNobodyNames() throws {
        let content = Self.process(Self.job, boundaries: [("declined", "eDeclined"), ("any", nil)])
        let result = try run(content, scenario: #"{"serviceTasks": {"work": {"bpmnError": "TIMEOUT"}}}"#, extra: Self.declarations)
        #expect(result.steps == ["start", "any", "anyEnd"])
    }

    @Test func nearestCatchAllBeatsAnExactCodeFurtherOut() throws {
        // The task's own catch-all is one level closer than the subprocess's exact catch
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="charge"/>
              <bpmn:serviceTask id="charge" baton:connector="payments"/>
              <bpmn:sequenceFlow id="s2" sourceRef="charge" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
              <bpmn:boundaryEvent id="chargeAny" attachedToRef="charge"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
              <bpmn:sequenceFlow id="s3" sourceRef="chargeAny" targetRef="retryLater"/>
              <bpmn:endEvent id="retryLater"/>
            </bpmn:subProcess>
            """
        let content = Self.process(sub, boundaries: [("declined", "eDeclined")])
        let result = try run(content, scenario: #"{"serviceTasks": {"charge": {"bpmnError": "DECLINED"}}}"#, extra: Self.declarations)
        #expect(result.steps == ["start", "subStart", "chargeAny", "retryLater", "work", "end"])
    }

    @Test func eventSubProcessInsideTheSubProcessBeatsTheSubProcessBoundary() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fail"/>
              <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="eDeclined"/></bpmn:endEvent>
              <bpmn:subProcess id="inside" triggeredByEvent="true">
                <bpmn:startEvent id="insideStart"><bpmn:errorEventDefinition/></bpmn:startEvent>
                <bpmn:sequenceFlow id="i1" sourceRef="insideStart" targetRef="insideEnd"/>
                <bpmn:endEvent id="insideEnd"/>
              </bpmn:subProcess>
            </bpmn:subProcess>
            """
        let driver = try InstanceDriver(Self.process(sub, boundaries: [("declined", "eDeclined")]), extra: Self.declarations)
        #expect(driver.path == ["start", "subStart", "insideStart", "insideEnd", "inside", "work", "end"])
    }

    // MARK: Multi-instance

    @Test func errorFromOneParallelInstanceIsCaughtOnTheBodyAndEndsTheOthers() throws {
        // Given a parallel multi-instance service task over three items, its second job
        // throwing a BPMN error
        let task = """
            <bpmn:serviceTask id="work" baton:connector="payments">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false" baton:inputCollection="=cards" baton:inputElement="card"/>
            </bpmn:serviceTask>
            """
        let content = Self.process(task, boundaries: [("declined", "eDeclined")])
        var driver = try InstanceDriver(content, extra: Self.declarations, variables: ["cards": json(#"["a", "b", "c"]"#)])
        #expect(driver.jobs("work").count == 3)
        // An error boundary is found by propagation, not subscribed to
        #expect(driver.state.subscriptions.isEmpty)
        // When the first completes and the second throws
        try driver.completeJob("work")
        try driver.throwError("work", code: "DECLINED")
        // Then the body ends with the third instance and the boundary path runs
        #expect(driver.path == ["start", "work", "declined", "declinedEnd"])
        #expect(driver.cancelledJobs == 1)
        // The thrower, the third instance, then the body
        #expect(driver.terminated == ["work", "work", "work"])
        #expect(driver.state.status == .completed)
        #expect(driver.incidents.isEmpty)
        // The same through a scenario
        let result = try run(
            content, scenario: #"{"variables": {"cards": ["a", "b", "c"]}, "serviceTasks": {"work": [{}, {"bpmnError": "DECLINED"}, {}]}}"#,
            extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "work", "declined", "declinedEnd"])
    }

    @Test func errorEndEventInAMultiInstanceSubProcessIsCaughtOnTheBody() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="check"/>
              <bpmn:exclusiveGateway id="check" default="s3"/>
              <bpmn:sequenceFlow id="s2" sourceRef="check" targetRef="fail"><bpmn:conditionExpression>loopCounter = 2</bpmn:conditionExpression></bpmn:sequenceFlow>
              <bpmn:sequenceFlow id="s3" sourceRef="check" targetRef="review"/>
              <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="eDeclined"/></bpmn:endEvent>
              <bpmn:userTask id="review"/>
              <bpmn:sequenceFlow id="s4" sourceRef="review" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let driver = try InstanceDriver(Self.process(sub, boundaries: [("declined", "eDeclined")]), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.path.suffix(2) == ["declined", "declinedEnd"])
        #expect(!driver.path.contains("work"))
    }

    // MARK: Call activities

    static let failingChild = """
        <bpmn:process id="child" isExecutable="true">
          <bpmn:startEvent id="cStart"/>
          <bpmn:sequenceFlow id="c1" sourceRef="cStart" targetRef="cWork"/>
          <bpmn:serviceTask id="cWork" baton:connector="ledger"/>
          <bpmn:sequenceFlow id="c2" sourceRef="cWork" targetRef="cFail"/>
          <bpmn:endEvent id="cFail"><bpmn:errorEventDefinition errorRef="eChild"/></bpmn:endEvent>
        </bpmn:process>
        """

    static let call = #"<bpmn:callActivity id="work" calledElement="child"/>"#

    @Test func errorThrownInTheCalledProcessIsCaughtOnTheCallActivity() throws {
        let document = bpmnDocument(Self.process(Self.call, boundaries: [("childFailed", "eChild")]), extra: Self.declarations + Self.failingChild)
        let result = try runProcess(document)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "cStart", "cWork", "childFailed", "childFailedEnd"])
        #expect(result.state?.elements.count == 1)
        #expect(result.incidents.isEmpty)
    }

    @Test func jobErrorInTheCalledProcessIsCaughtOnTheCallActivity() throws {
        let document = bpmnDocument(Self.process(Self.call, boundaries: [("any", nil)]), extra: Self.declarations + Self.failingChild)
        let result = try runProcess(document, scenario: #"{"serviceTasks": {"cWork": {"bpmnError": "LEDGER_DOWN"}}}"#)
        #expect(result.steps == ["start", "cStart", "any", "anyEnd"])
    }

    @Test func errorThrownInTheCalledProcessIsCaughtByAnEventSubProcessOfTheParent() throws {
        let handler = """
            <bpmn:subProcess id="onChild" triggeredByEvent="true">
              <bpmn:startEvent id="onChildStart"><bpmn:errorEventDefinition errorRef="eChild"/></bpmn:startEvent>
              <bpmn:sequenceFlow id="h1" sourceRef="onChildStart" targetRef="onChildEnd"/>
              <bpmn:endEvent id="onChildEnd"/>
            </bpmn:subProcess>
            """
        let document = bpmnDocument(Self.process(Self.call, boundaries: [], extra: handler), extra: Self.declarations + Self.failingChild)
        let result = try runProcess(document)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "cStart", "cWork", "onChildStart", "onChildEnd", "onChild"])
        #expect(result.terminated == ["cFail", "work"])
    }

    @Test func errorNobodyCatchesInTheCalledProcessIsAnIncidentThere() throws {
        let document = bpmnDocument(Self.process(Self.call, boundaries: [("declined", "eDeclined")]), extra: Self.declarations + Self.failingChild)
        let result = try runProcess(document)
        #expect(result.status == .error)
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "cFail")
        #expect(incident.reason == "unhandled BPMN error 'CHILD_FAILED' thrown by endEvent 'cFail'; no error event catches it")
    }

    // MARK: Uncaught

    @Test func uncaughtErrorEndEventRaisesAnIncidentNamingElementAndCode() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:endEvent id="work"><bpmn:errorEventDefinition errorRef="eDeclined"/></bpmn:endEvent>
            """
        let result = try run(content, extra: Self.declarations)
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["work"])
        #expect(result.incidents.first?.reason == "unhandled BPMN error 'DECLINED' thrown by endEvent 'work'; no error event catches it")
    }

    @Test func uncaughtJobErrorRaisesAnIncidentWithTheWorkersMessage() throws {
        // A boundary for another code does not catch it
        var driver = try InstanceDriver(Self.process(Self.job, boundaries: [("other", "eOther")]), extra: Self.declarations)
        try driver.throwError("work", code: "DECLINED", message: "card expired")
        let incident = try #require(driver.incidents.first)
        #expect(incident.element == "work")
        #expect(incident.reason == "unhandled BPMN error 'DECLINED' thrown by the worker of serviceTask 'work': card expired; no error event catches it")
        #expect(driver.instance("work")?.state == .activating)
        // Resolving it opens a new job
        try driver.resolveIncident()
        #expect(driver.jobs("work").count == 1)
    }

    // MARK: Multi-instance and event subprocesses

    static let onDeclined = """
        <bpmn:subProcess id="onDeclined" triggeredByEvent="true">
          <bpmn:startEvent id="onDeclinedStart"><bpmn:errorEventDefinition errorRef="eDeclined"/></bpmn:startEvent>
          <bpmn:sequenceFlow id="h1" sourceRef="onDeclinedStart" targetRef="onDeclinedEnd"/>
          <bpmn:endEvent id="onDeclinedEnd"/>
        </bpmn:subProcess>
        """

    @Test func errorFromAMultiInstanceInstanceIsCaughtByAnEventSubProcessOfTheProcess() throws {
        let task = """
            <bpmn:serviceTask id="work" baton:connector="payments">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:serviceTask>
            """
        var driver = try InstanceDriver(Self.process(task, boundaries: [], extra: Self.onDeclined), extra: Self.declarations)
        try driver.throwError("work", code: "DECLINED")
        #expect(driver.path == ["start", "onDeclinedStart", "onDeclinedEnd", "onDeclined"])
        #expect(driver.cancelledJobs == 1)
        #expect(driver.state.status == .completed)
    }

    @Test func errorEventSubProcessInsideAMultiInstanceSubProcessHandlesItsInstanceOnly() throws {
        // Zeebe camunda/camunda#3671: the error is caught inside the instance that threw
        // it; the other instances go on
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="charge"/>
              <bpmn:serviceTask id="charge" baton:connector="payments"/>
              <bpmn:sequenceFlow id="s2" sourceRef="charge" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
              \(Self.onDeclined)
            </bpmn:subProcess>
            """
        let result = try run(
            Self.process(sub, boundaries: [("declined", "eDeclined")]), scenario: #"{"serviceTasks": {"charge": [{"bpmnError": "DECLINED"}, {}]}}"#,
            extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(!result.steps.contains("declined"))
        #expect(result.steps.filter { $0 == "work" }.count == 2)
        #expect(result.steps.contains("onDeclined"))
        #expect(result.steps.suffix(1) == ["end"])
    }
}
