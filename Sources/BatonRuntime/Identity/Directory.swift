public import BatonEngine
import BatonModel
import Foundation

/// Users, roles and API tokens: who may act in Baton.
///
/// Passwords are stored as scrypt hashes with a random salt (never the password, never a
/// fast hash); API tokens are shown once when created and stored as their SHA-256 (they
/// are long random strings, so a fast hash is safe for them). The role `admin` is built in.
///
/// ```swift
/// let directory = Directory(store: store)
/// try directory.addUser("alice", displayName: "Alice Ng", roles: ["sales"], password: "correct horse")
/// let token = try directory.createToken(for: "ci-bot")
/// ```
public struct Directory: Sendable {
    public let store: any IdentityStore
    public let clock: any EngineClock
    /// scrypt's cost (N); r = 8, p = 1. Tests lower it.
    public var passwordCost: Int

    /// The role every installation has: may administer users and act on any task.
    public static let adminRole = "admin"

    public init(store: any IdentityStore, clock: any EngineClock = SystemClock(), passwordCost: Int = 16_384) {
        self.store = store
        self.clock = clock
        self.passwordCost = passwordCost
    }

    /// Adds a user. Names and roles are lowercase letters, digits, `.`, `_` and `-`;
    /// a password, when given, has at least 8 characters.
    public func addUser(_ name: String, displayName: String? = nil, roles: [String] = [], password: String? = nil) throws(RuntimeError) {
        try Self.checkName(name, "user name")
        for role in roles { try Self.checkName(role, "role") }
        let hash = try password.map { (password) throws(RuntimeError) in try hashPassword(password) }
        do throws(StoreError) {
            try store.addUser(UserRecord(name: name, displayName: displayName, roles: roles, passwordHash: hash, createdAt: clock.now()))
        } catch {
            // The store names a duplicate; it is a conflict when the user exists now.
            if (try? store.user(name)) != nil { throw RuntimeError(error.description, kind: .conflict) }
            try Runtime.storeCall { () throws(StoreError) in throw error }
        }
    }

    public func user(_ name: String) throws(RuntimeError) -> UserRecord {
        guard let user = try Runtime.storeCall({ () throws(StoreError) in try store.user(name) }) else {
            let known = (try? store.users().map(\.name)) ?? []
            throw RuntimeError("no user '\(name)'\(Suggestion.hint(for: name, in: known))", kind: .notFound)
        }
        return user
    }

    public func users() throws(RuntimeError) -> [UserRecord] { try Runtime.storeCall { () throws(StoreError) in try store.users() } }

    /// Every role some user has, and `admin`.
    public func roles() throws(RuntimeError) -> [(role: String, users: [String])] {
        var members: [String: [String]] = [Self.adminRole: []]
        for user in try users() {
            for role in user.roles { members[role, default: []].append(user.name) }
        }
        return members.keys.sorted().map { ($0, members[$0]!.sorted()) }
    }

    public func grant(_ role: String, to name: String) throws(RuntimeError) {
        try Self.checkName(role, "role")
        var record = try user(name)
        guard !record.roles.contains(role) else { return }
        record.roles.append(role)
        try Runtime.storeCall { () throws(StoreError) in try store.updateUser(record) }
    }

    public func revoke(_ role: String, from name: String) throws(RuntimeError) {
        var record = try user(name)
        guard record.roles.contains(role) else {
            let has = record.roles.isEmpty ? "no roles" : "roles: " + record.roles.joined(separator: ", ")
            throw RuntimeError("user '\(name)' does not have role '\(role)' (\(has))", kind: .notFound)
        }
        record.roles.removeAll { $0 == role }
        try Runtime.storeCall { () throws(StoreError) in try store.updateUser(record) }
    }

    public func removeUser(_ name: String) throws(RuntimeError) {
        guard try Runtime.storeCall({ () throws(StoreError) in try store.removeUser(name) }) else { throw RuntimeError("no user '\(name)'", kind: .notFound) }
    }

    /// Sets or replaces a user's password.
    public func setPassword(_ password: String, for name: String) throws(RuntimeError) {
        var record = try user(name)
        record.passwordHash = try hashPassword(password)
        try Runtime.storeCall { () throws(StoreError) in try store.updateUser(record) }
    }

    /// True when `password` is the user's password.
    public func verifyPassword(_ password: String, for name: String) -> Bool {
        guard let record = try? store.user(name), let stored = record.passwordHash else { return false }
        return PasswordHash.verify(password, against: stored)
    }

    /// A new API token for `name`: returned once, stored only as its SHA-256.
    public func createToken(for name: String, label: String? = nil) throws(RuntimeError) -> String {
        try issueToken(for: name, label: label).token
    }

    /// A new API token for `name` and its record (whose ``TokenRecord/id`` lists and
    /// revokes it); the token's text is returned only here.
    public func issueToken(for name: String, label: String? = nil) throws(RuntimeError) -> (token: String, record: TokenRecord) {
        _ = try user(name)
        var generator = SystemRandomNumberGenerator()
        let token = "baton_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let record = TokenRecord(user: name, sha256: SHA256Digest.hex(Array(token.utf8)), label: label, createdAt: clock.now())
        try Runtime.storeCall { () throws(StoreError) in try store.addToken(record) }
        return (token, record)
    }

    /// A user's API tokens, oldest first (their ids and labels; the tokens themselves are
    /// not stored).
    public func tokens(of name: String) throws(RuntimeError) -> [TokenRecord] {
        _ = try user(name)
        return try Runtime.storeCall { () throws(StoreError) in try store.tokens(of: name) }
    }

    /// Revokes the token with this id: it stops working at once.
    public func revokeToken(_ id: String) throws(RuntimeError) {
        guard try Runtime.storeCall({ () throws(StoreError) in try store.removeToken(id: id) }) else {
            throw RuntimeError("no API token with id '\(id)' (baton tokens list --user NAME shows the ids)", kind: .notFound)
        }
    }

    /// The user an API token belongs to, nil for an unknown token.
    public func user(forToken token: String) -> UserRecord? {
        guard let name = try? store.tokenUser(sha256: SHA256Digest.hex(Array(token.utf8))) else { return nil }
        return try? store.user(name)
    }

    private func hashPassword(_ password: String) throws(RuntimeError) -> String {
        guard password.count >= 8 else { throw RuntimeError("a password needs at least 8 characters", kind: .invalid) }
        return PasswordHash.make(password, cost: passwordCost)
    }

    static func checkName(_ name: String, _ what: String) throws(RuntimeError) {
        guard IdentityName.isValid(name) else {
            throw RuntimeError("'\(name)' is not a valid \(what): use lowercase letters, digits, '.', '_' and '-' (at most 64)", kind: .invalid)
        }
    }
}

/// `scrypt$N$r$p$salt$hash` (hex): how passwords are stored.
enum PasswordHash {
    static func make(_ password: String, cost: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = Scrypt.derive(password: Array(password.utf8), salt: salt, n: cost, r: 8, p: 1, length: 32)
        return "scrypt$\(cost)$8$1$\(hex(salt))$\(hex(hash))"
    }

    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            n > 1, n & (n - 1) == 0, let salt = bytes(parts[4]), let expected = bytes(parts[5])
        else { return false }
        let actual = Scrypt.derive(password: Array(password.utf8), salt: salt, n: n, r: r, p: p, length: expected.count)
        // Compare every byte, so the time taken says nothing about where they differ.
        return actual.count == expected.count && zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
        }
        return result
    }
}
