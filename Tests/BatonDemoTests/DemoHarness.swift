import BatonConnectors
import BatonDemo
import BatonEngine
import BatonFEEL
import BatonModel
import BatonReference
import BatonRuntime
import BatonServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ERP's signing secret in these tests. The bindings read it from the process's
/// environment (`BATON_ERP_SECRET`), which every test shares: the reference tests use the
/// same value, so tests running in parallel never sign with another test's secret.
let testSecret = "reference-test-secret"

/// The shipped models and bindings (`ProcessModels/`) of this source tree.
let modelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ProcessModels").path

/// A test failure with words (a timeout, an answer that does not fit).
struct DemoTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A task executor with threads of its own: the servers and the tests run on it, so tests
/// of other targets blocking the shared cooperative pool cannot starve them.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DedicatedExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "demo-tests-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs blocking work (an HTTP exchange, a database read) on a thread of its own.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// `count` distinct TCP ports that are free on 127.0.0.1 now: each bound to port 0 and
/// read back, all held until every one is known, then released for the servers to take.
func freePorts(_ count: Int) throws -> [Int] {
    var sockets: [Int32] = []
    defer { for socket in sockets { close(socket) } }
    var ports: [Int] = []
    for _ in 0..<count {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw DemoTestError("socket() failed: errno \(errno)") }
        sockets.append(descriptor)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { throw DemoTestError("bind() to a free port failed: errno \(errno)") }
        ports.append(Int(UInt16(bigEndian: address.sin_port)))
    }
    return ports
}

/// An HTTP answer: status (0 when nothing answered), headers (lower-case names), body.
struct HTTPAnswer: Sendable, CustomStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The body as JSON (a string saying it is not JSON otherwise).
    var json: FEELValue { (try? FEELValue(json: body)) ?? .string("not JSON: \(body)") }

    /// A field of a JSON object body.
    subscript(_ name: String) -> FEELValue? { json[name] }

    var description: String { "\(status) \(body.prefix(600))" }
}

