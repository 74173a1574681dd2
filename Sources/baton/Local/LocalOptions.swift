import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonSQLite
import Foundation

/// `--db` and `--durability`, shared by every command that works on the database file.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $BATON_DB, else ./baton.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("full: a command returns once it is on disk (default); relaxed: faster, may lose the last commits on power loss.", valueName: "mode"))
    var durability: String = "full"

    func validate() throws {
        guard SQLiteStore.Durability(rawValue: durability) != nil else {
            throw ValidationError("--durability must be full or relaxed, not '\(durability)'.")
        }
    }

    /// The database path the options name.
    var path: String { db ?? ProcessInfo.processInfo.environment["BATON_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "baton.sqlite" }

    /// Opens the runtime on the database; a problem exits with status 1 and the reason.
    func openRuntime() throws -> Runtime {
        do {
            let store = try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full)
            return try Runtime(store: store)
        } catch let error as StoreError {
            printError("baton: error: \(error.description)")
            throw ExitCode(1)
        } catch {
            printError("baton: error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `--var name=value` (a FEEL literal: `amount=1200`, `name='"Ann"'`, `ok=true`) and
/// `--vars JSON` (numbers stay exact).
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("A variable, name=FEEL literal (amount=1200, name='\"Ann\"', ok=true). Repeatable.", valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Variables as a JSON object.", valueName: "json"))
    var vars: String?

    /// The variables, `--vars` first and `--var` on top; a bad one is a usage error that
    /// names it.
    func variables() throws -> FEELContext {
        var result = FEELContext()
        if let vars {
            let value: FEELValue
            do { value = try FEELValue(json: vars) } catch { throw ValidationError("--vars: \(error.description)") }
            guard case .context(let context) = value else { throw ValidationError("--vars must be a JSON object, like '{\"amount\": 1200}'.") }
            result = context
        }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var '\(assignment)' must be name=value, like amount=1200.")
            }
            let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...])
            let expression: FEELExpression
            do { expression = try FEELExpression(text) } catch {
                throw ValidationError("--var \(name): '\(text)' is not a FEEL value (\(error.message)); quote text as '\"\(text)\"'.")
            }
            let evaluated = expression.evaluate()
            if let problem = evaluated.problem {
                throw ValidationError("--var \(name): '\(text)' is not a value (\(problem)); quote text as '\"\(text)\"'.")
            }
            result[name] = evaluated.value
        }
        return result
    }
}

/// Prints a runtime error and exits with status 1.
func fail(_ error: RuntimeError) -> ExitCode {
    printError("baton: error: \(error.message)")
    return ExitCode(1)
}
