import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation
import Testing

/// Every shipped model in `ProcessModels/` runs each of its scenarios
/// (`<model>.<name>.scenario.json`) and ends as `<model>.<name>.expected.json` says
/// (status, path, variables), with and without saving and restoring mid-run.
@Suite struct ProcessModelScenarioTests {
    static let directory = Repository.path("ProcessModels")

    static var scenarioFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".scenario.json") }.sorted()
    }

    @Test func everyShippedModelHasScenarios() throws {
        let models = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".bpmn") }
        #expect(!models.isEmpty)
        for model in models {
            let base = String(model.dropLast(".bpmn".count))
            #expect(Self.scenarioFiles.contains { $0.hasPrefix(base + ".") }, "\(model) has no scenario file")
        }
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
        let loaded = try BPMNLoader().load(file: Self.directory + "/" + model)
        let result = runScenario(loaded, scenario)
        #expect(result.status.rawValue == expected["status"]?.description)
        #expect(FEELValue.list(result.path.map { .string($0.rawValue) }) == expected["path"])
        if let variables = expected["variables"] { #expect(FEELValue.context(result.variables) == variables) }
    }
}
