import BatonFEEL
import BatonModel

/// `userTask`: opens a task for the people its assignment names and waits until one of
/// them completes it. Assignment expressions (`=order.owner`) are evaluated when the
/// task opens; a list or a comma-separated string gives several groups or users.
struct UserTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        let extensions = node.node.extensions
        var task = UserTask(
            key: UserTaskKey(execution.state.makeKey()), elementInstance: key, element: node.id, name: node.node.name,
            assignee: nil, candidateGroups: [], candidateUsers: [], dueDate: nil, followUpDate: nil, priority: nil,
            formKey: extensions.formKey, formFields: extensions.formFields, createdAt: execution.now)
        if let assignment = node.assignment {
            task.assignee = try text(assignment.assignee, "assignee", key, &execution)
            task.candidateGroups = try names(assignment.candidateGroups, "candidate groups", key, &execution)
            task.candidateUsers = try names(assignment.candidateUsers, "candidate users", key, &execution)
            task.excludedUsers = try names(assignment.excludedUsers, "excluded users", key, &execution)
            task.completerVariable = assignment.completerVariable
            task.dueDate = try text(assignment.dueDate, "due date", key, &execution)
            task.followUpDate = try text(assignment.followUpDate, "follow-up date", key, &execution)
            task.priority = try text(assignment.priority, "priority", key, &execution)
        }
        execution.state.userTasks[task.key] = task
        execution.events.append(.userTaskCreated(task))
        return .waiting(.userTask(task.key))
    }

    private func text(_ expression: CompiledExpression?, _ role: String, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> String? {
        guard let expression else { return nil }
        let value = try execution.evaluate(expression, at: key, role: role)
        return value.isNull ? nil : value.description
    }

    private func names(_ expressions: [CompiledExpression], _ role: String, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> [String] {
        var result: [String] = []
        for expression in expressions {
            switch try execution.evaluate(expression, at: key, role: role) {
            case .list(let items): result += items.filter { !$0.isNull }.map(\.description)
            case .null: break
            case let value:
                result += value.description.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            }
        }
        return result
    }
}
