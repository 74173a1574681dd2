import BatonEngine
public import BatonFEEL
public import BatonRuntime
import Foundation

/// External tasks: jobs that workers outside Baton fetch, lock, do and report back, in
/// any language, modelled on Camunda 7's external-task API. The HTTP API serves this
/// service; `baton worker` uses it on a local database.
///
/// A connector bound to `<external topic="invoices"/>` has its jobs served on topic
/// `invoices`; a job type no binding names is served on a topic of its own name. A worker
/// fetches and locks tasks of its topics for a lock duration, then completes each (with
/// result variables), reports a failure (retried with backoff, an incident when no retries
/// are left) or a BPMN error. Every report checks that the worker still holds the lock: a
/// lock that expired lets another worker fetch the task, and the first worker's report is
/// then refused (``ExternalTaskError/Kind/lockLost``).
///
/// ```swift
/// let service = ExternalTaskService(runtime: runtime, bindings: bindings)
/// for task in try service.fetchAndLock(workerId: "w1", topics: [FetchTopic(name: "invoices", lockDuration: 60_000)], maxTasks: 10, longPollMilliseconds: 30_000) {
///     try service.complete(task.id, workerId: "w1", variables: ["invoiceId": .string("INV-7")])
/// }
/// ```
///
/// Blocking: a long poll blocks its thread; call it from threads, not Swift concurrency's
/// cooperative pool.
public final class ExternalTaskService: Sendable {
    public let runtime: Runtime
    public let bindings: ConnectorBindings
    /// How often a long poll looks at the database while no wake-up came (for jobs that
    /// other processes create, and retries whose backoff ends), in milliseconds.
    public let recheckMilliseconds: Int64
    /// Instances as fetch read them, so reporting on their tasks need not read and decode
    /// them again (optimistic locking refuses the save if one changed since).
    private let fetched = FetchedInstances(capacity: 4_096)

    public init(runtime: Runtime, bindings: ConnectorBindings = ConnectorBindings(), recheckMilliseconds: Int64 = 1_000) {
        self.runtime = runtime
        self.bindings = bindings
        self.recheckMilliseconds = max(1, recheckMilliseconds)
    }

    private var store: any ProcessStore { runtime.store }
    private var now: EngineInstant { runtime.clock.now() }

    /// The job types served on `topic`: connectors bound to it, and the type of the same
    /// name when no binding names that type.
    public func jobTypes(ofTopic topic: String) -> [String] {
        var types = bindings.connectors.values.compactMap { binding -> String? in
            if case .external(topic) = binding.transport { return binding.name }
            return nil
        }
        if bindings.connectors[topic] == nil, topic != Job.continuationType { types.append(topic) }
        return types.sorted()
    }

    /// The topic a job of `type` is served on: the one its connector is bound to with
    /// `<external topic="..."/>`, else the type's own name.
    public func topic(ofJobType type: String) -> String {
        if case .external(let topic)? = bindings.connectors[type]?.transport { return topic }
        return type
    }

    /// The topic of task `id` (to check who may report on it).
    public func topic(ofTask id: String) throws(ExternalTaskError) -> String {
        let reference = try Self.parse(id)
        var job = fetched.peek(reference.instance)?.state.jobs[reference.job]
        if job == nil {
            do { job = try runtime.storedAsWritten(reference.instance).state.jobs[reference.job] } catch where error.kind == .notFound {
                job = nil
            } catch {
                throw ExternalTaskError(.unavailable, error.message)
            }
        }
        guard let job else { throw ExternalTaskError(.notFound, "no external task '\(id)' (it was completed, or never existed)") }
        return topic(ofJobType: job.type)
    }

    // MARK: Fetching

