public import Hummingbird
public import Logging

extension ReferenceCRM {
    /// The default port of the demo CRM.
    public static let defaultPort = 8082

    /// The CRM's router: `/crm/v1/...`, every call with `Authorization: Bearer <token>`.
    /// Won opportunities, portal complaints and objections are told to Baton through
    /// `notifier`, when there is one.
    public func router(token: String, notifier: BatonNotifier? = nil, logger: Logger = Logger(label: "baton.reference.crm")) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: CRMTokenMiddleware(token: token))
        CRMRoutes(crm: self, notifier: notifier, logger: logger).register(on: router)
        return router
    }

    /// The CRM's HTTP application on `host:port` (port 0: any free port), for a service
    /// group; `onListening` gets the bound port once it listens.
    public func application(
        host: String = "127.0.0.1", port: Int = ReferenceCRM.defaultPort, token: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.crm"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        ReferenceServer.application(
            router: router(token: token, notifier: notifier, logger: logger), name: "ReferenceCRM", host: host, port: port, logger: logger,
            onListening: onListening)
    }

    /// Starts the CRM's HTTP server and returns once it listens.
    public func start(
        host: String = "127.0.0.1", port: Int = ReferenceCRM.defaultPort, token: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.crm")
    ) async throws -> ReferenceServer {
        try await ReferenceServer.start(host: host, logger: logger) { listening in
            application(host: host, port: port, token: token, notifier: notifier, logger: logger, onListening: listening)
        }
    }
}
