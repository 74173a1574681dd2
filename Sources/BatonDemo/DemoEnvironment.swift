import BatonConnectors
public import BatonReference
import BatonRuntime
public import BatonEngine
import BatonModel
import BatonSQLite
public import BatonServer
import Foundation

/// Where the demo keeps its files and listens, and the secrets the systems share.
public struct DemoSettings: Sendable {
    /// The folder of the three databases (`baton.sqlite`, `erp.sqlite`, `crm.sqlite`).
    public var folder: String
    /// The shipped models and bindings (`ProcessModels/`).
    public var modelsDirectory: String
    /// Baton's database (default: `baton.sqlite` in `folder`).
    public var batonDatabase: String?
    public var host = "127.0.0.1"
    public var batonPort = 8080
    /// The ERP's address as the bindings call it (its port is fixed before Baton starts).
    public var erpPort = ReferenceERP.defaultPort
    public var crmPort = ReferenceCRM.defaultPort
    /// The ERP's signing secret (`BATON_ERP_SECRET` for the bindings): random by default.
    public var erpSecret = DemoSettings.randomSecret()
    /// The bearer token of the CRM's own HTTP API.
    public var crmToken = "crm-" + DemoSettings.randomSecret(bytes: 12)
    /// Where Baton's engine reads the time (timers, due dates): the wall clock; tests pass
    /// a ``ManualClock`` to fire timers without waiting.
    public var clock: any EngineClock = SystemClock()
    /// scrypt's cost for the demo users' throwaway passwords: 1,024, lower than the
    /// 16,384 of `baton users`, so that a debug build starts in seconds.
    public var passwordCost = 1_024

    public init(folder: String, modelsDirectory: String) {
        self.folder = folder
        self.modelsDirectory = modelsDirectory
    }

    /// Hex of `bytes` random bytes.
    public static func randomSecret(bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public var batonURL: String { "http://\(host):\(batonPort)" }
    public var erpURL: String { "http://\(host):\(erpPort)" }
    public var crmURL: String { "http://\(host):\(crmPort)" }
}

/// A demo user: a person of one role (or the integration account), with a password
/// printed at start and an API token.
public struct DemoUser: Sendable, Hashable {
    public var name: String
    public var roles: [String]
    public var password: String
    public var token: String
    /// What they do in the walkthrough.
    public var job: String
}

/// Everything `baton demo` runs, set up and ready: the reference ERP and CRM with their
/// demo data, Baton's engine on its own database with every shipped model deployed, the
/// bindings (`erp` over signed HTTP, `crm` by in-process handlers) and a user per role.
///
/// The HTTP servers are started by the caller (``DemoServices``) so that the demo and the
/// end-to-end tests run the same set-up.
public final class DemoEnvironment: Sendable {
    public let settings: DemoSettings
    public let erp: ReferenceERP
    public let crm: ReferenceCRM
    public let host: EngineHost
    public let users: [DemoUser]
    /// The deployed process ids, in the order deployed.
    public let processes: [String]

    /// The people of the walkthrough, one or two per role (two in finance: four eyes).
    public static let people: [(name: String, roles: [String], job: String)] = [
        ("sam", ["sales"], "sales rep: wins opportunities, starts orders"),
        ("maria", ["sales-managers"], "sales manager: approves credit"),
        ("dirk", ["sales-directors"], "sales director: decides approvals the managers leave too long"),
        ("pia", ["production-planners"], "production planner: schedules production"),
        ("quinn", ["quality"], "quality inspector: inspects batches, investigates defects"),
        ("sue", ["support"], "support agent: triages complaints"),
        ("mo", ["support-managers"], "support manager: takes over overdue cases"),
        ("fay", ["finance"], "finance: reviews refunds and corrects invoices"),
        ("finn", ["finance"], "finance: approves refunds (not the one who reviewed)"),
        ("max", ["master-data"], "master-data steward: resolves customer conflicts"),
        ("ada", ["admin"], "administrator: sees everything, retries incidents"),
        ("integration", ["integration"], "the account the ERP and CRM send messages with"),
    ]

    /// Opens (creating and seeding when new) the three databases in `settings.folder`,
    /// deploys every model of `settings.modelsDirectory`, binds the connectors with the ERP
    /// at `settings.erpURL`, and creates the demo users (new passwords and tokens each time).
    /// Sets `BATON_ERP_SECRET` in this process for the bindings' signing.
    public init(settings: DemoSettings) throws {
        self.settings = settings
        let folder = URL(fileURLWithPath: settings.folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        erp = try ReferenceERP(path: folder.appendingPathComponent("erp.sqlite").path)
        try erp.seedDemoData()
        crm = try ReferenceCRM(path: folder.appendingPathComponent("crm.sqlite").path)
        try crm.seedDemoData()
        // Only when it changes: setenv races with threads reading the environment.
        if getenv(ReferenceBindings.erpSecretVariable).map({ String(cString: $0) }) != settings.erpSecret {
            setenv(ReferenceBindings.erpSecretVariable, settings.erpSecret, 1)
        }

        let bindingsFile = URL(fileURLWithPath: settings.modelsDirectory).appendingPathComponent("connectors.xml").path
        let bindingsText = try ReferenceBindings.text(erpBaseURL: settings.erpURL, file: bindingsFile)
        let bindings: ConnectorBindings
        do { bindings = try BindingsLoader().load(bytes: Array(bindingsText.utf8), file: bindingsFile).bindings } catch {
            throw DemoError("\(bindingsFile): \(error)")
        }
        let sqlite = try SQLiteStore(path: settings.batonDatabase ?? folder.appendingPathComponent("baton.sqlite").path)
        let crm = self.crm
        host = try EngineHost(sqlite: sqlite, bindings: bindings, clock: settings.clock) { runtime in crm.register(on: &runtime) }

        var processes: [String] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: settings.modelsDirectory).filter { $0.hasSuffix(".bpmn") }.sorted()
        guard !names.isEmpty else { throw DemoError("no .bpmn models in \(settings.modelsDirectory)") }
        for name in names {
            let path = URL(fileURLWithPath: settings.modelsDirectory).appendingPathComponent(name).path
            let xml = try String(contentsOfFile: path, encoding: .utf8)
            if case .deployed(let references) = try host.deploy(xml: xml, fileName: name) { processes += references.map(\.id.rawValue) }
        }
        self.processes = processes

        // The demo's throwaway users (random passwords, printed) are hashed at the settings'
        // scrypt cost: lower than `baton users` uses, so a debug build starts in seconds.
        var directory = host.directory
        directory.passwordCost = settings.passwordCost
        var users: [DemoUser] = []
        for person in Self.people {
            let password = DemoSettings.randomSecret(bytes: 6)
            if (try? directory.user(person.name)) == nil {
                try directory.addUser(person.name, roles: person.roles, password: password)
            } else {
                try directory.setPassword(password, for: person.name)
            }
            let token = try directory.createToken(for: person.name, label: "baton demo")
            users.append(DemoUser(name: person.name, roles: person.roles, password: password, token: token, job: person.job))
        }
        self.users = users
    }

    /// A demo user by name.
    public func user(_ name: String) -> DemoUser? { users.first { $0.name == name } }
}

/// Why the demo could not be set up, in words.
public struct DemoError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
