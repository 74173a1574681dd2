import BatonReference
import BatonServer
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// The demo's running parts as services for one service group: the reference ERP and CRM
/// HTTP servers (telling Baton their events through a ``BatonNotifier`` with the
/// integration account's token) and Baton's job executor. Baton's own HTTP server is the
/// application these run beside (``DemoEnvironment/application(logger:)``).
public enum DemoServices {
    /// The ERP and CRM servers and the job executor of `environment`.
    public static func services(of environment: DemoEnvironment, logger: Logger) -> [any Service] {
        let settings = environment.settings
        let integration = environment.user("integration")?.token ?? ""
        let notifier = BatonNotifier(baseURL: settings.batonURL, token: integration, logger: logger)
        let erp = ReferenceServer.application(
            router: environment.erp.router(secret: settings.erpSecret, notifier: notifier, logger: logger), name: "ReferenceERP", host: settings.host,
            port: settings.erpPort, logger: logger)
        let crm = ReferenceServer.application(
            router: environment.crm.router(token: settings.crmToken, notifier: notifier, logger: logger), name: "ReferenceCRM", host: settings.host,
            port: settings.crmPort, logger: logger)
        return [erp, crm, JobExecutorService(host: environment.host, logger: logger)]
    }
}

extension DemoEnvironment {
    /// Baton's HTTP API on `settings.batonPort`, running the ERP, the CRM and the job
    /// executor beside it; `runService()` runs them all until SIGINT or SIGTERM.
    public func application(logger: Logger) -> some ApplicationProtocol {
        buildApplication(
            host: host, hostname: settings.host, port: settings.batonPort, services: DemoServices.services(of: self, logger: logger), logger: logger)
    }
}
