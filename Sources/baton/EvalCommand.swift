import ArgumentParser
import BatonFEEL

/// `baton eval EXPR [--vars JSON] [--json]`: tries a FEEL expression, as analysts do
/// before putting it in a model.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a FEEL expression and print its value.",
        discussion: """
            Variables come from --vars as a JSON object; numbers are read exactly. When the \
            result is null because something went wrong, the reason is printed on standard \
            error. Exit status: 0 when the expression was evaluated, 1 for a syntax error or \
            invalid --vars, 2 for usage errors.
            """
    )

    @Argument(help: ArgumentHelp("The FEEL expression (a leading '=' is allowed).", valueName: "expression"))
    var expression: String

    @Option(name: .long, help: ArgumentHelp("Variables as a JSON object, e.g. '{\"amount\": 1200}'.", valueName: "json"))
    var vars: String?

    @Flag(name: .long, help: "Print the result as JSON (exact numbers, ISO 8601 dates and durations).")
    var json = false

    func run() throws {
        var variables = FEELContext()
        if let vars {
            do {
                guard case .context(let context) = try FEELValue(json: vars) else {
                    printError("baton: error: --vars must be a JSON object, such as '{\"amount\": 1200}'")
                    throw ExitCode(1)
                }
                variables = context
            } catch let error as FEELJSONError {
                printError("baton: error: --vars: \(error)")
                throw ExitCode(1)
            }
        }
        let compiled: FEELExpression
        do {
            compiled = try FEELExpression(expression, knownNames: variables.keys)
        } catch {
            printError(error.caretDisplay(in: expression))
            printError(error.description)
            throw ExitCode(1)
        }
        let result = compiled.evaluate(variables)
        print(json ? result.value.json : result.value.literal)
        if let problem = result.problem { printError("note: the result is null because \(problem)") }
    }
}
