import BatonEngine
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Users, roles and tokens: stored safely, checked strictly.
@Suite struct DirectoryTests {
    func directory(_ database: TemporaryDatabase) throws -> Directory {
        Directory(store: try SQLiteStore(path: database.path), passwordCost: 16)
    }

    @Test func usersHaveRolesThatCanBeGrantedAndRevoked() throws {
        let database = try TemporaryDatabase()
        let directory = try self.directory(database)
        try directory.addUser("alice", displayName: "Alice Ng", roles: ["sales", "sales-managers"])
        try directory.addUser("bob", roles: ["finance"])
        try directory.grant("finance", to: "alice")
        try directory.revoke("sales", from: "alice")
        #expect(try directory.user("alice").roles == ["finance", "sales-managers"])
        #expect(try directory.roles().map(\.role) == ["admin", "finance", "sales-managers"])
        #expect(try directory.roles().first { $0.role == "finance" }?.users == ["alice", "bob"])
        try directory.removeUser("bob")
        #expect(try directory.users().map(\.name) == ["alice"])
    }

    @Test func mistakesAreClearErrors() throws {
        let database = try TemporaryDatabase()
        let directory = try self.directory(database)
        try directory.addUser("alice", roles: ["sales"])
        #expect(throws: RuntimeError("a user named 'alice' exists already", kind: .conflict)) { try directory.addUser("alice") }
        #expect(throws: RuntimeError("no user 'alcie' (did you mean 'alice'?)", kind: .notFound)) { try directory.user("alcie") }
        #expect(throws: RuntimeError("'Sales Team' is not a valid role: use lowercase letters, digits, '.', '_' and '-' (at most 64)", kind: .invalid)) {
            try directory.grant("Sales Team", to: "alice")
        }
        #expect(throws: RuntimeError("user 'alice' does not have role 'finance' (roles: sales)", kind: .notFound)) { try directory.revoke("finance", from: "alice") }
        #expect(throws: RuntimeError("a password needs at least 8 characters", kind: .invalid)) { try directory.setPassword("short", for: "alice") }
    }

    @Test func passwordsAreStoredAsSaltedScryptHashes() throws {
        let database = try TemporaryDatabase()
        let directory = try self.directory(database)
        try directory.addUser("alice", password: "correct horse battery")
        try directory.addUser("bob", password: "correct horse battery")
        let alice = try #require(try directory.user("alice").passwordHash)
        let bob = try #require(try directory.user("bob").passwordHash)
        #expect(alice.hasPrefix("scrypt$16$8$1$"))
        #expect(!alice.contains("correct"))
        #expect(alice != bob, "the same password must hash differently (salt)")
        #expect(directory.verifyPassword("correct horse battery", for: "alice"))
        #expect(!directory.verifyPassword("correct horse batterx", for: "alice"))
        #expect(!directory.verifyPassword("anything", for: "nobody"))
    }

    @Test func tokensAreShownOnceAndStoredHashed() throws {
        let database = try TemporaryDatabase()
        let directory = try self.directory(database)
        try directory.addUser("ci-bot", roles: ["integration"])
        let token = try directory.createToken(for: "ci-bot", label: "pipeline")
        #expect(token.hasPrefix("baton_") && token.count == 6 + 64)
        #expect(directory.user(forToken: token)?.name == "ci-bot")
        #expect(directory.user(forToken: token + "x") == nil)
        let stored = ["", "-wal"].compactMap { try? String(contentsOfFile: database.path + $0, encoding: .isoLatin1) }.joined()
        #expect(stored.contains("ci-bot"), "the check reads where the database keeps its rows")
        #expect(!stored.contains(token), "the token's text must not be stored")
        try directory.removeUser("ci-bot")
        #expect(directory.user(forToken: token) == nil)
    }

    @Test func tokensAreListedByIdWithoutTheirTextAndRevokedById() throws {
        let database = try TemporaryDatabase()
        let directory = try self.directory(database)
        try directory.addUser("ci-bot")
        let (first, record) = try directory.issueToken(for: "ci-bot", label: "pipeline")
        let second = try directory.createToken(for: "ci-bot")
        #expect(record.id.count == 16 && record.id == String(SHA256Digest.hex(Array(first.utf8)).prefix(16)))
        #expect(!first.contains(record.id), "the id says nothing about the token")
        let listed = try directory.tokens(of: "ci-bot")
        #expect(listed.map(\.label) == ["pipeline", nil])
        #expect(listed.first?.id == record.id)
        try directory.revokeToken(record.id)
        #expect(directory.user(forToken: first) == nil)
        #expect(directory.user(forToken: second)?.name == "ci-bot", "the other token still works")
        #expect(throws: RuntimeError("no API token with id '\(record.id)' (baton tokens list --user NAME shows the ids)", kind: .notFound)) {
            try directory.revokeToken(record.id)
        }
        #expect(throws: RuntimeError.self) { try directory.revokeToken("%") }
        #expect(throws: RuntimeError("no user 'nobody'", kind: .notFound)) { try directory.tokens(of: "nobody") }
    }
}
