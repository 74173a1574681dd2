public import BatonEngine
public import BatonFEEL
public import BatonModel
public import Logging

/// One call of a connector operation, as a step handler sees it.
public struct ConnectorCall: Sendable {
    /// The connector the service task names (`baton:connector`).
    public var connector: String
    /// The operation (`baton:operation`), if the task names one.
    public var operation: String?
    /// The variables visible at the task (its input mappings applied).
    public var variables: FEELContext
    /// The same for every attempt of this activity instance, across retries and restarts:
    /// hand it to the system you call so it can drop duplicates.
    public var idempotencyKey: String
    /// 1 for the first attempt, 2 for the first retry, and so on.
    public var attempt: Int
    public var processInstance: ProcessInstanceID
    public var businessKey: String?
    /// The service task.
    public var element: ElementID
    /// Static headers written on the task (`baton:header`).
    public var headers: [NamedValue]
    /// A logger whose metadata names the instance, element, connector, operation and
    /// attempt.
    public var logger: Logger

    public init(
        connector: String, operation: String?, variables: FEELContext, idempotencyKey: String, attempt: Int,
        processInstance: ProcessInstanceID, businessKey: String?, element: ElementID, headers: [NamedValue] = [], logger: Logger
    ) {
        self.connector = connector
        self.operation = operation
        self.variables = variables
        self.idempotencyKey = idempotencyKey
        self.attempt = attempt
        self.processInstance = processInstance
        self.businessKey = businessKey
        self.element = element
        self.headers = headers
        self.logger = logger
    }
}

/// A business outcome a step handler reports by throwing it: an error boundary event (or
/// event subprocess) with this code catches it; uncaught, it raises an incident.
public struct BPMNError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String?
    /// Variables set with the error (visible to the catching path).
    public var variables: FEELContext

    public init(code: String, message: String? = nil, variables: FEELContext = FEELContext()) {
        self.code = code
        self.message = message
        self.variables = variables
    }

    public var description: String { "BPMN error \(code)" + (message.map { ": \($0)" } ?? "") }
}

/// Retries for a connector's calls, from the bindings (`<operation retries= backoff=>`):
/// they apply to tasks whose model names no `baton:retries` of its own.
public struct ConnectorRetryPolicy: Hashable, Sendable {
    /// Attempts in all before an incident.
    public var retries: Int?
    /// The first wait, in milliseconds (it doubles with each attempt, with jitter).
    public var backoffMilliseconds: Int64?

    public init(retries: Int? = nil, backoffMilliseconds: Int64? = nil) {
        self.retries = retries
        self.backoffMilliseconds = backoffMilliseconds
    }
}

/// An integrator's in-process step handler: returns the output variables, throws
/// ``BPMNError`` for a business outcome, ``JobFailure`` to steer retries, and any other
/// error for a technical failure (retried with backoff).
public typealias StepHandler = @Sendable (ConnectorCall) throws -> FEELContext

extension Runtime {
    /// Registers `handler` for `operation` of `connector` (every operation without a
    /// handler of its own when `operation` is nil).
    ///
    /// ```swift
    /// runtime.register(connector: "erp", operation: "salesOrder.create") { call in
    ///     let number = try erp.createOrder(call.variables, idempotencyKey: call.idempotencyKey)
    ///     return ["salesOrderNumber": .string(number)]
    /// }
    /// ```
    public mutating func register(connector: String, operation: String? = nil, handler: @escaping StepHandler) {
        stepHandlers[connector, default: [:]][operation ?? ""] = handler
    }

    /// Sets the retries for calls of `operation` of `connector` (every operation without a
    /// policy of its own when nil) whose task names no `baton:retries`.
    public mutating func setRetryPolicy(_ policy: ConnectorRetryPolicy, connector: String, operation: String? = nil) {
        retryPolicies[connector, default: [:]][operation ?? ""] = policy
    }

    /// A failure command with the bindings' retry policy applied, when the task's model
    /// names none.
    func applyingRetryPolicy(to command: EngineCommand, of job: Job, in state: ProcessInstanceState) -> EngineCommand {
        guard case .failJob(let key, let message, nil, nil) = command, let byOperation = retryPolicies[job.type],
            let policy = job.operation.flatMap({ byOperation[$0] }) ?? byOperation[""],
            flowNode(of: job, in: state)?.extensions.retries == nil
        else { return command }
        let attempt = job.attempts + 1
        return .failJob(
            key, message: message, retries: policy.retries.map { max(0, $0 - attempt) },
            retryBackoffMilliseconds: policy.backoffMilliseconds.map { RetrySchedule.delay(base: $0, attempt: attempt, idempotencyKey: job.idempotencyKey) })
    }

