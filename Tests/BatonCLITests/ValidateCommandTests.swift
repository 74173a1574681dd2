import Foundation
import Testing

/// Runs the real `baton` executable, as a user would.
@Suite(.timeLimit(.minutes(1))) struct ValidateCommandTests {
    @Test func validModelExitsZero() throws {
        let result = try Baton.run(["validate", Baton.fixture("valid/extensions-dialects.bpmn")])
        #expect(result.status == 0)
        #expect(result.stdout == "1 file checked: 1 valid, 0 invalid (0 errors, 0 warnings)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func reportsEveryMistakeAsFileLineColumnAndExitsOne() throws {
        let file = Baton.fixture("invalid/three-mistakes.bpmn")
        let result = try Baton.run(["validate", file])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": error: ") } == [
            "\(file):8:55: error: sequenceFlow 'f2': targetRef 'shipOrdr' does not exist (did you mean 'shipOrder'?)",
            "\(file):12:9: error: intermediateCatchEvent 'waitForPayment': invalid timeDuration: 'H' is not a duration unit here in 'P2H'; expected Y, M, W or D (put 'T' before hours, minutes and seconds)",
            "\(file):15:20: error: duplicate id 'checkOrder': endEvent reuses the id of the userTask on line 7",
        ])
        #expect(lines.last == "1 file checked: 0 valid, 1 invalid (3 errors, 2 warnings)")
    }

    @Test func connectorBindingsAreCheckedAndEveryUsedConnectorMustBeBound() throws {
        let model = Baton.fixture("valid/extensions-dialects.bpmn"), bindings = Baton.fixture("connectors/partial.xml")
        let result = try Baton.run(["validate", model, "--connectors", bindings])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            #"\#(bindings):6:75: error: timeout="soon" of connector 'crm-synk' is not a positive ISO 8601 duration (PT30S)"#,
            "\(model):28:5: error: serviceTask 'zeebeTask' uses connector 'crm-sync', which the bindings do not bind (did you mean 'crm-synk'?)",
            "2 files checked: 0 valid, 2 invalid (2 errors, 0 warnings)",
        ])
        let missing = try Baton.run(["validate", model, "--connectors", "no-such-bindings.xml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-bindings.xml"))
    }

    @Test func severalFilesAreAllChecked() throws {
        let result = try Baton.run([
            "validate", Baton.fixture("valid/extensions-dialects.bpmn"), Baton.fixture("invalid/xxe-file.bpmn"),
            Baton.fixture("valid/process-non-executable.bpmn"),
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("xxe-file.bpmn:2:1: error: DOCTYPE declarations are not allowed"))
        #expect(result.stdout.hasSuffix("3 files checked: 2 valid, 1 invalid (1 error, 0 warnings)\n"))
    }

    @Test func aCallToAProcessOfAnotherFileValidatedTogetherIsNoWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ body: String) throws -> String {
            let text = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
                  <bpmn:process id="\(name)" isExecutable="true">
                    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w"/>
                    \(body)
                    <bpmn:sequenceFlow id="f2" sourceRef="w" targetRef="e"/><bpmn:endEvent id="e"/>
                  </bpmn:process>
                </bpmn:definitions>
                """
            let path = folder.appendingPathComponent(name + ".bpmn").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let order = try file("order", #"<bpmn:callActivity id="w" calledElement="ship"/>"#)
        let ship = try file("ship", #"<bpmn:task id="w"/>"#)
        let alone = try Baton.run(["validate", order])
        #expect(alone.stdout.contains("calls process 'ship', which is not defined in this file"))
        #expect(alone.stdout.hasSuffix("1 file checked: 1 valid, 0 invalid (0 errors, 1 warning)\n"))
        let together = try Baton.run(["validate", order, ship])
        #expect(together.status == 0)
        #expect(together.stdout == "2 files checked: 2 valid, 0 invalid (0 errors, 0 warnings)\n")
    }

    @Test func theShippedModelsAndBindingsValidateTogetherWithoutAWarning() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ProcessModels")
        let models = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bpmn") }.sorted()
        #expect(models.count >= 7)
        let result = try Baton.run(["validate"] + models.map { folder.appendingPathComponent($0).path } + ["--connectors", folder.appendingPathComponent("connectors.xml").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "\(models.count + 1) files checked: \(models.count + 1) valid, 0 invalid (0 errors, 0 warnings)\n", "\(result.stdout)")
    }

    @Test func unreadableFileIsAnIOErrorWithExitTwo() throws {
        let result = try Baton.run(["validate", Baton.fixture("valid/extensions-dialects.bpmn"), "/no/such/file.bpmn"])
        #expect(result.status == 2)
        #expect(result.stderr == "baton: error: cannot read '/no/such/file.bpmn': No such file or directory\n")
        #expect(result.stdout.hasSuffix("1 file checked: 1 valid, 0 invalid, 1 unreadable (1 error, 0 warnings)\n"))
        let json = try Baton.run(["validate", "--json", "/no/such/file.bpmn"])
        #expect(json.status == 2)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try #require((document["files"] as? [[String: Any]])?.first)
        #expect(file["readable"] as? Bool == false)
        let diagnostic = try #require((file["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "unreadable-file")
        #expect(diagnostic["message"] as? String == "cannot read the file: No such file or directory")
    }

    @Test func usageErrorsExitTwo() throws {
        let missing = try Baton.run(["validate"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Missing expected argument '<file> ...'"))
        let unknown = try Baton.run(["validate", "--colour", "x.bpmn"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--colour'"))
    }

    @Test func jsonOutputIsForTools() throws {
        let file = Baton.fixture("invalid/flow-missing-target.bpmn")
        let result = try Baton.run(["validate", "--json", file])
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["files": 1, "valid": 0, "invalid": 1, "unreadable": 0, "errors": 1, "warnings": 0])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.first?["processes"] as? [String] == ["p"])
        let diagnostic = try #require((files.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["code"] as? String == "unknown-reference")
        #expect(diagnostic["line"] as? Int == 5)
        #expect(diagnostic["column"] as? Int == 52)
        #expect(diagnostic["element"] as? String == "toNowhere")
        #expect(diagnostic["file"] as? String == file)
    }

    @Test func maxSizeOptionIsHonoured() throws {
        let result = try Baton.run(["validate", "--max-size", "100", Baton.fixture("valid/extensions-dialects.bpmn")])
        #expect(result.status == 1)
        #expect(result.stdout.contains(":1:1: error: the file is "))
        #expect(result.stdout.contains("bytes; the limit is 100 bytes"))
        let invalid = try Baton.run(["validate", "--max-size", "0", "x.bpmn"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--max-size must be a positive number of bytes."))
    }

    @Test func helpIsStable() throws {
        let result = try Baton.run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            OVERVIEW: Check BPMN files and report every problem with its file, line and
            column.

            Exit status: 0 when every file is valid (warnings allowed), 1 when any file has
            an error, 2 for usage errors or files that cannot be read.

            USAGE: baton validate <file> ... [--json] [--max-size <bytes>] [--connectors <file>]

            ARGUMENTS:
              <file>                  The BPMN files to check.

            OPTIONS:
              --json                  Print the results as JSON for tools.
              --max-size <bytes>      The largest file accepted, in bytes. (default:
                                      16777216)
              --connectors <file>     A connector bindings file to check as well, with
                                      every connector the models use bound in it.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }
}

/// Finds and runs the `baton` binary built next to the test bundle.
enum Baton {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// `baton` sits in the same build folder as the test binary.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("baton").path) && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("baton")
    }

    /// Runs `baton` with `input` on standard input (never the terminal) and the test's
    /// environment without its `BATON_` variables, plus `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BATON_") }.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct QuietLibXML2Tests {
    @Test func libxml2PrintsNothingOfItsOwn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-enc-\(UInt32.random(in: 0...UInt32.max)).bpmn").path
        var bytes = Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">".utf8)
        bytes += [0x87, 0x9A, 0x8E, 0x8A] + Array("</definitions>\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Baton.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty, "libxml2 wrote: \(result.stderr)")
        #expect(result.stdout.contains("that are not valid in the encoding it declares"))
    }
}
