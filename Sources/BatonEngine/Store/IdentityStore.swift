/// Where users, their roles and their API tokens are kept: the port the embedded store
/// (and later PostgreSQL) implements.
public protocol IdentityStore: Sendable {
    func user(_ name: String) throws(StoreError) -> UserRecord?
    /// Every user, by name.
    func users() throws(StoreError) -> [UserRecord]
    /// Adds a user; ``StoreError/unusable(_:)`` names a duplicate.
    func addUser(_ user: UserRecord) throws(StoreError)
    /// Replaces a user's name, password hash and roles.
    func updateUser(_ user: UserRecord) throws(StoreError)
    /// Removes a user with their tokens; false when there was none.
    func removeUser(_ name: String) throws(StoreError) -> Bool
    func addToken(_ token: TokenRecord) throws(StoreError)
    /// The user a token (by its SHA-256) belongs to.
    func tokenUser(sha256: String) throws(StoreError) -> String?
    /// A user's tokens, oldest first.
    func tokens(of user: String) throws(StoreError) -> [TokenRecord]
    /// Removes the token with this ``TokenRecord/id``; false when there was none.
    func removeToken(id: String) throws(StoreError) -> Bool
}

/// A person or machine that acts in Baton.
public struct UserRecord: Hashable, Sendable {
    /// The login name (`alice`, `ci-bot`).
    public var name: String
    public var displayName: String?
    public var roles: [String]
    /// The scrypt hash of the password (`scrypt$N$r$p$salt$hash`), nil when the user
    /// signs in with tokens only.
    public var passwordHash: String?
    public var createdAt: EngineInstant

    public init(name: String, displayName: String?, roles: [String], passwordHash: String?, createdAt: EngineInstant) {
        self.name = name
        self.displayName = displayName
        self.roles = roles
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// An API token, stored as the SHA-256 of its text (the text is shown once).
public struct TokenRecord: Hashable, Sendable {
    public var user: String
    public var sha256: String
    public var label: String?
    public var createdAt: EngineInstant

    public init(user: String, sha256: String, label: String?, createdAt: EngineInstant) {
        self.user = user
        self.sha256 = sha256
        self.label = label
        self.createdAt = createdAt
    }

    /// The token's public id: the first 16 hex digits of its SHA-256, which name it for
    /// listing and revoking and say nothing about the token itself.
    public var id: String { String(sha256.prefix(16)) }
}
