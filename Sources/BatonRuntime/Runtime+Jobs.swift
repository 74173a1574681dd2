public import BatonEngine
public import BatonFEEL
import Foundation

/// What a job handler decided.
public enum JobResult: Sendable {
    /// The work is done; these variables are the job's result.
    case complete(FEELContext)
    /// The business outcome is a BPMN error (a boundary or event subprocess may catch it).
    case bpmnError(code: String, message: String?, variables: FEELContext)
}

/// A technical failure that says how to retry: throw it from a handler to stop retrying
/// (`retryable: false` raises the incident now, as for an HTTP 400) or to name the wait
/// before the next attempt. Any other error is retried with the job's policy.
public struct JobFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// False: no further attempt; the incident is raised at once.
    public var retryable: Bool
    /// Wait this long before the next attempt instead of the policy's backoff (an HTTP
    /// `Retry-After`, say).
    public var retryAfterMilliseconds: Int64?

    public init(_ message: String, retryable: Bool = true, retryAfterMilliseconds: Int64? = nil) {
        self.message = message
        self.retryable = retryable
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    public var description: String { message }
}

/// Does the work of one job type (a connector, a step handler). Throwing is a technical
/// failure: the job is retried with backoff, and an incident is raised when its retries
/// run out.
public typealias JobHandler = @Sendable (_ job: Job, _ variables: FEELContext) throws -> JobResult

/// What one run of the job executor did.
public struct JobRunReport: Hashable, Sendable {
    public var completed = 0
    public var failed = 0
    public var errorsThrown = 0
    /// Jobs whose instance changed under them (another node, a cancel): left for later.
    public var skipped = 0
    public init() {}

    mutating func add(_ other: JobRunReport) {
        completed += other.completed
        failed += other.failed
        errorsThrown += other.errorsThrown
        skipped += other.skipped
    }
}

/// What handling one instance's jobs in a round gave.
struct PreparedRound: Sendable {
    var report = JobRunReport()
    var save: SaveRequest?
}

/// The prepared rounds of a run, filled in from handler threads.
final class RoundResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [PreparedRound]

    init(count: Int) { slots = Array(repeating: PreparedRound(), count: count) }
    func set(_ index: Int, _ value: PreparedRound) { lock.withLock { slots[index] = value } }
    var all: [PreparedRound] { lock.withLock { slots } }

    /// Hands out indexes to worker threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func take(below count: Int) -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }
    }
}

extension Runtime {
    /// Registers the handler for jobs of `type` (the connector name, external-task topic
    /// or job type).
    public mutating func register(type: String, handler: @escaping JobHandler) {
        handlers[type] = handler
    }

    /// The job types this runtime runs: its handlers', and asynchronous continuations.
    public var handledTypes: [String] { Array(Set(handlers.keys).union(stepHandlers.keys).union([Job.continuationType])).sorted() }

    /// Runs the due jobs this runtime has handlers for, at most `limit`: each is locked
    /// for `owner` until `lockFor` milliseconds from now (a crashed owner's jobs run again
    /// after that), handled, and the outcomes committed with their instances, the whole
    /// round in one transaction. Handlers run on up to `concurrency` threads at once
    /// (calls to remote systems spend their time waiting); the jobs of one instance run
    /// one after another.
    @discardableResult
    public func runDueJobs(owner: String = Runtime.defaultOwner, lockFor: Int64 = 300_000, limit: Int = 100, concurrency: Int = 1) throws(RuntimeError) -> JobRunReport {
        let acquired = try Self.storeCall { () throws(StoreError) in
            try store.acquireJobs(types: handledTypes, owner: owner, now: clock.now(), lockFor: lockFor, limit: limit)
        }
        guard !acquired.isEmpty else { return JobRunReport() }
        // Jobs grouped by instance, in the order acquired.
        var groups: [[AcquiredJob]] = []
        var groupOf: [ProcessInstanceID: Int] = [:]
        for entry in acquired {
            if let index = groupOf[entry.instance] { groups[index].append(entry) } else {
                groupOf[entry.instance] = groups.count
                groups.append([entry])
            }
        }
        let results = RoundResults(count: groups.count)
        let runtime = self, work = groups
        let threads = max(1, min(concurrency, groups.count))
        if threads == 1 {
            for index in groups.indices { results.set(index, runtime.handle(groups[index])) }
        } else {
            let next = RoundResults.Counter()
            let done = DispatchGroup()
            for _ in 0..<threads {
                done.enter()
                Thread {
                    while let index = next.take(below: work.count) { results.set(index, runtime.handle(work[index])) }
                    done.leave()
                }.start()
            }
            done.wait()
        }
        var report = JobRunReport()
        let prepared = results.all
        let saving = prepared.filter { $0.save != nil }
        for round in prepared where round.save == nil { report.add(round.report) }
        for (round, outcome) in zip(saving, store.saveBatch(saving.compactMap(\.save))) {
            switch outcome {
            case .success:
                report.add(round.report)
                if let save = round.save {
                    EngineMetrics.shared.record(save.history)
                    deliverBufferedMessages(to: save.state, events: save.history)
                }
            // A save that lost a race (another node changed the instance) is not counted:
            // its jobs are still open and run again.
            case .failure: report.skipped += round.report.completed + round.report.failed + round.report.errorsThrown + round.report.skipped
            }
        }
        return report
    }

    /// Handles the jobs of one instance, applying each outcome in turn, and returns the
    /// save that records them (nil when nothing changed).
    private func handle(_ entries: [AcquiredJob]) -> PreparedRound {
        var prepared = PreparedRound()
        guard let stored = try? stored(entries[0].instance) else {
            prepared.report.skipped = entries.count
            return prepared
        }
        var state = stored.state
        var events: [EngineEvent] = []
        for entry in entries {
            guard let job = state.jobs[entry.job] else {
                prepared.report.skipped += 1
                continue
            }
            guard let command = job.isContinuation ? .completeJob(job.key) : outcome(of: job, in: state) else {
                prepared.report.skipped += 1
                continue
            }
            do {
                events += try engine.execute(command, on: &state)
                try runJobsInStep(&state, events: &events)
            } catch {
                prepared.report.skipped += 1
                continue
            }
            switch command {
            case .completeJob: prepared.report.completed += 1
            case .throwJobError: prepared.report.errorsThrown += 1
            default: prepared.report.failed += 1
            }
        }
        guard !events.isEmpty, let (sealed, sealedEvents) = try? sealedForStorage(state, events) else { return prepared }
        prepared.save = SaveRequest(state: sealed, expectedRevision: stored.revision, history: sealedEvents, at: clock.now())
        return prepared
    }

    /// `host:pid`, naming this process as a lock owner.
    public static var defaultOwner: String { "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)" }
}
