public import BatonEngine
public import BatonFEEL
import BatonModel
import Foundation
import GRDB

/// The inbox's rows: one per open user task, one per candidate (role or user) with the
/// task's due date copied, so an inbox is an index range, not a scan.
extension SQLiteStore: TaskStore {
    static func replaceTasks(of state: ProcessInstanceState, in db: Database) throws {
        let id = state.id.rawValue
        try db.executeCached(sql: "DELETE FROM task WHERE instanceID = ?", arguments: [id])
        try db.executeCached(sql: "DELETE FROM task_candidate WHERE instanceID = ?", arguments: [id])
        for task in state.userTasks.values {
            let due = dueInstant(task.dueDate)?.millisecondsSinceEpoch
            let priority = task.priority.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            try db.executeCached(
                sql: "INSERT INTO task (instanceID, key, element, name, processID, assignee, dueAt, priority, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, task.key.rawValue, task.element.rawValue, task.name, state.process.id.rawValue, task.assignee, due, priority, task.createdAt.millisecondsSinceEpoch])
            // `excluded` rows (baton:excludedUsers) keep a task out of those users' inboxes.
            let candidates = Set(
                task.candidateGroups.map { CandidateRow(kind: "group", name: $0) } + task.candidateUsers.map { CandidateRow(kind: "user", name: $0) }
                    + task.excludedUsers.map { CandidateRow(kind: "excluded", name: $0) })
            for candidate in candidates {
                let (kind, name) = (candidate.kind, candidate.name)
                try db.executeCached(
                    sql: "INSERT INTO task_candidate (kind, name, instanceID, key, assigned, dueAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [kind, name, id, task.key.rawValue, task.assignee == nil ? 0 : 1, due, task.createdAt.millisecondsSinceEpoch])
            }
        }
    }

    public func processVariables(of instances: [ProcessInstanceID]) throws(StoreError) -> [ProcessInstanceID: FEELContext] {
        guard !instances.isEmpty else { return [:] }
        let ids = instances.map(\.rawValue)
        let rows = try readDatabase { db in
            try Row.fetchAll(
                db, sql: "SELECT id, variables FROM instance WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [String(decoding: (try? JSONEncoder().encode(ids)) ?? Data("[]".utf8), as: UTF8.self)])
        }
        var result: [ProcessInstanceID: FEELContext] = [:]
        for row in rows {
            guard let data = row["variables"] as Data?, case .context(let context)? = try? FEELValue(storedText: String(decoding: data, as: UTF8.self)) else { continue }
            result[ProcessInstanceID(row["id"] as String)] = context
        }
        return result
    }

    /// Gauges for monitoring: open user tasks (and how many are unassigned), instances with
    /// open incidents, active instances.
    public func gauges() throws(StoreError) -> (openTasks: Int, unassignedTasks: Int, instancesWithIncidents: Int, activeInstances: Int) {
        try readDatabase { db in
            let tasks = try Row.fetchOne(db, sql: "SELECT count(*) AS open, count(*) FILTER (WHERE assignee IS NULL) AS unassigned FROM task")
            let incidents = try Int.fetchOne(db, sql: "SELECT count(*) FROM instance WHERE incidents > 0") ?? 0
            let active = try Int.fetchOne(db, sql: "SELECT count(*) FROM instance WHERE status = 'active'") ?? 0
            return ((tasks?["open"] as Int?) ?? 0, (tasks?["unassigned"] as Int?) ?? 0, incidents, active)
        }
    }

    private struct CandidateRow: Hashable {
        var kind: String
        var name: String
    }

    /// A due date written as an ISO 8601 date-time or date (what the engine stores).
    static func dueInstant(_ text: String?) -> EngineInstant? {
        guard let text, let moment = try? ISO8601DateTime.parse(text) else { return nil }
        let dateTime = FEELDateTime(
            date: FEELDate(year: moment.year, month: moment.month, day: moment.day),
            time: FEELTime(hour: moment.hour, minute: moment.minute, second: moment.second, nanosecond: moment.nanosecond, zone: .offset(seconds: moment.utcOffsetSeconds ?? 0)))
        return dateTime.epochMilliseconds.map { EngineInstant(millisecondsSinceEpoch: $0) }
    }

    public func inbox(_ query: InboxQuery) throws(StoreError) -> [TaskSummary] {
        let columns = "t.instanceID, t.key, t.element, t.name, t.processID, t.assignee, t.dueAt, t.priority, t.createdAt"
        let order: String
        switch query.sort {
        case .due: order = "dueAt IS NULL, dueAt, createdAt, instanceID, key"
        case .priority: order = "priority IS NULL, priority DESC, dueAt IS NULL, dueAt, instanceID, key"
        case .created: order = "createdAt, instanceID, key"
        }
        let prefixOrder = order.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        var filters: [String] = []
        var filterArguments: [any DatabaseValueConvertible] = []
        if let process = query.processID {
            filters.append("t.processID = ?")
            filterArguments.append(process)
        }
        if let businessKey = query.businessKey {
            filters.append("t.instanceID IN (SELECT id FROM instance WHERE businessKey = ?)")
            filterArguments.append(businessKey)
        }
        if let before = query.dueBefore {
            filters.append("t.dueAt < ?")
            filterArguments.append(before.millisecondsSinceEpoch)
        }
        let pageEnd = query.limit + query.offset
        /// The query, with the four-eyes check or without it (when no task excludes the
        /// user, the usual case, it would only cost a probe per candidate row).
        func statement(excluding: Bool) -> (sql: String, arguments: [any DatabaseValueConvertible])? {
            // Each source of tasks is its own index range, cut at the page's end; the union of
            // those few rows is then sorted and paged. (One OR over all tasks would scan them.)
            var parts: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            /// `source` is the table whose index gives the order (`c` for candidates): by due
            /// date, tasks with a due date and those without are read as two ranges of the
            /// index, in the index's full order (due date, creation, task id), so each stops
            /// after a page instead of sorting every task of a role, and ties cut the same way
            /// the final order does.
            func part(_ from: String, _ condition: String, _ values: [any DatabaseValueConvertible], source: String) {
                let due = "\(source).dueAt", tail = "\(source).createdAt, \(source).instanceID, \(source).key"
                if query.sort == .due {
                    for (dated, ordering) in [("\(due) IS NOT NULL", "\(due), \(tail)"), ("\(due) IS NULL", tail)] {
                        let allConditions = ([condition, dated] + filters).joined(separator: " AND ")
                        parts.append("SELECT * FROM (SELECT \(columns) FROM \(from) WHERE \(allConditions) ORDER BY \(ordering) LIMIT \(pageEnd))")
                        arguments += values + filterArguments
                    }
                } else {
                    let allConditions = ([condition] + filters).joined(separator: " AND ")
                    parts.append("SELECT * FROM (SELECT \(columns) FROM \(from) WHERE \(allConditions) ORDER BY \(prefixOrder) LIMIT \(pageEnd))")
                    arguments += values + filterArguments
                }
            }
            let candidates = "task_candidate c JOIN task t ON t.instanceID = c.instanceID AND t.key = c.key"
            if query.everything {
                let condition = query.assignedOnly ? "t.assignee IS NOT NULL" : query.unassignedOnly ? "t.assignee IS NULL" : "1"
                part("task t", condition, [], source: "t")
            } else {
                if let user = query.user, !query.unassignedOnly { part("task t", "t.assignee = ?", [user], source: "t") }
                if !query.assignedOnly {
                    // A task that excludes the user (four eyes) is not in their inbox.
                    let notExcluded = query.user == nil || !excluding ? "" : """
                         AND NOT EXISTS (SELECT 1 FROM task_candidate x WHERE x.instanceID = c.instanceID AND x.key = c.key AND x.kind = 'excluded' AND x.name = ?)
                        """
                    let excludedArgument: [any DatabaseValueConvertible] = excluding ? query.user.map { [$0] } ?? [] : []
                    if let user = query.user { part(candidates, "c.kind = 'user' AND c.name = ? AND c.assigned = 0" + notExcluded, [user] + excludedArgument, source: "c") }
                    for role in Set(query.roles).sorted() {
                        part(candidates, "c.kind = 'group' AND c.name = ? AND c.assigned = 0" + notExcluded, [role] + excludedArgument, source: "c")
                    }
                }
            }
            guard !parts.isEmpty else { return nil }
            let sql = """
                SELECT DISTINCT instanceID, key, element, name, processID, assignee, dueAt, priority, createdAt FROM (\(parts.joined(separator: " UNION ALL ")))
                ORDER BY \(order) LIMIT ? OFFSET ?
                """
            arguments.append(query.limit)
            arguments.append(query.offset)
            return (sql, arguments)
        }
        // Two statements, each consistent on its own: a task excluded a moment ago may show
        // once more, and is still refused when claimed.
        return try readEachStatement { db in
            var excluding = false
            if let user = query.user, !query.everything {
                excluding = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM task_candidate WHERE kind = 'excluded' AND name = ?)"), arguments: [user]) ?? true
            }
            guard let (sql, arguments) = statement(excluding: excluding) else { return [] }
            // The same shapes of query come again and again: compile each once per connection.
            return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)).map { row in
                TaskSummary(
                    // By position, in the SELECT's order: a name lookup per column costs more
                    // than the rest of the row on a busy inbox.
                    instance: ProcessInstanceID(row[0] as String), key: UserTaskKey(row[1] as Int), element: row[2],
                    name: row[3], processID: row[4], assignee: row[5],
                    dueAt: (row[6] as Int64?).map { EngineInstant(millisecondsSinceEpoch: $0) }, priority: row[7],
                    createdAt: EngineInstant(millisecondsSinceEpoch: row[8]))
            }
        }
    }


}

extension SQLiteStore {
    /// An ISO 8601 date-time or date as an instant, as the inbox reads due dates.
    public static func instant(iso text: String) -> EngineInstant? { dueInstant(text) }
}
