import BatonEngine
import BatonRuntime
import Foundation
public import Hummingbird
import Logging

/// Authenticates every request except `/health`: HTTP Basic against the user store, or a
/// Bearer API token. Failed logins are logged (never with the password) and limited:
/// after `failedLoginLimit` (default five) failures for one user name within a minute,
/// that name is refused with 429 for the rest of the minute.
///
/// Password checks (scrypt) are deliberately slow; a successful check is remembered for
/// a minute, and a token's user for thirty seconds, so a busy client pays once. The user
/// routes empty the cache whenever they change a user, a role or a token.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = BatonRequestContext
    let host: EngineHost
    let cache: CredentialCache

    public init(host: EngineHost, failedLoginLimit: Int = 5) {
        self.init(host: host, cache: CredentialCache(failedLoginLimit: failedLoginLimit))
    }

    init(host: EngineHost, cache: CredentialCache) {
        self.host = host
        self.cache = cache
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/health" { return try await next(request, context) }
        guard let header = request.headers[.authorization] else { throw Self.unauthorized("authentication required: HTTP Basic or a Bearer API token") }
        var context = context
        if header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if let user = cache.user(forToken: token) {
                context.actor = user
            } else {
                let host = self.host
                guard let user = try await host.run({ host in host.directory.user(forToken: token) }) else {
                    context.logger.notice("rejected an unknown or revoked API token")
                    throw Self.unauthorized("the API token is unknown or revoked")
                }
                cache.remember(token: token, user: user)
                context.actor = user
            }
        } else if header.lowercased().hasPrefix("basic ") {
            guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
            else { throw Self.unauthorized("the Basic credentials are not base64 of user:password") }
            let name = String(text[..<colon]), password = String(text[text.index(after: colon)...])
            if let retry = cache.lockedOut(name) {
                throw Problem(.tooManyRequests, "too many failed logins for \(name); try again in \(retry) s", headers: [.retryAfter: "\(retry)"])
            }
            if let user = cache.user(name: name, password: password) {
                context.actor = user
            } else {
                let host = self.host
                let user = try await host.run { host -> UserRecord? in
                    guard host.directory.verifyPassword(password, for: name) else { return nil }
                    return try? host.directory.user(name)
                }
                guard let user else {
                    cache.recordFailure(name)
                    context.logger.notice("failed login", metadata: ["user": "\(name)"])
                    throw Self.unauthorized("wrong user name or password")
                }
                cache.remember(name: name, password: password, user: user)
                context.actor = user
            }
        } else {
            throw Self.unauthorized("unsupported authorization scheme; use Basic or Bearer")
        }
        context.logger[metadataKey: "user"] = "\(context.actor?.name ?? "?")"
        return try await next(request, context)
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail, headers: [.wwwAuthenticate: #"Basic realm="baton", Bearer realm="baton""#])
    }
}

/// Recently verified credentials and recent failures, in memory. Passwords are kept only
/// as salted SHA-256 digests.
final class CredentialCache: @unchecked Sendable {
    private let lock = NSLock()
    private let salt = UUID().uuidString
    private var passwords: [String: (digest: String, user: UserRecord, until: Date)] = [:]
    private var tokens: [String: (user: UserRecord, until: Date)] = [:]
    private var failures: [String: [Date]] = [:]
    private let failedLoginLimit: Int

    init(failedLoginLimit: Int) { self.failedLoginLimit = max(1, failedLoginLimit) }

    private func digest(_ text: String) -> String { SHA256Digest.hex(Array((salt + text).utf8)) }

    func user(name: String, password: String) -> UserRecord? {
        let digest = digest(name + "\u{0}" + password)
        return lock.withLock {
            guard let entry = passwords[name], entry.digest == digest, entry.until > Date() else { return nil }
            return entry.user
        }
    }

    func remember(name: String, password: String, user: UserRecord) {
        let digest = digest(name + "\u{0}" + password)
        lock.withLock {
            passwords[name] = (digest, user, Date().addingTimeInterval(60))
            failures[name] = nil
        }
    }

    func user(forToken token: String) -> UserRecord? {
        let key = digest(token)
        return lock.withLock {
            guard let entry = tokens[key], entry.until > Date() else { return nil }
            return entry.user
        }
    }

    func remember(token: String, user: UserRecord) {
        let key = digest(token)
        lock.withLock {
            if tokens.count > 10_000 { tokens.removeAll() }
            tokens[key] = (user, Date().addingTimeInterval(30))
        }
    }

    /// Forgets every remembered password and token (failures stay counted): the next
    /// request of each is checked against the directory as it is now.
    func forgetCredentials() {
        lock.withLock {
            passwords.removeAll()
            tokens.removeAll()
        }
    }

    func recordFailure(_ name: String) {
        lock.withLock {
            let recent = (failures[name] ?? []).filter { $0 > Date().addingTimeInterval(-60) }
            failures[name] = recent + [Date()]
            if failures.count > 10_000 { failures.removeAll() }
        }
    }

    /// Seconds until `name` may try again, when it failed `failedLoginLimit` times within
    /// a minute.
    func lockedOut(_ name: String) -> Int? {
        lock.withLock {
            let recent = (failures[name] ?? []).filter { $0 > Date().addingTimeInterval(-60) }
            guard recent.count >= failedLoginLimit, let oldest = recent.first else { return nil }
            return max(1, Int(oldest.addingTimeInterval(60).timeIntervalSinceNow.rounded(.up)))
        }
    }
}
