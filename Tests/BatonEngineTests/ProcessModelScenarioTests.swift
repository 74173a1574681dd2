import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation
import Testing

/// Every shipped model in `ProcessModels/`: validates with no errors and no warnings, has
/// a diagram shape for every flow node and an edge for every sequence flow (so it opens
/// whole in bpmn.io and Camunda Modeler), has scenarios, and runs each of its scenarios
/// (`<model>.<name>.scenario.json`) to the end `<model>.<name>.expected.json` gives:
/// its status and path, the variables it lists, and, when it gives them, the open tasks,
/// the number of incidents and the simulated time; with and without saving and
/// restoring the state after every command.
@Suite struct ProcessModelScenarioTests {
    static let directory = Repository.path("ProcessModels")

    static var fileNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }
    static var modelFiles: [String] { fileNames.filter { $0.hasSuffix(".bpmn") } }
    static var scenarioFiles: [String] { fileNames.filter { $0.hasSuffix(".scenario.json") } }

    static func load(_ model: String) throws -> LoadedDefinitions {
        try BPMNLoader().load(file: directory + "/" + model)
    }

    @Test func everyShippedModelHasScenarios() throws {
        #expect(!Self.modelFiles.isEmpty, "no models in \(Self.directory)")
        for model in Self.modelFiles {
            let base = String(model.dropLast(".bpmn".count))
            if !Self.scenarioFiles.contains(where: { $0.hasPrefix(base + ".") }) {
                Issue.record("ProcessModels/\(model) has no scenario: add \(base).PATH.scenario.json and \(base).PATH.expected.json for each of its paths")
            }
        }
        for scenario in Self.scenarioFiles {
            let base = String(scenario.dropLast(".scenario.json".count))
            let model = String(base.prefix { $0 != "." }) + ".bpmn"
            #expect(Self.modelFiles.contains(model), "\(scenario) names no model: \(model) does not exist")
            #expect(Self.fileNames.contains(base + ".expected.json"), "\(scenario) has no \(base).expected.json")
        }
    }

    /// A call activity may call a process of another shipped file (the folder is deployed
    /// as a whole); `baton validate` of the one file warns about it, which is expected
    /// only when a sibling file defines that process.
    @Test(arguments: modelFiles) func modelValidatesWithoutWarnings(_ model: String) throws {
        let loaded = try Self.load(model)
        let elsewhere = try Set(Self.modelFiles.filter { $0 != model }.flatMap { try Self.load($0).definitions.processes.map(\.id) })
        let nodes = loaded.definitions.processes.flatMap(\.allFlowNodes)
        let problems = loaded.diagnostics.filter { diagnostic in
            guard diagnostic.code == .externalCall, let id = diagnostic.elementID,
                case .callActivity(let call)? = nodes.first(where: { $0.id == id })?.kind,
                let called = call.calledElement
            else { return true }
            return !elsewhere.contains(ElementID(called))
        }
        #expect(problems.isEmpty, "\(model): \(problems.map(\.description).joined(separator: "\n"))")
        #expect(!loaded.definitions.executableProcesses.isEmpty, "\(model) has no executable process")
    }

    @Test(arguments: modelFiles) func everyFlowNodeAndFlowIsDrawn(_ model: String) throws {
        let definitions = try Self.load(model).definitions
        let planes = definitions.diagrams.flatMap(\.planes)
        #expect(!planes.isEmpty, "\(model) has no diagram (BPMNDiagram/BPMNPlane)")
        let shapes = Dictionary(planes.flatMap(\.shapes).compactMap { shape in shape.bpmnElement.map { ($0, shape) } }) { first, _ in first }
        let edges = Dictionary(planes.flatMap(\.edges).compactMap { edge in edge.bpmnElement.map { ($0, edge) } }) { first, _ in first }
        for process in definitions.processes {
            for node in process.allFlowNodes {
                let bounds = shapes[node.id]?.bounds
                #expect(bounds != nil, "\(model): \(node.displayName) has no BPMNShape with dc:Bounds")
                if let bounds { #expect(bounds.width > 0 && bounds.height > 0, "\(model): the shape of \(node.displayName) is empty") }
            }
            for flow in Self.sequenceFlows(in: process.scope) {
                let waypoints = edges[flow.id]?.waypoints.count ?? 0
                #expect(waypoints >= 2, "\(model): sequenceFlow '\(flow.id)' has no BPMNEdge with at least two waypoints (has \(waypoints))")
            }
        }
    }

    static func sequenceFlows(in scope: FlowScope) -> [SequenceFlow] {
        scope.sequenceFlows + scope.flowNodes.compactMap(\.innerScope).flatMap { sequenceFlows(in: $0) }
    }

    @Test(arguments: scenarioFiles) func scenarioEndsAsExpected(_ scenarioFile: String) throws {
        let base = String(scenarioFile.dropLast(".scenario.json".count))
        let model = String(base.prefix { $0 != "." }) + ".bpmn"
        let scenario = try Scenario(json: String(contentsOfFile: Self.directory + "/" + scenarioFile, encoding: .utf8))
        let expectedText = try String(contentsOfFile: Self.directory + "/" + base + ".expected.json", encoding: .utf8)
        guard case .context(let expected) = try FEELValue(json: expectedText) else {
            Issue.record("\(base).expected.json is not an object")
            return
        }
        // From the file, so that call activities find the processes of the other shipped files.
        let result = runScenario(try ScenarioRunner(file: Self.directory + "/" + model), scenario)
        #expect(result.status.rawValue == Self.text(expected["status"]), "\(base): status")
        #expect(FEELValue.list(result.path.map { .string($0.rawValue) }) == expected["path"], "\(base): path")
        if case .context(let variables)? = expected["variables"] {
            for (name, value) in variables.entries {
                #expect(result.variables[name] == value, "\(base): variable '\(name)' is \(result.variables[name]?.description ?? "not set"), expected \(value)")
            }
        }
        if let openTasks = expected["openTasks"] {
            #expect(FEELValue.list(result.openTasks.map { .string($0.rawValue) }) == openTasks, "\(base): open tasks")
        }
        if let clock = expected["clock"] { #expect(result.clock == Self.text(clock), "\(base): simulated time") }
        if case .list(let incidents)? = expected["incidents"] {
            #expect(result.incidents.count == incidents.count, "\(base): incidents \(result.incidents.map(\.reason))")
        }
    }

    static func text(_ value: FEELValue?) -> String? {
        if case .string(let text)? = value { text } else { nil }
    }
}