/// One HTTP exchange, waited for on a thread of its own.
func http(_ method: String, _ url: String, headers: [String: String] = [:], json: String? = nil) async throws -> HTTPAnswer {
    guard let address = URL(string: url) else { throw DemoTestError("not a URL: \(url)") }
    var request = URLRequest(url: address)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let json {
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let prepared = request
    return try await blocking {
        switch BlockingHTTP.send(prepared, timeoutMilliseconds: 15_000) {
        case .answer(let status, let headers, let body): HTTPAnswer(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
        case .failed(let reason): HTTPAnswer(status: 0, headers: [:], body: reason)
        case .timedOut: HTTPAnswer(status: 0, headers: [:], body: "timed out")
        }
    }
}

extension FEELValue {
    /// A field of a context (nil otherwise).
    subscript(_ name: String) -> FEELValue? {
        if case .context(let object) = self { return object[name] }
        return nil
    }

    /// The items of a list (empty otherwise).
    var items: [FEELValue] {
        if case .list(let items) = self { return items }
        return []
    }

    /// The text of a string (nil otherwise).
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// JSON text of a body given as FEEL values.
func json(_ fields: KeyValuePairs<String, FEELValue>) -> String {
    FEELValue.context(FEELContext(fields.map { ($0.key, $0.value) })).json
}

/// The demo set-up of `baton demo` (``DemoEnvironment``) in a temporary folder, with
/// Baton's HTTP API, the CRM and the job executor running, and the ERP running as a server
/// of its own so a test can stop it and start it again on the same port and database.
/// Baton's engine reads the time from a ``ManualClock``: timers fire when a test moves it.
final class DemoRun: Sendable {
    let environment: DemoEnvironment
    let clock: ManualClock
    let logger: Logger
    private let notifier: BatonNotifier
    private let erpServer = ServerSlot()

    init(environment: DemoEnvironment, clock: ManualClock, logger: Logger) {
        self.environment = environment
        self.clock = clock
        self.logger = logger
        notifier = DemoServices.notifier(of: environment, logger: logger)
    }

    var settings: DemoSettings { environment.settings }
    var erp: ReferenceERP { environment.erp }
    var crm: ReferenceCRM { environment.crm }

    /// Sets up the demo in a fresh folder on free ports, runs `body` while everything
    /// serves, then shuts it all down and removes the folder (unless
    /// `BATON_DEMO_TESTS_KEEP` is set).
    static func run(_ body: @escaping @Sendable (DemoRun) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-demo-\(UUID().uuidString)")
        // BATON_DEMO_TESTS_KEEP=1 keeps the folder (the three databases) to look into a failure.
        defer { if ProcessInfo.processInfo.environment["BATON_DEMO_TESTS_KEEP"] == nil { try? FileManager.default.removeItem(at: folder) } }
        var settings = DemoSettings(folder: folder.path, modelsDirectory: modelsDirectory)
        let ports = try freePorts(3)
        (settings.batonPort, settings.erpPort, settings.crmPort) = (ports[0], ports[1], ports[2])
        settings.erpSecret = testSecret
        settings.passwordCost = 1_024
        let clock = ManualClock(at: SystemClock().now())
        settings.clock = clock
        let environment = try DemoEnvironment(settings: settings)
        let batonURL = settings.batonURL
        var logger = Logger(label: "demo-tests")
        logger.logLevel = .critical
        let demo = DemoRun(environment: environment, clock: clock, logger: logger)

        let baton = buildApplication(host: environment.host, hostname: settings.host, port: settings.batonPort, logger: logger)
        let crm = DemoServices.crm(of: environment, notifier: demo.notifier, logger: logger)
        // A short poll: a step that waits for the executor waits milliseconds, not a second.
        let executor = JobExecutorService(host: environment.host, poll: .milliseconds(20), logger: logger)
        let group = ServiceGroup(configuration: .init(services: [baton, crm, executor], gracefulShutdownSignals: [], logger: logger))
        try await withTaskExecutorPreference(DedicatedExecutor.shared) {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                do {
                    try await demo.startERP()
                    try await demo.eventually("Baton and the CRM to listen") {
                        let baton = try await http("GET", "\(batonURL)/health")
                        let crm = try await demo.crm("GET", "/crm/v1/opportunities/OPP-2001")
                        return baton.status == 200 && crm.status == 200 ? true : nil
                    }
                    try await body(demo)
                } catch {
                    await demo.stopERP()
                    await group.triggerGracefulShutdown()
                    try? await tasks.waitForAll()
                    throw error
                }
                await demo.stopERP()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    // MARK: The ERP server

    /// Starts the ERP's HTTP server on `settings.erpPort` with the environment's ERP (its
    /// database) and returns once it answers.
    func startERP() async throws {
        let app = DemoServices.erp(of: environment, notifier: notifier, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = Task(executorPreference: DedicatedExecutor.shared) { try await group.run() }
        erpServer.set(group, running)
        try await eventually("the ERP to listen on port \(settings.erpPort)") {
            try await self.erp("GET", "/erp/v1/articles/FG-KIT-SVC").status == 200 ? true : nil
        }
    }

    /// Stops the ERP's HTTP server (a graceful shutdown) and returns when it is down.
    func stopERP() async {
        guard let (group, running) = erpServer.take() else { return }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    // MARK: Talking to the systems

    /// A call to Baton's API as the demo user `user` (with their API token).
    func baton(_ method: String, _ path: String, as user: String, json body: String? = nil) async throws -> HTTPAnswer {
        guard let token = environment.user(user)?.token else { throw DemoTestError("no demo user \(user)") }
        return try await http(method, settings.batonURL + path, headers: ["Authorization": "Bearer \(token)"], json: body)
    }

    /// A signed call to the ERP's API (the warehouse, the shop floor, checks).
    func erp(_ method: String, _ path: String, json body: String? = nil, idempotencyKey: String? = nil) async throws -> HTTPAnswer {
        let client = ReferenceERPClient(baseURL: settings.erpURL, secret: settings.erpSecret)
        let answer = try await blocking { client.send(method, path, json: body, idempotencyKey: idempotencyKey) }
        return HTTPAnswer(status: answer.status, headers: answer.headers, body: answer.body)
    }

    /// A call to the CRM's API with its bearer token (the sales rep's click, the portal).
    func crm(_ method: String, _ path: String, json body: String? = nil) async throws -> HTTPAnswer {
        try await http(method, settings.crmURL + path, headers: ["Authorization": "Bearer \(settings.crmToken)"], json: body)
    }

    // MARK: Baton's instances and tasks

    /// The id of the one instance of `processKey` (with `businessKey`, when given), once
    /// it exists.
    func instanceID(of processKey: String, businessKey: String? = nil) async throws -> String {
        let query = "processKey=\(processKey)" + (businessKey.map { "&businessKey=\($0)" } ?? "")
        return try await eventually("an instance of \(processKey) \(businessKey ?? "")") {
            let answer = try await self.baton("GET", "/v1/process-instances?\(query)", as: "ada")
            let items = answer["items"]?.items ?? []
            if items.count > 1 { throw DemoTestError("more than one instance of \(processKey) \(businessKey ?? ""): \(answer)") }
            return items.first?["id"]?.text
        }
    }

    /// The instance as `GET /v1/process-instances/{id}` shows it.
    func instance(_ id: String) async throws -> FEELValue {
        let answer = try await baton("GET", "/v1/process-instances/\(id)", as: "ada")
        guard answer.status == 200 else { throw DemoTestError("GET instance \(id): \(answer)") }
        return answer.json
    }

    /// Waits until the instance has `status` (`completed`, `incident`, ...) and returns it.
    @discardableResult
    func waitForStatus(_ id: String, _ status: String) async throws -> FEELValue {
        try await eventually("instance \(id) to be \(status)") {
            let instance = try await self.instance(id)
            return instance["status"]?.text == status ? instance : nil
        }
    }

    /// Waits until the instance waits at `element` and returns it.
    @discardableResult
    func waitUntil(_ id: String, waitsAt element: String) async throws -> FEELValue {
        try await eventually("instance \(id) to wait at \(element)") {
            let instance = try await self.instance(id)
            return instance["waitingAt"]?.items.contains(.string(element)) == true ? instance : nil
        }
    }

    /// The id of the open task at `element` in `user`'s inbox, once it is there.
    func task(_ element: String, for user: String, processKey: String) async throws -> String {
        try await eventually("task \(element) in the inbox of \(user)") {
            let answer = try await self.baton("GET", "/v1/tasks?processKey=\(processKey)", as: user)
            guard answer.status == 200 else { throw DemoTestError("GET /v1/tasks as \(user): \(answer)") }
            return answer["items"]?.items.first { $0["element"]?.text == element }?["id"]?.text
        }
    }

    /// `user` finds the task at `element` in their inbox, claims it and completes it with
    /// `variables`, all over the HTTP API; returns the task id.
    @discardableResult
    func work(_ user: String, _ element: String, of processKey: String, _ variables: KeyValuePairs<String, FEELValue>) async throws -> String {
        let id = try await task(element, for: user, processKey: processKey)
        let claimed = try await baton("POST", "/v1/tasks/\(id)/claim", as: user)
        guard claimed.status == 200 else { throw DemoTestError("\(user) claiming \(element): \(claimed)") }
        let completed = try await baton("POST", "/v1/tasks/\(id)/complete", as: user, json: json(["variables": .context(FEELContext(variables.map { ($0.key, $0.value) }))]))
        guard completed.status == 200 else { throw DemoTestError("\(user) completing \(element): \(completed)") }
        return id
    }

    // MARK: Waiting

    /// Polls `probe` until it gives a value, at most `seconds`; on a timeout the error
    /// says what every instance is doing.
    @discardableResult
    func eventually<T: Sendable>(_ what: String, seconds: Double = 30, _ probe: @escaping @Sendable () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw DemoTestError("timed out waiting for \(what)\n\(await diagnosis())") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Every instance: status, where it waits, its jobs and incidents (for failure messages).
    func diagnosis() async -> String {
        let runtime = environment.host.runtime
        guard let summaries = try? runtime.instances(nil) else { return "(instances cannot be read)" }
        let orders = (try? erp.salesOrders().map { "\($0.orderNo) \($0.customerReference ?? "-") \($0.status)" }) ?? []
        let production = (try? erp.productionOrders().map { "\($0.prodNo) \($0.orderRef ?? "-") \($0.status)" }) ?? []
        return "ERP sales orders \(orders), production orders \(production)\n" + summaries.map { summary in
            let state: ProcessInstanceState
            do { state = try runtime.storedAsWritten(summary.id).state } catch { return "\(summary.id.rawValue): cannot be read: \(error)" }
            let jobs = state.jobs.values.map { "\($0.element.rawValue) retries \($0.retries) \($0.lastError ?? "")" }
            return "\(summary.process.id.rawValue) \(summary.businessKey ?? "-") \(summary.status.rawValue): waiting at "
                + "\(state.waitingElements.map(\.rawValue)) jobs \(jobs) incidents \(state.incidents.values.map(\.reason))"
        }.joined(separator: "\n")
    }
}

/// The running ERP server's service group and task, behind a lock.
final class ServerSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var server: (ServiceGroup, Task<Void, any Error>)?

    func set(_ group: ServiceGroup, _ running: Task<Void, any Error>) { lock.withLock { server = (group, running) } }

    func take() -> (ServiceGroup, Task<Void, any Error>)? {
        lock.withLock {
            defer { server = nil }
            return server
        }
    }
}