    /// Locks up to `maxTasks` due tasks of `topics` for `workerId` and returns them. With
    /// nothing available, waits up to `longPollMilliseconds` for tasks to appear (woken at
    /// once by jobs this process commits; others are seen at the next periodic check) and
    /// returns what it then locks, or nothing when the time is up.
    public func fetchAndLock(workerId: String, topics: [FetchTopic], maxTasks: Int, longPollMilliseconds: Int64 = 0) throws(ExternalTaskError) -> [ExternalTask] {
        guard !workerId.isEmpty else { throw ExternalTaskError(.invalidArgument, "a worker needs a worker id") }
        guard !topics.isEmpty else { throw ExternalTaskError(.invalidArgument, "fetch and lock needs at least one topic") }
        guard maxTasks > 0 else { throw ExternalTaskError(.invalidArgument, "maxTasks must be positive, not \(maxTasks)") }
        for topic in topics where topic.lockDuration <= 0 {
            throw ExternalTaskError(.invalidArgument, "the lock duration of topic '\(topic.name)' must be positive, not \(topic.lockDuration) ms")
        }
        let served = topics.map { (topic: $0, types: jobTypes(ofTopic: $0.name)) }
        let first = try fetch(served, workerId: workerId, maxTasks: maxTasks)
        guard first.isEmpty, longPollMilliseconds > 0 else { return first }
        let deadline = ContinuousClock.now + .milliseconds(longPollMilliseconds)
        let waiter = JobSignal.shared.waiter(for: Set(served.flatMap(\.types)))
        defer { JobSignal.shared.remove(waiter) }
        // Registered before looking again, so a job committed meanwhile is not missed.
        var tasks = try fetch(served, workerId: workerId, maxTasks: maxTasks)
        while tasks.isEmpty {
            let left = deadline - ContinuousClock.now
            let leftMilliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            guard leftMilliseconds > 0 else { break }
            _ = waiter.wait(milliseconds: min(leftMilliseconds, recheckMilliseconds))
            tasks = try fetch(served, workerId: workerId, maxTasks: maxTasks)
        }
        return tasks
    }

    private func fetch(_ served: [(topic: FetchTopic, types: [String])], workerId: String, maxTasks: Int) throws(ExternalTaskError) -> [ExternalTask] {
        var tasks: [ExternalTask] = []
        for (topic, types) in served where tasks.count < maxTasks && !types.isEmpty {
            let at = now
            let acquired = try call { () throws(StoreError) in
                try store.acquireJobs(types: types, owner: workerId, now: at, lockFor: topic.lockDuration, limit: maxTasks - tasks.count)
            }
            for entry in acquired {
                // A row whose instance moved on since (it is rewritten with every save) is skipped.
                // Sensitive variables opened: the worker needs their values, like a handler.
                guard let stored = try? runtime.stored(entry.instance), let job = stored.state.jobs[entry.job] else {
                    _ = try? store.releaseJobLock(instance: entry.instance, job: entry.job, owner: workerId)
                    continue
                }
                fetched.put(stored)
                var variables = stored.state.variables(visibleAt: job.elementInstance)
                if let names = topic.variables {
                    var chosen = FEELContext()
                    for name in names { if let value = variables[name] { chosen[name] = value } }
                    variables = chosen
                }
                tasks.append(ExternalTask(
                    id: ExternalTask.id(instance: entry.instance, job: entry.job), topic: topic.name, workerId: workerId, instance: entry.instance,
                    process: stored.state.process, businessKey: stored.state.businessKey, element: job.element, job: job, variables: variables,
                    lockExpiry: at.advanced(byMilliseconds: topic.lockDuration)))
            }
        }
        return tasks
    }

    // MARK: Reporting

    /// Completes a task with its result variables: the instance moves on.
    public func complete(_ id: String, workerId: String, variables: FEELContext = FEELContext()) throws(ExternalTaskError) {
        try complete([ExternalTaskCompletion(id: id, variables: variables)], workerId: workerId)[0].get()
    }

    /// Completes many tasks at once, every changed instance saved in one transaction (the
    /// fast way to finish a fetched batch). Each result is in the completions' order.
    public func complete(_ completions: [ExternalTaskCompletion], workerId: String) -> [Result<Void, ExternalTaskError>] {
        report(completions.map { completion in (completion.id, { key in .completeJob(key, variables: completion.variables) }) }, workerId: workerId)
    }

