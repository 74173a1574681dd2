import ArgumentParser
import Foundation

/// The `baton` command line: validate, run and serve BPMN processes.
@main
struct Baton: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Baton, a BPMN 2.0 process engine for CRM and ERP integration.",
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, RunCommand.self, DeployCommand.self, DefinitionsCommand.self, StartCommand.self, InstancesCommand.self,
            InstanceCommand.self, HistoryCommand.self, CorrelateCommand.self, SignalCommand.self, IncidentsCommand.self, RetryCommand.self,
            CancelCommand.self, JobsCommand.self, WorkerCommand.self, TasksCommand.self, TaskCommand.self, TaskActionCommand.self, UnclaimCommand.self,
            CompleteCommand.self, DelegateCommand.self, ResolveCommand.self, UsersCommand.self, RolesCommand.self, TokensCommand.self,
            EvalCommand.self, BenchCommand.self, ServeCommand.self, DemoCommand.self,
        ]
    )

    /// Runs the command line; usage errors exit with status 2 (not ArgumentParser's 64),
    /// as every `baton` command documents.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
