import BatonServer
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Who may call what, for every route the router serves: nobody gets past without
/// credentials (but `/health`), a user without roles is refused every admin, worker and
/// integration route with 403 before anything is looked up, and an admin is refused
/// nothing. A new route must be added to `access`, so none goes unchecked.
@Suite struct AuthorizationMatrixTests {
    enum Access { case everyone, anyUser, admin, worker, integration }

    /// Every operation and the least it needs.
    static let access: [String: Access] = [
        "GET /health": .everyone,
        "GET /openapi.yaml": .anyUser, "GET /metrics": .admin,
        "POST /v1/deployments": .admin, "GET /v1/deployments": .admin, "GET /v1/deployments/{id}": .admin,
        "GET /v1/process-definitions": .anyUser, "GET /v1/process-definitions/{key}": .anyUser,
        "GET /v1/process-definitions/{key}/xml": .anyUser, "POST /v1/process-definitions/{key}/start": .anyUser,
        "POST /v1/process-definitions/{key}/start-batch": .anyUser,
        "GET /v1/process-instances": .admin, "GET /v1/process-instances/{id}": .admin,
        "GET /v1/process-instances/{id}/history": .admin, "POST /v1/process-instances/{id}/variables": .admin,
        "POST /v1/process-instances/{id}/cancel": .admin,
        "GET /v1/tasks": .anyUser, "GET /v1/tasks/{instance}/{key}": .anyUser,
        "POST /v1/tasks/{instance}/{key}/claim": .anyUser, "POST /v1/tasks/{instance}/{key}/unclaim": .anyUser,
        "POST /v1/tasks/{instance}/{key}/delegate": .anyUser, "POST /v1/tasks/{instance}/{key}/resolve": .anyUser,
        "POST /v1/tasks/{instance}/{key}/complete": .anyUser,
        "POST /v1/external-tasks/fetch-and-lock": .worker, "POST /v1/external-tasks/{instance}/{key}/complete": .worker,
        "POST /v1/external-tasks/{instance}/{key}/failure": .worker, "POST /v1/external-tasks/{instance}/{key}/bpmn-error": .worker,
        "POST /v1/external-tasks/{instance}/{key}/extend-lock": .worker,
        "POST /v1/messages": .integration, "POST /v1/signals": .admin,
        "GET /v1/incidents": .admin, "POST /v1/incidents/{instance}/{key}/resolve": .admin, "POST /v1/jobs/{instance}/{key}/retry": .admin,
        "GET /v1/users": .admin, "POST /v1/users": .admin, "GET /v1/users/{name}": .admin, "DELETE /v1/users/{name}": .admin,
        "PUT /v1/users/{name}/roles/{role}": .admin, "DELETE /v1/users/{name}/roles/{role}": .admin, "GET /v1/roles": .admin,
        "GET /v1/users/{name}/tokens": .admin, "POST /v1/users/{name}/tokens": .admin, "DELETE /v1/tokens/{id}": .admin,
    ]

    /// A concrete path for a route pattern (ids that exist nowhere).
    static func concrete(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            switch segment {
            case "{instance}": "00000000-0000-0000-0000-000000000000"
            case "{key}" where pattern.contains("{instance}"): "7"
            case "{id}": "7"
            case "{key}": "nope"
            case "{name}": "nobody"
            case "{role}": "sales"
            default: String(segment)
            }
        }.joined(separator: "/")
    }

    @Test func everyRouteIsInTheMatrix() throws {
        let server = try ServerHarness()
        let served = Set(buildRouter(host: server.host).routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(served.subtracting(Self.access.keys).sorted() == [], "routes without an access rule")
        #expect(Set(Self.access.keys).subtracting(served).sorted() == [], "rules for routes that do not exist")
    }

    @Test func credentialsAndRolesAreCheckedFirstOnEveryRoute() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            for (operation, access) in Self.access.sorted(by: { $0.key < $1.key }) {
                let parts = operation.split(separator: " ")
                let method = HTTPRequest.Method(String(parts[0]))!, uri = Self.concrete(String(parts[1]))
                let body = ByteBuffer(string: method == .get || method == .delete ? "" : "{}")
                let anonymous = try await client.execute(uri: uri, method: method, body: body)
                if access == .everyone {
                    #expect(anonymous.status == .ok, "\(operation) without credentials")
                    continue
                }
                #expect(anonymous.status == .unauthorized, "\(operation) without credentials: \(anonymous.status)")
                let noRoles = try await client.execute(uri: uri, method: method, headers: server.carl, body: body)
                if access == .anyUser {
                    #expect(noRoles.status != .unauthorized && noRoles.status != .forbidden, "\(operation) for a user without roles: \(noRoles.status)")
                } else {
                    #expect(noRoles.status == .forbidden, "\(operation) for a user without roles: \(noRoles.status)")
                }
                let admin = try await client.execute(uri: uri, method: method, headers: server.admin, body: body)
                #expect(admin.status != .unauthorized && admin.status != .forbidden && admin.status.code < 500, "\(operation) for an admin: \(admin.status)")
            }
        }
    }
}
