import BatonFEEL
import BatonModel

/// Asynchronous continuations (`baton:asyncBefore` / `asyncAfter`, also Camunda's): the
/// element stops at a job of type ``Job/continuationType``, so the command commits there;
/// the job executor completes that job and the element goes on in a new transaction.
extension Execution {
    /// Where a continuation stops the element.
    enum ContinuationPhase: String {
        case before, after
    }

    /// Opens the continuation job and makes the element wait for it.
    mutating func waitForContinuation(_ key: ElementInstanceKey, node: CompiledNode, phase: ContinuationPhase) {
        let job = Job(
            key: JobKey(state.makeKey()), elementInstance: key, element: node.id, type: Job.continuationType, operation: phase.rawValue,
            retries: node.node.extensions.retries?.count ?? JobWorkerBehavior.defaultRetries, retryBackoff: node.node.extensions.retries?.backoff,
            retryAt: nil, headers: [], idempotencyKey: "\(state.id)/\(key)/\(phase.rawValue)", createdAt: now, lastError: nil)
        state.jobs[job.key] = job
        state.elements[key]?.waitingFor = .job(job.key)
        events.append(.jobCreated(job))
    }

    /// A continuation job was completed: the element starts, or completes.
    mutating func continueAfter(_ job: Job) {
        guard let instance = state.elements[job.elementInstance] else { return }
        state.elements[job.elementInstance]?.waitingFor = nil
        if job.operation == ContinuationPhase.before.rawValue {
            state.elements[job.elementInstance]?.passedAsyncBefore = true
            schedule(.activate(instance.key))
        } else {
            state.elements[job.elementInstance]?.passedAsyncAfter = true
            schedule(.complete(instance.key))
        }
    }
}

extension Job {
    /// The type of the jobs asynchronous continuations wait for; the runtime runs them
    /// itself.
    public static let continuationType = "baton:continuation"

    /// True for an asynchronous continuation rather than work for a worker.
    public var isContinuation: Bool { type == Job.continuationType }
}
