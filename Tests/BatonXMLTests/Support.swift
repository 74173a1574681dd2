import BatonModel
import BatonXML
import Foundation

/// Access to `Tests/Fixtures` and small helpers for building documents in tests.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func load(_ name: String) throws -> LoadedDefinitions {
        try BPMNLoader().load(file: path(name))
    }

    /// The 1-based line of the `occurrence`-th line containing `needle` in a fixture.
    static func line(of needle: String, in name: String, occurrence: Int = 1) throws -> Int {
        try lineNumber(of: needle, in: String(contentsOfFile: path(name), encoding: .utf8), occurrence: occurrence)
    }
}

/// The 1-based line of the `occurrence`-th line of `text` containing `needle` (0 if none).
func lineNumber(of needle: String, in text: String, occurrence: Int = 1) -> Int {
    var seen = 0
    for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
        seen += 1
        if seen == occurrence { return offset + 1 }
    }
    return 0
}

/// A BPMN document around `body` (the content of one process), with the namespaces
/// tests use. The process starts on line 6.
func bpmnDocument(_ body: String, executable: Bool = true, prefix: String = "bpmn", extra: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <\(prefix):definitions xmlns:\(prefix)="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1"
        xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
        id="defs" targetNamespace="urn:baton:tests">
    \(extra)
    <\(prefix):process id="p" isExecutable="\(executable)">
    \(body)
    </\(prefix):process>
    </\(prefix):definitions>
    """
}

/// Loads a document from a string.
func load(_ text: String, name: String = "test.bpmn") throws(XMLLoadError) -> LoadedDefinitions {
    try BPMNLoader().load(bytes: Array(text.utf8), sourceName: name)
}

extension LoadedDefinitions {
    /// The messages of the diagnostics with the given code.
    func messages(_ code: DiagnosticCode) -> [String] {
        diagnostics.filter { $0.code == code }.map(\.message)
    }

    /// The flow node with the given id anywhere in the first process.
    func node(_ id: String) -> FlowNode? {
        definitions.processes.first?.allFlowNodes.first { $0.id.rawValue == id }
    }
}

/// The line and column (in characters, 1-based) where `needle` first occurs in `text`.
func position(of needle: String, in text: String) -> SourceLocation {
    for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if let range = line.range(of: needle) {
            return SourceLocation(line: offset + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
    }
    return .unknown
}
