public import BatonFEEL
import BatonModel

/// A scenario for running one process instance without people or systems: start
/// variables, what each user task and service task answers, which messages arrive.
///
/// The JSON format (external tools rely on it; keep it exactly):
///
/// ```json
/// {"variables": {"amount": 1200},
///  "userTasks": {"approve": {"approved": true}, "review": [{"ok": false}, {"ok": true}], "*": {}},
///  "serviceTasks": {"createSalesOrder": {"salesOrderId": "SO-1"}, "checkCredit": {"bpmnError": "CREDIT_REFUSED"}},
///  "messages": {"paymentReceived": [{"paid": 1200}]},
///  "maxSteps": 10000}
/// ```
///
/// A user task entry that is an object answers every visit; a list answers one visit
/// per entry, then leaves the task open. `"*"` answers any user task without its own
/// entry. A service task entry is the job's result, or `{"bpmnError": "CODE"}`; a
/// service task without an entry completes with no result and is reported as stubbed.
public struct Scenario: Sendable, Hashable {
    /// One answer for a task.
    public enum Answer: Sendable, Hashable {
        case complete(FEELContext)
        case bpmnError(code: String, message: String?)
    }

    /// The answers for one task: the same every visit, or one per visit.
    public enum Answers: Sendable, Hashable {
        case always(Answer)
        case perVisit([Answer])

        /// The answer for the visit numbered `visit` (0-based), if any.
        public func answer(forVisit visit: Int) -> Answer? {
            switch self {
            case .always(let answer): answer
            case .perVisit(let answers): visit < answers.count ? answers[visit] : nil
            }
        }
    }

    public var variables: FEELContext
    public var userTasks: [String: Answers]
    public var serviceTasks: [String: Answers]
    /// Messages by name, delivered in order to the elements waiting for them.
    public var messages: [String: [FEELContext]]
    /// The most element activations the run may take.
    public var maxSteps: Int

    public static let defaultMaxSteps = 10_000

    public init(
        variables: FEELContext = FEELContext(), userTasks: [String: Answers] = [:], serviceTasks: [String: Answers] = [:],
        messages: [String: [FEELContext]] = [:], maxSteps: Int = Scenario.defaultMaxSteps
    ) {
        self.variables = variables
        self.userTasks = userTasks
        self.serviceTasks = serviceTasks
        self.messages = messages
        self.maxSteps = maxSteps
    }

    /// Reads the JSON format. Errors name the field (`userTasks.review[1]: expected an
    /// object`); numbers stay exact.
    public init(json text: String) throws(ScenarioError) {
        let document: FEELValue
        do { document = try FEELValue(json: text) } catch { throw ScenarioError(field: nil, message: error.description) }
        guard case .context(let root) = document else { throw ScenarioError(field: nil, message: "a scenario is a JSON object") }
        let fields = ["variables", "userTasks", "serviceTasks", "messages", "maxSteps"]
        for key in root.keys where !fields.contains(key) {
            throw ScenarioError(field: key, message: "unknown field\(Suggestion.hint(for: key, in: fields)); a scenario has \(fields.joined(separator: ", "))")
        }
        self.init()
        if let value = root["variables"] { variables = try Self.object(value, "variables") }
        if let value = root["userTasks"] { userTasks = try Self.answersByTask(value, "userTasks", allowErrors: false) }
        if let value = root["serviceTasks"] { serviceTasks = try Self.answersByTask(value, "serviceTasks", allowErrors: true) }
        if let value = root["messages"] {
            let byName = try Self.object(value, "messages")
            for (name, entry) in byName.entries {
                switch entry {
                case .list(let items):
                    messages[name] = try items.enumerated().map { (offset, item) throws(ScenarioError) in
                        try Self.object(item, "messages.\(name)[\(offset)]")
                    }
                case .context(let payload): messages[name] = [payload]
                default: throw ScenarioError(field: "messages.\(name)", message: "expected a list of objects (one per message)")
                }
            }
        }
        if let value = root["maxSteps"] {
            guard case .number(let number) = value, let steps = number.intValue, steps > 0 else {
                throw ScenarioError(field: "maxSteps", message: "expected a whole number above 0, not \(value.json)")
            }
            maxSteps = steps
        }
    }

    private static func object(_ value: FEELValue, _ field: String) throws(ScenarioError) -> FEELContext {
        guard case .context(let context) = value else { throw ScenarioError(field: field, message: "expected an object, not \(value.json)") }
        return context
    }

    private static func answersByTask(_ value: FEELValue, _ field: String, allowErrors: Bool) throws(ScenarioError) -> [String: Answers] {
        var result: [String: Answers] = [:]
        for (task, entry) in try object(value, field).entries {
            let path = "\(field).\(task)"
            switch entry {
            case .list(let items):
                var answers: [Answer] = []
                for (offset, item) in items.enumerated() { answers.append(try answer(item, "\(path)[\(offset)]", allowErrors: allowErrors)) }
                result[task] = .perVisit(answers)
            default:
                result[task] = .always(try answer(entry, path, allowErrors: allowErrors))
            }
        }
        return result
    }

    private static func answer(_ value: FEELValue, _ field: String, allowErrors: Bool) throws(ScenarioError) -> Answer {
        let context = try object(value, field)
        guard allowErrors, let code = context["bpmnError"] else { return .complete(context) }
        guard case .string(let text) = code, !text.isEmpty else {
            throw ScenarioError(field: "\(field).bpmnError", message: "expected the error code as a string, not \(code.json)")
        }
        var message: String?
        if case .string(let written)? = context["message"] { message = written }
        return .bpmnError(code: text, message: message)
    }
}

/// A scenario file that cannot be used, with the field at fault.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The dotted path of the field (`userTasks.review[1]`), nil for the whole document.
    public var field: String?
    public var message: String
    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
