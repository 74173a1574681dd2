/// What Baton understood from an element's extension attributes and elements, whichever
/// dialect they were written in (`baton:`, `camunda:` or `zeebe:`).
///
/// The loader maps equivalent settings onto the same field: `baton:candidateGroups`,
/// `camunda:candidateGroups` and `zeebe:assignmentDefinition candidateGroups` all fill
/// ``TaskAssignment/candidateGroups``. Settings Baton cannot honour are reported as
/// diagnostics by the loader, never silently dropped.
public struct ExtensionSettings: Hashable, Sendable, Codable {
    /// Where a service task's work goes.
    public var taskDefinition: TaskDefinition?
    public var retries: RetryPolicy?
    /// Input mappings, applied in order when the element starts.
    public var inputs: [VariableMapping] = []
    /// Output mappings, applied in order when the element completes.
    public var outputs: [VariableMapping] = []
    public var assignment: TaskAssignment?
    public var formKey: String?
    public var formFields: [FormField] = []
    /// Where a script task or business rule task stores its result.
    public var resultVariable: String?
    /// For call activities: pass every variable in / out (Zeebe's default is both true).
    public var propagateAllParentVariables: Bool?
    public var propagateAllChildVariables: Bool?
    /// For message catch events and receive tasks, or on a message declaration.
    public var correlationKey: FormalExpression?
    /// Name/value pairs (`baton:property`, `camunda:property`, `zeebe:property`).
    public var properties: [NamedValue] = []
    /// Static headers handed to the worker (`baton:header`, `zeebe:header`).
    public var headers: [NamedValue] = []
    /// `baton:asyncBefore` / `camunda:asyncBefore`: commit before the element starts; the
    /// job executor continues from there (a wait state of its own).
    public var asyncBefore = false
    /// `baton:asyncAfter` / `camunda:asyncAfter`: commit when the element's work is done,
    /// before it completes and its token leaves.
    public var asyncAfter = false
    /// `baton:async="false"` on a service task: a registered in-process handler runs inside
    /// the step that reaches the task, and its outcome is committed with it (no job-table
    /// round trip). Without a handler in the running process the job waits as usual.
    public var runsInStep = false
    /// `baton:starterGroups` on a process: the roles whose members (and admins) may start
    /// it by hand (the command line with `--user`, the HTTP API); empty: anyone.
    public var starterGroups: [String] = []
    /// The dialects that contributed to these settings.
    public var dialects: Set<ExtensionDialect> = []

    public init() {}

    /// True when nothing was set.
    public var isEmpty: Bool { self == ExtensionSettings() }
}

/// The extension namespaces Baton understands.
public enum ExtensionDialect: String, Hashable, Sendable, Codable, CaseIterable {
    case baton
    case camunda
    case zeebe

    /// The namespace URI of the dialect.
    public var namespaceURI: String {
        switch self {
        case .baton: "urn:baton:bpmn:1"
        case .camunda: "http://camunda.org/schema/1.0/bpmn"
        case .zeebe: "http://camunda.org/schema/zeebe/1.0"
        }
    }

    /// The dialect of a namespace URI, if Baton understands it.
    public init?(namespaceURI: String) {
        guard let dialect = Self.allCases.first(where: { $0.namespaceURI == namespaceURI }) else { return nil }
        self = dialect
    }
}

/// Where a service task's work goes: a connector and operation (Baton), an external task
/// topic (Camunda 7) or a job type (Zeebe).
public struct TaskDefinition: Hashable, Sendable, Codable {
    /// The connector name (`erp`, `crm`), external-task topic or job type.
    public var type: String
    /// The operation on the connector (`salesOrder.create`), if any.
    public var operation: String?
    public var location: SourceLocation

    public init(type: String, operation: String? = nil, location: SourceLocation) {
        self.type = type
        self.operation = operation
        self.location = location
    }
}

/// How often and how far apart a failing job is retried.
public struct RetryPolicy: Hashable, Sendable, Codable {
    public var count: Int
    /// ISO 8601 duration between attempts, e.g. `PT10S`.
    public var backoff: String?
    public var location: SourceLocation

    public init(count: Int, backoff: String? = nil, location: SourceLocation) {
        self.count = count
        self.backoff = backoff
        self.location = location
    }
}

/// One input or output mapping: `target` receives the value of `source`.
public struct VariableMapping: Hashable, Sendable, Codable {
    public var target: String
    /// A FEEL expression (`=order.total`), a JUEL expression, a variable name or a literal.
    public var source: FormalExpression?
    public var location: SourceLocation

    public init(target: String, source: FormalExpression?, location: SourceLocation) {
        self.target = target
        self.source = source
        self.location = location
    }
}

/// Who a user task goes to.
public struct TaskAssignment: Hashable, Sendable, Codable {
    public var assignee: String?
    public var candidateGroups: [String] = []
    public var candidateUsers: [String] = []
    /// `baton:excludedUsers`: users who may not claim or complete the task (four eyes);
    /// a comma-separated list, or one expression.
    public var excludedUsers: [String] = []
    /// `baton:completerVariable`: the variable that receives the name of the user who
    /// completes the task.
    public var completerVariable: String?
    public var dueDate: String?
    public var followUpDate: String?
    public var priority: String?
    public var location: SourceLocation

    public init(location: SourceLocation) { self.location = location }
}

/// A form field a user task asks for, validated when the task is completed.
public struct FormField: Hashable, Sendable, Codable {
    public var id: String
    /// `string`, `number` (also `long`, `integer`), `boolean`, `date`, `enum`.
    public var type: String?
    public var label: String?
    public var required: Bool
    /// Literal text, or FEEL when written `=...`; used when the field is not given.
    public var defaultValue: String?
    /// Smallest and largest allowed number.
    public var minimum: String?
    public var maximum: String?
    /// An XML Schema regular expression text must match whole.
    public var pattern: String?
    /// The allowed values of an `enum` field.
    public var values: [String]
    /// `sensitive="true"`: the variable is encrypted at rest and shown masked.
    public var sensitive = false
    public var location: SourceLocation

    public init(
        id: String, type: String? = nil, label: String? = nil, required: Bool = false, defaultValue: String? = nil,
        minimum: String? = nil, maximum: String? = nil, pattern: String? = nil, values: [String] = [], location: SourceLocation
    ) {
        self.id = id
        self.type = type
        self.label = label
        self.required = required
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.values = values
        self.location = location
    }
}

/// A name and a value, for properties and headers.
public struct NamedValue: Hashable, Sendable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
