import BatonModel
import BatonXML
import Foundation
import Testing

/// Walks the public BPMN corpus in `$BATON_CONFORMANCE_DIR` (set by `.ci/run` to
/// `../shared/conformance`): no file may crash the loader, and every file either loads
/// or is rejected with diagnostics that name a line.
@Suite(.timeLimit(.minutes(2))) struct CorpusTests {
    /// The corpus folder: the variable when set (even if the folder is missing, so the
    /// test fails loudly), else `../shared/conformance` next to the package when present.
    static let directory: String? = {
        if let value = ProcessInfo.processInfo.environment["BATON_CONFORMANCE_DIR"], !value.isEmpty { return value }
        let sibling = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance").path
        return FileManager.default.fileExists(atPath: sibling) ? sibling : nil
    }()

    static func bpmnFiles(in directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".bpmn") || relative.hasSuffix(".bpmn20.xml") { files.append(relative) }
        }
        return files.sorted()
    }

    @Test(.enabled(if: directory != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"))
    func everyCorpusFileLoadsOrIsRejectedWithALine() throws {
        let directory = try #require(Self.directory)
        var isDirectory: ObjCBool = false
        try #require(
            FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue,
            "BATON_CONFORMANCE_DIR names '\(directory)', which is not a folder")
        let files = Self.bpmnFiles(in: directory)
        #expect(files.count >= 200, "expected the 216 corpus files, found \(files.count)")

        var loaded = 0, rejected = 0
        for file in files {
            let path = directory + "/" + file
            do {
                let result = try BPMNLoader().load(file: path)
                loaded += 1
                for diagnostic in result.diagnostics {
                    #expect(diagnostic.location.line > 0, "\(file): a diagnostic without a line: \(diagnostic.message)")
                    #expect(diagnostic.file == path)
                    if diagnostic.code.isUnsupported {
                        #expect(diagnostic.elementID != nil, "\(file): unsupported without an element: \(diagnostic.message)")
                    }
                }
            } catch .invalid(let error) {
                rejected += 1
                #expect(error.location.line > 0, "\(file): rejected without a line: \(error.message)")
                #expect(!error.message.isEmpty)
            } catch .unreadable(_, let reason) {
                Issue.record("\(file) could not be read: \(reason)")
            }
        }
        #expect(loaded + rejected == files.count)
        #expect(rejected == 3, "only the three deliberately malformed files are rejected outright")
    }

    @Test(
        .enabled(if: directory != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"),
        arguments: [
            ("camunda7/bpmn/parse/BpmnParseTest.testParseProcessDefinitionXXE.bpmn20.xml", DiagnosticCode.forbiddenDoctype, 2),
            ("camunda7/bpmn/parse/BpmnParseTest.testXMLParsingErrors.bpmn", .malformedXML, 28),
            ("zeebe/bpmn-model/DefinitionsTest.shouldNotAffectCommentsResult.bpmn", .malformedXML, 3),
        ])
    func deliberatelyBrokenFilesAreRejected(file: String, code: DiagnosticCode, line: Int) throws {
        let directory = try #require(Self.directory)
        do {
            _ = try BPMNLoader().load(file: directory + "/" + file)
            Issue.record("\(file) was accepted")
        } catch .invalid(let error) {
            #expect(error.code == code)
            #expect(error.location.line == line)
        } catch {
            Issue.record("\(file): \(error)")
        }
    }

    @Test(.enabled(if: directory != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"))
    func emptyDefinitionsLoadWithNothingInThem() throws {
        let directory = try #require(Self.directory)
        let loaded = try BPMNLoader().load(file: directory + "/zeebe/bpmn-model/DefinitionsTest.shouldImportEmptyDefinitions.bpmn")
        #expect(loaded.isValid)
        #expect(loaded.definitions.processes.isEmpty)
    }

    @Test(.enabled(if: directory != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"))
    func miwgReferenceModelsLoadWithoutErrorsAndWithTheirDiagrams() throws {
        let directory = try #require(Self.directory)
        let files = Self.bpmnFiles(in: directory + "/miwg")
        #expect(files.count == 21)
        for file in files {
            let loaded = try BPMNLoader().load(file: directory + "/miwg/" + file)
            // Some reference models are executable but written in XPath: unsupported, not wrong.
            let errors = loaded.errors.filter { !$0.code.isUnsupported }.map(\.description)
            #expect(errors.isEmpty, "\(file): \(errors)")
            #expect(loaded.definitions.diagrams.flatMap(\.planes).flatMap(\.shapes).count > 0, "\(file) lost its diagram")
        }
    }
}
