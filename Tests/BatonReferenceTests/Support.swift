import BatonConnectors
import BatonEngine
import BatonFEEL
@testable import BatonReference
import BatonRuntime
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

/// The signing secret of the tests' ERPs; the bindings read it from `BATON_ERP_SECRET`.
let testSecret = "reference-test-secret"

/// Threads of the tests' own for the servers under test, so that tests of other targets
/// blocking the shared cooperative pool cannot starve them when the whole suite runs.
final class ServerThreads: TaskExecutor, @unchecked Sendable {
    static let shared = ServerThreads()
    private let queue = DispatchQueue(label: "reference-tests.servers", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs blocking work (HTTP clients, the job executor) on a thread of its own.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Serves `app` (built with the callback that reports its port) on 127.0.0.1 while `body`
/// runs with the base URL, then shuts it down.
func serving<App: ApplicationProtocol>(
    _ build: (@escaping @Sendable (Int) async -> Void) -> App, _ body: @escaping @Sendable (String) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = build { port in continuation.yield(port) }
    var logger = Logger(label: "reference-tests")
    logger.logLevel = .error
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    try await withTaskExecutorPreference(ServerThreads.shared) {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                Issue.record("the server did not start")
                return
            }
            do {
                try await body("http://127.0.0.1:\(port)")
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// A seeded in-memory ERP served on a free port with `notifier`.
func withERP(
    notifier: BatonNotifier? = nil, _ body: @escaping @Sendable (ReferenceERP, ReferenceERPClient) async throws -> Void
) async throws {
    let erp = try ReferenceERP()
    try erp.seedDemoData()
    var logger = Logger(label: "reference-tests.erp")
    logger.logLevel = .critical
    try await serving({ listening in ReferenceServer.application(router: erp.router(secret: testSecret, notifier: notifier, logger: logger), name: "erp", port: 0, logger: logger, onListening: listening) }) { url in
        try await body(erp, ReferenceERPClient(baseURL: url, secret: testSecret))
    }
}

/// Messages a notifier delivered, in order.
final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [BatonMessage] = []
    func append(_ message: BatonMessage) { lock.withLock { messages.append(message) } }
    var all: [BatonMessage] { lock.withLock { messages } }
}

/// A notifier that records instead of posting.
func recordingNotifier() -> (BatonNotifier, MessageLog) {
    let log = MessageLog()
    return (BatonNotifier(backoffMilliseconds: 1) { log.append($0) }, log)
}

extension ReferenceERPClient.Answer {
    /// The body as JSON.
    var json: FEELValue { (try? FEELValue(json: body)) ?? .string("not JSON: \(body)") }

    /// A field of a JSON object body.
    subscript(_ name: String) -> FEELValue? {
        if case .context(let object) = json { return object[name] }
        return nil
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
}

/// A FEEL number from its text.
func number(_ text: String) -> FEELValue { .number(FEELNumber(text)!) }
