import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/users`, `/v1/roles`, `/v1/tokens`: admins only, no secret ever in an answer but
/// the token just created, and changes that count from the next request.
@Suite struct UserRouteTests {
    @Test func everyUserRouteIsForAdminsOnly() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let routes: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/users"), (.post, "/v1/users"), (.get, "/v1/users/bob"), (.delete, "/v1/users/carl"), (.put, "/v1/users/bob/roles/ops"),
                (.delete, "/v1/users/bob/roles/sales"), (.get, "/v1/roles"), (.get, "/v1/users/bob/tokens"), (.post, "/v1/users/bob/tokens"),
                (.delete, "/v1/tokens/0123456789abcdef"),
            ]
            for (method, uri) in routes {
                let answer = try await client.execute(uri: uri, method: method, headers: server.bob, body: ByteBuffer(string: #"{"name": "eve"}"#))
                #expect(answer.status == .forbidden, "\(method) \(uri)")
                #expect(answer["detail"] == .string("bob is not an admin; this needs the admin role"), "\(method) \(uri)")
                #expect(try await client.execute(uri: uri, method: method).status == .unauthorized, "\(method) \(uri)")
            }
            #expect(try await client.execute(uri: "/v1/users/carl", method: .get, headers: server.admin).status == .ok, "nothing was changed")
        }
    }

    @Test func addListShowAndRemoveUsersWithoutEverShowingASecret() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let added = try await client.execute(
                uri: "/v1/users", method: .post, headers: server.admin,
                body: ByteBuffer(string: #"{"name": "dora", "displayName": "Dora Lee", "roles": ["sales", "ops"], "password": "dora-secret-1"}"#))
            #expect(added.status == .created)
            guard case .context(var user) = added.json else { Issue.record("not an object: \(added.json.json)"); return }
            #expect(user["createdAt"] != nil)
            user["createdAt"] = nil
            #expect(FEELValue.context(user).json == #"{"name":"dora","displayName":"Dora Lee","roles":["ops","sales"],"hasPassword":true}"#)
            #expect(!String(buffer: added.body).contains("dora-secret-1") && !String(buffer: added.body).contains("scrypt"))
            #expect(try await client.execute(uri: "/v1/process-definitions", method: .get, headers: ServerHarness.basic("dora", "dora-secret-1")).status == .ok)

            let list = try await client.execute(uri: "/v1/users", method: .get, headers: server.admin)
            #expect(list.status == .ok && list.json.json.contains(#""name":"dora""#) && !list.json.json.contains("scrypt"))
            if case .list(let users) = list.json { #expect(users.count == 4) } else { Issue.record("not a list") }
            let carl = try await client.execute(uri: "/v1/users/carl", method: .get, headers: server.admin)
            #expect(carl["roles"] == .list([]) && carl["hasPassword"] == .boolean(true) && carl["displayName"] == .null)
            #expect(try await client.execute(uri: "/v1/users/ann", method: .get, headers: server.admin)["hasPassword"] == .boolean(false))

            let duplicate = try await client.execute(uri: "/v1/users", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"name": "dora"}"#))
            #expect(duplicate.status == .conflict && duplicate["detail"] == .string("a user named 'dora' exists already"))
            let badName = try await client.execute(uri: "/v1/users", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"name": "Dora Lee"}"#))
            #expect(badName.status == .unprocessableContent)
            let shortPassword = try await client.execute(uri: "/v1/users", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"name": "eve", "password": "short"}"#))
            #expect(shortPassword.status == .unprocessableContent && shortPassword["detail"] == .string("a password needs at least 8 characters"))
            #expect(!String(buffer: shortPassword.body).contains("short\""))
            for body in [#"{}"#, #"{"name": 5}"#, #"{"name": "eve", "roles": "sales"}"#, #"{"name": "eve", "roles": [1]}"#, #"{"name": "eve", "password": 12345678}"#, "{nope", "[]",
                #"{"name": "eve", "role": ["ops"]}"#, #"{"name": "eve", "password": "long enough", "level": 1e101}"#,
            ] {
                let answer = try await client.execute(uri: "/v1/users", method: .post, headers: server.admin, body: ByteBuffer(string: body))
                #expect(answer.status == .badRequest, "\(body)")
            }
            #expect(try await client.execute(uri: "/v1/users/eve", method: .get, headers: server.admin).status == .notFound, "no refused body added eve")

            let removed = try await client.execute(uri: "/v1/users/dora", method: .delete, headers: server.admin)
            #expect(removed.status == .noContent)
            #expect(try await client.execute(uri: "/v1/users/dora", method: .get, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/users/dora", method: .delete, headers: server.admin).status == .notFound)
            let gone = try await client.execute(uri: "/v1/process-definitions", method: .get, headers: ServerHarness.basic("dora", "dora-secret-1"))
            #expect(gone.status == .unauthorized, "a removed user's remembered password no longer works")
        }
    }

    @Test func rolesAreGrantedAndTakenAtOnce() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            #expect(try await client.execute(uri: "/v1/deployments", method: .get, headers: server.carl).status == .forbidden)
            let granted = try await client.execute(uri: "/v1/users/carl/roles/admin", method: .put, headers: server.admin)
            #expect(granted.status == .ok && granted["roles"] == .list([.string("admin")]))
            #expect(try await client.execute(uri: "/v1/users/carl/roles/admin", method: .put, headers: server.admin).status == .ok, "granting twice is fine")
            #expect(try await client.execute(uri: "/v1/deployments", method: .get, headers: server.carl).status == .ok, "carl is an admin from the next request")
            let roles = try await client.execute(uri: "/v1/roles", method: .get, headers: server.admin)
            #expect(roles.json.json == #"[{"role":"admin","users":["ann","carl"]},{"role":"sales","users":["bob"]}]"#)
            let taken = try await client.execute(uri: "/v1/users/carl/roles/admin", method: .delete, headers: server.admin)
            #expect(taken.status == .ok && taken["roles"] == .list([]))
            #expect(try await client.execute(uri: "/v1/deployments", method: .get, headers: server.carl).status == .forbidden, "and is not one from the next")

            let notHeld = try await client.execute(uri: "/v1/users/carl/roles/admin", method: .delete, headers: server.admin)
            #expect(notHeld.status == .notFound && notHeld["detail"] == .string("user 'carl' does not have role 'admin' (no roles)"))
            #expect(try await client.execute(uri: "/v1/users/nobody/roles/ops", method: .put, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/users/carl/roles/Ops%20Team", method: .put, headers: server.admin).status == .unprocessableContent)
        }
    }

    @Test func aTokenIsShownOnceListedWithoutItsTextAndRevokedAtOnce() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let created = try await client.execute(uri: "/v1/users/carl/tokens", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"label": "ci"}"#))
            #expect(created.status == .created)
            guard case .string(let token)? = created["token"], case .string(let id)? = created["id"] else { Issue.record("no token: \(created.json.json)"); return }
            #expect(token.hasPrefix("baton_") && id.count == 16 && created["user"] == .string("carl") && created["label"] == .string("ci"))
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.execute(uri: "/v1/tasks", method: .get, headers: bearer).status == .ok)
            #expect(try await client.execute(uri: "/v1/users/carl/tokens", method: .post, headers: server.admin).status == .created, "the label is optional")

            let listed = try await client.execute(uri: "/v1/users/carl/tokens", method: .get, headers: server.admin)
            #expect(listed.status == .ok && !String(buffer: listed.body).contains(token) && !String(buffer: listed.body).contains("\"token\""))
            guard case .list(let tokens) = listed.json, case .context(let first)? = tokens.first else { Issue.record("no list: \(listed.json.json)"); return }
            #expect(tokens.count == 2 && first.keys == ["id", "user", "label", "createdAt"] && first["id"] == .string(id))

            #expect(try await client.execute(uri: "/v1/tokens/\(id)", method: .delete, headers: server.admin).status == .noContent)
            #expect(try await client.execute(uri: "/v1/tasks", method: .get, headers: bearer).status == .unauthorized, "revoked at once, not after the cache's 30 s")
            #expect(try await client.execute(uri: "/v1/tokens/\(id)", method: .delete, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/tokens/not-an-id", method: .delete, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/users/nobody/tokens", method: .get, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/users/nobody/tokens", method: .post, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/users/carl/tokens", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"label": 1}"#)).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/users/carl/tokens", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"lable": "ci"}"#)).status == .badRequest)
        }
    }
}
