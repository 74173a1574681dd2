import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Testing

/// The recorded event stream: what happened, in order.
@Suite struct EngineEventStreamTests {
    @Test func simpleSequenceActivatesCompletesAndTakesFlowsInOrder() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
            <bpmn:task id="work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """, variables: ["a": number(1)])
        let root = driver.state.rootKey
        let reference = driver.state.process
        let keys = driver.events.compactMap { if case .elementActivated(let key, _) = $0 { key } else { nil } }
        try #require(keys.count == 3)
        #expect(driver.events == [
            .processInstanceStarted(reference, businessKey: nil),
            .variableSet(scope: root, name: "a", value: number(1), previous: nil),
            .elementActivated(keys[0], "start"),
            .elementCompleted(keys[0], "start"),
            .sequenceFlowTaken("f1", scope: root),
            .elementActivated(keys[1], "work"),
            .elementCompleted(keys[1], "work"),
            .sequenceFlowTaken("f2", scope: root),
            .elementActivated(keys[2], "end"),
            .elementCompleted(keys[2], "end"),
            .processInstanceCompleted(reference),
        ])
    }

    @Test func businessKeyIsRecordedAtTheStart() throws {
        let loaded = try loadDocument(bpmnDocument(#"<bpmn:startEvent id="s"/>"#))
        var repository = ProcessRepository()
        try repository.deploy(loaded.definitions)
        let engine = ProcessEngine(repository: repository, clock: ManualClock(at: InstanceDriver.epoch))
        let (state, events) = try engine.start(processID: "p", id: "pi-1", businessKey: "order-42")
        #expect(state.businessKey == "order-42")
        #expect(events.first == .processInstanceStarted(ProcessReference(id: "p", version: 1), businessKey: "order-42"))
    }

    @Test func userTaskEventsAroundTheWait() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let task = try #require(driver.userTask("review"))
        #expect(driver.events.suffix(2) == [.elementActivated(task.elementInstance, "review"), .userTaskCreated(task)])
        let produced = try driver.execute(.completeUserTask(task.key, variables: ["ok": .boolean(true)], user: "ada"))
        let root = driver.state.rootKey
        #expect(Array(produced.prefix(4)) == [
            .userTaskCompleted(task.key, user: "ada"),
            .variableSet(scope: root, name: "ok", value: .boolean(true), previous: nil),
            .elementCompleted(task.elementInstance, "review"),
            .sequenceFlowTaken("f2", scope: root),
        ])
        #expect(produced.last == .processInstanceCompleted(driver.state.process))
    }

    @Test func subprocessEventsNestInsideItsActivation() throws {
        let driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subEnd"/>
              <bpmn:endEvent id="subEnd"/>
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let lifecycle = driver.events.compactMap { event -> String? in
            switch event {
            case .elementActivated(_, let id): "+\(id)"
            case .elementCompleted(_, let id): "-\(id)"
            case .sequenceFlowTaken(let id, _): "~\(id)"
            default: nil
            }
        }
        #expect(lifecycle == ["+start", "-start", "~f1", "+sub", "+subStart", "-subStart", "~s1", "+subEnd", "-subEnd", "-sub", "~f2", "+end", "-end"])
        // Flows inside the subprocess are taken in the subprocess's scope
        let sub = try #require(driver.events.compactMap { if case .elementActivated(let key, "sub") = $0 { key } else { nil } }.first)
        #expect(driver.events.contains(.sequenceFlowTaken("s1", scope: sub)))
    }

    @Test func jobEventsFromCreationToCompletion() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book"/>
            <bpmn:serviceTask id="book" baton:connector="erp"/>
            <bpmn:sequenceFlow id="f2" sourceRef="book" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let job = try #require(driver.job("book"))
        #expect(driver.events.last == .jobCreated(job))
        try driver.execute(.failJob(job.key, message: "busy", retries: 1))
        let produced = try driver.execute(.completeJob(job.key))
        #expect(produced.first == .jobCompleted(job.key))
        #expect(driver.events.contains(.jobFailed(job.key, message: "busy", retriesLeft: 1)))
    }

    @Test func incidentEventsAreRaisedAndResolved() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
            <bpmn:scriptTask id="calc" baton:resultVariable="y"><bpmn:script>x * 2</bpmn:script></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let incident = try #require(driver.incidents.first)
        #expect(driver.events.last == .incidentRaised(incident))
        #expect(incident.createdAt == InstanceDriver.epoch)
        #expect(incident.location?.line ?? 0 > 0)
        try driver.execute(.setVariables(["x": number(2)]))
        let produced = try driver.execute(.resolveIncident(incident.key))
        #expect(produced.first == .incidentResolved(incident.key))
        #expect(produced.contains(.elementCompleted(incident.elementInstance!, "calc")))
    }

    @Test func timerSubscriptionEventsOpenTriggerAndComplete() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """)
        let subscription = try #require(driver.subscription("wait"))
        #expect(driver.events.last == .subscriptionOpened(subscription))
        try driver.fireTimer("wait")
        let tail = driver.events.suffix(from: driver.events.firstIndex(of: .subscriptionTriggered(subscription.key))!)
        #expect(tail.first == .subscriptionTriggered(subscription.key))
        #expect(tail.dropFirst().first == .elementCompleted(subscription.elementInstance, "wait"))
    }
}
