import ArgumentParser

/// The `baton` command line: validate, run and serve BPMN processes.
@main
struct Baton: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Baton, a BPMN 2.0 process engine for CRM and ERP integration.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self]
    )
}
