public import BatonEngine
import BatonFEEL
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
            let candidates = Set(task.candidateGroups.map { CandidateRow(kind: "group", name: $0) } + task.candidateUsers.map { CandidateRow(kind: "user", name: $0) })
            for candidate in candidates {
                let (kind, name) = (candidate.kind, candidate.name)
                try db.executeCached(
                    sql: "INSERT INTO task_candidate (kind, name, instanceID, key, assigned, dueAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [kind, name, id, task.key.rawValue, task.assignee == nil ? 0 : 1, due, task.createdAt.millisecondsSinceEpoch])
            }
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
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        // Who: assigned to the user, or unassigned and offered to the user or their roles.
        var who: [String] = []
        if !query.everything {
            if let user = query.user, !query.unassignedOnly {
                who.append("t.assignee = ?")
                arguments.append(user)
            }
            if !query.assignedOnly {
                var offered: [String] = []
                if let user = query.user {
                    offered.append("(c.kind = 'user' AND c.name = ?)")
                    arguments.append(user)
                }
                if !query.roles.isEmpty {
                    offered.append("(c.kind = 'group' AND c.name IN (\(query.roles.map { _ in "?" }.joined(separator: ","))))")
                    arguments += query.roles.map { $0 as any DatabaseValueConvertible }
                }
                if !offered.isEmpty {
                    who.append("(t.assignee IS NULL AND (t.instanceID, t.key) IN (SELECT c.instanceID, c.key FROM task_candidate c WHERE c.assigned = 0 AND (\(offered.joined(separator: " OR ")))))")
                }
            }
            if who.isEmpty { return [] }
            conditions.append("(" + who.joined(separator: " OR ") + ")")
        } else if query.assignedOnly {
            conditions.append("t.assignee IS NOT NULL")
        } else if query.unassignedOnly {
            conditions.append("t.assignee IS NULL")
        }
        if let process = query.processID {
            conditions.append("t.processID = ?")
            arguments.append(process)
        }
        if let before = query.dueBefore {
            conditions.append("t.dueAt IS NOT NULL AND t.dueAt < ?")
            arguments.append(before.millisecondsSinceEpoch)
        }
        let order: String
        switch query.sort {
        case .due: order = "t.dueAt IS NULL, t.dueAt, t.createdAt, t.instanceID, t.key"
        case .priority: order = "t.priority IS NULL, t.priority DESC, t.dueAt IS NULL, t.dueAt, t.instanceID, t.key"
        case .created: order = "t.createdAt, t.instanceID, t.key"
        }
        let sql = """
            SELECT t.instanceID, t.key, t.element, t.name, t.processID, t.assignee, t.dueAt, t.priority, t.createdAt FROM task t
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        arguments.append(query.limit)
        arguments.append(query.offset)
        let finalArguments = arguments
        return try readDatabase { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(finalArguments)).map { row in
                TaskSummary(
                    instance: ProcessInstanceID(row["instanceID"] as String), key: UserTaskKey(row["key"] as Int), element: row["element"],
                    name: row["name"], processID: row["processID"], assignee: row["assignee"],
                    dueAt: (row["dueAt"] as Int64?).map { EngineInstant(millisecondsSinceEpoch: $0) }, priority: row["priority"],
                    createdAt: EngineInstant(millisecondsSinceEpoch: row["createdAt"]))
            }
        }
    }
}

extension SQLiteStore {
    /// An ISO 8601 date-time or date as an instant, as the inbox reads due dates.
    public static func instant(iso text: String) -> EngineInstant? { dueInstant(text) }
}
