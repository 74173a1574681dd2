import GRDB

/// Document numbers from a `number_range` table (both systems have one): `SO-50001`,
/// `SO-50002`, ... drawn inside the caller's transaction, so a rolled-back change gives
/// its number back.
enum NumberRange {
    static func next(_ range: String, prefix: String, first: Int, in db: Database) throws -> String {
        let next = try Int.fetchOne(db, sql: "SELECT next FROM number_range WHERE name = ?", arguments: [range]) ?? first
        try db.execute(sql: "INSERT OR REPLACE INTO number_range (name, next) VALUES (?, ?)", arguments: [range, next + 1])
        return "\(prefix)\(next)"
    }
}
