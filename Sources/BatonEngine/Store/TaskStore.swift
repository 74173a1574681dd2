public import BatonFEEL

/// The inbox: open user tasks found by who may work on them, without reading instances.
public protocol TaskStore: Sendable {
    /// Tasks assigned to `query.user`, plus unassigned tasks offered to that user or to one
    /// of `query.roles`, filtered and sorted as the query says.
    func inbox(_ query: InboxQuery) throws(StoreError) -> [TaskSummary]
    /// The process-level variables of these instances (kept beside their state), for
    /// filtering an inbox without reading whole states.
    func processVariables(of instances: [ProcessInstanceID]) throws(StoreError) -> [ProcessInstanceID: FEELContext]
}

/// What `baton tasks` asks for.
public struct InboxQuery: Hashable, Sendable {
    /// Whose inbox; nil lists tasks of `roles` only (or every task for an administrator).
    public var user: String?
    public var roles: [String]
    /// Every open task, whoever it is for (administrators).
    public var everything = false
    public var assignedOnly = false
    public var unassignedOnly = false
    public var processID: String?
    /// Only tasks of instances with this business key.
    public var businessKey: String?
    public var dueBefore: EngineInstant?
    public var sort: Sort = .due
    public var limit = 50
    /// Skip this many (from the previous page's count).
    public var offset = 0

    /// The order of the inbox.
    public enum Sort: String, Hashable, Sendable, CaseIterable {
        case due, priority, created
    }

    public init(user: String?, roles: [String]) {
        self.user = user
        self.roles = roles
    }
}

/// One line of an inbox.
public struct TaskSummary: Hashable, Sendable {
    public var instance: ProcessInstanceID
    public var key: UserTaskKey
    public var element: String
    public var name: String?
    public var processID: String
    public var assignee: String?
    public var dueAt: EngineInstant?
    public var priority: Int?
    public var createdAt: EngineInstant

    public init(
        instance: ProcessInstanceID, key: UserTaskKey, element: String, name: String?, processID: String, assignee: String?,
        dueAt: EngineInstant?, priority: Int?, createdAt: EngineInstant
    ) {
        self.instance = instance
        self.key = key
        self.element = element
        self.name = name
        self.processID = processID
        self.assignee = assignee
        self.dueAt = dueAt
        self.priority = priority
        self.createdAt = createdAt
    }

    /// `instance/key`: how people and the CLI name a task.
    public var id: String { "\(instance)/\(key)" }
}
