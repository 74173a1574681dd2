import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation
import Testing

/// Paths of the repository, for tests that read shipped models and fixtures.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A BPMN document around process content, with the namespaces tests use.
func bpmnDocument(_ processContent: String, processID: String = "p", extra: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:baton="urn:baton:bpmn:1" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
        xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="urn:test">
      \(extra)
      <bpmn:process id="\(processID)" isExecutable="true">
    \(processContent)
      </bpmn:process>
    </bpmn:definitions>
    """
}

/// Loads a document from text; fails the test when it has validation errors.
func loadDocument(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LoadedDefinitions {
    let loaded = try BPMNLoader().load(bytes: Array(text.utf8), sourceName: "test.bpmn")
    #expect(loaded.isValid, "model has errors: \(loaded.errors.map(\.description))", sourceLocation: sourceLocation)
    return loaded
}

/// Runs `scenario` twice, once plainly and once saving and restoring the state after
/// every command, and checks both runs end identically. Returns the plain run.
func runScenario(
    _ loaded: LoadedDefinitions, _ scenario: Scenario = Scenario(), processID: ElementID? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> ScenarioResult {
    runScenario(ScenarioRunner(loaded: loaded, processID: processID), scenario, sourceLocation: sourceLocation)
}

/// ``runScenario(_:_:processID:sourceLocation:)`` with a runner made by the caller (for
/// example `ScenarioRunner(file:)`, which also loads the files its call activities call).
func runScenario(
    _ runner: ScenarioRunner, _ scenario: Scenario, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> ScenarioResult {
    var runner = runner
    runner.clockStart = EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)
    let plain = runner.run(scenario)
    runner.roundTripStateAfterEachCommand = true
    let restored = runner.run(scenario)
    #expect(plain.status == restored.status, "save/restore changed the status", sourceLocation: sourceLocation)
    #expect(plain.path == restored.path, "save/restore changed the path", sourceLocation: sourceLocation)
    #expect(plain.variables == restored.variables, "save/restore changed the variables", sourceLocation: sourceLocation)
    #expect(plain.openTasks == restored.openTasks, "save/restore changed the open tasks", sourceLocation: sourceLocation)
    #expect(plain.incidents == restored.incidents, "save/restore changed the incidents", sourceLocation: sourceLocation)
    return plain
}

/// Runs process content (see ``bpmnDocument``) through a scenario given as JSON.
func run(_ processContent: String, scenario json: String = "{}", extra: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ScenarioResult {
    let loaded = try loadDocument(bpmnDocument(processContent, extra: extra), sourceLocation: sourceLocation)
    return runScenario(loaded, try Scenario(json: json), sourceLocation: sourceLocation)
}

extension ScenarioResult {
    /// The path as plain strings, for comparisons with literals.
    var steps: [String] { path.map(\.rawValue) }
    /// A process variable, nil when not set.
    func variable(_ name: String) -> FEELValue? { variables[name] }
}
