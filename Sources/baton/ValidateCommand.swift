import ArgumentParser
import BatonConnectors
import BatonModel
import BatonXML
import Foundation

/// `baton validate FILE...`: checks BPMN files and prints every problem as
/// `file:line:col: error|warning: message`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check BPMN files and report every problem with its file, line and column.",
        discussion: """
            Exit status: 0 when every file is valid (warnings allowed), 1 when any file \
            has an error, 2 for usage errors or files that cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The BPMN files to check.", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Print the results as JSON for tools.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The largest file accepted, in bytes.", valueName: "bytes"))
    var maxSize: Int = XMLParsingLimits.default.maxBytes

    @Option(name: .long, help: ArgumentHelp("A connector bindings file to check as well, with every connector the models use bound in it.", valueName: "file"))
    var connectors: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one BPMN file to validate.") }
        guard maxSize > 0 else { throw ValidationError("--max-size must be a positive number of bytes.") }
    }

    func run() throws {
        let loader = BPMNLoader(limits: XMLParsingLimits(maxBytes: maxSize))
        var report = ValidationReport()
        let bindings = loadBindings(into: &report)
        var results: [(file: String, outcome: Result<LoadedDefinitions, BPMNLoadError>)] = []
        for file in files {
            do throws(BPMNLoadError) { results.append((file, .success(try loader.load(file: file)))) } catch { results.append((file, .failure(error))) }
        }
        // Files validated together are deployed together: a call to a process another of
        // them defines is no "not defined in this file" warning.
        var definedTogether: Set<ElementID> = []
        for case (_, .success(let loaded)) in results { definedTogether.formUnion(loaded.definitions.processes.map(\.id)) }
        for (file, outcome) in results {
            switch outcome {
            case .success(let loaded):
                var diagnostics = Self.dropCallsDefinedElsewhere(loaded, definedTogether)
                if let bindings { diagnostics += BindingsLoader.unbound(in: loaded.definitions, by: bindings, file: file) }
                report.add(file: file, diagnostics: diagnostics, processes: loaded.definitions.processes.map(\.id.rawValue))
            case .failure(.unreadable(let file, let reason)):
                report.addUnreadable(file: file, reason: reason)
            case .failure(.invalid(let error)):
                report.add(file: file, diagnostics: [error.diagnostic], processes: [])
            }
        }
        if json {
            print(try report.json())
        } else {
            for line in report.textLines() { print(line) }
            for line in report.unreadableLines() { printError(line) }
        }
        if report.unreadableCount > 0 { throw ExitCode(2) }
        if report.invalidCount > 0 { throw ExitCode(1) }
    }

    /// The file's diagnostics without the external-call warnings of call activities whose
    /// process one of the files validated with it defines.
    static func dropCallsDefinedElsewhere(_ loaded: LoadedDefinitions, _ defined: Set<ElementID>) -> [Diagnostic] {
        let calls = loaded.definitions.literalCalls
        return loaded.diagnostics.filter { diagnostic in
            guard diagnostic.code == .externalCall, let element = diagnostic.elementID, let called = calls[element] else { return true }
            return !defined.contains(called)
        }
    }

    /// Checks the `--connectors` file, adding its diagnostics to `report`; the bindings
    /// when the file could be read.
    private func loadBindings(into report: inout ValidationReport) -> ConnectorBindings? {
        guard let connectors else { return nil }
        guard let data = FileManager.default.contents(atPath: connectors) else {
            report.addUnreadable(file: connectors, reason: "cannot read the file")
            return nil
        }
        do {
            let (bindings, diagnostics) = try BindingsLoader().load(bytes: Array(data), file: connectors)
            report.add(file: connectors, diagnostics: diagnostics, processes: [])
            return bindings
        } catch {
            report.add(file: connectors, diagnostics: [error.diagnostic], processes: [])
            return nil
        }
    }
}
