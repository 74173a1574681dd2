import BatonEngine
import BatonFEEL
import BatonModel
import Foundation

/// One scenario run in progress: the instance, what the scenario has answered so far,
/// and the report being built.
struct ScenarioSession {
    let scenario: Scenario
    let engine: ProcessEngine
    let start: EngineInstant
    let roundTrip: Bool
    let recordsTrace: Bool
    var state: ProcessInstanceState?
    var events: [EngineEvent] = []
    var path: [ElementID] = []
    var trace: [String] = []
    var stubbed: [ElementID] = []
    var rejections: [ScenarioResult.IncidentReport] = []
    var visits: [String: Int] = [:]
    var messageQueues: [String: [FEELContext]]
    var stepsLeft: Int
    private var names: [ElementID: String] = [:]

    /// Where each command's result is saved (durable benchmarks), and the revision saved.
    var store: (any ProcessStore)?
    private var revision: Int?
    var instanceID: ProcessInstanceID = "scenario"

    init(scenario: Scenario, engine: ProcessEngine, start: EngineInstant, roundTrip: Bool, recordsTrace: Bool) {
        self.recordsTrace = recordsTrace
        self.scenario = scenario
        self.engine = engine
        self.start = start
        self.roundTrip = roundTrip
        messageQueues = scenario.messages
        stepsLeft = scenario.maxSteps
    }

    private var clock: ManualClock { engine.clock as! ManualClock }

    mutating func run(processID: ElementID) -> ScenarioResult {
        do {
            let (started, startEvents) = try engine.start(
                processID: processID, id: instanceID, variables: scenario.variables, stepLimit: stepsLeft)
            state = started
            try persist(started, startEvents)
            record(startEvents)
        } catch let error as CommandRejection {
            rejections.append(.init(element: processID, reason: error.message, expression: nil, line: nil))
            return finish()
        } catch {
            rejections.append(.init(element: processID, reason: "\(error)", expression: nil, line: nil))
            return finish()
        }
        // Decide first, then run: the state is not held elsewhere while the engine changes
        // it, so its collections are never copied.
        while rejections.isEmpty, stepsLeft > 0, let (command, element) = nextCommand() {
            execute(command, element: element)
        }
        return finish()
    }

    /// What the scenario does next, or nil when nothing can move.
    private mutating func nextCommand() -> (EngineCommand, ElementID)? {
        guard let current = state, current.status == .active, current.incidents.isEmpty else { return nil }
        return answerJob(current) ?? answerUserTask(current) ?? deliverMessage(current) ?? fireNextTimer(current)
    }

    // MARK: Answering what the instance waits for

    private mutating func answerJob(_ current: ProcessInstanceState) -> (EngineCommand, ElementID)? {
        let now = clock.now()
        guard let job = current.jobs.values.filter({ $0.retryAt.map { $0 <= now } ?? true }).min(by: { $0.key < $1.key }) else { return nil }
        // Asynchronous continuations are the engine's own: they simply go on.
        if job.isContinuation { return (.completeJob(job.key), job.element) }
        let name = job.element.rawValue
        let visit = visits[name, default: 0]
        visits[name] = visit + 1
        switch scenario.serviceTasks[name]?.answer(forVisit: visit) {
        case .complete(let variables)?:
            note("job \(name) completed by the scenario")
            return (.completeJob(job.key, variables: variables), job.element)
        case .bpmnError(let code, let message)?:
            note("job \(name) threw BPMN error '\(code)'")
            return (.throwJobError(job.key, errorCode: code, message: message), job.element)
        case nil:
            if !stubbed.contains(job.element) { stubbed.append(job.element) }
            note("job \(name) stubbed (no scenario entry): completed with no result")
            return (.completeJob(job.key), job.element)
        }
    }

    private mutating func answerUserTask(_ current: ProcessInstanceState) -> (EngineCommand, ElementID)? {
        for task in current.userTasks.values.sorted(by: { $0.key < $1.key }) {
            let name = task.element.rawValue
            let answers = scenario.userTasks[name] ?? scenario.userTasks["*"]
            let visit = visits[name, default: 0]
            guard case .complete(let variables)? = answers?.answer(forVisit: visit) else { continue }
            visits[name] = visit + 1
            note("user task \(name) completed by the scenario")
            // No user completes it: baton:completerVariable gets null and baton:excludedUsers
            // has no one to refuse, so four-eyes models run through their scenarios.
            return (.completeUserTask(task.key, variables: variables, user: nil), task.element)
        }
        return nil
    }

    private mutating func deliverMessage(_ current: ProcessInstanceState) -> (EngineCommand, ElementID)? {
        for subscription in current.subscriptions.values.sorted(by: { $0.key < $1.key }) {
            guard case .message(let name, let correlationKey) = subscription.trigger, var queue = messageQueues[name], !queue.isEmpty else { continue }
            let payload = queue.removeFirst()
            messageQueues[name] = queue
            note("message \(name) delivered to \(subscription.element)")
            return (.correlateMessage(name: name, correlationKey: correlationKey, variables: payload), subscription.element)
        }
        return nil
    }

