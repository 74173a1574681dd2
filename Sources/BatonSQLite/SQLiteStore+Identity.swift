public import BatonEngine
import Foundation
import GRDB

/// Users, roles and tokens in the embedded store.
extension SQLiteStore: IdentityStore {
    public func user(_ name: String) throws(StoreError) -> UserRecord? {
        try readDatabase { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, displayName, passwordHash, createdAt FROM user WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return try Self.user(row, in: db)
        }
    }

    public func users() throws(StoreError) -> [UserRecord] {
        try readDatabase { db in
            try Row.fetchAll(db, sql: "SELECT name, displayName, passwordHash, createdAt FROM user ORDER BY name").map { try Self.user($0, in: db) }
        }
    }

    private static func user(_ row: Row, in db: Database) throws -> UserRecord {
        let name: String = row["name"]
        let roles = try String.fetchAll(db, sql: "SELECT role FROM user_role WHERE user = ? ORDER BY role", arguments: [name])
        return UserRecord(
            name: name, displayName: row["displayName"], roles: roles, passwordHash: row["passwordHash"],
            createdAt: EngineInstant(millisecondsSinceEpoch: row["createdAt"]))
    }

    public func addUser(_ user: UserRecord) throws(StoreError) {
        try writeDatabase { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [user.name]) == true {
                throw StoreError.unusable("a user named '\(user.name)' exists already")
            }
            try db.execute(
                sql: "INSERT INTO user (name, displayName, passwordHash, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [user.name, user.displayName, user.passwordHash, user.createdAt.millisecondsSinceEpoch])
            try Self.replaceRoles(of: user, in: db)
        }
    }

    public func updateUser(_ user: UserRecord) throws(StoreError) {
        try writeDatabase { db in
            try db.execute(sql: "UPDATE user SET displayName = ?, passwordHash = ? WHERE name = ?", arguments: [user.displayName, user.passwordHash, user.name])
            guard db.changesCount == 1 else { throw StoreError.unusable("no user named '\(user.name)'") }
            try Self.replaceRoles(of: user, in: db)
        }
    }

    private static func replaceRoles(of user: UserRecord, in db: Database) throws {
        try db.execute(sql: "DELETE FROM user_role WHERE user = ?", arguments: [user.name])
        for role in Set(user.roles) { try db.execute(sql: "INSERT INTO user_role (user, role) VALUES (?, ?)", arguments: [user.name, role]) }
    }

    public func removeUser(_ name: String) throws(StoreError) -> Bool {
        try writeDatabase { db in
            try db.execute(sql: "DELETE FROM token WHERE user = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM user_role WHERE user = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    public func addToken(_ token: TokenRecord) throws(StoreError) {
        try writeDatabase { db in
            try db.execute(
                sql: "INSERT INTO token (sha256, user, label, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [token.sha256, token.user, token.label, token.createdAt.millisecondsSinceEpoch])
        }
    }

    public func tokenUser(sha256: String) throws(StoreError) -> String? {
        try readDatabase { db in try String.fetchOne(db, sql: "SELECT user FROM token WHERE sha256 = ?", arguments: [sha256]) }
    }

    public func tokens(of user: String) throws(StoreError) -> [TokenRecord] {
        try readDatabase { db in
            try Row.fetchAll(db, sql: "SELECT sha256, user, label, createdAt FROM token WHERE user = ? ORDER BY createdAt, rowid", arguments: [user]).map { row in
                TokenRecord(user: row["user"], sha256: row["sha256"], label: row["label"], createdAt: EngineInstant(millisecondsSinceEpoch: row["createdAt"]))
            }
        }
    }

    public func removeToken(id: String) throws(StoreError) -> Bool {
        // An id is 16 hex digits; anything else names no token (and no LIKE pattern).
        guard id.count == 16, id.allSatisfy(\.isHexDigit) else { return false }
        return try writeDatabase { db in
            try db.execute(sql: "DELETE FROM token WHERE substr(sha256, 1, 16) = ?", arguments: [id.lowercased()])
            return db.changesCount > 0
        }
    }
}
