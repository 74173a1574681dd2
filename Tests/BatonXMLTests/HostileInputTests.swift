import BatonModel
import BatonXML
import Foundation
import Testing

/// Every kind of hostile or broken input is rejected quickly with a one-line reason, and
/// nothing is expanded or fetched. `.timeLimit` turns a hang into a failure.
@Suite(.timeLimit(.minutes(1))) struct HostileInputTests {
    /// Loads a fixture and returns the error it must throw.
    private func rejection(_ name: String, limits: XMLParsingLimits = .default) throws -> XMLLoadError {
        do {
            _ = try BPMNLoader(limits: limits).load(file: Fixture.path(name))
        } catch .invalid(let error) {
            return error
        } catch .unreadable(_, let reason) {
            Issue.record("unexpected I/O error: \(reason)")
        }
        Issue.record("\(name) was accepted")
        return XMLLoadError(.malformedXML, "", file: nil, at: .unknown)
    }

    private func rejection(bytes: [UInt8], limits: XMLParsingLimits = .default) -> XMLLoadError? {
        do {
            _ = try BPMNLoader(limits: limits).load(bytes: bytes, sourceName: "input.bpmn")
            return nil
        } catch {
            return error
        }
    }

    private func expectOneLine(_ error: XMLLoadError) {
        #expect(!error.description.contains("\n"), "the reason must fit on one line: \(error.description)")
    }

    @Test func externalFileEntityIsRefusedNotRead() throws {
        let error = try rejection("invalid/xxe-file.bpmn")
        #expect(error.code == .forbiddenDoctype)
        #expect(error.location == SourceLocation(line: 2, column: 1))
        #expect(!error.description.contains("root:"))
        expectOneLine(error)
    }

    @Test func networkEntitiesAndExternalDTDAreRefusedNotFetched() throws {
        let error = try rejection("invalid/xxe-http.bpmn")
        #expect(error.code == .forbiddenDoctype)
        #expect(error.description.hasSuffix("remove the <!DOCTYPE ...> line"))
    }

    @Test func billionLaughsIsRefusedBeforeExpansion() throws {
        let error = try rejection("invalid/billion-laughs.bpmn")
        #expect(error.code == .forbiddenDoctype)
    }

    @Test func quadraticBlowupIsRefused() {
        let entity = String(repeating: "x", count: 100_000)
        let references = String(repeating: "&big;", count: 10_000)
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY big \"\(entity)\">]>\n"
            + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><documentation>\(references)</documentation></definitions>"
        let error = rejection(bytes: Array(text.utf8))
        #expect(error?.code == .forbiddenDoctype)
        #expect(error?.location.line == 2)
    }

    @Test func doctypeWithoutEntitiesIsAlsoRefused() {
        let text = "<!DOCTYPE definitions>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>"
        #expect(rejection(bytes: Array(text.utf8))?.code == .forbiddenDoctype)
    }

    @Test func hundredMegabyteFileIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-huge-\(UInt32.random(in: 0...UInt32.max)).bpmn").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 100 * 1024 * 1024)  // sparse: no 100 MB written
        try handle.close()
        do {
            _ = try BPMNLoader().load(file: path)
            Issue.record("a 100 MB file was accepted")
        } catch .invalid(let error) {
            #expect(error.code == .fileTooLarge)
            #expect(error.message == "the file is 104857600 bytes; the limit is 16777216 bytes")
            expectOneLine(error)
        } catch {
            Issue.record("unexpected: \(error)")
        }
    }

    @Test func sizeLimitIsConfigurable() {
        let text = bpmnDocument("<bpmn:startEvent id=\"s\"/>")
        #expect(rejection(bytes: Array(text.utf8), limits: XMLParsingLimits(maxBytes: 100))?.code == .fileTooLarge)
        #expect(rejection(bytes: Array(text.utf8), limits: XMLParsingLimits(maxBytes: 100_000)) == nil)
    }

    @Test func tenThousandDeepNestingIsRefused() {
        let open = String(repeating: "<bpmn:documentation>", count: 10_000)
        let close = String(repeating: "</bpmn:documentation>", count: 10_000)
        let text = "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\(open)\(close)</bpmn:definitions>"
        let error = rejection(bytes: Array(text.utf8))
        #expect(error?.code == .nestingTooDeep)
        #expect(error?.message == "elements are nested more than 256 levels deep")
    }

    @Test func truncatedXMLNamesTheLine() throws {
        let error = try rejection("invalid/truncated.bpmn")
        #expect(error.code == .malformedXML)
        #expect(error.location.line >= 6)
        #expect(error.description.hasPrefix(Fixture.path("invalid/truncated.bpmn") + ":"))
        expectOneLine(error)
    }

    @Test func nonBPMNDocumentIsNamedAsSuch() throws {
        let error = try rejection("invalid/not-bpmn.xml")
        #expect(error.code == .notBPMN)
        #expect(error.message.contains("root element <project>"))
        #expect(error.location.line == 2)
    }

    @Test func dmnFileIsRecognised() {
        let text = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d\"/>"
        #expect(rejection(bytes: Array(text.utf8))?.message.contains("this is a DMN file") == true)
    }

    @Test func bpmnFragmentWithoutDefinitionsIsRejected() {
        let text = "<process xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"p\"/>"
        let error = rejection(bytes: Array(text.utf8))
        #expect(error?.code == .notBPMN)
        #expect(error?.message.contains("a BPMN file's root is <definitions>") == true)
    }

    @Test func emptyFileIsRejected() throws {
        let error = try rejection("invalid/empty.bpmn")
        #expect(error.message == "the file is empty")
        #expect(rejection(bytes: Array("   \n  ".utf8))?.code == .malformedXML)
    }

    @Test func binaryFileIsRejected() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let error = rejection(bytes: [0x7F, 0x45, 0x4C, 0x46] + bytes)  // an ELF header, then noise
        #expect(error?.code == .malformedXML)
        if let error { expectOneLine(error) }
    }

    @Test func invalidUTF8IsRejectedWithItsLine() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<documentation>".utf8)
        bytes += [0xC3, 0x28, 0xFF, 0xFE]
        bytes += Array("</documentation></definitions>".utf8)
        let error = rejection(bytes: bytes)
        #expect(error?.code == .malformedXML)
        #expect(error?.location.line == 3)
        #expect(error?.message == "the file is not valid UTF-8 (0xC3 0x28 0xFF 0xFE); save it as UTF-8 or declare its encoding in <?xml ... encoding=\"...\"?>")
        if let error { expectOneLine(error) }
    }

    @Test func flowToAMissingNodeIsAnErrorNotACrash() throws {
        let loaded = try Fixture.load("invalid/flow-missing-target.bpmn")
        #expect(!loaded.isValid)
        #expect(loaded.errors.map(\.message) == ["sequenceFlow 'toNowhere': targetRef 'ghost' does not exist"])
        #expect(loaded.errors.first?.location.line == 5)
    }

    @Test func unreadableFilesAreIOErrors() {
        for path in ["/nonexistent/dir/x.bpmn", Fixture.directory.path] {
            do {
                _ = try BPMNLoader().load(file: path)
                Issue.record("\(path) was read")
            } catch .unreadable(let file, let reason) {
                #expect(file == path)
                #expect(!reason.isEmpty)
            } catch {
                Issue.record("expected an I/O error for \(path), got \(error)")
            }
        }
    }
}

