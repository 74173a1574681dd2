public import Hummingbird
public import Logging

extension ReferenceCRM {
    /// The default port of the demo CRM.
    public static let defaultPort = 8082

    /// The CRM's router: `/crm/v1/...`, every call with `Authorization: Bearer <token>`.
    /// Won opportunities, portal complaints and objections are told to Baton through
    /// `notifier`, when there is one.
    public func router(token: String, notifier: BatonNotifier? = nil, logger: Logger = Logger(label: "baton.reference.crm")) -> Router<BasicRequestContext> {
        ReferenceServer.router(guardedBy: CRMTokenMiddleware(token: token), CRMRoutes(crm: self, notifier: notifier, logger: logger).register)
    }

    /// Starts the CRM's HTTP server (port 0: any free port) and returns once it listens.
    public func start(
        host: String = "127.0.0.1", port: Int = ReferenceCRM.defaultPort, token: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.crm")
    ) async throws -> ReferenceServer {
        try await ReferenceServer.start(router(token: token, notifier: notifier, logger: logger), name: "ReferenceCRM", host: host, port: port, logger: logger)
    }
}