    /// Reports a failed attempt. `retries` is how many attempts are left (nil: one fewer
    /// than before, as the model's retry policy counts); `retryTimeout` is the wait before
    /// the next attempt in milliseconds (nil: the policy's backoff, doubling with each
    /// attempt). With no retries left, an incident is raised with `message`.
    public func handleFailure(_ id: String, workerId: String, message: String, retries: Int? = nil, retryTimeout: Int64? = nil) throws(ExternalTaskError) {
        if let retries, retries < 0 { throw ExternalTaskError(.invalidArgument, "retries must be zero or more, not \(retries)") }
        if let retryTimeout, retryTimeout < 0 { throw ExternalTaskError(.invalidArgument, "retryTimeout must be zero or more, not \(retryTimeout) ms") }
        let reference = try Self.parse(id)
        try report([(id, { key in .failJob(key, message: message, retries: retries, retryBackoffMilliseconds: retryTimeout) })], workerId: workerId)[0].get()
        // The store keeps a job's lock while its retries stay the same (a worker may say
        // so); the failed task must be fetchable once its backoff ends.
        if let after = try? store.jobLock(instance: reference.instance, job: reference.job), after.owner == workerId {
            _ = try? store.releaseJobLock(instance: reference.instance, job: reference.job, owner: workerId)
        }
    }

    /// Reports a business outcome: the BPMN error `code` is thrown at the task (an error
    /// boundary event or event subprocess may catch it; else an incident), with
    /// `variables` set first.
    public func handleBpmnError(_ id: String, workerId: String, code: String, message: String? = nil, variables: FEELContext = FEELContext()) throws(ExternalTaskError) {
        guard !code.isEmpty else { throw ExternalTaskError(.invalidArgument, "a BPMN error needs a code") }
        try report([(id, { key in .throwJobError(key, errorCode: code, message: message, variables: variables) })], workerId: workerId)[0].get()
    }

    /// Locks the task for `newDuration` milliseconds from now; only the worker holding an
    /// unexpired lock may.
    public func extendLock(_ id: String, workerId: String, newDuration: Int64) throws(ExternalTaskError) {
        guard newDuration > 0 else { throw ExternalTaskError(.invalidArgument, "the new lock duration must be positive, not \(newDuration) ms") }
        let reference = try Self.parse(id)
        let at = now
        let extended = try call { () throws(StoreError) in
            try store.extendJobLock(instance: reference.instance, job: reference.job, owner: workerId, now: at, until: at.advanced(byMilliseconds: newDuration))
        }
        if !extended { try checkLock(id, reference, workerId: workerId, at: at) }
    }

    /// Releases a task's lock, whoever holds it: any worker may fetch it at once.
    public func unlock(_ id: String) throws(ExternalTaskError) {
        let reference = try Self.parse(id)
        let released = try call { () throws(StoreError) in try store.releaseJobLock(instance: reference.instance, job: reference.job, owner: nil) }
        if !released { throw ExternalTaskError(.notFound, "no external task '\(id)' (it was completed, or never existed)") }
    }

    /// Releases the locks their workers still hold on `tasks` (fetched, but never handed
    /// over: the HTTP client went away): any worker may fetch them at once.
    public func release(_ tasks: [ExternalTask]) {
        for task in tasks { _ = try? store.releaseJobLock(instance: task.instance, job: task.job.key, owner: task.workerId) }
    }

    // MARK: Internals

