import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Testing

/// Starting an instance at a chosen start event, and by a message: what a host does when
/// a message, signal or timer of a start event happens.
@Suite struct StartEventTests {
    /// `orders`: a none start, a message start (`orderPlaced`) and a timer start, each
    /// leading to its own end; `audit`: a message start for the same message; `other`: a
    /// process whose only message start is in an event subprocess.
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:message id="mPlaced" name="orderPlaced"/>
          <bpmn:message id="mPing" name="ping"/>
          <bpmn:signal id="sGo" name="go"/>
          <bpmn:process id="orders" isExecutable="true">
            <bpmn:startEvent id="manual"/>
            <bpmn:sequenceFlow id="o1" sourceRef="manual" targetRef="manualEnd"/>
            <bpmn:endEvent id="manualEnd"/>
            <bpmn:startEvent id="placed"><bpmn:messageEventDefinition messageRef="mPlaced"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="o2" sourceRef="placed" targetRef="review"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="o3" sourceRef="review" targetRef="placedEnd"/>
            <bpmn:endEvent id="placedEnd"/>
            <bpmn:startEvent id="nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="o4" sourceRef="nightly" targetRef="nightlyEnd"/>
            <bpmn:endEvent id="nightlyEnd"/>
            <bpmn:startEvent id="signalled"><bpmn:signalEventDefinition signalRef="sGo"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="o5" sourceRef="signalled" targetRef="signalledEnd"/>
            <bpmn:endEvent id="signalledEnd"/>
          </bpmn:process>
          <bpmn:process id="audit" isExecutable="true">
            <bpmn:startEvent id="auditPlaced"><bpmn:messageEventDefinition messageRef="mPlaced"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="a1" sourceRef="auditPlaced" targetRef="auditEnd"/>
            <bpmn:endEvent id="auditEnd"/>
          </bpmn:process>
          <bpmn:process id="other" isExecutable="true">
            <bpmn:startEvent id="otherStart"/>
            <bpmn:sequenceFlow id="x1" sourceRef="otherStart" targetRef="otherTask"/>
            <bpmn:userTask id="otherTask"/>
            <bpmn:sequenceFlow id="x2" sourceRef="otherTask" targetRef="otherEnd"/>
            <bpmn:endEvent id="otherEnd"/>
            <bpmn:subProcess id="onPlaced" triggeredByEvent="true">
              <bpmn:startEvent id="onPlacedStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="mPlaced"/></bpmn:startEvent>
              <bpmn:sequenceFlow id="x3" sourceRef="onPlacedStart" targetRef="onPlacedEnd"/>
              <bpmn:endEvent id="onPlacedEnd"/>
            </bpmn:subProcess>
          </bpmn:process>
        </bpmn:definitions>
        """

    static func engine() throws -> ProcessEngine {
        let loaded = try loadDocument(document)
        var repository = ProcessRepository()
        try repository.deploy(loaded.definitions)
        return ProcessEngine(repository: repository, clock: ManualClock(at: InstanceDriver.epoch))
    }

    static func path(_ events: [EngineEvent]) -> [String] {
        events.compactMap { if case .elementCompleted(_, let id) = $0 { id.rawValue } else { nil } }
    }

    // MARK: A chosen start event

    @Test func startsAtTheNoneStartEventByDefault() throws {
        let (state, events) = try Self.engine().start(processID: "orders", id: "o-1")
        #expect(Self.path(events) == ["manual", "manualEnd"])
        #expect(state.status == .completed)
    }

    @Test func startsAtAChosenStartEvent() throws {
        let engine = try Self.engine()
        let (timed, timedEvents) = try engine.start(processID: "orders", id: "o-2", startEvent: "nightly")
        #expect(Self.path(timedEvents) == ["nightly", "nightlyEnd"])
        #expect(timed.status == .completed)
        let (placed, placedEvents) = try engine.start(processID: "orders", id: "o-3", variables: ["order": .string("A-1")], startEvent: "placed")
        #expect(Self.path(placedEvents) == ["placed"])
        #expect(placed.userTasks.values.map(\.element) == ["review"])
        #expect(placed.variables["order"] == .string("A-1"))
    }

    @Test func unknownStartEventIsRejectedWithAHint() throws {
        let rejection = #expect(throws: CommandRejection.self) { try Self.engine().start(processID: "orders", id: "o-4", startEvent: "nightli") }
        #expect(rejection?.reason == .notFound)
        #expect(rejection?.message.hasPrefix("process 'orders' has no start event 'nightli'") == true)
        #expect(rejection?.message.contains("nightly") == true)
    }

    @Test func startEventOfAnEventSubProcessCannotStartAnInstance() throws {
        let rejection = #expect(throws: CommandRejection.self) { try Self.engine().start(processID: "other", id: "x-1", startEvent: "onPlacedStart") }
        #expect(rejection?.reason == .notFound)
        // Nor can an element that is not a start event
        #expect(throws: CommandRejection.self) { try Self.engine().start(processID: "orders", id: "o-5", startEvent: "review") }
    }

    // MARK: By message

    @Test func messageStartsEveryProcessWaitingForIt() throws {
        let started = try Self.engine().startByMessage(
            "orderPlaced", makeID: { ProcessInstanceID(rawValue: "\($0.id)-1") }, businessKey: "A-1", variables: ["total": number(90)])
        // `other` only listens in an event subprocess: it is not started
        #expect(started.map(\.0.process.id) == ["audit", "orders"])
        #expect(started.map(\.0.id.rawValue) == ["audit-1", "orders-1"])
        let audit = try #require(started.first)
        #expect(Self.path(audit.1) == ["auditPlaced", "auditEnd"])
        #expect(audit.0.status == .completed)
        let orders = try #require(started.last)
        #expect(Self.path(orders.1) == ["placed"])
        #expect(orders.0.variables["total"] == number(90))
        #expect(orders.0.businessKey == "A-1")
        #expect(orders.1.first == .processInstanceStarted(ProcessReference(id: "orders", version: 1), businessKey: "A-1"))
    }

    @Test func messageNoProcessStartsWithIsRejected() throws {
        let rejection = #expect(throws: CommandRejection.self) {
            try Self.engine().startByMessage("ping", makeID: { ProcessInstanceID(rawValue: "\($0.id)") })
        }
        #expect(rejection?.reason == .notCorrelated)
        #expect(rejection?.message == "no deployed process starts with message 'ping'")
    }

    @Test func messageStartsTheLatestVersion() throws {
        let loaded = try loadDocument(Self.document)
        var repository = ProcessRepository()
        try repository.deploy(loaded.definitions)
        try repository.deploy(loaded.definitions)
        let engine = ProcessEngine(repository: repository, clock: ManualClock(at: InstanceDriver.epoch))
        let started = try engine.startByMessage("orderPlaced", makeID: { ProcessInstanceID(rawValue: "\($0.id)") })
        #expect(started.map(\.0.process.version) == [2, 2])
    }

    // MARK: What starts a process

    @Test func triggersOfStartEvents() throws {
        let engine = try Self.engine()
        let orders = try #require(engine.repository.latest("orders"))
        #expect(orders.trigger(of: "manual") == StartTrigger.none)
        #expect(orders.trigger(of: "placed") == .message("orderPlaced"))
        #expect(orders.trigger(of: "nightly") == .timer(.cycle, "R/P1D"))
        #expect(orders.trigger(of: "signalled") == .signal("go"))
        #expect(orders.trigger(of: "review") == nil)
        let other = try #require(engine.repository.latest("other"))
        #expect(other.trigger(of: "onPlacedStart") == nil)
        let timers = engine.repository.startEvents { if case .timer = $0 { true } else { false } }
        #expect(timers.map { "\($0.process.id)/\($0.event.id)" } == ["orders/nightly"])
        let signals = engine.repository.startEvents { $0 == .signal("go") }
        #expect(signals.map(\.event.id) == ["signalled"])
    }
}
