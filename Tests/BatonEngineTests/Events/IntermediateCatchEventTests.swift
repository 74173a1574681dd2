import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Intermediate catch events: timers, messages, signals.
@Suite struct IntermediateCatchEventTests {
    static func timer(_ definition: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>\(definition)</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    // MARK: Timers

    @Test func durationTimerAdvancesTheScenarioClock() throws {
        let result = try run(Self.timer("<bpmn:timeDuration>PT48H</bpmn:timeDuration>"))
        #expect(result.status == .completed)
        #expect(result.clock == "PT48H")
        #expect(result.steps == ["start", "wait", "end"])
    }

    @Test func durationTimerIsDueThatLongAfterItStarts() throws {
        var driver = try InstanceDriver(Self.timer("<bpmn:timeDuration>P1DT30M</bpmn:timeDuration>"))
        let subscription = try #require(driver.subscription("wait"))
        let due = InstanceDriver.epoch.advanced(byMilliseconds: (24 * 60 + 30) * 60_000)
        #expect(subscription.trigger == .timer(dueAt: due))
        #expect(driver.state.nextTimerDue == due)
        try driver.fireTimer("wait")
        #expect(driver.events.contains(.subscriptionTriggered(subscription.key)))
        #expect(driver.state.status == .completed)
    }

    @Test func dateTimerIsDueAtItsDate() throws {
        let result = try run(Self.timer("<bpmn:timeDate>2026-06-01T00:00:00Z</bpmn:timeDate>"))
        #expect(result.status == .completed)
        #expect(result.clock == "PT75H33M20S")
    }

    @Test func dateTimerInThePastFiresAtOnce() throws {
        let result = try run(Self.timer("<bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate>"))
        #expect(result.status == .completed)
        #expect(result.clock == "PT0S")
    }

    @Test func computedDurationTimer() throws {
        let result = try run(
            Self.timer(#"<bpmn:timeDuration>=duration("PT" + string(hours) + "H")</bpmn:timeDuration>"#),
            scenario: #"{"variables": {"hours": 36}}"#)
        #expect(result.status == .completed)
        #expect(result.clock == "PT36H")
    }

    @Test func computedTimerFromAVariableHoldingDurationText() throws {
        let result = try run(Self.timer("<bpmn:timeDuration>=reminderDelay</bpmn:timeDuration>"), scenario: #"{"variables": {"reminderDelay": "PT90M"}}"#)
        #expect(result.clock == "PT1H30M")
    }

    @Test func computedDateTimer() throws {
        let driver = try InstanceDriver(Self.timer("<bpmn:timeDate>=now() + duration(\"P2D\")</bpmn:timeDate>"))
        #expect(driver.subscription("wait")?.trigger == .timer(dueAt: InstanceDriver.epoch.advanced(byMilliseconds: 2 * 86_400_000)))
    }

    @Test func cycleTimerOnACatchEventFiresAfterItsFirstInterval() throws {
        let result = try run(Self.timer("<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>"))
        #expect(result.status == .completed)
        #expect(result.clock == "PT10M")
    }

    @Test func computedTimerThatIsNotADurationRaisesAnIncident() throws {
        let result = try run(Self.timer("<bpmn:timeDuration>=delay</bpmn:timeDuration>"), scenario: #"{"variables": {"delay": "soon"}}"#)
        #expect(result.status == .error)
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "wait")
        #expect(incident.reason.hasPrefix("the timer of intermediateCatchEvent 'wait' 'soon' is not a valid timeDuration"))
    }

    @Test func computedTimerOfTheWrongTypeRaisesAnIncident() throws {
        let result = try run(Self.timer("<bpmn:timeDuration>=delay</bpmn:timeDuration>"), scenario: #"{"variables": {"delay": 5}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason == "the timer of intermediateCatchEvent 'wait' is 5, not a date and time, a date or a duration")
    }

    @Test func twoTimersFireInTheOrderTheyAreDue() throws {
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="slow"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="fast"/>
            <bpmn:intermediateCatchEvent id="slow"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="fast"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="slow" targetRef="endSlow"/>
            <bpmn:sequenceFlow id="f5" sourceRef="fast" targetRef="endFast"/>
            <bpmn:endEvent id="endSlow"/>
            <bpmn:endEvent id="endFast"/>
            """)
        #expect(result.steps == ["start", "fork", "fast", "endFast", "slow", "endSlow"])
        #expect(result.clock == "PT2H")
    }

    // MARK: Messages

    @Test func messageCatchWaitsForItsMessage() throws {
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """
        let extra = #"<bpmn:message id="m" name="shipped" baton:correlationKey="=orderId"/>"#
        var driver = try InstanceDriver(content, extra: extra, variables: ["orderId": .string("A-1")])
        #expect(driver.subscription("wait")?.trigger == .message(name: "shipped", correlationKey: "A-1"))
        #expect(throws: CommandRejection.self) { try driver.execute(.correlateMessage(name: "shipped", correlationKey: "A-2")) }
        try driver.execute(.correlateMessage(name: "shipped", correlationKey: "A-1", variables: ["carrier": .string("DHL")]))
        #expect(driver.variable("carrier") == .string("DHL"))
        #expect(driver.state.status == .completed)
        let result = try run(content, scenario: #"{"variables": {"orderId": "A-1"}, "messages": {"shipped": {"carrier": "UPS"}}}"#, extra: extra)
        #expect(result.status == .completed)
        #expect(result.variable("carrier") == .string("UPS"))
    }

    // MARK: Signals

    static let signals = #"<bpmn:signal id="goSignal" name="go"/>"#

    @Test func signalCatchWaitsForABroadcast() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="waitA"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="waitB"/>
            <bpmn:intermediateCatchEvent id="waitA"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="waitB"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="waitA" targetRef="endA"/>
            <bpmn:sequenceFlow id="f5" sourceRef="waitB" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """, extra: Self.signals)
        #expect(driver.subscription("waitA")?.trigger == .signal(name: "go"))
        // A signal nobody waits for changes nothing
        try driver.execute(.broadcastSignal(name: "stop"))
        #expect(driver.state.subscriptions.count == 2)
        // One broadcast reaches every waiting catch event
        try driver.execute(.broadcastSignal(name: "go", variables: ["signalled": .boolean(true)]))
        #expect(driver.state.status == .completed)
        #expect(driver.variable("signalled") == .boolean(true))
    }

    @Test func signalThrownInTheSameInstanceReachesItsCatchEvent() throws {
        // Given a branch waiting for a signal and a branch that throws it after a task
        let content = """
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="waitGo"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="prepare"/>
            <bpmn:intermediateCatchEvent id="waitGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="waitGo" targetRef="endA"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:userTask id="prepare"/>
            <bpmn:sequenceFlow id="f5" sourceRef="prepare" targetRef="sendGo"/>
            <bpmn:intermediateThrowEvent id="sendGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f6" sourceRef="sendGo" targetRef="endB"/>
            <bpmn:endEvent id="endB"/>
            """
        // The engine delivers the signal to this instance's waiting catch at once and
        // reports it for other instances
        var driver = try InstanceDriver(content, extra: Self.signals)
        let produced = try driver.execute(.completeUserTask(try #require(driver.userTask("prepare")).key))
        #expect(produced.contains(.signalThrown(name: "go", element: "sendGo")))
        #expect(driver.subscription("waitGo") == nil)
        #expect(driver.state.status == .completed)
        // The catcher completes right after the thrower, before the thrower's token moves on
        let result = try run(content, scenario: #"{"userTasks": {"prepare": {}}}"#, extra: Self.signals)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "fork", "prepare", "sendGo", "waitGo", "endB", "endA"])
    }

    @Test func signalThrownInTheFirstRunReachesACatchAlreadyWaiting() throws {
        // Given a fork whose first branch waits for a signal that the second branch throws
        // straight away, while the instance is starting
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
            <bpmn:parallelGateway id="fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="waitGo"/>
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="sendGo"/>
            <bpmn:intermediateCatchEvent id="waitGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateThrowEvent id="sendGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="waitGo" targetRef="endA"/>
            <bpmn:sequenceFlow id="f5" sourceRef="sendGo" targetRef="endB"/>
            <bpmn:endEvent id="endA"/>
            <bpmn:endEvent id="endB"/>
            """, extra: Self.signals)
        // Then the catch, waiting when the signal was thrown, is triggered
        #expect(result.status == .completed)
        #expect(result.openTasks.isEmpty)
    }

    @Test func signalThrownBeforeTheCatchWaitsDoesNotReachIt() throws {
        // Given a throw followed, in the same branch, by a catch of the same signal
        let result = try run("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="prepare"/>
            <bpmn:userTask id="prepare"/>
            <bpmn:sequenceFlow id="f1" sourceRef="prepare" targetRef="sendGo"/>
            <bpmn:intermediateThrowEvent id="sendGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="sendGo" targetRef="waitGo"/>
            <bpmn:intermediateCatchEvent id="waitGo"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="waitGo" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, scenario: #"{"userTasks": {"prepare": {}}}"#, extra: Self.signals)
        // Then the catch was not waiting when the signal was broadcast: it still waits
        #expect(result.status == .waiting)
        #expect(result.openTasks == ["waitGo"])
    }
}
