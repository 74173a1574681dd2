public import Hummingbird
public import Logging

/// Refuses every request without a valid `Baton-Signature` (401, problem+json).
struct ERPSignatureMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let secret: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        guard let header = request.headers[.batonSignature] else {
            return ReferenceHTTP.problem(ReferenceError(.unauthorized, "SIGNATURE_MISSING", "every call needs a Baton-Signature header"))
        }
        guard BatonSignature.isValid(header: header, body: Array(body.readableBytesView), secret: secret) else {
            return ReferenceHTTP.problem(
                ReferenceError(.unauthorized, "SIGNATURE_INVALID", "the Baton-Signature does not match the body, or its timestamp is more than five minutes off"))
        }
        return try await next(request, context)
    }
}

extension ReferenceERP {
    /// The default port of the demo ERP.
    public static let defaultPort = 8081

    /// The ERP's router: `/erp/v1/...`, every call checked against `secret` (the value of
    /// the bindings' `erpSigning` secret, `BATON_ERP_SECRET`). Shipments and completed
    /// production orders are told to Baton through `notifier`, when there is one.
    public func router(secret: String, notifier: BatonNotifier? = nil, logger: Logger = Logger(label: "baton.reference.erp")) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ERPSignatureMiddleware(secret: secret))
        ERPRoutes(erp: self, notifier: notifier, logger: logger).register(on: router)
        return router
    }

    /// The ERP's HTTP application on `host:port` (port 0: any free port), for a service
    /// group; `onListening` gets the bound port once it listens.
    public func application(
        host: String = "127.0.0.1", port: Int = ReferenceERP.defaultPort, secret: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.erp"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        ReferenceServer.application(
            router: router(secret: secret, notifier: notifier, logger: logger), name: "ReferenceERP", host: host, port: port, logger: logger,
            onListening: onListening)
    }

    /// Starts the ERP's HTTP server and returns once it listens.
    public func start(
        host: String = "127.0.0.1", port: Int = ReferenceERP.defaultPort, secret: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.erp")
    ) async throws -> ReferenceServer {
        try await ReferenceServer.start(host: host, logger: logger) { listening in
            application(host: host, port: port, secret: secret, notifier: notifier, logger: logger, onListening: listening)
        }
    }
}
