import GRDB

/// Document numbers and record look-ups both systems share.
enum Records {
    /// The next number from the `number_range` table: `SO-50001`, `SO-50002`, ... drawn
    /// inside the caller's transaction, so a rolled-back change gives its number back.
    static func next(_ range: String, prefix: String, first: Int, in db: Database) throws -> String {
        let next = try Int.fetchOne(db, sql: "SELECT next FROM number_range WHERE name = ?", arguments: [range]) ?? first
        try db.execute(sql: "INSERT OR REPLACE INTO number_range (name, next) VALUES (?, ?)", arguments: [range, next + 1])
        return "\(prefix)\(next)"
    }

    /// The row of `table` whose `key` is `id`; a 404 refusal with `code` when there is none.
    static func find(in db: Database, table: String, key: String, _ id: String, what: String, code: String) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE \(key) = ?", arguments: [id]) else {
            throw ReferenceError.notFound(what, id, code: code)
        }
        return row
    }
}
