import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Foundation
import Testing

/// Timer cycles (`R3/PT1H`) on non-interrupting boundary events and event subprocesses:
/// they fire after each interval, as many times as the cycle says, while their activity
/// or scope is active. Also saving and restoring an instance with cycles, event
/// subprocess subscriptions and multi-instance bodies open.
@Suite struct TimerCycleTests {
    static func cycle(_ value: String) -> String {
        "<bpmn:timerEventDefinition><bpmn:timeCycle>\(value)</bpmn:timeCycle></bpmn:timerEventDefinition>"
    }

    /// A subprocess `work` that waits `duration`, with a cycle boundary `hourly` → remind → remindEnd.
    static func process(cycle value: String, workTakes duration: String = "PT5H", interrupting: Bool = false) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        <bpmn:subProcess id="work">
          <bpmn:startEvent id="subStart"/>
          <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="wait"/>
          <bpmn:intermediateCatchEvent id="wait">
            <bpmn:timerEventDefinition><bpmn:timeDuration>\(duration)</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:intermediateCatchEvent>
          <bpmn:sequenceFlow id="s2" sourceRef="wait" targetRef="subEnd"/>
          <bpmn:endEvent id="subEnd"/>
        </bpmn:subProcess>
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        <bpmn:boundaryEvent id="hourly" attachedToRef="work" cancelActivity="\(interrupting)">\(cycle(value))</bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="hourly" targetRef="remind"/>
        <bpmn:task id="remind"/>
        <bpmn:sequenceFlow id="f4" sourceRef="remind" targetRef="remindEnd"/>
        <bpmn:endEvent id="remindEnd"/>
        """
    }

    // MARK: Boundary cycles

    @Test func cycleOfThreeOnANonInterruptingBoundaryFiresThreeTimes() throws {
        // Given a five-hour subprocess with a non-interrupting R3/PT1H boundary
        let result = try run(Self.process(cycle: "R3/PT1H"))
        // Then the boundary path runs at 1, 2 and 3 hours, and the subprocess ends at 5
        #expect(result.status == .completed)
        #expect(result.clock == "PT5H")
        let reminder = ["hourly", "remind", "remindEnd"]
        #expect(result.steps == ["start", "subStart"] + reminder + reminder + reminder + ["wait", "subEnd", "work", "end"])
    }

    @Test func cycleIsDueAfterEachIntervalAndClosesAfterItsLastRepetition() throws {
        var driver = try InstanceDriver(Self.process(cycle: "R3/PT1H"))
        let first = try #require(driver.subscription("hourly"))
        #expect(first.trigger == .timer(dueAt: instant(hours: 1)))
        try driver.fireTimer("hourly")
        #expect(driver.subscription("hourly")?.trigger == .timer(dueAt: instant(hours: 2)))
        #expect(driver.subscription("hourly")?.key == first.key)
        try driver.fireTimer("hourly")
        #expect(driver.subscription("hourly")?.trigger == .timer(dueAt: instant(hours: 3)))
        try driver.fireTimer("hourly")
        #expect(driver.subscription("hourly") == nil)
        #expect(driver.events.contains(.subscriptionClosed(first.key)))
        #expect(driver.instance("work")?.eventSubscriptions == nil)
        #expect(driver.path.filter { $0 == "remind" }.count == 3)
        #expect(driver.instance("work")?.state == .active)
    }

    @Test func cycleIsNotDueBeforeItsTime() throws {
        var driver = try InstanceDriver(Self.process(cycle: "R3/PT1H"))
        let timer = try #require(driver.subscription("hourly"))
        driver.clock.advance(to: instant(hours: 0, minutes: 59))
        let rejection = #expect(throws: CommandRejection.self) { try driver.execute(.fireTimer(timer.key)) }
        #expect(rejection?.reason == .invalidState)
    }

    @Test func unboundedCycleStopsWhenTheActivityCompletes() throws {
        let result = try run(Self.process(cycle: "R/PT1H", workTakes: "PT2H30M"))
        #expect(result.status == .completed)
        #expect(result.clock == "PT2H30M")
        #expect(result.steps.filter { $0 == "hourly" }.count == 2)
        #expect(result.state?.subscriptions.isEmpty == true)
    }

    @Test func cycleOnAnInterruptingBoundaryFiresOnce() throws {
        let result = try run(Self.process(cycle: "R3/PT1H", interrupting: true))
        #expect(result.status == .completed)
        #expect(result.clock == "PT1H")
        #expect(result.steps == ["start", "subStart", "hourly", "remind", "remindEnd"])
    }

    @Test func computedCycle() throws {
        let result = try run(Self.process(cycle: #"="R" + string(times) + "/PT1H""#), scenario: #"{"variables": {"times": 2}}"#)
        #expect(result.steps.filter { $0 == "hourly" }.count == 2)
        #expect(result.clock == "PT5H")
    }

    @Test func cycleWithAStartDateFiresFirstAtThatDate() throws {
        // ISO 8601 `R2/<start>/PT1H`: two intervals beginning at the start date, so the
        // first event is at the start itself (Zeebe's RepeatingInterval, Camunda 7),
        // then one hour later. The clock starts at 2026-05-28T20:26:40Z.
        var driver = try InstanceDriver(Self.process(cycle: "R2/2026-05-29T00:00:00Z/PT1H"))
        let start = EngineInstant(millisecondsSinceEpoch: 1_780_012_800_000)  // 2026-05-29T00:00:00Z
        #expect(driver.subscription("hourly")?.trigger == .timer(dueAt: start))
        try driver.fireTimer("hourly")
        #expect(driver.subscription("hourly")?.trigger == .timer(dueAt: start.advanced(byMilliseconds: 3_600_000)))
    }

    // MARK: Event subprocess cycles

    @Test func cycleOnANonInterruptingEventSubProcess() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            <bpmn:intermediateCatchEvent id="wait">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT3H30M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            <bpmn:subProcess id="status" triggeredByEvent="true">
              <bpmn:startEvent id="statusStart" isInterrupting="false">\(Self.cycle("R2/PT1H"))</bpmn:startEvent>
              <bpmn:sequenceFlow id="e1" sourceRef="statusStart" targetRef="statusEnd"/>
              <bpmn:endEvent id="statusEnd"/>
            </bpmn:subProcess>
            """
        let result = try run(content)
        #expect(result.status == .completed)
        #expect(result.clock == "PT3H30M")
        #expect(result.steps == ["start", "statusStart", "statusEnd", "status", "statusStart", "statusEnd", "status", "wait", "end"])
    }

    // MARK: Saving and restoring

    /// A process with a non-interrupting message event subprocess (`note`) and a
    /// parallel multi-instance user task with a non-interrupting R2/PT1H boundary.
    static let openEverything = """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
        <bpmn:userTask id="review">
          <bpmn:multiInstanceLoopCharacteristics isSequential="false" baton:inputCollection="=reviewers" baton:inputElement="reviewer"
              baton:outputCollection="verdicts" baton:outputElement="=verdict"/>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        <bpmn:boundaryEvent id="nudge" attachedToRef="review" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="nudge" targetRef="nudgeEnd"/>
        <bpmn:endEvent id="nudgeEnd"/>
        <bpmn:subProcess id="note" triggeredByEvent="true">
          <bpmn:startEvent id="noteStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="mNote"/></bpmn:startEvent>
          <bpmn:sequenceFlow id="n1" sourceRef="noteStart" targetRef="noteEnd"/>
          <bpmn:endEvent id="noteEnd"/>
        </bpmn:subProcess>
        """

    @Test func stateWithACycleAnEventSubProcessAndAMultiInstanceBodyOpenSurvivesJSON() throws {
        let extra = #"<bpmn:message id="mNote" name="note"/>"#
        let variables: FEELContext = ["reviewers": json(#"["ann", "bob"]"#)]
        var plain = try InstanceDriver(Self.openEverything, extra: extra, variables: variables)
        var restored = try InstanceDriver(Self.openEverything, extra: extra, variables: variables)
        // Everything is open: the event subprocess's start, the boundary cycle on the body,
        // the body with its two instances
        #expect(plain.subscription("noteStart") != nil)
        #expect(plain.subscription("nudge")?.cycle == TimerCycle(interval: try ISO8601Duration.parse("PT1H"), remaining: 1))
        #expect(plain.instances("review").filter(\.isLoopBody).count == 1)
        #expect(plain.openUserTasks == ["review", "review"])
        // When the state is saved as JSON and read back
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(restored.state)
        restored.state = try JSONDecoder().decode(ProcessInstanceState.self, from: data)
        // Then it is the same state, written the same way
        #expect(restored.state == plain.state)
        #expect(try encoder.encode(restored.state) == data)
        // And both instances go on identically, saved and restored after each command
        typealias Step = (inout InstanceDriver) throws -> Void
        let steps: [Step] = [
            { try $0.fireTimer("nudge") },
            { try $0.correlate("note", ["by": .string("ops")]) },
            { try $0.completeUserTask("review", ["verdict": .string("ok")]) },
            { try $0.fireTimer("nudge") },
            { try $0.completeUserTask("review", ["verdict": .string("no")]) },
        ]
        for step in steps {
            try step(&plain)
            try step(&restored)
            try restored.saveAndRestore()
            #expect(restored.state == plain.state)
        }
        #expect(restored.events == plain.events)
        #expect(plain.state.status == .completed)
        #expect(plain.variable("verdicts") == json(#"["ok", "no"]"#))
        #expect(plain.path.filter { $0 == "nudge" }.count == 2)
        #expect(plain.path.contains("note"))
    }
}