    private mutating func fireNextTimer(_ current: ProcessInstanceState) -> (EngineCommand, ElementID)? {
        let timers = current.subscriptions.values.compactMap { subscription -> (EngineInstant, Subscription)? in
            if case .timer(let due) = subscription.trigger { return (due, subscription) }
            return nil
        }
        guard let (due, subscription) = timers.min(by: { ($0.0, $0.1.key) < ($1.0, $1.1.key) }) else { return nil }
        clock.advance(to: due)
        let elapsed = ScenarioResult.isoDuration(milliseconds: clock.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch)
        note("clock moved to \(elapsed); timer \(subscription.element) fired")
        return (.fireTimer(subscription.key), subscription.element)
    }

    private mutating func note(_ line: @autoclosure () -> String) {
        if recordsTrace { trace.append(line()) }
    }

    // MARK: Running commands

    private mutating func execute(_ command: EngineCommand, element: ElementID) {
        guard var current = state else { return }
        state = nil  // the engine gets the only reference
        do {
            let produced = try engine.execute(command, on: &current, stepLimit: max(stepsLeft, 1))
            if roundTrip {
                current = Self.roundTrip(current)
                Self.checkStoredEvents(produced)
            }
            try persist(current, produced)
            record(produced)
        } catch let error as CommandRejection {
            rejections.append(.init(element: element, reason: error.message, expression: nil, line: nil))
        } catch {
            rejections.append(.init(element: element, reason: "\(error)", expression: nil, line: nil))
        }
        state = current
    }

    /// Saves the instance with the command's events when the run has a store.
    private mutating func persist(_ state: ProcessInstanceState, _ produced: [EngineEvent]) throws {
        guard let store else { return }
        revision = try store.save(state, expectedRevision: revision, history: produced, at: clock.now())
    }

    private mutating func record(_ produced: [EngineEvent]) {
        for event in produced {
            switch event {
            case .elementActivated:
                stepsLeft -= 1
            case .elementCompleted(_, let element):
                path.append(element)
            case .messageSent(let name, let variables, let element):
                messageQueues[name, default: []].append(variables)
                note("\(element) sent message \(name)")
            case .incidentRaised(let incident):
                note("incident at \(incident.element): \(incident.reason)")
            default:
                break
            }
        }
        if recordsTrace { events += produced }
    }

    /// The stores' form of the events must read back equal.
    static func checkStoredEvents(_ events: [EngineEvent]) {
        do {
            let restored = try EngineEvent.events(storedBytes: EngineEvent.storedBytes(events))
            precondition(restored == events, "events changed in their stored form:\n\(String(decoding: EngineEvent.storedBytes(events), as: UTF8.self))")
        } catch {
            preconditionFailure("events did not survive storing: \(error)")
        }
    }

    /// Saves and restores the state both ways it is stored (`Codable` JSON, and the
    /// stores' compact form); both must give back an equal state.
    static func roundTrip(_ state: ProcessInstanceState) -> ProcessInstanceState {
        do {
            let data = try JSONEncoder().encode(state)
            let viaCodable = try JSONDecoder().decode(ProcessInstanceState.self, from: data)
            let viaStore = try ProcessInstanceState(storedBytes: viaCodable.storedBytes)
            precondition(viaStore == state, "process instance state changed in its stored form:\n\(String(decoding: state.storedBytes, as: UTF8.self))")
            return viaStore
        } catch {
            preconditionFailure("process instance state did not survive storing: \(error)")
        }
    }

    // MARK: The report

    private func finish() -> ScenarioResult {
        let final = state
        var incidents = rejections
        for incident in (final?.incidents.values.sorted { $0.key < $1.key }) ?? [] {
            var reason = incident.reason
            if incident.step == .continueRun, stepsLeft <= 0 {
                reason = "the run reached maxSteps (\(scenario.maxSteps)) before finishing; raise maxSteps, or look for a loop that never waits"
            }
            incidents.append(.init(element: incident.element, reason: reason, expression: incident.expression, line: incident.location?.line))
        }
        var status: ScenarioResult.Status
        if let final, final.status == .completed {
            status = .completed
        } else if !incidents.isEmpty {
            status = .error
        } else {
            status = .waiting
        }
        if status == .waiting, stepsLeft <= 0, let final {
            incidents.append(.init(element: final.process.id, reason: "the run used all \(scenario.maxSteps) steps (maxSteps) without finishing", expression: nil, line: nil))
            status = .error
        }
        var open: [ElementID] = []
        if let final {
            for element in final.elements.values.sorted(by: { $0.key < $1.key }) where element.state == .active {
                switch element.waitingFor {
                case .userTask?, .subscription?: open.append(element.element)
                case .events?:
                    // An event-based gateway waits at the events after it.
                    for key in element.eventSubscriptions ?? [] {
                        if let target = final.subscriptions[key]?.catchElement { open.append(target) }
                    }
                default: break
                }
            }
        }
        return ScenarioResult(
            status: status, path: path, variables: final?.variables ?? FEELContext(), openTasks: open, incidents: incidents,
            stubbed: stubbed, elapsedMilliseconds: clock.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch,
            diagnostics: [], trace: trace, state: final, events: events)
    }
}
