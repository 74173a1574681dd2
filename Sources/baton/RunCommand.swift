import ArgumentParser
import BatonFEEL
import BatonModel
import BatonTesting
import BatonXML
import Foundation

/// `baton run FILE --scenario S.json`: runs one instance in memory with simulated time
/// and reports its path, variables, open tasks and incidents.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one process instance in memory through a scenario, with simulated time.",
        discussion: """
            The scenario answers user tasks and service tasks and delivers messages; timers \
            fire by moving a virtual clock. Exit status: 0 when the instance completed, 2 when it \
            waits (open tasks, uncorrelated catches), 1 for an incident or an invalid model, \
            2 for usage errors or unreadable files.
            """
    )

    @Argument(help: ArgumentHelp("The BPMN file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The process to run (default: the first executable process).", valueName: "id"))
    var process: String?

    @Option(name: .long, help: ArgumentHelp("The scenario JSON file.", valueName: "file"))
    var scenario: String

    @Flag(name: .long, help: "Print the result as JSON for tools.")
    var json = false

    func run() throws {
        let scenarioValue = try Self.readScenario(scenario)
        let runner: ScenarioRunner
        do {
            runner = try ScenarioRunner(file: file, processID: process.map { ElementID($0) })
        } catch .unreadable(let name, let reason) {
            printError("\(name): error: \(reason)")
            throw ExitCode(2)
        } catch .invalid(let error) {
            let result = ScenarioRunReport.invalid(error.diagnostic)
            if json { print(result.json) } else { printError(error.diagnostic.description) }
            throw ExitCode(1)
        }
        let result = runner.run(scenarioValue)
        if json {
            print(result.json)
        } else {
            ScenarioRunReport.print(result, file: file)
        }
        if result.status.exitCode != 0 { throw ExitCode(result.status.exitCode) }
    }

    /// Reads and parses the scenario; a problem exits with status 2 naming the file and field.
    static func readScenario(_ path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("\(path): error: cannot read the scenario file")
            throw ExitCode(2)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(path): error: the scenario file is not UTF-8 text")
            throw ExitCode(2)
        }
        do {
            return try Scenario(json: text)
        } catch {
            printError("\(path): error: \(error.description)")
            throw ExitCode(2)
        }
    }
}

/// How `baton run` prints a result for people.
enum ScenarioRunReport {
    static func invalid(_ diagnostic: Diagnostic) -> ScenarioResult { .invalid([diagnostic]) }

    static func print(_ result: ScenarioResult, file: String) {
        if result.status == .invalid {
            for diagnostic in result.diagnostics {
                var shown = diagnostic
                if shown.file == nil { shown.file = file }
                printError(shown.description)
            }
            printError("\(file): not run: the model has errors")
            return
        }
        for line in result.trace { Swift.print("  \(line)") }
        Swift.print("status: \(result.status.rawValue)")
        Swift.print("path: \(result.path.map(\.rawValue).joined(separator: " -> "))")
        Swift.print("variables: \(FEELValue.context(result.variables).json)")
        if !result.openTasks.isEmpty { Swift.print("waiting at: \(result.openTasks.map(\.rawValue).joined(separator: ", "))") }
        if !result.stubbed.isEmpty { Swift.print("stubbed service tasks: \(result.stubbed.map(\.rawValue).joined(separator: ", "))") }
        for incident in result.incidents {
            let line = incident.line.map { ":\($0)" } ?? ""
            let expression = incident.expression.map { " [expression: \($0)]" } ?? ""
            Swift.print("\(file)\(line): incident at '\(incident.element)': \(incident.reason)\(expression)")
        }
        Swift.print("simulated time: \(result.clock)")
    }
}