    /// Checks each task's lock, then applies the commands in one batch; an instance changed
    /// meanwhile by someone else is read again and tried again (a few times).
    private func report(_ reports: [(id: String, command: (JobKey) -> EngineCommand)], workerId: String) -> [Result<Void, ExternalTaskError>] {
        var results = [Result<Void, ExternalTaskError>](repeating: .success(()), count: reports.count)
        var pending = Array(reports.indices)
        for round in 0..<3 where !pending.isEmpty {
            var batch: [(command: EngineCommand, instance: ProcessInstanceID)] = []
            var batchIndices: [Int] = []
            let at = now
            for index in pending {
                do {
                    let reference = try Self.parse(reports[index].id)
                    try checkLock(reports[index].id, reference, workerId: workerId, at: at, onlyWhenNotHeld: true)
                    batch.append((reports[index].command(reference.job), reference.instance))
                    batchIndices.append(index)
                } catch {
                    results[index] = .failure(error)
                }
            }
            pending = []
            // First with the instances as fetched; after a conflict, as stored now.
            let known = round == 0 ? fetched.take(batch.map(\.instance)) : [:]
            for (position, outcome) in runtime.executeBatch(batch, known: known).enumerated() {
                let index = batchIndices[position]
                switch outcome {
                case .success:
                    results[index] = .success(())
                case .failure(.store(.conflict)) where round < 2:
                    pending.append(index)
                case .failure(.store(let error)):
                    results[index] = .failure(ExternalTaskError(.unavailable, error.description))
                case .failure(.refused(let message)):
                    results[index] = .failure(ExternalTaskError(.refused, "external task '\(reports[index].id)': \(message)"))
                }
            }
        }
        return results
    }

    /// Throws why `workerId` does not hold the lock on the task (always, unless
    /// `onlyWhenNotHeld`: then only when it does not).
    private func checkLock(
        _ id: String, _ reference: (instance: ProcessInstanceID, job: JobKey), workerId: String, at: EngineInstant, onlyWhenNotHeld: Bool = false
    ) throws(ExternalTaskError) {
        guard let lock = try call({ () throws(StoreError) in try store.jobLock(instance: reference.instance, job: reference.job) }) else {
            throw ExternalTaskError(.notFound, "no external task '\(id)' (it was completed, or never existed)")
        }
        if onlyWhenNotHeld, lock.isHeld(by: workerId, at: at) { return }
        switch (lock.owner, lock.expiry) {
        case (workerId?, let expiry?) where expiry <= at:
            throw ExternalTaskError(.lockLost, "the lock of worker '\(workerId)' on external task '\(id)' expired at \(expiry); fetch it again")
        case (let owner?, _) where owner != workerId:
            throw ExternalTaskError(.lockLost, "external task '\(id)' is locked by another worker, not '\(workerId)'")
        case (nil, _):
            throw ExternalTaskError(.lockLost, "external task '\(id)' is not locked by worker '\(workerId)'; fetch and lock it first")
        default:
            throw ExternalTaskError(.lockLost, "worker '\(workerId)' no longer holds the lock on external task '\(id)'")
        }
    }

    static func parse(_ id: String) throws(ExternalTaskError) -> (instance: ProcessInstanceID, job: JobKey) {
        guard let slash = id.lastIndex(of: "/"), slash != id.startIndex, let key = Int(id[id.index(after: slash)...]) else {
            throw ExternalTaskError(.invalidArgument, "'\(id)' is not an external task id; ids are INSTANCE/KEY, as fetch and lock returns them")
        }
        return (ProcessInstanceID(String(id[..<slash])), JobKey(key))
    }

    private func call<T>(_ body: () throws(StoreError) -> T) throws(ExternalTaskError) -> T {
        do { return try body() } catch { throw ExternalTaskError(.unavailable, error.description) }
    }
}

/// Instances read by fetches, kept (a bounded number) until their tasks are reported.
private final class FetchedInstances: @unchecked Sendable {
    private let lock = NSLock()
    private var instances: [ProcessInstanceID: StoredInstance] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ stored: StoredInstance) {
        lock.withLock {
            if instances.count >= capacity, instances[stored.state.id] == nil { instances.removeAll(keepingCapacity: true) }
            instances[stored.state.id] = stored
        }
    }

    /// The instance `id` if it is kept (still kept afterwards).
    func peek(_ id: ProcessInstanceID) -> StoredInstance? {
        lock.withLock { instances[id] }
    }

    /// The instances of `ids` that are kept, no longer kept afterwards.
    func take(_ ids: [ProcessInstanceID]) -> [ProcessInstanceID: StoredInstance] {
        lock.withLock {
            var taken: [ProcessInstanceID: StoredInstance] = [:]
            for id in ids { if let stored = instances.removeValue(forKey: id) { taken[id] = stored } }
            return taken
        }
    }
}
