public import BatonReference
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
        let notifier = notifier(of: environment, logger: logger)
        return [
            erp(of: environment, notifier: notifier, logger: logger), crm(of: environment, notifier: notifier, logger: logger),
            JobExecutorService(host: environment.host, logger: logger),
        ]
    }

    /// What the ERP and CRM tell Baton with: posts to `settings.batonURL` with the
    /// integration account's token.
    public static func notifier(of environment: DemoEnvironment, logger: Logger) -> BatonNotifier {
        BatonNotifier(baseURL: environment.settings.batonURL, token: environment.user("integration")?.token ?? "", logger: logger)
    }

    /// The ERP's HTTP server on `settings.erpPort` (the port the bindings call).
    public static func erp(of environment: DemoEnvironment, notifier: BatonNotifier, logger: Logger) -> Application<RouterResponder<BasicRequestContext>> {
        let settings = environment.settings
        return ReferenceServer.application(
            router: environment.erp.router(secret: settings.erpSecret, notifier: notifier, logger: logger), name: "ReferenceERP", host: settings.host,
            port: settings.erpPort, logger: logger)
    }

    /// The CRM's HTTP server on `settings.crmPort`.
    public static func crm(of environment: DemoEnvironment, notifier: BatonNotifier, logger: Logger) -> Application<RouterResponder<BasicRequestContext>> {
        let settings = environment.settings
        return ReferenceServer.application(
            router: environment.crm.router(token: settings.crmToken, notifier: notifier, logger: logger), name: "ReferenceCRM", host: settings.host,
            port: settings.crmPort, logger: logger)
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
