import BatonModel

/// `serviceTask`, and any send task, business rule task or throw event with a task
/// definition (`baton:connector`, `zeebe:taskDefinition`, `camunda:topic`): opens a
/// job and waits for a worker to complete it, fail it or throw a BPMN error.
struct JobWorkerBehavior: ElementBehavior {
    /// Attempts a job gets when the model says nothing.
    static let defaultRetries = 3

    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        let extensions = node.node.extensions
        var type = extensions.taskDefinition?.type ?? ""
        var operation = extensions.taskDefinition?.operation
        if type.isEmpty, case .businessRuleTask(let task) = node.node.kind, let decision = task.decisionRef {
            type = "decision"
            operation = decision
        }
        let job = Job(
            key: JobKey(execution.state.makeKey()), elementInstance: key, element: node.id, type: type, operation: operation,
            retries: extensions.retries?.count ?? Self.defaultRetries, retryBackoff: extensions.retries?.backoff, retryAt: nil,
            headers: extensions.headers, idempotencyKey: "\(execution.state.id)/\(key)", createdAt: execution.now, lastError: nil)
        execution.state.jobs[job.key] = job
        execution.events.append(.jobCreated(job))
        return .waiting(.job(job.key))
    }
}
