public import BatonModel

/// Parses every expression of a model's executable processes and reports the ones that
/// are not valid FEEL (or JUEL that Baton cannot translate), at the element's line with
/// the column inside the expression.
///
/// ```
/// order.bpmn:14:7: error: invalid FEEL in the condition of sequenceFlow 'f2', column 8: unexpected '>'
/// ```
public enum ExpressionChecker {
    /// The diagnostics for every invalid expression in the executable processes.
    public static func check(_ definitions: Definitions) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // `expressionLanguage` on <definitions> is the default for expressions without one.
        if let language = definitions.expressionLanguage, !isFEELOrJUEL(language) { return diagnostics }
        for process in definitions.processes where process.isExecutable {
            check(process.scope, into: &diagnostics)
        }
        let messagesInUse = Set(definitions.processes.filter(\.isExecutable).flatMap(\.allFlowNodes).flatMap(\.eventDefinitions).compactMap {
            definition -> ElementID? in
            if case .message(let reference) = definition.kind { return reference }
            return nil
        })
        for message in definitions.messages where messagesInUse.contains(message.id) {
            if let key = message.correlationKey {
                checkComputed(key, "the correlation key of message '\(message.id)'", element: message.id, into: &diagnostics)
            }
        }
        return diagnostics
    }

    private static func check(_ scope: FlowScope, into diagnostics: inout [Diagnostic]) {
        for flow in scope.sequenceFlows {
            if let condition = flow.condition, isCheckable(condition) {
                checkCondition(condition, "the condition of sequenceFlow '\(flow.id)'", element: flow.id, into: &diagnostics)
            }
        }
        for node in scope.flowNodes {
            let name = node.displayName
            if case .scriptTask(let task) = node.kind, let script = task.script,
                task.scriptFormat == nil || task.scriptFormat!.lowercased().contains("feel")
            {
                checkCondition(script, "the script of \(name)", element: node.id, into: &diagnostics)
            }
            for definition in node.eventDefinitions {
                if case .timer(let timer) = definition.kind, let value = timer.value {
                    checkComputed(value, "the timer of \(name)", element: node.id, into: &diagnostics)
                }
                if case .conditional(let condition?) = definition.kind, isCheckable(condition) {
                    checkCondition(condition, "the condition of \(name)", element: node.id, into: &diagnostics)
                }
            }
            switch node.loop {
            case .standard(let loop)?:
                if let condition = loop.loopCondition, isCheckable(condition) {
                    checkCondition(condition, "the loop condition of \(name)", element: node.id, into: &diagnostics)
                }
            case .multiInstance(let loop)?:
                for (expression, role) in [(loop.loopCardinality, "loop cardinality"), (loop.completionCondition, "completion condition")] {
                    if let expression, isCheckable(expression) {
                        checkCondition(expression, "the \(role) of \(name)", element: node.id, into: &diagnostics)
                    }
                }
                for (expression, role) in [(loop.inputCollection, "input collection"), (loop.outputElement, "output element")] {
                    if let expression { checkComputed(expression, "the \(role) of \(name)", element: node.id, into: &diagnostics) }
                }
            case nil:
                break
            }
            let extensions = node.extensions
            for mapping in extensions.inputs + extensions.outputs {
                if let source = mapping.source {
                    checkComputed(source, "the mapping to '\(mapping.target)' of \(name)", element: node.id, into: &diagnostics)
                }
            }
            if let assignment = extensions.assignment {
                let fields: [(String?, String)] = [
                    (assignment.assignee, "assignee"), (assignment.dueDate, "due date"),
                    (assignment.followUpDate, "follow-up date"), (assignment.priority, "priority"),
                    (assignment.candidateGroups.first, "candidate groups"), (assignment.candidateUsers.first, "candidate users"),
                    (assignment.excludedUsers.first, "excluded users"),
                ]
                for case (let text?, let role) in fields {
                    checkComputed(FormalExpression(body: text, location: assignment.location), "the \(role) of \(name)", element: node.id, into: &diagnostics)
                }
            }
            if let key = extensions.correlationKey {
                checkComputed(key, "the correlation key of \(name)", element: node.id, into: &diagnostics)
            }
            if case .subProcess(let subProcess) = node.kind { check(subProcess.scope, into: &diagnostics) }
        }
    }

    /// Conditions and scripts are expressions whatever their form; a declared language
    /// other than FEEL or JUEL is reported elsewhere as unsupported.
    private static func isCheckable(_ expression: FormalExpression) -> Bool {
        guard let language = expression.language else { return true }
        return isFEELOrJUEL(language)
    }

    private static func isFEELOrJUEL(_ language: String) -> Bool {
        let lowered = language.lowercased()
        return lowered.contains("feel") || lowered == "juel"
    }

    /// Text that is an expression only when written `=...` or `${...}` (mappings, dates,
    /// timers); anything else is a literal value.
    private static func checkComputed(_ expression: FormalExpression, _ role: String, element: ElementID, into diagnostics: inout [Diagnostic]) {
        guard expression.isComputed else { return }
        checkCondition(expression, role, element: element, into: &diagnostics)
    }

    private static func checkCondition(_ expression: FormalExpression, _ role: String, element: ElementID, into diagnostics: inout [Diagnostic]) {
        let text = expression.body
        guard !text.allSatisfy(\.isWhitespace) else { return }
        do {
            if JUELTranslator.isJUEL(text) {
                _ = try FEELExpression(try JUELTranslator.translate(text))
            } else {
                _ = try FEELExpression(text)
            }
        } catch {
            let language = JUELTranslator.isJUEL(text) ? "JUEL" : "FEEL"
            let position = error.line > 1 ? "line \(error.line), column \(error.column)" : "column \(error.column)"
            let line = expression.location.line > 0 ? expression.location.line + error.line - 1 : 0
            let column = error.line > 1 ? 0 : expression.location.column
            diagnostics.append(.error(
                .invalidExpression, "invalid \(language) in \(role), \(position): \(error.message)",
                at: SourceLocation(line: line, column: column), element: element))
        }
    }
}
