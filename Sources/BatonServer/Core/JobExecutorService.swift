import BatonRuntime
public import Logging
public import ServiceLifecycle

/// The job executor as a service of `baton serve`: fires due timers and runs due jobs in
/// rounds (each committed together) while there is work, and looks again every `poll`
/// when idle. On graceful shutdown the round in hand finishes and commits first.
public struct JobExecutorService: Service {
    let host: EngineHost
    let poll: Duration
    let concurrency: Int
    let logger: Logger

    public init(host: EngineHost, poll: Duration = .seconds(1), concurrency: Int = 4, logger: Logger = Logger(label: "baton.jobs")) {
        self.host = host
        self.poll = poll
        self.concurrency = concurrency
        self.logger = logger
    }

    public func run() async throws {
        let concurrency = self.concurrency
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let busy: Bool
            do {
                busy = try await host.run { host in
                    let runtime = host.runtime
                    let fired = try runtime.runDueTimers()
                    let report = try runtime.runDueJobs(concurrency: concurrency)
                    return fired + report.completed + report.failed + report.errorsThrown > 0
                }
            } catch {
                logger.error("job executor round failed", metadata: ["error": "\(error)"])
                busy = false
            }
            if !busy { try? await Task.sleep(for: poll) }
        }
    }
}