    /// The step handler for a job, if one is registered.
    func stepHandler(for job: Job) -> StepHandler? {
        guard let byOperation = stepHandlers[job.type] else { return nil }
        return job.operation.flatMap { byOperation[$0] } ?? byOperation[""]
    }

    /// Whether this runtime can do `job`'s work itself.
    func canRun(_ job: Job) -> Bool { job.isContinuation || handlers[job.type] != nil || stepHandler(for: job) != nil }

    /// Runs the handler for `job` (whose instance is `state`) and turns its outcome into the
    /// command that records it; nil when this runtime has no handler for it.
    func outcome(of job: Job, in state: ProcessInstanceState) -> EngineCommand? {
        rawOutcome(of: job, in: state).map { applyingRetryPolicy(to: $0, of: job, in: state) }
    }

    private func rawOutcome(of job: Job, in state: ProcessInstanceState) -> EngineCommand? {
        do {
            if let step = stepHandler(for: job) {
                var logger = Logger(label: "baton.connector")
                logger[metadataKey: "instance"] = "\(state.id)"
                logger[metadataKey: "element"] = "\(job.element)"
                logger[metadataKey: "connector"] = "\(job.type)"
                if let operation = job.operation { logger[metadataKey: "operation"] = "\(operation)" }
                logger[metadataKey: "attempt"] = "\(job.attempts + 1)"
                let call = ConnectorCall(
                    connector: job.type, operation: job.operation, variables: state.variables(visibleAt: job.elementInstance),
                    idempotencyKey: job.idempotencyKey, attempt: job.attempts + 1, processInstance: state.id, businessKey: state.businessKey,
                    element: job.element, headers: job.headers, logger: logger)
                return .completeJob(job.key, variables: try step(call))
            }
            guard let handler = handlers[job.type] else { return nil }
            switch try handler(job, state.variables(visibleAt: job.elementInstance)) {
            case .complete(let variables): return .completeJob(job.key, variables: variables)
            case .bpmnError(let code, let message, let variables):
                return .throwJobError(job.key, errorCode: code, message: message, variables: variables)
            }
        } catch let error as BPMNError {
            return .throwJobError(job.key, errorCode: error.code, message: error.message, variables: error.variables)
        } catch let failure as JobFailure {
            return .failJob(job.key, message: failure.message, retries: failure.retryable ? nil : 0, retryBackoffMilliseconds: failure.retryAfterMilliseconds)
        } catch {
            return .failJob(job.key, message: "\(error)")
        }
    }

    /// Runs, inside the current step, the jobs of tasks marked `baton:async="false"` that
    /// this runtime has handlers for, until none is left; each outcome is applied to
    /// `state` and its events appended. A failed call leaves its job in the job table for
    /// the executor's retries.
    func runJobsInStep(_ state: inout ProcessInstanceState, events: inout [EngineEvent]) throws(RuntimeError) {
        guard hasInStepTasks else { return }
        var tried: Set<JobKey> = []
        while let job = state.jobs.values.first(where: { !tried.contains($0.key) && runsInStep($0, of: state) && canRun($0) }) {
            tried.insert(job.key)
            guard let command = outcome(of: job, in: state) else { continue }
            do { events += try engine.execute(command, on: &state) } catch { throw RuntimeError(error.message) }
        }
    }

    /// Whether `job`'s task is marked `baton:async="false"`.
    private func runsInStep(_ job: Job, of state: ProcessInstanceState) -> Bool {
        job.attempts == 0 && flowNode(of: job, in: state)?.extensions.runsInStep == true
    }

    /// The model element of `job`.
    func flowNode(of job: Job, in state: ProcessInstanceState) -> FlowNode? {
        guard let element = state.elements[job.elementInstance], state.definitions.indices.contains(element.definition) else { return nil }
        let reference = state.definitions[element.definition]
        return engine.repository.process(reference.id, version: reference.version)?.flowNode(job.element)
    }
}
