public import BatonEngine
import Foundation
import GRDB

/// Synthetic inbox data for `baton bench inbox`: many open tasks written straight into the
/// inbox tables (as the engine would leave them), so the query can be measured at scale
/// without running a million instances first.
extension SQLiteStore {
    /// What was generated, for choosing users to query as.
    public struct SyntheticInbox: Sendable {
        /// Each user's roles, by user index (`user-0`, `user-1`, ...).
        public var userRoles: [[String]]

        public init(userRoles: [[String]]) { self.userRoles = userRoles }
    }

    /// Writes `tasks` open tasks over `instances` instances, each offered to one of `roles`
    /// roles (a fifth assigned to one of `users` users), due over the next 30 days, and
    /// gives every user `rolesPerUser` roles. Deterministic for a `seed`.
    public func generateSyntheticInbox(tasks: Int, roles: Int, users: Int, instances: Int, rolesPerUser: Int, seed: UInt64, now: EngineInstant) throws -> SyntheticInbox {
        var state = seed == 0 ? 1 : seed
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let userRoles = (0..<users).map { _ in Array(Set((0..<rolesPerUser).map { _ in "role-\(next(roles))" })).sorted() }
        try writeDatabase { db in
            let instance = try db.makeStatement(sql: "INSERT INTO instance (id, processID, version, businessKey, status, incidents, revision, state, startedAt) VALUES (?, 'synthetic', 1, NULL, 'active', 0, 1, x'7b7d', ?)")
            for index in 0..<instances { try instance.execute(arguments: ["si-\(index)", now.millisecondsSinceEpoch]) }
            let task = try db.makeStatement(sql: "INSERT INTO task (instanceID, key, element, name, processID, assignee, dueAt, priority, createdAt) VALUES (?, ?, 'review', 'Review', 'synthetic', ?, ?, ?, ?)")
            let candidate = try db.makeStatement(sql: "INSERT INTO task_candidate (kind, name, instanceID, key, assigned, dueAt, createdAt) VALUES ('group', ?, ?, ?, ?, ?, ?)")
            for index in 0..<tasks {
                let instanceID = "si-\(index % instances)"
                let key = index / instances + 1
                let assignee: String? = next(5) == 0 ? "user-\(next(users))" : nil
                let due = now.millisecondsSinceEpoch + Int64(next(30 * 86_400)) * 1000
                let created = now.millisecondsSinceEpoch - Int64(next(86_400)) * 1000
                try task.execute(arguments: [instanceID, key, assignee, due, next(5), created])
                try candidate.execute(arguments: ["role-\(next(roles))", instanceID, key, assignee == nil ? 0 : 1, due, created])
            }
            try db.execute(sql: "ANALYZE")
        }
        return SyntheticInbox(userRoles: userRoles)
    }
}
