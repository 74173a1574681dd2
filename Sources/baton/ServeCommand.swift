import ArgumentParser
import BatonConnectors
import BatonEngine
import BatonModel
import BatonRuntime
import BatonServer
import BatonSQLite
import BatonXML
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `baton serve`: the HTTP API and the job executor in one process, on the database file.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API and the job executor on the database.",
        discussion: "SIGTERM or SIGINT stop accepting requests, let the requests and the job round in hand finish, and close the database.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .customLong("bindings"), help: ArgumentHelp("The connector bindings (default: ./connectors.xml when it exists).", valueName: "file"))
    var bindingsFile: String?

    @Option(name: .long, help: "Connector calls the job executor makes at once.")
    var concurrency = 4

    @Option(name: .long, help: "Threads for engine work (requests wait on the disk there; more threads, bigger group commits).")
    var workers = 32

    @Option(name: .long, help: "Failed logins for one user name within a minute that lock the name out for the rest of the minute.")
    var failedLoginLimit = 5

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive.") }
        guard (1...1024).contains(workers) else { throw ValidationError("--workers must be from 1 to 1024.") }
        guard failedLoginLimit > 0 else { throw ValidationError("--failed-login-limit must be positive.") }
    }

    func run() async throws {
        try database.requireLocal("serve", .byNature)
        let bindings = try loadBindings()
        let sqlite: SQLiteStore
        let engineHost: EngineHost
        do {
            sqlite = try SQLiteStore(path: database.path, durability: SQLiteStore.Durability(rawValue: database.durability) ?? .full)
            engineHost = try EngineHost(sqlite: sqlite, bindings: bindings, workers: workers)
        } catch {
            printError("baton: error: \(error)")
            throw ExitCode(1)
        }
        var logger = Logger(label: "baton")
        logger.logLevel = .info
        let app = buildApplication(
            host: engineHost, hostname: host, port: port, failedLoginLimit: failedLoginLimit, services: [JobExecutorService(host: engineHost, concurrency: concurrency, logger: logger)],
            logger: logger)
        try await app.runService()
        // Drained: empty the write-ahead log into the file and close it.
        do throws(StoreError) { try sqlite.close() } catch {
            printError("baton: error: \(error)")
            throw ExitCode(1)
        }
    }

    private func loadBindings() throws -> ConnectorBindings { try loadConnectorBindings(bindingsFile).bindings }
}
