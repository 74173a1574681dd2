public import BatonEngine
import BatonFEEL
import GRDB

/// Processed message ids and buffered messages (``MessageStore``).
extension SQLiteStore: MessageStore {
    public func claimMessageID(_ id: String, at now: EngineInstant, keepUntil: EngineInstant) throws(StoreError) -> Bool {
        try writeDatabase { db in
            try db.execute(sql: "DELETE FROM message_id WHERE keepUntil <= ?", arguments: [now.millisecondsSinceEpoch])
            try db.execute(
                sql: "INSERT INTO message_id (id, receivedAt, keepUntil) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [id, now.millisecondsSinceEpoch, keepUntil.millisecondsSinceEpoch])
            return db.changesCount == 1
        }
    }

    public func forgetMessageID(_ id: String) throws(StoreError) {
        try writeDatabase { db in try db.execute(sql: "DELETE FROM message_id WHERE id = ?", arguments: [id]) }
    }

    @discardableResult
    public func bufferMessage(_ message: BufferedMessage) throws(StoreError) -> Int64 {
        try writeDatabase { db in
            try db.execute(
                sql: "INSERT INTO message_buffer (name, correlationKey, businessKey, variables, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [message.name, message.correlationKey, message.businessKey, FEELValue.context(message.variables).storedText,
                    message.expiresAt.millisecondsSinceEpoch])
            return db.lastInsertedRowID
        }
    }

    public func bufferedMessages(named names: Set<String>, at now: EngineInstant) throws(StoreError) -> [BufferedMessage] {
        guard !names.isEmpty else { return [] }
        let placeholders = names.map { _ in "?" }.joined(separator: ",")
        var arguments: [any DatabaseValueConvertible] = names.sorted()
        arguments.append(now.millisecondsSinceEpoch)
        let finalArguments = arguments
        let rows = try readDatabase { db in
            try Row.fetchAll(
                db, sql: "SELECT key, name, correlationKey, businessKey, variables, expiresAt FROM message_buffer WHERE name IN (\(placeholders)) AND expiresAt > ? ORDER BY key",
                arguments: StatementArguments(finalArguments))
        }
        // Expired messages go (rarely any: only when messages were buffered for a while).
        if try readDatabase({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM message_buffer WHERE expiresAt <= ? LIMIT 1", arguments: [now.millisecondsSinceEpoch]) }) == true {
            try writeDatabase { db in try db.execute(sql: "DELETE FROM message_buffer WHERE expiresAt <= ?", arguments: [now.millisecondsSinceEpoch]) }
        }
        return rows.map { row in
            let variables: FEELContext
            if case .context(let context)? = try? FEELValue(storedText: row["variables"] as String) { variables = context } else { variables = FEELContext() }
            return BufferedMessage(
                key: row["key"], name: row["name"], correlationKey: row["correlationKey"], businessKey: row["businessKey"], variables: variables,
                expiresAt: EngineInstant(millisecondsSinceEpoch: row["expiresAt"]))
        }
    }

    public func takeBufferedMessage(_ key: Int64) throws(StoreError) -> Bool {
        try writeDatabase { db in
            try db.execute(sql: "DELETE FROM message_buffer WHERE key = ?", arguments: [key])
            return db.changesCount == 1
        }
    }
}

/// The group-commit store passes message calls to its SQLite store.
extension GroupCommitStore: MessageStore {
    public func claimMessageID(_ id: String, at now: EngineInstant, keepUntil: EngineInstant) throws(StoreError) -> Bool {
        try store.claimMessageID(id, at: now, keepUntil: keepUntil)
    }
    public func forgetMessageID(_ id: String) throws(StoreError) { try store.forgetMessageID(id) }
    @discardableResult
    public func bufferMessage(_ message: BufferedMessage) throws(StoreError) -> Int64 { try store.bufferMessage(message) }
    public func bufferedMessages(named names: Set<String>, at now: EngineInstant) throws(StoreError) -> [BufferedMessage] {
        try store.bufferedMessages(named: names, at: now)
    }
    public func takeBufferedMessage(_ key: Int64) throws(StoreError) -> Bool { try store.takeBufferedMessage(key) }
}
