public import BatonEngine
public import BatonFEEL
public import BatonModel

/// What a scenario run ended with: the shape of `baton run --json`.
public struct ScenarioResult: Sendable {
    /// How the run ended, and the `baton run` exit code for it.
    public enum Status: String, Sendable, Hashable {
        /// The instance completed (exit 0).
        case completed
        /// Something is still open: a user task, a catch without a message, a stuck join (exit 2).
        case waiting
        /// An incident stopped a token (exit 1).
        case error
        /// The model failed validation (exit 1).
        case invalid

        public var exitCode: Int32 {
            switch self {
            case .completed: 0
            case .waiting: 2
            case .error, .invalid: 1
            }
        }
    }

    /// An incident as the run reports it.
    public struct IncidentReport: Sendable, Hashable {
        public var element: ElementID
        public var reason: String
        public var expression: String?
        public var line: Int?
    }

    public var status: Status
    /// Every completed flow node, in completion order (called processes' nodes included).
    public var path: [ElementID]
    /// The process variables at the end.
    public var variables: FEELContext
    /// Where the instance waits: open user tasks, and catch events and receive tasks
    /// with no message to deliver.
    public var openTasks: [ElementID]
    public var incidents: [IncidentReport]
    /// Service tasks completed with no result because the scenario has no entry for them.
    public var stubbed: [ElementID]
    /// Simulated time that passed, in milliseconds.
    public var elapsedMilliseconds: Int64
    /// Validation errors, for an `invalid` run.
    public var diagnostics: [Diagnostic]
    /// One line per thing that happened, for the readable output.
    public var trace: [String]
    /// The instance's final state, nil for an invalid model.
    public var state: ProcessInstanceState?
    /// Every event of the run, in order.
    public var events: [EngineEvent]

    /// The result for a model that cannot run: its diagnostics, nothing else.
    public static func invalid(_ diagnostics: [Diagnostic]) -> ScenarioResult {
        ScenarioResult(
            status: .invalid, path: [], variables: FEELContext(), openTasks: [], incidents: [], stubbed: [], elapsedMilliseconds: 0,
            diagnostics: diagnostics, trace: [], state: nil, events: [])
    }

    /// `PT48H`, `PT1H30M`, `PT0.5S`, `PT0S`: the simulated time as an ISO 8601 duration.
    public var clock: String { Self.isoDuration(milliseconds: elapsedMilliseconds) }

    static func isoDuration(milliseconds: Int64) -> String {
        guard milliseconds > 0 else { return "PT0S" }
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds % 3_600_000 / 60_000
        let millis = milliseconds % 60_000
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if millis > 0 {
            let seconds = millis / 1000, fraction = millis % 1000
            if fraction == 0 {
                text += "\(seconds)S"
            } else {
                var digits = String(fraction)
                digits = String(repeating: "0", count: 3 - digits.count) + digits
                while digits.hasSuffix("0") { digits.removeLast() }
                text += "\(seconds).\(digits)S"
            }
        }
        return text
    }

    /// The `baton run --json` document: exactly `status`, `path`, `variables`,
    /// `openTasks`, `incidents`, `stubbed`, `clock` (plus `diagnostics` when invalid).
    public var json: String {
        func strings(_ values: [ElementID]) -> String { "[" + values.map { FEELValue.string($0.rawValue).json }.joined(separator: ",") + "]" }
        let incidentsJSON = incidents.map { incident in
            var context = FEELContext([("element", .string(incident.element.rawValue)), ("reason", .string(incident.reason))])
            context["expression"] = incident.expression.map { .string($0) } ?? .null
            if let line = incident.line { context["line"] = .number(FEELNumber(line)) }
            return FEELValue.context(context).json
        }
        var text = #"{"status":"\#(status.rawValue)","path":\#(strings(path)),"variables":\#(FEELValue.context(variables).json),"#
        text += #""openTasks":\#(strings(openTasks)),"incidents":[\#(incidentsJSON.joined(separator: ","))],"#
        text += #""stubbed":\#(strings(stubbed)),"clock":"\#(clock)""#
        if status == .invalid {
            let rendered = diagnostics.map { FEELValue.string($0.description).json }
            text += #","diagnostics":[\#(rendered.joined(separator: ","))]"#
        }
        return text + "}"
    }
}
