import ArgumentParser
import BatonEngine
import BatonModel
import BatonRuntime
import Foundation

/// `baton deploy FILE...`: validates and stores BPMN files as new process versions.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy BPMN files to the database: each executable process gets a new version.",
        discussion: "Deploying the same text again changes nothing. A file with errors is not deployed (exit status 1)."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The BPMN files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one BPMN file to deploy.") }
    }

    func run() throws {
        let backend = try database.backend()
        var failed = false
        for file in files {
            do {
                switch try backend.deploy(file: file) {
                case .deployed(let processes):
                    for process in processes { print("\(file): deployed \(process.key) version \(process.version)") }
                case .unchanged:
                    print("\(file): unchanged (this text is deployed already)")
                }
            } catch let error as RuntimeError {
                printError(error.message)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `baton definitions`: the deployed processes and their latest versions.
struct DefinitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "definitions", abstract: "List the deployed processes (latest versions).")

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let processes = try database.backend().definitions()
        if json {
            let rows = processes.map { #"{"id":"\#($0.key)","version":\#($0.version),"name":\#($0.name.map { "\"\($0)\"" } ?? "null")}"# }
            print("[" + rows.joined(separator: ",") + "]")
            return
        }
        if processes.isEmpty {
            print("no processes deployed (baton deploy FILE)")
            return
        }
        print(Table(["PROCESS", "VERSION", "NAME"], processes.map { [$0.key, String($0.version), $0.name ?? ""] }).text)
    }
}

/// A plain text table: columns padded to their widest cell.
struct Table {
    var header: [String]
    var rows: [[String]]

    init(_ header: [String], _ rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
