import ArgumentParser
import BatonEngine
import BatonModel
import BatonConnectors
import BatonRuntime
import BatonXML
import Foundation

/// `baton correlate MESSAGE`: delivers a message to the instances waiting for it (as
/// `POST /v1/messages` does).
struct CorrelateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate", abstract: "Deliver a message to the instances waiting for it.",
        discussion: """
            With --message-id, a message whose id was processed before (within a day, or its time to live when longer) is \
            acknowledged and ignored. With --ttl, a message no instance waits for is kept until the time is up and delivered \
            to the first instance whose matching catch event opens meanwhile; without it, nobody waiting is an error.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var variables: VariableOptions

    @Argument(help: ArgumentHelp("The message name.", valueName: "message"))
    var message: String

    @Option(name: .long, help: "Deliver to instances with this business key.")
    var businessKey: String?

    @Option(name: .long, help: "Deliver to subscriptions with this correlation key.")
    var correlationKey: String?

    @Option(name: .long, help: ArgumentHelp("The sender's id of the message: a repeat of an id processed before is ignored.", valueName: "id"))
    var messageId: String?

    @Option(name: .long, help: ArgumentHelp("Keep the message this long when no instance waits for it yet (ISO 8601, like PT1H).", valueName: "duration"))
    var ttl: String?

    func validate() throws {
        guard (businessKey == nil) != (correlationKey == nil) else {
            throw ValidationError("Give exactly one of --business-key and --correlation-key.")
        }
        if messageId?.isEmpty == true { throw ValidationError("--message-id must not be empty.") }
        if let ttl, timeToLive == nil { throw ValidationError("--ttl must be an ISO 8601 duration of days or less, like PT1H, not '\(ttl)'.") }
    }

    /// `--ttl` in milliseconds.
    private var timeToLive: Int64? {
        guard let ttl, let seconds = (try? ISO8601Duration.parse(ttl))?.fixedSeconds, seconds >= 0 else { return nil }
        return Int64(seconds * 1000)
    }

    func run() throws {
        let values = try variables.variables()
        let outcome = try database.backend().correlate(
            message: message, correlationKey: correlationKey, businessKey: businessKey, variables: values, messageId: messageId, timeToLive: timeToLive)
        switch outcome {
        case .delivered(let reached): for id in reached { print("\(id): message \(message) delivered") }
        case .duplicate: print("message id \(messageId ?? ""): processed before; ignored")
        case .buffered(let expiresAt): print("no instance waits for message \(message) yet; kept until \(expiresAt)")
        }
    }
}

/// `baton signal NAME`: broadcasts a signal to every waiting instance.
struct SignalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signal", abstract: "Broadcast a signal to every instance waiting for it.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var variables: VariableOptions

    @Argument(help: ArgumentHelp("The signal name.", valueName: "name"))
    var name: String

    func run() throws {
        let values = try variables.variables()
        let reached = try database.backend().signal(name, variables: values)
        print("signal \(name) reached \(reached.count) instance\(reached.count == 1 ? "" : "s")")
    }
}

/// `baton jobs run`: fires the timers that are due (also those due while Baton was down).
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Work on due jobs.", subcommands: [JobsRunCommand.self])
}

/// `baton jobs run`.
struct JobsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Fire due timers and run due jobs until none is left (with --watch: until stopped).",
        discussion: "Also removes the history of instances that ended longer ago than --history-retention (default P90D), so history never grows without bound.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Keep the history of ended instances this long (ISO 8601 days or less).", valueName: "duration"))
    var historyRetention = "P90D"

    @Option(name: .long, help: ArgumentHelp("How long a job stays locked to this run; if the run dies, others take the job after that.", valueName: "duration"))
    var lockDuration = "PT5M"

    @Option(name: .long, help: ArgumentHelp("The connector bindings (default: ./connectors.xml when it exists).", valueName: "file"))
    var connectors: String?

    @Option(name: .long, help: "Connector calls made at once (threads); calls to remote systems mostly wait.")
    var concurrency = 4

    @Flag(name: .long, help: "Keep running: look for due timers and jobs every --poll until SIGINT or SIGTERM (which finish the round in hand).")
    var watch = false

    @Option(name: .long, help: ArgumentHelp("How often --watch looks for due work when idle.", valueName: "duration"))
    var poll = "PT1S"

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive.") }
        guard let interval = try? ISO8601Duration.parse(poll), let seconds = interval.fixedSeconds, seconds > 0 else {
            throw ValidationError("--poll must be a positive ISO 8601 duration, like PT1S, not '\(poll)'.")
        }
        guard let lock = try? ISO8601Duration.parse(lockDuration), let seconds = lock.fixedSeconds, seconds > 0 else {
            throw ValidationError("--lock-duration must be a positive ISO 8601 duration of days or less, like PT5M, not '\(lockDuration)'.")
        }
        guard let duration = try? ISO8601Duration.parse(historyRetention), duration.fixedSeconds != nil else {
            throw ValidationError("--history-retention must be an ISO 8601 duration of days or less, like P90D, not '\(historyRetention)'.")
        }
    }

    func run() throws {
        try database.requireLocal("jobs run", .byNature)
        var runtime = try database.openRuntime()
        let (bindings, bindingsFile) = try loadConnectorBindings(connectors)
        for binding in runtime.bind(bindings) {
            guard case .external(let topic) = binding.transport, let bindingsFile else { continue }
            printError("\(bindingsFile):\(binding.location.line): note: connector '\(binding.name)' is done by external workers on topic '\(topic)' (baton worker --topic \(topic)); jobs run leaves its jobs to them")
        }
        let lockSeconds = (try? ISO8601Duration.parse(lockDuration))?.fixedSeconds ?? 300
        let pollSeconds = (try? ISO8601Duration.parse(poll))?.fixedSeconds ?? 1
        let stop = StopSignal(watching: watch)
        var fired = 0
        var total = JobRunReport()
        do {
            repeat {
                // Rounds until nothing is due; each round commits its outcomes together.
                while !stop.requested {
                    let timers = try runtime.runDueTimers()
                    let report = try runtime.runDueJobs(lockFor: Int64(lockSeconds * 1000), concurrency: concurrency)
                    fired += timers
                    total.completed += report.completed
                    total.failed += report.failed
                    total.errorsThrown += report.errorsThrown
                    if timers == 0 && report.completed + report.failed + report.errorsThrown == 0 { break }
                }
                if watch && !stop.requested { stop.wait(seconds: pollSeconds) }
            } while watch && !stop.requested
            print("\(fired) due timer\(fired == 1 ? "" : "s") fired")
            if total.completed + total.failed + total.errorsThrown > 0 {
                print("\(total.completed) job(s) completed, \(total.failed) failed, \(total.errorsThrown) threw a BPMN error")
            }
            let seconds = (try? ISO8601Duration.parse(historyRetention))?.fixedSeconds ?? 0
            _ = try Runtime.storeCall { () throws(StoreError) in
                try runtime.store.deleteHistory(ofInstancesEndedBefore: runtime.clock.now().advanced(byMilliseconds: -Int64(seconds * 1000)))
            }
        } catch {
            throw fail(error)
        }
    }
}

/// SIGINT and SIGTERM as a request to stop after the round in hand (for `--watch`).
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var sources: [any DispatchSourceSignal] = []

    init(watching: Bool) {
        guard watching else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { condition.withLock { stopped } }

    func request() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// Waits `seconds`, or less if a stop is requested.
    func wait(seconds: Double) {
        condition.withLock {
            if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
        }
    }
}

/// `baton incidents`: every open incident.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents", abstract: "List open incidents.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let rows = try database.backend().incidents().map { [$0.instance, String($0.key), $0.element, $0.reason] }
        print(rows.isEmpty ? "no open incidents" : Table(["INSTANCE", "INCIDENT", "ELEMENT", "REASON"], rows).text)
    }
}

/// `baton retry INSTANCE KEY`: resolves an incident (repeating the step it stopped), or
/// makes a job waiting for its retry backoff due now.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Resolve an incident, or make a job waiting to retry due now.",
        discussion: "Keys are numbered per instance: baton incidents and baton instance ID show them.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The instance id.", valueName: "instance"))
    var instance: String

    @Argument(help: ArgumentHelp("An incident key or a job key of that instance.", valueName: "key"))
    var key: Int

    func run() throws {
        switch try database.backend().retry(instance: instance, key: key) {
        case .resolved(let status, let open):
            print("\(instance): incident \(key) resolved; status \(status)" + (open == 0 ? "" : ", \(open) incident(s) open"))
        case .jobDue:
            print("\(instance): job \(key) is due now (baton jobs run, or the server's executor, runs it)")
        }
    }
}
