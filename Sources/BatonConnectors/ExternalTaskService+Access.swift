public import BatonEngine
public import BatonRuntime

/// Who may work on external tasks (the HTTP API checks it for every fetch and report;
/// `baton worker` on a local database needs no user).
///
/// - the `admin` role and the role `worker` may work on every topic;
/// - the role `worker.TOPIC` may work on topic `TOPIC` only (role names are lowercase
///   letters, digits, `.`, `_` and `-`, so a topic named otherwise needs `worker`).
extension ExternalTaskService {
    /// The role that may work on every topic.
    public static let workerRole = "worker"

    /// The role that may work on `topic` only.
    public static func workerRole(forTopic topic: String) -> String { "\(workerRole).\(topic)" }

    /// Whether `user` may fetch and report tasks of `topic`.
    public static func allows(_ user: UserRecord, topic: String) -> Bool {
        user.roles.contains { $0 == Directory.adminRole || $0 == workerRole || $0 == workerRole(forTopic: topic) }
    }

    /// Whether `user` may work on some topic (has a worker role, or is an admin).
    public static func isWorker(_ user: UserRecord) -> Bool {
        user.roles.contains { $0 == Directory.adminRole || $0 == workerRole || $0.hasPrefix(workerRole + ".") }
    }

    /// Refuses (forbidden) unless `user` may work on every one of `topics`.
    public static func authorize(_ user: UserRecord, topics: [String]) throws(RuntimeError) {
        guard isWorker(user) else {
            throw RuntimeError("\(user.name) may not work on external tasks; this needs the role '\(workerRole)' or '\(workerRole).TOPIC'", kind: .forbidden)
        }
        let refused = topics.filter { !allows(user, topic: $0) }
        guard refused.isEmpty else {
            let names = refused.map { "'\($0)'" }.joined(separator: ", ")
            throw RuntimeError("\(user.name) may not work on topic \(names); this needs the role '\(workerRole)' or '\(workerRole(forTopic: refused[0]))'", kind: .forbidden)
        }
    }

    /// Refuses unless `user` may report on task `id`: forbidden without a worker role or
    /// the task's topic, not found for an unknown task.
    public func authorize(_ user: UserRecord, task id: String) throws {
        try Self.authorize(user, topics: [])
        try Self.authorize(user, topics: [try topic(ofTask: id)])
    }
}
