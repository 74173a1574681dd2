import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation
import Testing

/// Drives one process instance command by command through ``ProcessEngine``, keeping
/// every event, for tests that look at the state and the events between commands.
///
/// ```swift
/// var driver = try InstanceDriver(#"<bpmn:startEvent id="s"/> ..."#)
/// try driver.completeUserTask("review", ["approved": .boolean(true)])
/// #expect(driver.path == ["s", "review", "e"])
/// ```
struct InstanceDriver {
    /// Where the simulated clock starts: 2026-05-28T20:26:40Z.
    static let epoch = EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)

    let engine: ProcessEngine
    let clock: ManualClock
    var state: ProcessInstanceState
    /// Every event since the instance started, in order.
    var events: [EngineEvent]

    /// Deploys every executable process of `document` and starts `processID`.
    init(
        document: String, processID: String = "p", variables: FEELContext = FEELContext(), stepLimit: Int = 100_000,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let loaded = try loadDocument(document, sourceLocation: sourceLocation)
        var repository = ProcessRepository()
        try repository.deploy(loaded.definitions)
        clock = ManualClock(at: Self.epoch)
        engine = ProcessEngine(repository: repository, clock: clock, stepLimit: stepLimit)
        (state, events) = try engine.start(processID: ElementID(processID), id: "test", variables: variables)
    }

    /// Starts process `p` made of `processContent` (see ``bpmnDocument``).
    init(
        _ processContent: String, extra: String = "", variables: FEELContext = FEELContext(), stepLimit: Int = 100_000,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try self.init(
            document: bpmnDocument(processContent, extra: extra), variables: variables, stepLimit: stepLimit, sourceLocation: sourceLocation)
    }

    /// Applies a command; on rejection the state and events stay as they were.
    @discardableResult
    mutating func execute(_ command: EngineCommand) throws(CommandRejection) -> [EngineEvent] {
        let produced = try engine.execute(command, on: &state)
        events += produced
        return produced
    }

    // MARK: Looking things up

    /// The open user task of `element` (the oldest when several).
    func userTask(_ element: String) -> UserTask? {
        state.userTasks.values.filter { $0.element.rawValue == element }.min { $0.key < $1.key }
    }

    /// The open job of `element` (the oldest when several).
    func job(_ element: String) -> Job? {
        state.jobs.values.filter { $0.element.rawValue == element }.min { $0.key < $1.key }
    }

    /// The pending subscription of `element` (the oldest when several).
    func subscription(_ element: String) -> Subscription? {
        state.subscriptions.values.filter { $0.element.rawValue == element }.min { $0.key < $1.key }
    }

    /// The live element instance of `element` (the oldest when several).
    func instance(_ element: String) -> ElementInstance? {
        state.elements.values.filter { $0.element.rawValue == element }.min { $0.key < $1.key }
    }

    /// Completed flow nodes in completion order.
    var path: [String] {
        events.compactMap { if case .elementCompleted(_, let id) = $0 { id.rawValue } else { nil } }
    }

    /// Terminated flow nodes in termination order.
    var terminated: [String] {
        events.compactMap { if case .elementTerminated(_, let id) = $0 { id.rawValue } else { nil } }
    }

    /// Sequence flows taken, in order.
    var flowsTaken: [String] {
        events.compactMap { if case .sequenceFlowTaken(let id, _) = $0 { id.rawValue } else { nil } }
    }

    /// Open incidents, oldest first.
    var incidents: [Incident] { state.incidents.values.sorted { $0.key < $1.key } }

    /// Elements of open user tasks, oldest first.
    var openUserTasks: [String] { state.userTasks.values.sorted { $0.key < $1.key }.map(\.element.rawValue) }

    /// A process variable.
    func variable(_ name: String) -> FEELValue? { state.variables[name] }

    // MARK: Answering

    /// Completes the open user task of `element`.
    mutating func completeUserTask(
        _ element: String, _ variables: FEELContext = FEELContext(), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let open = try #require(userTask(element), "no open user task '\(element)'", sourceLocation: sourceLocation)
        try execute(.completeUserTask(open.key, variables: variables))
    }

    /// Completes the open job of `element`.
    mutating func completeJob(
        _ element: String, _ variables: FEELContext = FEELContext(), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let open = try #require(job(element), "no open job '\(element)'", sourceLocation: sourceLocation)
        try execute(.completeJob(open.key, variables: variables))
    }

    /// Fires the pending timer of `element`, moving the clock to its due time first.
    mutating func fireTimer(_ element: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let pending = try #require(subscription(element), "no pending timer '\(element)'", sourceLocation: sourceLocation)
        if case .timer(let due) = pending.trigger { clock.advance(to: due) }
        try execute(.fireTimer(pending.key))
    }

    /// Resolves the oldest open incident.
    mutating func resolveIncident(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let incident = try #require(incidents.first, "no open incident", sourceLocation: sourceLocation)
        try execute(.resolveIncident(incident.key))
    }

    /// Saves the state as JSON and reads it back, as a store would between commands.
    mutating func saveAndRestore() throws {
        let data = try JSONEncoder().encode(state)
        state = try JSONDecoder().decode(ProcessInstanceState.self, from: data)
    }
}

/// `.number` from an integer.
func number(_ value: Int) -> FEELValue { .number(FEELNumber(value)) }

/// `.number` from decimal text (`"0.1"`).
func decimal(_ text: String) -> FEELValue { .number(FEELNumber(text)!) }

/// A FEEL value from JSON text (`#"{"a": [1, 2]}"#`).
func json(_ text: String) -> FEELValue {
    do { return try FEELValue(json: text) } catch { preconditionFailure("bad JSON in a test: \(text)") }
}

/// A context from JSON text.
func context(_ text: String) -> FEELContext {
    guard case .context(let value) = json(text) else { preconditionFailure("not a JSON object in a test: \(text)") }
    return value
}

/// The value of a FEEL expression (for temporal values in expectations).
func feel(_ expression: String) -> FEELValue {
    do {
        return try FEELExpression(expression).evaluate(stepLimit: 1_000_000).value
    } catch {
        preconditionFailure("bad FEEL in a test: \(expression)")
    }
}

/// The text of `Tests/Fixtures/engine/<name>.bpmn`.
func engineFixture(_ name: String) throws -> String {
    try String(contentsOfFile: Repository.path("Tests/Fixtures/engine/\(name).bpmn"), encoding: .utf8)
}

/// Runs the fixture `Tests/Fixtures/engine/<name>.bpmn` through a scenario given as JSON
/// (twice, with and without saving and restoring; see ``runScenario``).
func runFixture(
    _ name: String, scenario json: String = "{}", processID: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> ScenarioResult {
    let loaded = try loadDocument(try engineFixture(name), sourceLocation: sourceLocation)
    return runScenario(loaded, try Scenario(json: json), processID: processID.map { ElementID($0) }, sourceLocation: sourceLocation)
}
