import BatonModel
import Foundation

/// The results of `baton validate` over several files, as text or JSON.
struct ValidationReport {
    /// One file's outcome.
    struct FileResult: Encodable {
        var file: String
        var valid: Bool
        var readable: Bool
        var processes: [String]
        var errors: Int
        var warnings: Int
        var diagnostics: [DiagnosticRecord]
    }

    /// A diagnostic as `--json` prints it.
    struct DiagnosticRecord: Encodable {
        var severity: String
        var code: String
        var message: String
        var file: String?
        var line: Int
        var column: Int
        var element: String?
    }

    private(set) var files: [FileResult] = []
    private var unreadable: [(file: String, reason: String)] = []

    mutating func add(file: String, diagnostics: [Diagnostic], processes: [String]) {
        let errors = diagnostics.filter { $0.severity == .error }.count
        files.append(FileResult(
            file: file, valid: errors == 0, readable: true, processes: processes, errors: errors,
            warnings: diagnostics.count - errors,
            diagnostics: diagnostics.map {
                DiagnosticRecord(
                    severity: $0.severity.rawValue, code: $0.code.rawValue, message: $0.message, file: $0.file ?? file,
                    line: $0.location.line, column: $0.location.column, element: $0.elementID?.rawValue)
            }))
        textDiagnostics += diagnostics.map { diagnostic in
            var copy = diagnostic
            copy.file = copy.file ?? file
            return copy.description
        }
    }

    mutating func addUnreadable(file: String, reason: String) {
        unreadable.append((file, reason))
        let record = DiagnosticRecord(
            severity: "error", code: DiagnosticCode.unreadableFile.rawValue, message: "cannot read the file: \(reason)",
            file: file, line: 0, column: 0, element: nil)
        files.append(FileResult(file: file, valid: false, readable: false, processes: [], errors: 1, warnings: 0, diagnostics: [record]))
    }

    private var textDiagnostics: [String] = []

    var unreadableCount: Int { unreadable.count }
    var invalidCount: Int { files.filter { $0.readable && !$0.valid }.count }
    var validCount: Int { files.filter(\.valid).count }
    var errorCount: Int { files.reduce(0) { $0 + $1.errors } }
    var warningCount: Int { files.reduce(0) { $0 + $1.warnings } }

    /// Every diagnostic line, then one summary line.
    func textLines() -> [String] {
        textDiagnostics + [summary()]
    }

    /// `baton: error: cannot read 'x.bpmn': No such file or directory` for each unreadable file.
    func unreadableLines() -> [String] {
        unreadable.map { "baton: error: cannot read '\($0.file)': \($0.reason)" }
    }

    func summary() -> String {
        let checked = files.count - unreadable.count
        var parts = ["\(plural(checked, "file")) checked: \(validCount) valid, \(invalidCount) invalid"]
        if !unreadable.isEmpty { parts.append("\(unreadable.count) unreadable") }
        return parts.joined(separator: ", ") + " (\(plural(errorCount, "error")), \(plural(warningCount, "warning")))"
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    func json() throws -> String {
        struct Document: Encodable {
            var files: [FileResult]
            var summary: Summary
        }
        struct Summary: Encodable {
            var files: Int
            var valid: Int
            var invalid: Int
            var unreadable: Int
            var errors: Int
            var warnings: Int
        }
        let document = Document(
            files: files,
            summary: Summary(
                files: files.count, valid: validCount, invalid: invalidCount, unreadable: unreadable.count,
                errors: errorCount, warnings: warningCount))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
