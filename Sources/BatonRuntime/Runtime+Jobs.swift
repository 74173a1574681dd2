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
    /// after that), handled, and its outcome committed with the instance.
    @discardableResult
    public func runDueJobs(owner: String = Runtime.defaultOwner, lockFor: Int64 = 300_000, limit: Int = 100) throws(RuntimeError) -> JobRunReport {
        let acquired = try Self.storeCall { () throws(StoreError) in
            try store.acquireJobs(types: handledTypes, owner: owner, now: clock.now(), lockFor: lockFor, limit: limit)
        }
        var report = JobRunReport()
        for entry in acquired {
            guard let state = try? instance(entry.instance), let job = state.jobs[entry.job] else {
                report.skipped += 1
                continue
            }
            if job.isContinuation {
                do {
                    try execute(.completeJob(job.key), on: entry.instance)
                    report.completed += 1
                } catch {
                    report.skipped += 1
                }
                continue
            }
            guard let command = outcome(of: job, in: state) else {
                report.skipped += 1
                continue
            }
            switch command {
            case .completeJob: report.completed += 1
            case .throwJobError: report.errorsThrown += 1
            default: report.failed += 1
            }
            do { try execute(command, on: entry.instance) } catch { report.skipped += 1 }
        }
        return report
    }

    /// `host:pid`, naming this process as a lock owner.
    public static var defaultOwner: String { "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)" }
}
