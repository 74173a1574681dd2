import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Escalations travel outward like errors, but are not critical: a non-interrupting
/// catch lets the thrower go on, and an escalation nothing catches is reported
/// (`escalationThrown`) while the flow continues.
@Suite struct EscalationTests {
    static let declarations = """
        <bpmn:escalation id="xLate" escalationCode="LATE"/>
        <bpmn:escalation id="xBudget" escalationCode="BUDGET"/>
        """

    static func throwEvent(_ id: String, _ ref: String = "xLate") -> String {
        #"<bpmn:intermediateThrowEvent id="\#(id)"><bpmn:escalationEventDefinition escalationRef="\#(ref)"/></bpmn:intermediateThrowEvent>"#
    }

    /// A subprocess `work`: subStart → `first` → after → subEnd.
    static func subProcess(first: String) -> String {
        """
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="subStart"/>
          <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="raise"/>
          \(first)
          <bpmn:sequenceFlow id="s2" sourceRef="raise" targetRef="after"/>
          <bpmn:task id="after"/>
          <bpmn:sequenceFlow id="s3" sourceRef="after" targetRef="subEnd"/>
          <bpmn:endEvent id="subEnd"/>
        </bpmn:subProcess>
        """
    }

    /// start → `activity` (id `work`) → end, with an escalation boundary `b` → notify → bEnd.
    static func process(_ activity: String, boundary ref: String? = "xLate", interrupting: Bool = false) -> String {
        var text = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            \(activity)
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """
        let definition = ref.map { #"<bpmn:escalationEventDefinition escalationRef="\#($0)"/>"# } ?? "<bpmn:escalationEventDefinition/>"
        text += """

            <bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="\(interrupting)">\(definition)</bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="notify"/>
            <bpmn:task id="notify"/>
            <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="bEnd"/>
            <bpmn:endEvent id="bEnd"/>
            """
        return text
    }

    static func escalationsThrown(_ events: [EngineEvent]) -> [String] {
        events.compactMap { if case .escalationThrown(let code, _) = $0 { code } else { nil } }
    }

    // MARK: Boundary events

    @Test func nonInterruptingBoundaryOnASubProcessLetsTheThrowerContinue() throws {
        // Given a subprocess raising LATE on its way, with a non-interrupting boundary
        let content = Self.process(Self.subProcess(first: Self.throwEvent("raise")))
        // When it runs
        let result = try run(content, extra: Self.declarations)
        // Then both the boundary path and the rest of the subprocess run
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "subStart", "raise", "b", "after", "notify", "subEnd", "bEnd", "work", "end"])
        #expect(result.terminated.isEmpty)
        #expect(Self.escalationsThrown(result.events).isEmpty)
    }

    @Test func nonInterruptingBoundaryFiresOnEveryEscalation() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="raise"/>
              \(Self.throwEvent("raise"))
              <bpmn:sequenceFlow id="s2" sourceRef="raise" targetRef="raiseAgain"/>
              \(Self.throwEvent("raiseAgain"))
              <bpmn:sequenceFlow id="s3" sourceRef="raiseAgain" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let result = try run(Self.process(sub), extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "notify" }.count == 2)
        #expect(result.steps.contains("work") && result.steps.last == "end")
    }

    @Test func interruptingBoundaryEndsTheSubProcess() throws {
        let sub = """
            <bpmn:subProcess id="work">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fork"/>
              <bpmn:parallelGateway id="fork"/>
              <bpmn:sequenceFlow id="s2" sourceRef="fork" targetRef="review"/>
              <bpmn:sequenceFlow id="s3" sourceRef="fork" targetRef="raise"/>
              <bpmn:userTask id="review"/>
              <bpmn:endEvent id="raise"><bpmn:escalationEventDefinition escalationRef="xLate"/></bpmn:endEvent>
              <bpmn:sequenceFlow id="s4" sourceRef="review" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            """
        let driver = try InstanceDriver(Self.process(sub, interrupting: true), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "subStart", "fork", "b", "notify", "bEnd"])
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.terminated.last == "work")
    }

    @Test func exactCodeBeatsACatchAllAtTheSameLevel() throws {
        let sub = Self.subProcess(first: Self.throwEvent("raise", "xBudget"))
        let content = Self.process(sub, boundary: nil) + """

            <bpmn:boundaryEvent id="budget" attachedToRef="work" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="xBudget"/></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f5" sourceRef="budget" targetRef="budgetEnd"/>
            <bpmn:endEvent id="budgetEnd"/>
            """
        let result = try run(content, extra: Self.declarations)
        #expect(result.steps.contains("budget"))
        #expect(!result.steps.contains("b"))
    }

    @Test func boundaryForAnotherCodeDoesNotCatch() throws {
        let result = try run(Self.process(Self.subProcess(first: Self.throwEvent("raise", "xBudget"))), extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(!result.steps.contains("b"))
        #expect(Self.escalationsThrown(result.events) == ["BUDGET"])
    }

    // MARK: Not caught

    @Test func uncaughtEscalationIsReportedAndTheFlowGoesOn() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="raise"/>
            \(Self.throwEvent("raise"))
            <bpmn:sequenceFlow id="f2" sourceRef="raise" targetRef="finish"/>
            <bpmn:endEvent id="finish"><bpmn:escalationEventDefinition escalationRef="xBudget"/></bpmn:endEvent>
            """
        let driver = try InstanceDriver(content, extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "raise", "finish"])
        #expect(driver.events.contains(.escalationThrown(code: "LATE", element: "raise")))
        #expect(driver.events.contains(.escalationThrown(code: "BUDGET", element: "finish")))
        #expect(driver.incidents.isEmpty)
    }

    // MARK: Through a call activity

    @Test func escalationFromTheCalledProcessReachesTheCallActivityBoundary() throws {
        let child = """
            <bpmn:process id="child" isExecutable="true">
              <bpmn:startEvent id="cStart"/>
              <bpmn:sequenceFlow id="c1" sourceRef="cStart" targetRef="cRaise"/>
              \(Self.throwEvent("cRaise"))
              <bpmn:sequenceFlow id="c2" sourceRef="cRaise" targetRef="cTask"/>
              <bpmn:userTask id="cTask"/>
              <bpmn:sequenceFlow id="c3" sourceRef="cTask" targetRef="cEnd"/>
              <bpmn:endEvent id="cEnd"/>
            </bpmn:process>
            """
        let document = bpmnDocument(Self.process(#"<bpmn:callActivity id="work" calledElement="child"/>"#), extra: Self.declarations + child)
        var driver = try InstanceDriver(document: document)
        // The boundary path ran; the called process goes on
        #expect(driver.path == ["start", "cStart", "cRaise", "b", "notify", "bEnd"])
        #expect(driver.openUserTasks == ["cTask"])
        try driver.completeUserTask("cTask")
        #expect(driver.path.suffix(3) == ["cEnd", "work", "end"])
        #expect(driver.state.status == .completed)
    }
}
