import ArgumentParser
import BatonDemo
import BatonReference
import BatonServer
import BatonSQLite
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `baton demo`: the HTTP API with a reference ERP and CRM, every shipped model deployed
/// and a user per role, with a walkthrough to follow from another terminal.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run Baton with a reference ERP and CRM, the shipped models and demo users.",
        discussion: """
            Starts the HTTP API (and the job executor), the reference ERP (its HTTP API, signed calls) and CRM \
            (its HTTP API; bound to Baton by in-process handlers), each with its own SQLite database, deploys \
            every model of ProcessModels/ with ProcessModels/connectors.xml, creates a user per role and prints \
            their passwords and a walkthrough. Without --db the databases are new, in a fresh temporary folder. \
            Ctrl-C stops everything.
            """)

    @Option(name: .long, help: ArgumentHelp("Baton's database; the ERP's and CRM's go beside it (default: a fresh temporary folder).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The shipped models and connectors.xml.", valueName: "dir"))
    var models = "ProcessModels"

    @Option(name: .long, help: "The address everything listens on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Baton's HTTP port.")
    var port = 8080

    @Option(name: .customLong("erp-port"), help: "The reference ERP's HTTP port.")
    var erpPort = ReferenceERP.defaultPort

    @Option(name: .customLong("crm-port"), help: "The reference CRM's HTTP port.")
    var crmPort = ReferenceCRM.defaultPort

    func validate() throws {
        for (name, value) in [("--port", port), ("--erp-port", erpPort), ("--crm-port", crmPort)] where !(1...65535).contains(value) {
            throw ValidationError("\(name) must be from 1 to 65535, not \(value).")
        }
        guard Set([port, erpPort, crmPort]).count == 3 else { throw ValidationError("--port, --erp-port and --crm-port must differ.") }
    }

    func run() async throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: models, isDirectory: &isFolder), isFolder.boolValue else {
            printError("baton: error: no models folder '\(models)'; run `baton demo` from a clone of Baton, or name the folder with --models")
            throw ExitCode(1)
        }
        let folder: String
        if let db {
            folder = URL(fileURLWithPath: db).deletingLastPathComponent().path
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-demo-\(DemoSettings.randomSecret(bytes: 4))").path
        }
        var settings = DemoSettings(folder: folder, modelsDirectory: models)
        settings.batonDatabase = db
        settings.host = host
        settings.batonPort = port
        settings.erpPort = erpPort
        settings.crmPort = crmPort
        if let secret = ProcessInfo.processInfo.environment[ReferenceBindings.erpSecretVariable], !secret.isEmpty { settings.erpSecret = secret }
        let environment: DemoEnvironment
        do {
            environment = try DemoEnvironment(settings: settings)
        } catch {
            printError("baton: error: the demo could not be set up: \(error)")
            throw ExitCode(1)
        }
        let script = try DemoWalkthrough.writeScript(for: environment, baton: Self.executablePath())
        print(DemoWalkthrough.text(for: environment, script: script))
        var logger = Logger(label: "baton.demo")
        logger.logLevel = .notice
        try await environment.application(logger: logger).runService()
        try? environment.host.sqlite.close()
    }

    /// This program's absolute path, for the walkthrough's helper script.
    static func executablePath() -> String {
        let argument = CommandLine.arguments.first ?? "baton"
        if argument.contains("/") { return URL(fileURLWithPath: argument).standardizedFileURL.path }
        return argument
    }
}
