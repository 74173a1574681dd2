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
        ReferenceServer.router(guardedBy: ERPSignatureMiddleware(secret: secret), ERPRoutes(erp: self, notifier: notifier, logger: logger).register)
    }

    /// Starts the ERP's HTTP server (port 0: any free port) and returns once it listens.
    /// For a service group of your own, use ``ReferenceServer/application(router:name:host:port:logger:onListening:)``
    /// with ``router(secret:notifier:logger:)``.
    public func start(
        host: String = "127.0.0.1", port: Int = ReferenceERP.defaultPort, secret: String, notifier: BatonNotifier? = nil,
        logger: Logger = Logger(label: "baton.reference.erp")
    ) async throws -> ReferenceServer {
        try await ReferenceServer.start(router(secret: secret, notifier: notifier, logger: logger), name: "ReferenceERP", host: host, port: port, logger: logger)
    }
}
