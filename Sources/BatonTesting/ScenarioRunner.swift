public import BatonEngine
import BatonFEEL
public import BatonModel
public import BatonXML
import Foundation

/// Runs one process instance through a ``Scenario`` in memory, with simulated time:
/// what `baton run` does, as a Swift API for tests.
///
/// ```swift
/// let runner = try ScenarioRunner(file: "ProcessModels/approval-four-eyes.bpmn")
/// let result = runner.run(try Scenario(json: scenarioText))
/// #expect(result.status == .completed)
/// #expect(result.path == ["start", "approve", "gw", "end"])
/// ```
///
/// The runner answers, in this order, until nothing moves: open jobs (from
/// `serviceTasks`, else stubbed), open user tasks (from `userTasks`), waiting message
/// catches (from `messages`, then messages the instance itself sent); then it moves the
/// clock to the next due timer and fires it.
public struct ScenarioRunner: Sendable {
    public let definitions: Definitions
    /// Validation diagnostics of the file (errors make every run `invalid`).
    public let diagnostics: [Diagnostic]
    /// The process that runs.
    public let processID: ElementID?
    /// Where the simulated clock starts (default: the wall clock, to the second).
    public var clockStart: EngineInstant
    /// Save the state as JSON and read it back after every command: proves a run can be
    /// stopped and resumed anywhere and end the same.
    public var roundTripStateAfterEachCommand = false
    /// Record the readable trace and every event (on by default; benchmarks turn it off).
    public var recordsTrace = true
    private let repository: ProcessRepository?
    /// Why no instance can run (a model the engine cannot compile, no such process).
    private let setupProblem: Diagnostic?

    /// Loads and validates a BPMN file; `processID` nil means the first executable process.
    /// Call activities may call processes of the other `.bpmn` files in the same folder
    /// (``CalledProcessResolver``), as a deployment of the whole folder would.
    public init(file path: String, processID: ElementID? = nil) throws(BPMNLoadError) {
        let loaded = try BPMNLoader().load(file: path)
        self.init(loaded: loaded, processID: processID, calledFiles: CalledProcessResolver.siblingFiles(for: loaded.definitions, of: path))
    }

    /// Uses an already loaded file; `calledFiles` are valid files whose executable
    /// processes its call activities may call (deployed before it, so its own processes
    /// win a clash of ids).
    public init(loaded: LoadedDefinitions, processID: ElementID? = nil, calledFiles: [LoadedDefinitions] = []) {
        definitions = loaded.definitions
        diagnostics = loaded.diagnostics
        let millis = Int64(Date().timeIntervalSince1970) * 1000
        clockStart = EngineInstant(millisecondsSinceEpoch: millis)
        var problem: Diagnostic?
        var repository: ProcessRepository?
        let code = DiagnosticCode(rawValue: "not-executable")
        if loaded.isValid {
            var fresh = ProcessRepository()
            for called in calledFiles where called.isValid { _ = try? fresh.deploy(called.definitions) }
            do { try fresh.deploy(loaded.definitions) } catch { problem = .error(code, error.message, at: error.location) }
            repository = fresh
        }
        let chosen = processID ?? loaded.definitions.executableProcesses.first?.id
        if problem == nil, loaded.isValid {
            if chosen == nil {
                problem = .error(code, "the file has no executable process (isExecutable=\"true\")", at: loaded.definitions.location)
            } else if let chosen, loaded.definitions.process(chosen)?.isExecutable != true {
                let executable = loaded.definitions.executableProcesses.map(\.id.rawValue)
                problem = .error(
                    code, "no executable process '\(chosen)' in the file\(Suggestion.hint(for: chosen.rawValue, in: executable))",
                    at: loaded.definitions.location)
            }
        }
        self.processID = chosen
        self.repository = repository
        setupProblem = problem
    }

    /// Starts one instance with the scenario's variables and returns its state at its
    /// first wait states (nothing answered yet): what a store would save first.
    public func startInstance(_ scenario: Scenario) throws(CommandRejection) -> ProcessInstanceState {
        guard let repository, let processID, setupProblem == nil else {
            throw CommandRejection(.invalidState, setupProblem?.message ?? "the model has errors")
        }
        let engine = ProcessEngine(repository: repository, clock: ManualClock(at: clockStart))
        return try engine.start(processID: processID, id: "scenario", variables: scenario.variables).0
    }

    /// Runs one instance through `scenario`; with a `store`, the instance (id
    /// `instanceID`) is saved after its start and after every command, with its history,
    /// as the durable engine does.
    public func run(_ scenario: Scenario, store: (any ProcessStore)? = nil, instanceID: ProcessInstanceID = "scenario") -> ScenarioResult {
        guard let repository, let processID, setupProblem == nil else {
            var diagnostics = diagnostics.filter { $0.severity == .error }
            if let setupProblem, diagnostics.isEmpty { diagnostics.append(setupProblem) }
            return .invalid(diagnostics)
        }
        var session = ScenarioSession(
            scenario: scenario, engine: ProcessEngine(repository: repository, clock: ManualClock(at: clockStart)),
            start: clockStart, roundTrip: roundTripStateAfterEachCommand, recordsTrace: recordsTrace)
        session.store = store
        session.instanceID = instanceID
        return session.run(processID: processID)
    }
}