/// Inputs found by fuzzing and hand-written probes (`Fuzz/crashes/`), kept as tests.
@Suite(.timeLimit(.minutes(1))) struct FuzzFindingsTests {
    @Test func aVeryLongExpressionIsAnErrorNotAStackOverflow() throws {
        let chain = "=1" + String(repeating: "+1", count: 120_000)
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"><bpmn:conditionExpression>\(chain)</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.code) == [.invalidExpression])
        #expect(loaded.errors.first?.message.hasSuffix("the expression is too long (more than 1000 operators)") == true)
    }

    @Test func deeplyNestedSubprocessesAreAnErrorNotAStackOverflow() throws {
        let open = (0..<50).map { "<bpmn:subProcess id=\"s\($0)\">" }.joined()
        let close = String(repeating: "</bpmn:subProcess>", count: 50)
        let loaded = try load(bpmnDocument("<bpmn:startEvent id=\"start\"/>" + open + close, executable: false))
        #expect(loaded.errors.map(\.message) == ["subProcess 's16' is nested more than 16 subprocesses deep"])
    }

    @Test func manyBrokenReferencesStayLinear() throws {
        let flows = (0..<4000).map { "<bpmn:task id=\"task_\($0)\"/><bpmn:sequenceFlow id=\"f\($0)\" sourceRef=\"task_\($0)\" targetRef=\"tsk_\($0)x\"/>" }
        let loaded = try load(bpmnDocument("<bpmn:startEvent id=\"s\"/>" + flows.joined(), executable: false))
        #expect(loaded.errors.count == 4000)
        #expect(loaded.errors.filter { $0.message.contains("did you mean") }.count == 25)
    }

    @Test func bytesInvalidInTheDeclaredEncodingAreNamed() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">".utf8)
        bytes += [0x87, 0x9A, 0x8E, 0x8A] + Array("</definitions>\n".utf8)
        do {
            _ = try BPMNLoader().load(bytes: bytes, sourceName: "enc.bpmn")
            Issue.record("accepted")
        } catch {
            #expect(error.message == "the file has bytes (0x87 0x9A 0x8E 0x8A) that are not valid in the encoding it declares; save it as UTF-8 or correct <?xml ... encoding=\"...\"?>")
        }
    }
}
