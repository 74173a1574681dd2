public import BatonEngine
import BatonFEEL
import BatonModel
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Each `save` is one transaction holding the instance's new state, its history and the
/// rows that find it again (due timers, message and signal subscriptions). With
/// ``Durability/full`` (the default) a commit returns only once it is on disk
/// (`synchronous=FULL`); ``Durability/relaxed`` (`synchronous=NORMAL`) may lose the last
/// commits on power loss, never on a crash of Baton alone.
///
/// ```swift
/// let store = try SQLiteStore(path: "baton.sqlite")
/// ```
public final class SQLiteStore: ProcessStore, Sendable {
    /// How hard a commit holds on to the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=FULL`: acknowledged means on disk.
        case full
        /// `synchronous=NORMAL`: survives a crash of Baton, may lose the last commits on
        /// power loss.
        case relaxed
    }

    public let path: String
    private let pool: DatabasePool
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens (creating when missing) the database at `path` and brings its schema up to
    /// date. A file that is not a Baton database, is damaged, or was written by a newer
    /// Baton throws ``StoreError/unusable(_:)`` with the reason.
    /// `maximumBytes` caps the database file's size (SQLite's `max_page_count`): past it,
    /// writes fail as on a full disk.
    public init(path: String, durability: Durability = .full, maximumBytes: Int? = nil) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        // Several Baton processes may share the file (a worker, the CLI): a writer waits
        // for another's transaction instead of failing with "database is locked".
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            if let maximumBytes {
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maximumBytes / pageSize))")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = SQLiteSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.unusable("\(path): the database was written by a newer version of Baton; upgrade Baton to open it")
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unusable("\(path): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        switch error.resultCode {
        case .SQLITE_NOTADB: return "not a Baton database (the file is not SQLite, or is damaged)"
        case .SQLITE_CORRUPT: return "the database file is damaged (\(error.message ?? "corrupt")); restore it from a backup"
        case .SQLITE_FULL: return "the disk is full; nothing was written"
        case .SQLITE_READONLY: return "the database is read-only"
        case .SQLITE_CANTOPEN: return "cannot open the database file"
        default: return error.message ?? "\(error)"
        }
    }

    func writeDatabase<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try write(body) }
    func readDatabase<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try read(body) }

    /// Closes the database for good: the write-ahead log is checkpointed into the file and
    /// emptied first, so the file alone holds everything (a backup of it is whole). Every
    /// later call fails. Servers call it once their requests and jobs are drained.
    public func close() throws(StoreError) {
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw StoreError.unusable("\(path): cannot close the database: \(Self.describe(error))")
        }
    }

    /// A read without a transaction around it: each statement sees the database as of its
    /// own start. For hot reads whose statements need no common snapshot (the inbox), it
    /// saves the BEGIN and COMMIT of a read transaction.
    func readEachStatement<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.unsafeRead(body) } catch let error as StoreError { throw error } catch { throw StoreError.unusable("\(path): \(Self.describe(error))") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch { throw StoreError.unusable("\(path): \(Self.describe(error))") }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch { throw StoreError.unusable("\(path): \(Self.describe(error))") }
    }

    // MARK: Deployments

    public func deployments() throws(StoreError) -> [DeploymentRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, fileName, xml, sha256, processes, deployedAt FROM deployment ORDER BY id").map { row in
                let processes = try JSONDecoder().decode([ProcessReference].self, from: Data((row["processes"] as String).utf8))
                return DeploymentRecord(
                    id: row["id"], fileName: row["fileName"], xml: row["xml"], sha256: row["sha256"], processes: processes,
                    deployedAt: EngineInstant(millisecondsSinceEpoch: row["deployedAt"]))
            }
        }
    }

    public func addDeployment(_ deployment: DeploymentRecord) throws(StoreError) {
        let processes = String(decoding: (try? Self.encoder.encode(deployment.processes)) ?? Data("[]".utf8), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: "INSERT INTO deployment (id, fileName, xml, sha256, processes, deployedAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [deployment.id, deployment.fileName, deployment.xml, deployment.sha256, processes, deployment.deployedAt.millisecondsSinceEpoch])
        }
    }

    // MARK: Instances

    public func instance(_ id: ProcessInstanceID) throws(StoreError) -> StoredInstance? {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT state, revision FROM instance WHERE id = ?", arguments: [id.rawValue]) }
        guard let row else { return nil }
        let data: Data = row["state"]
        do {
            let state = try ProcessInstanceState(storedBytes: Array(data))
            return StoredInstance(state: state, revision: row["revision"])
        } catch {
            // The Codable form, as the first durable builds wrote it.
            if let state = try? JSONDecoder().decode(ProcessInstanceState.self, from: data) { return StoredInstance(state: state, revision: row["revision"]) }
            throw StoreError.unusable("\(path): the stored state of process instance '\(id)' cannot be read: \(error.message)")
        }
    }

    @discardableResult
    public func save(_ state: ProcessInstanceState, expectedRevision: Int?, history: [EngineEvent], at now: EngineInstant) throws(StoreError) -> Int {
        let request = SaveRequest(state: state, expectedRevision: expectedRevision, history: history, at: now)
        let encoded = EncodedSave(request)
        return try write { db in try Self.save(encoded, in: db) }
    }

    /// Saves many instances in **one** transaction (one commit, one fsync): what group
    /// commit is made of. Each save succeeds or fails on its own (a conflict rolls back
    /// that save only, through a savepoint); the results are in the requests' order.
    public func saveBatch(_ requests: [SaveRequest]) -> [Result<Int, StoreError>] {
        // Encoding happens outside the transaction: the writer holds the lock briefly.
        saveBatch(encoded: requests.map(EncodedSave.init))
    }

    /// ``saveBatch(_:)`` for saves already encoded (by their callers, in parallel).
    func saveBatch(encoded: [EncodedSave]) -> [Result<Int, StoreError>] {
        do {
            return try pool.write { db in
                encoded.map { save in
                    var result: Result<Int, StoreError> = .failure(.unusable("not saved"))
                    do {
                        try db.inSavepoint {
                            do {
                                result = .success(try Self.save(save, in: db))
                                return .commit
                            } catch let error as StoreError {
                                result = .failure(error)
                                return .rollback
                            }
                        }
                    } catch {
                        result = .failure(.unusable("\(path): \(Self.describe(error))"))
                    }
                    return result
                }
            }
        } catch {
            return encoded.map { _ in .failure(.unusable("\(path): \(Self.describe(error))")) }
        }
    }

    /// A save with its state and history already encoded.
    struct EncodedSave: Sendable {
        let state: ProcessInstanceState
        let expectedRevision: Int?
        let data: Data
        /// The process-level variables alone, for filtering inboxes without the state.
        let variables: Data
        let history: Data?
        let at: EngineInstant

        init(_ request: SaveRequest) {
            state = request.state
            expectedRevision = request.expectedRevision
            data = Data(request.state.storedBytes)
            variables = Data(FEELValue.context(request.state.variables).storedText.utf8)
            // One history row per command: its events as one array, in order.
            history = request.history.isEmpty ? nil : Data(EngineEvent.storedBytes(request.history))
            at = request.at
        }
    }

    private static func save(_ save: EncodedSave, in db: Database) throws -> Int {
        let state = save.state
        let id = state.id.rawValue
        let revision: Int
        if let expected = save.expectedRevision {
            try db.executeCached(sql: """
                    UPDATE instance SET state = ?, variables = ?, revision = revision + 1, status = ?, incidents = ?, endedAt = ?
                    WHERE id = ? AND revision = ?
                    """,
                arguments: [save.data, save.variables, state.status.rawValue, state.incidents.count, state.endedAt?.millisecondsSinceEpoch, id, expected])
            guard db.changesCount == 1 else { throw StoreError.conflict(state.id) }
            revision = expected + 1
        } else {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM instance WHERE id = ?", arguments: [id]) == true { throw StoreError.duplicate(state.id) }
            try db.executeCached(sql: """
                    INSERT INTO instance (id, processID, version, businessKey, status, incidents, revision, state, startedAt, endedAt, variables)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, state.process.id.rawValue, state.process.version, state.businessKey, state.status.rawValue, state.incidents.count, save.data,
                    state.startedAt.millisecondsSinceEpoch, state.endedAt?.millisecondsSinceEpoch, save.variables,
                ])
            revision = 1
        }
        try replaceLookups(of: state, in: db)
        if let history = save.history {
            try db.executeCached(sql: "INSERT INTO history (instanceID, at, events) VALUES (?, ?, ?)", arguments: [id, save.at.millisecondsSinceEpoch, history])
        }
        return revision
    }

    /// The rows that find an instance without reading its state: its timers and its
    /// message and signal subscriptions, rewritten with every save.
    private static func replaceLookups(of state: ProcessInstanceState, in db: Database) throws {
        let id = state.id.rawValue
        // Jobs keep their lock unless the job itself changed (failed, so its retries moved).
        let keys = "[" + state.jobs.keys.map { String($0.rawValue) }.joined(separator: ",") + "]"
        try db.executeCached(sql: "DELETE FROM job WHERE instanceID = ? AND key NOT IN (SELECT value FROM json_each(?))", arguments: [id, keys])
        for job in state.jobs.values {
            try db.executeCached(sql: """
                    INSERT INTO job (instanceID, key, type, element, retries, dueAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (instanceID, key) DO UPDATE SET
                        lockOwner = CASE WHEN job.retries != excluded.retries THEN NULL ELSE job.lockOwner END,
                        lockExpiry = CASE WHEN job.retries != excluded.retries THEN NULL ELSE job.lockExpiry END,
                        retries = excluded.retries, dueAt = excluded.dueAt
                    """,
                arguments: [id, job.key.rawValue, job.type, job.element.rawValue, job.retries, (job.retryAt ?? job.createdAt).millisecondsSinceEpoch])
        }
        try replaceTasks(of: state, in: db)
        try db.executeCached(sql: "DELETE FROM subscription WHERE instanceID = ?", arguments: [id])
        for subscription in state.subscriptions.values {
            switch subscription.trigger {
            case .timer(let due):
                try db.executeCached(sql: "INSERT INTO subscription (instanceID, key, kind, name, correlationKey, dueAt) VALUES (?, ?, 'timer', NULL, NULL, ?)",
                    arguments: [id, subscription.key.rawValue, due.millisecondsSinceEpoch])
            case .message(let name, let correlationKey):
                try db.executeCached(sql: "INSERT INTO subscription (instanceID, key, kind, name, correlationKey, dueAt) VALUES (?, ?, 'message', ?, ?, NULL)",
                    arguments: [id, subscription.key.rawValue, name, correlationKey])
            case .signal(let name):
                try db.executeCached(sql: "INSERT INTO subscription (instanceID, key, kind, name, correlationKey, dueAt) VALUES (?, ?, 'signal', ?, NULL, NULL)",
                    arguments: [id, subscription.key.rawValue, name])
            }
        }
    }

    public func instances(_ filter: InstanceFilter?) throws(StoreError) -> [InstanceSummary] {
        var sql = "SELECT id, processID, version, businessKey, status, incidents, startedAt, endedAt FROM instance"
        switch filter {
        case .incident?: sql += " WHERE incidents > 0"
        case let status?: sql += " WHERE status = '\(status.rawValue)'"
        case nil: break
        }
        sql += " ORDER BY startedAt DESC, id"
        return try read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                InstanceSummary(
                    id: ProcessInstanceID(row["id"] as String), process: ProcessReference(id: ElementID(row["processID"] as String), version: row["version"]),
                    businessKey: row["businessKey"], status: ProcessInstanceState.Status(rawValue: row["status"]) ?? .active, incidents: row["incidents"],
                    startedAt: EngineInstant(millisecondsSinceEpoch: row["startedAt"]),
                    endedAt: (row["endedAt"] as Int64?).map { EngineInstant(millisecondsSinceEpoch: $0) })
            }
        }
    }

    public func history(of id: ProcessInstanceID) throws(StoreError) -> [HistoryEntry] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT seq, at, events FROM history WHERE instanceID = ? ORDER BY seq", arguments: [id.rawValue]) }
        var entries: [HistoryEntry] = []
        for row in rows {
            let data: Data = row["events"]
            // The stores' compact form; the Codable form as the first durable builds wrote it.
            guard let events = (try? EngineEvent.events(storedBytes: Array(data))) ?? (try? JSONDecoder().decode([EngineEvent].self, from: data)) else {
                throw StoreError.unusable("\(path): history entry \(row["seq"] as Int) of process instance '\(id)' cannot be read")
            }
            let at = EngineInstant(millisecondsSinceEpoch: row["at"])
            for event in events { entries.append(HistoryEntry(sequence: entries.count + 1, instance: id, at: at, event: event)) }
        }
        return entries
    }

    public func dueTimers(at now: EngineInstant, limit: Int) throws(StoreError) -> [DueTimer] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT instanceID, key, dueAt FROM subscription WHERE kind = 'timer' AND dueAt <= ? ORDER BY dueAt, instanceID, key LIMIT ?",
                arguments: [now.millisecondsSinceEpoch, limit]
            ).map { row in
                DueTimer(instance: ProcessInstanceID(row["instanceID"] as String), subscription: SubscriptionKey(row["key"] as Int), dueAt: EngineInstant(millisecondsSinceEpoch: row["dueAt"]))
            }
        }
    }

    public func instancesWaiting(forMessage name: String, correlationKey: String?, businessKey: String?) throws(StoreError) -> [ProcessInstanceID] {
        try read { db in
            let rows: [String]
            if let correlationKey {
                rows = try String.fetchAll(
                    db, sql: "SELECT DISTINCT instanceID FROM subscription WHERE kind = 'message' AND name = ? AND correlationKey = ? ORDER BY instanceID",
                    arguments: [name, correlationKey])
            } else if let businessKey {
                rows = try String.fetchAll(
                    db, sql: """
                        SELECT DISTINCT s.instanceID FROM subscription s JOIN instance i ON i.id = s.instanceID
                        WHERE s.kind = 'message' AND s.name = ? AND i.businessKey = ? ORDER BY s.instanceID
                        """,
                    arguments: [name, businessKey])
            } else {
                rows = try String.fetchAll(
                    db, sql: "SELECT DISTINCT instanceID FROM subscription WHERE kind = 'message' AND name = ? AND correlationKey IS NULL ORDER BY instanceID",
                    arguments: [name])
            }
            return rows.map { ProcessInstanceID($0) }
        }
    }

    public func acquireJobs(types: [String], owner: String, now: EngineInstant, lockFor milliseconds: Int64, limit: Int) throws(StoreError) -> [AcquiredJob] {
        guard !types.isEmpty else { return [] }
        let placeholders = types.map { _ in "?" }.joined(separator: ",")
        var arguments: [any DatabaseValueConvertible] = [owner, now.millisecondsSinceEpoch + milliseconds, now.millisecondsSinceEpoch, now.millisecondsSinceEpoch]
        arguments += types.map { $0 as any DatabaseValueConvertible }
        arguments.append(limit)
        let rows = try write { db in
            try Row.fetchAll(
                db,
                sql: """
                    UPDATE job SET lockOwner = ?, lockExpiry = ?
                    WHERE (instanceID, key) IN (
                        SELECT instanceID, key FROM job
                        WHERE dueAt <= ? AND (lockExpiry IS NULL OR lockExpiry <= ?) AND type IN (\(placeholders))
                        ORDER BY dueAt LIMIT ?)
                    RETURNING instanceID, key, type
                    """,
                arguments: StatementArguments(arguments))
        }
        return rows.map { row in
            AcquiredJob(instance: ProcessInstanceID(row["instanceID"] as String), job: JobKey(row["key"] as Int), type: row["type"])
        }
    }

    public func instancesWaiting(forSignal name: String) throws(StoreError) -> [ProcessInstanceID] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT instanceID FROM subscription WHERE kind = 'signal' AND name = ? ORDER BY instanceID", arguments: [name])
                .map { ProcessInstanceID($0) }
        }
    }

    public func deleteHistory(ofInstancesEndedBefore cutoff: EngineInstant) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM history WHERE instanceID IN (SELECT id FROM instance WHERE endedAt IS NOT NULL AND endedAt < ?)",
                arguments: [cutoff.millisecondsSinceEpoch])
            return db.changesCount
        }
    }
}

extension Database {
    /// Runs a statement prepared once per connection and reused (saves run the same few
    /// statements thousands of times).
    func executeCached(sql: String, arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
