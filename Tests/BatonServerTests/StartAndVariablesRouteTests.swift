import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Who may start a process (`baton:starterGroups`) over HTTP, and setting an instance's
/// variables.
@Suite struct StartAndVariablesRouteTests {
    /// `discount` may be started by `sales` and `sales-managers` (the fixture the runtime's
    /// and the command line's tests use too).
    static let discountModel = (try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/inbox/discount-starter-groups.bpmn"), encoding: .utf8)) ?? "missing fixture"

    @Test func starterGroupsDecideWhoMayStartAndAdminsAlwaysMay() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: Self.discountModel))
            let refused = try await client.execute(uri: "/v1/process-definitions/discount/start", method: .post, headers: server.carl)
            #expect(refused.status == .forbidden && refused.headers[.contentType] == "application/problem+json")
            #expect(refused["detail"] == .string("process 'discount' may be started by sales, sales-managers (baton:starterGroups) and admins; carl has no roles"))
            #expect(try await client.execute(uri: "/v1/process-definitions/discount/start", method: .post, headers: server.bob).status == .created)
            #expect(try await client.execute(uri: "/v1/process-definitions/discount/start", method: .post, headers: server.admin).status == .created)

            let batch = try await client.execute(
                uri: "/v1/process-definitions/discount/start-batch", method: .post, headers: server.carl, body: ByteBuffer(string: #"[{"a": 1}, {"a": 2}]"#))
            #expect(batch.status == .forbidden, "the whole batch is refused, not line by line")
            let allowed = try await client.execute(
                uri: "/v1/process-definitions/discount/start-batch", method: .post, headers: server.bob, body: ByteBuffer(string: #"[{"a": 1}, {"a": 2}]"#))
            #expect(allowed.status == .ok && allowed["started"] == .number(FEELNumber(2)))
            let listed = try await client.execute(uri: "/v1/process-instances?processKey=discount", method: .get, headers: server.admin)
            #expect(listed["items"].map(TaskRouteTests.count) == 4, "two single starts and a batch of two; nothing of carl's")
            #expect(try await client.execute(uri: "/v1/process-definitions/nothing/start", method: .post, headers: server.carl).status == .notFound)
        }
    }

    @Test func settingVariablesIsForAdminsAndChecksItsBody() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let id = try await server.quotes(1, client)[0].split(separator: "/")[0]
            let uri = "/v1/process-instances/\(id)/variables"
            let set = try await client.execute(uri: uri, method: .post, headers: server.admin, body: ByteBuffer(string: #"{"variables": {"amount": 990, "region": "EU"}}"#))
            #expect(set.status == .ok && set["variables"]?.json == #"{"customer":"ACME","amount":990,"region":"EU"}"#)
            #expect(try await client.execute(uri: uri, method: .post, headers: server.bob, body: ByteBuffer(string: #"{"variables": {}}"#)).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: #"{"variables": {}}"#)).status == .unauthorized)
            for body in ["{}", #"{"variables": 3}"#, #"{"variables": {"a": 1"#, "[1]"] {
                #expect(try await client.execute(uri: uri, method: .post, headers: server.admin, body: ByteBuffer(string: body)).status == .badRequest, "\(body)")
            }
            let unknown = try await client.execute(uri: "/v1/process-instances/nope/variables", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"variables": {"a": 1}}"#))
            #expect(unknown.status == .notFound)
            _ = try await client.execute(uri: "/v1/process-instances/\(id)/cancel", method: .post, headers: server.admin)
            let ended = try await client.execute(uri: uri, method: .post, headers: server.admin, body: ByteBuffer(string: #"{"variables": {"a": 1}}"#))
            #expect(ended.status == .conflict, "a cancelled instance takes no variables: \(ended.json.json)")
        }
    }
}
