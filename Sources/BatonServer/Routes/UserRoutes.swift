import BatonEngine
import BatonFEEL
import BatonRuntime
import Foundation
import Hummingbird

/// `/v1/users`, `/v1/roles` and `/v1/tokens` (admins only), as `baton users`, `baton
/// roles` and `baton tokens`: users with their roles, and API tokens. Passwords are
/// accepted but never returned; a token's text is returned once, when it is created; the
/// rules (names, password length, duplicates) are the ``Directory``'s.
///
/// Every change forgets the server's remembered credentials, so a removed user, a revoked
/// token or a taken role counts from the next request.
struct UserRoutes {
    let host: EngineHost
    let credentials: CredentialCache

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host, credentials = self.credentials
        v1.get("users") { _, context -> Response in
            _ = try context.requireAdmin()
            return jsonResponse(.list(try await host.run { host in try host.directory.users() }.map(Views.user)))
        }
        v1.post("users") { request, context -> Response in
            _ = try context.requireAdmin()
            let body = try await request.jsonObject(context: context)
            try body.allowOnly(["name", "displayName", "roles", "password"])
            let name = try body.requiredString("name")
            let displayName = try body.string("displayName"), roles = try body.strings("roles"), password = try body.string("password")
            let user = try await host.run { host in
                try host.directory.addUser(name, displayName: displayName, roles: roles, password: password)
                return try host.directory.user(name)
            }
            return jsonResponse(Views.user(user), status: .created)
        }
        v1.get("users/{name}") { _, context -> Response in
            _ = try context.requireAdmin()
            let name = try Self.parameter(context, "name")
            return jsonResponse(Views.user(try await host.run { host in try host.directory.user(name) }))
        }
        // Removing a user (with their tokens) or revoking a token: 204, and the credentials
        // stop working with the next request.
        let removals: [(RouterPath, String, @Sendable (Directory, String) throws -> Void)] = [
            ("users/{name}", "name", { directory, name in try directory.removeUser(name) }),
            ("tokens/{id}", "id", { directory, id in try directory.revokeToken(id) }),
        ]
        for (path, parameter, remove) in removals {
            v1.delete(path) { _, context -> Response in
                _ = try context.requireAdmin()
                let value = try Self.parameter(context, parameter)
                try await host.run { host in try remove(host.directory, value) }
                credentials.forgetCredentials()
                return Response(status: .noContent)
            }
        }
        // PUT grants the role, DELETE takes it; either answers the user as it is now.
        let roleChanges: [(HTTPRequest.Method, @Sendable (Directory, String, String) throws -> Void)] = [
            (.put, { directory, role, name in try directory.grant(role, to: name) }),
            (.delete, { directory, role, name in try directory.revoke(role, from: name) }),
        ]
        for (method, change) in roleChanges {
            v1.on("users/{name}/roles/{role}", method: method) { _, context -> Response in
                _ = try context.requireAdmin()
                let name = try Self.parameter(context, "name"), role = try Self.parameter(context, "role")
                let user = try await host.run { host in
                    try change(host.directory, role, name)
                    return try host.directory.user(name)
                }
                credentials.forgetCredentials()
                return jsonResponse(Views.user(user))
            }
        }
        v1.get("roles") { _, context -> Response in
            _ = try context.requireAdmin()
            let roles = try await host.run { host in try host.directory.roles() }
            return jsonResponse(.list(roles.map { entry in
                .context(FEELContext([("role", .string(entry.role)), ("users", .list(entry.users.map { .string($0) }))]))
            }))
        }
        v1.get("users/{name}/tokens") { _, context -> Response in
            _ = try context.requireAdmin()
            let name = try Self.parameter(context, "name")
            return jsonResponse(.list(try await host.run { host in try host.directory.tokens(of: name) }.map { .context(Views.token($0)) }))
        }
        v1.post("users/{name}/tokens") { request, context -> Response in
            _ = try context.requireAdmin()
            let name = try Self.parameter(context, "name")
            let body = try await request.jsonObject(context: context)
            try body.allowOnly(["label"])
            let label = try body.string("label")
            let (token, record) = try await host.run { host in try host.directory.issueToken(for: name, label: label) }
            var answer = Views.token(record)
            answer["token"] = .string(token)
            return jsonResponse(.context(answer), status: .created)
        }
    }

    /// A path parameter as sent before percent-encoding (`Sales%20Team` is `Sales Team`),
    /// so a refusal names what the client meant.
    static func parameter(_ context: BatonRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
