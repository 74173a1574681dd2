public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Builds Baton's HTTP application on `host`: authentication, problem+json errors and
/// every route under `/v1`, plus `/health`. `baton serve` runs it; tests call it with
/// `app.test(.live)`.
public func buildApplication(
    host: EngineHost, hostname: String = "127.0.0.1", port: Int = 8080, failedLoginLimit: Int = 5, services: [any Service] = [], logger: Logger? = nil
) -> some ApplicationProtocol {
    let router = buildRouter(host: host, failedLoginLimit: failedLoginLimit)
    var log = logger ?? Logger(label: "baton.server")
    if logger == nil { log.logLevel = .info }
    return Application(
        router: router, configuration: ApplicationConfiguration(address: .hostname(hostname, port: port), serverName: "Baton"), services: services,
        logger: log)
}

/// The router alone (for tests that need no server). `failedLoginLimit` failed logins for
/// one user name within a minute lock that name out for the rest of the minute.
public func buildRouter(host: EngineHost, failedLoginLimit: Int = 5) -> Router<BatonRequestContext> {
    let router = Router(context: BatonRequestContext.self)
    let metrics = RequestMetrics()
    let table = RouteTable()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(routes: table))
    let credentials = CredentialCache(failedLoginLimit: failedLoginLimit)
    router.add(middleware: AuthenticationMiddleware(host: host, cache: credentials))
    HealthRoutes().register(on: router)
    MetricsRoutes(host: host, metrics: metrics).register(on: router)
    OpenAPIRoutes().register(on: router)
    let v1 = router.group("v1")
    DeploymentRoutes(host: host).register(on: v1)
    ProcessDefinitionRoutes(host: host).register(on: v1)
    ProcessInstanceRoutes(host: host).register(on: v1)
    ExternalTaskRoutes(host: host).register(on: v1)
    MessageRoutes(host: host).register(on: v1)
    IncidentRoutes(host: host).register(on: v1)
    TaskRoutes(host: host).register(on: v1)
    UserRoutes(host: host, credentials: credentials).register(on: v1)
    table.fill(router.routes.map { ($0.method, $0.path.description) })
    return router
}
