public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// A running reference system's HTTP server (ERP or CRM), started on its own service
/// group: the port it listens on (useful with port 0), and ``stop()`` for a graceful
/// shutdown. `baton demo` may instead add the application to its own service group.
///
/// ```swift
/// let erpServer = try await erp.start(port: 0, secret: "s3cret")
/// print(erpServer.baseURL)          // http://127.0.0.1:40123
/// await erpServer.stop()
/// ```
public final class ReferenceServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// The address it listens on.
    public let host: String
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// `http://HOST:PORT`.
    public var baseURL: String { "http://\(host):\(port)" }

    private init(port: Int, host: String, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.host = host
        self.group = group
        self.running = running
    }

    /// Starts `router`'s application on `host:port` and returns once it listens; throws
    /// when it cannot start (the port is taken).
    static func start(_ router: Router<BasicRequestContext>, name: String, host: String, port: Int, logger: Logger) async throws -> ReferenceServer {
        try await start(router, name: name, host: host, port: port, logger: logger) { work in Task { try await work() } }
    }

    /// The same, with the server's tasks on `executor` (tests keep it off the shared pool).
    @available(macOS 15.0, *)
    static func start(
        _ router: Router<BasicRequestContext>, name: String, host: String, port: Int, logger: Logger, executor: any TaskExecutor
    ) async throws -> ReferenceServer {
        try await start(router, name: name, host: host, port: port, logger: logger) { work in Task(executorPreference: executor) { try await work() } }
    }

    private static func start(
        _ router: Router<BasicRequestContext>, name: String, host: String, port: Int, logger: Logger,
        spawn: (@escaping @Sendable () async throws -> Void) -> Task<Void, any Error>
    ) async throws -> ReferenceServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = application(router: router, name: name, host: host, port: port, logger: logger) { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = spawn {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return ReferenceServer(port: port, host: host, group: group, running: running)
        }
        try await running.value
        throw ReferenceError(.badRequest, "NOT_STARTED", "\(name) on \(host) stopped before it listened")
    }

    /// A router whose every request passes `middleware` (authentication) before the
    /// routes `register` adds.
    static func router(
        guardedBy middleware: some RouterMiddleware<BasicRequestContext>, _ register: (Router<BasicRequestContext>) -> Void
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: middleware)
        register(router)
        return router
    }

    /// Stops accepting requests, lets the ones in hand finish, and returns when the server
    /// is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// The application for a reference system's `router` (``ReferenceERP/router(secret:notifier:logger:)``,
    /// ``ReferenceCRM/router(token:notifier:logger:)``) on `host:port`, to run in a service
    /// group of your own; `onListening` gets the bound port (useful with port 0).
    public static func application(
        router: Router<BasicRequestContext>, name: String, host: String = "127.0.0.1", port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
