import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Event subprocesses: started by their start event while their scope (the process or a
/// subprocess) is active. An interrupting one ends the scope's other tokens and can
/// trigger once; a non-interrupting one runs beside them, as often as its event comes.
/// The scope completes when its event subprocesses have completed too.
@Suite struct EventSubProcessTests {
    static let declarations = """
        <bpmn:message id="mCancel" name="cancel"/>
        <bpmn:message id="mNote" name="note"/>
        <bpmn:signal id="sAbort" name="abort"/>
        <bpmn:error id="eFail" errorCode="FAIL"/>
        <bpmn:error id="eAgain" errorCode="AGAIN"/>
        <bpmn:escalation id="xLate" escalationCode="LATE"/>
        """

    /// An event subprocess `id` whose start `\(id)Start` has `definition`, then `\(id)Work`
    /// (a `task` by default) and `\(id)End`.
    static func eventSubProcess(_ id: String, _ definition: String, interrupting: Bool = true, work: String? = nil) -> String {
        """
        <bpmn:subProcess id="\(id)" triggeredByEvent="true">
          <bpmn:startEvent id="\(id)Start" isInterrupting="\(interrupting)">\(definition)</bpmn:startEvent>
          <bpmn:sequenceFlow id="\(id)F1" sourceRef="\(id)Start" targetRef="\(id)Work"/>
          \(work ?? #"<bpmn:task id="\#(id)Work"/>"#)
          <bpmn:sequenceFlow id="\(id)F2" sourceRef="\(id)Work" targetRef="\(id)End"/>
          <bpmn:endEvent id="\(id)End"/>
        </bpmn:subProcess>
        """
    }

    /// start → `main` (id `work`) → end, plus `extra` (event subprocesses).
    static func process(_ extra: String, main: String = #"<bpmn:userTask id="work"/>"#) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        \(main)
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        \(extra)
        """
    }

    static func timer(_ duration: String) -> String {
        "<bpmn:timerEventDefinition><bpmn:timeDuration>\(duration)</bpmn:timeDuration></bpmn:timerEventDefinition>"
    }

    static func cycle(_ value: String) -> String {
        "<bpmn:timerEventDefinition><bpmn:timeCycle>\(value)</bpmn:timeCycle></bpmn:timerEventDefinition>"
    }

    static let message = #"<bpmn:messageEventDefinition messageRef="mCancel"/>"#

    // MARK: Process level

    @Test func interruptingMessageEventSubProcessEndsTheProcessFlow() throws {
        let content = Self.process(Self.eventSubProcess("onCancel", Self.message))
        let result = try run(content, scenario: #"{"messages": {"cancel": [{"why": "duplicate"}]}}"#, extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "onCancelStart", "onCancelWork", "onCancelEnd", "onCancel"])
        #expect(result.terminated == ["work"])
        #expect(result.openTasks.isEmpty)
        #expect(result.variable("why") == .string("duplicate"))
    }

    @Test func interruptingTimerEventSubProcessCancelsTheWaitingTask() throws {
        var driver = try InstanceDriver(Self.process(Self.eventSubProcess("late", Self.timer("PT1H"))))
        let subscription = try #require(driver.subscription("lateStart"))
        #expect(subscription.elementInstance == driver.state.rootKey)
        #expect(driver.state.elements[driver.state.rootKey]?.eventSubscriptions == [subscription.key])
        try driver.fireTimer("lateStart")
        #expect(driver.cancelledUserTasks == 1)
        #expect(driver.path == ["start", "lateStart", "lateWork", "lateEnd", "late"])
        #expect(driver.state.status == .completed)
    }

    @Test func nonInterruptingTimerEventSubProcessRunsBesideTheFlow() throws {
        let main = #"<bpmn:intermediateCatchEvent id="work">\#(Self.timer("PT2H"))</bpmn:intermediateCatchEvent>"#
        let result = try run(Self.process(Self.eventSubProcess("remind", Self.timer("PT1H"), interrupting: false), main: main))
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H")
        #expect(result.steps == ["start", "remindStart", "remindWork", "remindEnd", "remind", "work", "end"])
    }

    @Test func nonInterruptingCycleEventSubProcessIsWithdrawnWhenTheProcessEnds() throws {
        // Fires at 45 and 90 minutes; the main flow ends at two hours, before a third time
        let main = #"<bpmn:intermediateCatchEvent id="work">\#(Self.timer("PT2H"))</bpmn:intermediateCatchEvent>"#
        let result = try run(Self.process(Self.eventSubProcess("remind", Self.cycle("R/PT45M"), interrupting: false), main: main))
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H")
        #expect(result.steps.filter { $0 == "remind" }.count == 2)
        #expect(result.steps.suffix(2) == ["work", "end"])
        #expect(result.state?.subscriptions.isEmpty == true)
    }

    @Test func processWaitsForARunningNonInterruptingEventSubProcess() throws {
        let esp = Self.eventSubProcess(
            "onNote", #"<bpmn:messageEventDefinition messageRef="mNote"/>"#, interrupting: false, work: #"<bpmn:userTask id="onNoteWork"/>"#)
        var driver = try InstanceDriver(Self.process(esp), extra: Self.declarations)
        try driver.correlate("note")
        try driver.correlate("note")
        #expect(driver.openUserTasks == ["work", "onNoteWork", "onNoteWork"])
        try driver.completeUserTask("work")
        #expect(driver.state.status == .active)
        try driver.completeUserTask("onNoteWork")
        try driver.completeUserTask("onNoteWork")
        #expect(driver.state.status == .completed)
        #expect(driver.path.last == "onNote")
    }

    @Test func interruptingEventSubProcessAlsoEndsRunningNonInterruptingOnes() throws {
        // Zeebe: "all active instances of its containing scope are terminated, including
        // instances of other non-interrupting event subprocesses"
        let note = Self.eventSubProcess(
            "onNote", #"<bpmn:messageEventDefinition messageRef="mNote"/>"#, interrupting: false, work: #"<bpmn:userTask id="onNoteWork"/>"#)
        var driver = try InstanceDriver(Self.process(note + Self.eventSubProcess("onCancel", Self.message)), extra: Self.declarations)
        try driver.correlate("note")
        try driver.correlate("cancel")
        #expect(driver.cancelledUserTasks == 2)
        #expect(Set(driver.terminated) == ["work", "onNoteWork", "onNote"])
        #expect(driver.state.status == .completed)
        // The note subscription was withdrawn with the interruption
        #expect(driver.state.subscriptions.isEmpty)
    }

    // MARK: Inside a subprocess

    static func subProcess(_ eventSubProcesses: String, inner: String = #"<bpmn:userTask id="inner"/>"#) -> String {
        """
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="subStart"/>
          <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="inner"/>
          \(inner)
          <bpmn:sequenceFlow id="s2" sourceRef="inner" targetRef="subEnd"/>
          <bpmn:endEvent id="subEnd"/>
          \(eventSubProcesses)
        </bpmn:subProcess>
        """
    }

    @Test func interruptingSignalEventSubProcessEndsOnlyItsSubProcess() throws {
        let sub = Self.subProcess(Self.eventSubProcess("onAbort", #"<bpmn:signalEventDefinition signalRef="sAbort"/>"#))
        var driver = try InstanceDriver(Self.process("", main: sub), extra: Self.declarations)
        let subscription = try #require(driver.subscription("onAbortStart"))
        #expect(subscription.elementInstance == driver.instance("work")?.key)
        try driver.signal("abort")
        // The subprocess completes normally after its event subprocess, and the flow goes on
        #expect(driver.path == ["start", "subStart", "onAbortStart", "onAbortWork", "onAbortEnd", "onAbort", "work", "end"])
        #expect(driver.terminated == ["inner"])
        #expect(driver.state.status == .completed)
    }

    @Test func nonInterruptingSignalEventSubProcessLeavesTheSubProcessRunning() throws {
        let sub = Self.subProcess(Self.eventSubProcess("onAbort", #"<bpmn:signalEventDefinition signalRef="sAbort"/>"#, interrupting: false))
        var driver = try InstanceDriver(Self.process("", main: sub), extra: Self.declarations)
        try driver.signal("abort")
        try driver.signal("abort")
        #expect(driver.path.filter { $0 == "onAbort" }.count == 2)
        #expect(driver.openUserTasks == ["inner"])
        try driver.completeUserTask("inner")
        #expect(driver.path.suffix(3) == ["subEnd", "work", "end"])
    }

    @Test func subProcessEventSubscriptionsCloseWithTheSubProcess() throws {
        let sub = Self.subProcess(Self.eventSubProcess("onNote", #"<bpmn:messageEventDefinition messageRef="mNote"/>"#, interrupting: false))
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            \(sub)
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="after"/>
            <bpmn:userTask id="after"/>
            <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """
        var driver = try InstanceDriver(content, extra: Self.declarations)
        let subscription = try #require(driver.subscription("onNoteStart"))
        try driver.completeUserTask("inner")
        #expect(driver.events.contains(.subscriptionClosed(subscription.key)))
        let rejection = #expect(throws: CommandRejection.self) { try driver.correlate("note") }
        #expect(rejection?.reason == .notCorrelated)
    }

    @Test func errorEventSubProcessInASubProcessHandlesAJobErrorAndTheFlowGoesOn() throws {
        let sub = Self.subProcess(
            Self.eventSubProcess("onFail", #"<bpmn:errorEventDefinition errorRef="eFail"/>"#), inner: #"<bpmn:serviceTask id="inner" baton:connector="pay"/>"#)
        let result = try run(Self.process("", main: sub), scenario: #"{"serviceTasks": {"inner": {"bpmnError": "FAIL"}}}"#, extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "subStart", "onFailStart", "onFailWork", "onFailEnd", "onFail", "work", "end"])
    }

    @Test func escalationEventSubProcessWithoutInterruptingLetsTheThrowerGoOn() throws {
        let inner = #"<bpmn:intermediateThrowEvent id="inner"><bpmn:escalationEventDefinition escalationRef="xLate"/></bpmn:intermediateThrowEvent>"#
        let sub = Self.subProcess(Self.eventSubProcess("onLate", #"<bpmn:escalationEventDefinition escalationRef="xLate"/>"#, interrupting: false), inner: inner)
        let driver = try InstanceDriver(Self.process("", main: sub), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(Set(driver.path) == ["start", "subStart", "inner", "subEnd", "onLateStart", "onLateWork", "onLateEnd", "onLate", "work", "end"])
        #expect(driver.path.suffix(2) == ["work", "end"])
        #expect(!driver.events.contains { if case .escalationThrown = $0 { true } else { false } })
    }

    @Test func interruptingEscalationEventSubProcessEndsTheThrowersScope() throws {
        let inner = """
            <bpmn:intermediateThrowEvent id="inner"><bpmn:escalationEventDefinition escalationRef="xLate"/></bpmn:intermediateThrowEvent>
            """
        let sub = Self.subProcess(Self.eventSubProcess("onLate", #"<bpmn:escalationEventDefinition escalationRef="xLate"/>"#), inner: inner)
        let driver = try InstanceDriver(Self.process("", main: sub), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.path == ["start", "subStart", "onLateStart", "onLateWork", "onLateEnd", "onLate", "work", "end"])
        #expect(driver.terminated == ["inner"])
    }

    // MARK: An interrupting event subprocess triggers once

    @Test func errorThrownInsideAnInterruptingEventSubProcessIsNotCaughtByItsSiblings() throws {
        // BPMN 2.0 and Zeebe (camunda/camunda#8271): once an interrupting event subprocess
        // of a scope has started, no other interrupting one of that scope can start. The
        // error of the job inside `onCancel` is not caught: an incident.
        let onCancel = Self.eventSubProcess("onCancel", Self.message, work: #"<bpmn:serviceTask id="onCancelWork" baton:connector="refund"/>"#)
        let onFail = Self.eventSubProcess("onFail", #"<bpmn:errorEventDefinition errorRef="eFail"/>"#)
        var driver = try InstanceDriver(Self.process(onCancel + onFail), extra: Self.declarations)
        try driver.correlate("cancel")
        try driver.throwError("onCancelWork", code: "FAIL")
        #expect(!driver.path.contains("onFailStart"))
        #expect(driver.incidents.map(\.element) == ["onCancelWork"])
        #expect(driver.incidents.first?.reason.hasPrefix("unhandled BPMN error 'FAIL'") == true)
    }

    @Test func errorEventSubProcessDoesNotCatchItsOwnError() throws {
        // The handler ends with an error of the same code: nothing else catches it, so an
        // incident, not the same event subprocess again and again.
        let handler = """
            <bpmn:subProcess id="onFail" triggeredByEvent="true">
              <bpmn:startEvent id="onFailStart"><bpmn:errorEventDefinition/></bpmn:startEvent>
              <bpmn:sequenceFlow id="h1" sourceRef="onFailStart" targetRef="rethrow"/>
              <bpmn:endEvent id="rethrow"><bpmn:errorEventDefinition errorRef="eAgain"/></bpmn:endEvent>
            </bpmn:subProcess>
            """
        let main = #"<bpmn:endEvent id="work"><bpmn:errorEventDefinition errorRef="eFail"/></bpmn:endEvent>"#
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            \(main)
            \(handler)
            """
        let driver = try InstanceDriver(content, extra: Self.declarations, stepLimit: 1000)
        #expect(driver.path.filter { $0 == "onFailStart" }.count == 1)
        #expect(driver.incidents.map(\.element) == ["rethrow"])
        #expect(driver.incidents.first?.reason == "unhandled BPMN error 'AGAIN' thrown by endEvent 'rethrow'; no error event catches it")
    }

    // MARK: Incidents

    @Test func eventSubProcessStartsAreArmedOnceAfterAnIncidentOnTheirScope() throws {
        // Given a subprocess with two message event subprocesses, the second keyed by a
        // variable that is missing when the subprocess starts
        let keyed = """
            <bpmn:message id="mKeyed" name="keyed" baton:correlationKey="=caseId"/>
            """
        let sub = Self.subProcess(
            Self.eventSubProcess("onNote", #"<bpmn:messageEventDefinition messageRef="mNote"/>"#, interrupting: false)
                + Self.eventSubProcess("onKeyed", #"<bpmn:messageEventDefinition messageRef="mKeyed"/>"#, interrupting: false))
        var driver = try InstanceDriver(Self.process("", main: sub), extra: Self.declarations + keyed)
        #expect(driver.incidents.map(\.element) == ["work"])
        // When the variable is set and the incident resolved
        try driver.execute(.setVariables(["caseId": .string("C-1")]))
        try driver.resolveIncident()
        // Then each event subprocess start is armed once
        #expect(driver.incidents.isEmpty)
        #expect(driver.subscriptions("onNoteStart").count == 1)
        #expect(driver.subscriptions("onKeyedStart").count == 1)
        try driver.correlate("note")
        #expect(driver.path.filter { $0 == "onNote" }.count == 1)
    }

    // MARK: More scopes

    @Test func processLevelEscalationEventSubProcessCatchesFromInsideASubProcess() throws {
        let inner = #"<bpmn:intermediateThrowEvent id="inner"><bpmn:escalationEventDefinition escalationRef="xLate"/></bpmn:intermediateThrowEvent>"#
        let esp = Self.eventSubProcess("onLate", #"<bpmn:escalationEventDefinition escalationRef="xLate"/>"#, interrupting: false)
        let driver = try InstanceDriver(Self.process(esp, main: Self.subProcess("", inner: inner)), extra: Self.declarations)
        #expect(driver.state.status == .completed)
        #expect(driver.path.contains("onLate"))
        #expect(driver.path.contains("subEnd") && driver.path.contains("end"))
        #expect(driver.terminated.isEmpty)
    }

    @Test func interruptingTimerEventSubProcessInASubProcessKeepsTheSubProcessBoundaryArmed() throws {
        // The subprocess is still active while its event subprocess runs: its own boundary
        // events stay armed
        let sub = Self.subProcess(Self.eventSubProcess("late", Self.timer("PT1H"), work: #"<bpmn:userTask id="lateWork"/>"#))
        let content = Self.process("", main: sub) + """

            <bpmn:boundaryEvent id="giveUp" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT3H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="g1" sourceRef="giveUp" targetRef="gaveUp"/>
            <bpmn:endEvent id="gaveUp"/>
            """
        var driver = try InstanceDriver(content)
        try driver.fireTimer("lateStart")
        #expect(driver.openUserTasks == ["lateWork"])
        #expect(driver.terminated == ["inner"])
        #expect(driver.subscription("giveUp") != nil)
        try driver.fireTimer("giveUp")
        #expect(driver.path.suffix(2) == ["giveUp", "gaveUp"])
        #expect(driver.state.status == .completed)
    }

    @Test func errorFromANonInterruptingEventSubProcessCanStartAnInterruptingOne() throws {
        // The scope was not interrupted yet, so its error event subprocess may still start
        let note = Self.eventSubProcess(
            "onNote", #"<bpmn:messageEventDefinition messageRef="mNote"/>"#, interrupting: false,
            work: #"<bpmn:serviceTask id="onNoteWork" baton:connector="notes"/>"#)
        let onFail = Self.eventSubProcess("onFail", #"<bpmn:errorEventDefinition errorRef="eFail"/>"#)
        let result = try run(
            Self.process(note + onFail), scenario: #"{"messages": {"note": [{}]}, "serviceTasks": {"onNoteWork": {"bpmnError": "FAIL"}}}"#,
            extra: Self.declarations)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "onNoteStart", "onFailStart", "onFailWork", "onFailEnd", "onFail"])
        #expect(Set(result.terminated) == ["work", "onNoteWork", "onNote"])
    }
}
