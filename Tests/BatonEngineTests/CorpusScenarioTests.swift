import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation
import Testing

/// Runs executable models of the public corpus (`$BATON_CONFORMANCE_DIR`, see
/// `CorpusTests`) through scenarios written for them, and checks the BPMN path each
/// run takes: the manifests in `Tests/Fixtures/corpus-scenarios/`, one per model.
///
/// A manifest is one case or a list of cases:
///
/// ```json
/// {"name": "input 1", "model": "camunda7/bpmn/gateway/...bpmn20.xml", "process": "optional id",
///  "scenario": {"variables": {"input": 1}, "userTasks": {"*": {}}},
///  "expected": {"status": "completed", "path": ["theStart", "exclusiveGw", "theTask1", "theEnd"],
///               "openTasks": [], "stubbed": [], "clock": "PT0S", "variables": {"input": 1}},
///  "knownIssue": "optional: why Baton does not run it right yet"}
/// ```
///
/// `status` and `path` are required; the other expectations are checked when present
/// (`variables` names only the variables to check, compared as JSON). The expected
/// paths were worked out from the models, not copied from Baton's output. A case with
/// `knownIssue` runs its checks inside `withKnownIssue`: the test stays green while the
/// engine gets it wrong and fails as soon as it gets it right, so the marker is removed.
@Suite(.timeLimit(.minutes(2))) struct CorpusScenarioTests {
    /// The corpus folder: the variable when set (even if the folder is missing, so the
    /// test fails loudly), else `../shared/conformance` next to the package when present.
    static let conformanceDirectory: String? = {
        if let value = ProcessInfo.processInfo.environment["BATON_CONFORMANCE_DIR"], !value.isEmpty { return value }
        let sibling = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/conformance").path
        return FileManager.default.fileExists(atPath: sibling) ? sibling : nil
    }()

    static let manifestDirectory = Repository.path("Tests/Fixtures/corpus-scenarios")

    static var manifestFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: manifestDirectory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Every case of every manifest. A manifest that does not parse still yields one
    /// case, which then fails with the parse error.
    static var cases: [CorpusCase] {
        manifestFiles.flatMap { file -> [CorpusCase] in
            let text = (try? String(contentsOfFile: manifestDirectory + "/" + file, encoding: .utf8)) ?? ""
            guard let value = try? FEELValue(json: text) else { return [CorpusCase(file: file, index: 0, name: "", json: text)] }
            let items: [FEELValue]
            if case .list(let list) = value { items = list } else { items = [value] }
            return items.enumerated().map { index, item in
                var name = ""
                if case .context(let context) = item, case .string(let written)? = context["name"] { name = written }
                return CorpusCase(file: file, index: index, name: name, json: item.json)
            }
        }
    }

    @Test func theProofCannotSilentlyShrink() throws {
        let files = Self.manifestFiles
        #expect(files.count >= 40, "at least 40 corpus models must run with asserted paths, found \(files.count) manifests")
        var models: Set<String> = []
        for corpusCase in Self.cases {
            let manifest = try corpusCase.manifest()
            models.insert(manifest.model)
        }
        #expect(models.count == files.count, "every manifest is about its own model")
    }

    @Test(
        .enabled(if: conformanceDirectory != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"),
        arguments: cases)
    func corpusModelTakesTheExpectedPath(_ corpusCase: CorpusCase) throws {
        let directory = try #require(Self.conformanceDirectory)
        var isDirectory: ObjCBool = false
        try #require(
            FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue,
            "BATON_CONFORMANCE_DIR names '\(directory)', which is not a folder")
        let manifest = try corpusCase.manifest()
        let loaded = try BPMNLoader().load(file: directory + "/" + manifest.model)
        try #require(loaded.isValid, "\(manifest.model) has errors: \(loaded.errors.map(\.description))")
        var runner = ScenarioRunner(loaded: loaded, processID: manifest.process.map { ElementID($0) })
        runner.clockStart = EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)
        let plain = runner.run(manifest.scenario)
        runner.roundTripStateAfterEachCommand = true
        let restored = runner.run(manifest.scenario)
        if let knownIssue = manifest.knownIssue {
            withKnownIssue(Comment(rawValue: knownIssue)) {
                check(plain, against: manifest.expected, run: "plain run")
                check(restored, against: manifest.expected, run: "run saving and restoring the state after every command")
            }
        } else {
            check(plain, against: manifest.expected, run: "plain run")
            check(restored, against: manifest.expected, run: "run saving and restoring the state after every command")
        }
    }

    private func check(_ result: ScenarioResult, against expected: CorpusManifest.Expectation, run: String) {
        let incidents = result.incidents.map { "\($0.element): \($0.reason)" }
        #expect(result.status.rawValue == expected.status, "\(run): status (incidents: \(incidents), waiting at: \(result.openTasks))")
        #expect(result.path.map(\.rawValue) == expected.path, "\(run): path")
        if let openTasks = expected.openTasks { #expect(result.openTasks.map(\.rawValue) == openTasks, "\(run): open tasks") }
        if let stubbed = expected.stubbed { #expect(result.stubbed.map(\.rawValue) == stubbed, "\(run): stubbed service tasks") }
        if let clock = expected.clock { #expect(result.clock == clock, "\(run): simulated time") }
        for (name, value) in expected.variables?.entries ?? [] {
            #expect(result.variables[name]?.json == value.json, "\(run): variable '\(name)'")
        }
    }
}

/// One scenario of one corpus manifest, as a test argument.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let file: String
    let index: Int
    let name: String
    /// The case's JSON object.
    let json: String

    var testDescription: String { "\(file)#\(index)" + (name.isEmpty ? "" : " (\(name))") }

    func manifest() throws -> CorpusManifest { try CorpusManifest(json: json, file: testDescription) }
}

/// A case read from its JSON object.
struct CorpusManifest {
    struct Expectation {
        var status: String
        var path: [String]
        var openTasks: [String]?
        var stubbed: [String]?
        var clock: String?
        var variables: FEELContext?
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var model: String
    var process: String?
    var scenario: Scenario
    var expected: Expectation
    var knownIssue: String?

    init(json: String, file: String) throws {
        guard case .context(let root) = try FEELValue(json: json) else { throw Malformed(description: "\(file): a case is a JSON object") }
        let known = ["name", "model", "process", "scenario", "expected", "knownIssue"]
        for key in root.keys where !known.contains(key) { throw Malformed(description: "\(file): unknown field '\(key)'") }
        guard case .string(let model)? = root["model"] else { throw Malformed(description: "\(file): 'model' names the corpus file") }
        self.model = model
        if case .string(let process)? = root["process"] { self.process = process }
        if case .string(let issue)? = root["knownIssue"] { knownIssue = issue }
        guard case .context(let scenario)? = root["scenario"] else { throw Malformed(description: "\(file): 'scenario' is an object") }
        self.scenario = try Scenario(json: FEELValue.context(scenario).json)
        guard case .context(let expected)? = root["expected"], case .string(let status)? = expected["status"],
            let path = Self.strings(expected["path"])
        else { throw Malformed(description: "\(file): 'expected' needs 'status' and 'path'") }
        let fields = ["status", "path", "openTasks", "stubbed", "clock", "variables"]
        for key in expected.keys where !fields.contains(key) { throw Malformed(description: "\(file): unknown expectation '\(key)'") }
        var expectation = Expectation(status: status, path: path)
        expectation.openTasks = Self.strings(expected["openTasks"])
        expectation.stubbed = Self.strings(expected["stubbed"])
        if case .string(let clock)? = expected["clock"] { expectation.clock = clock }
        if case .context(let variables)? = expected["variables"] { expectation.variables = variables }
        self.expected = expectation
    }

    private static func strings(_ value: FEELValue?) -> [String]? {
        guard case .list(let items)? = value else { return nil }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}
