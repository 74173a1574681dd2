import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Health, authentication, deployments, definitions, starting (also waiting for the end)
/// and instances, over real HTTP, with every error path's status and problem+json body.
@Suite struct CoreRouteTests {
    @Test func healthNeedsNoCredentialsAndEverythingElseDoes() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok && health["status"] == .string("up"))
            let anonymous = try await client.execute(uri: "/v1/process-definitions", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            #expect(anonymous.headers[.wwwAuthenticate]?.contains("Basic") == true)
            let wrongPassword = try await client.execute(uri: "/v1/process-definitions", method: .get, headers: ServerHarness.basic("bob", "nope"))
            #expect(wrongPassword.status == .unauthorized && wrongPassword["detail"] == .string("wrong user name or password"))
            let badToken = try await client.execute(uri: "/v1/process-definitions", method: .get, headers: [.authorization: "Bearer baton_nope"])
            #expect(badToken.status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/process-definitions", method: .get, headers: server.bob).status == .ok)
            #expect(try await client.execute(uri: "/v1/process-definitions", method: .get, headers: server.admin).status == .ok)
        }
    }

    @Test func repeatedFailedLoginsAreLimited() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            for _ in 0..<5 {
                #expect(try await client.execute(uri: "/v1/process-definitions", method: .get, headers: ServerHarness.basic("bob", "guess")).status == .unauthorized)
            }
            let limited = try await client.execute(uri: "/v1/process-definitions", method: .get, headers: server.bob)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test func deployStartAndReadAnInstance() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let forbidden = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.bob, body: ByteBuffer(string: orderModel))
            #expect(forbidden.status == .forbidden)
            let deployed = try await client.execute(uri: "/v1/deployments?fileName=order.bpmn", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            #expect(deployed.status == .created)
            #expect(deployed.json.json == #"{"unchanged":false,"processes":[{"key":"order","version":1},{"key":"straight","version":1}]}"#)
            let again = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            #expect(again.status == .ok && again["unchanged"] == .boolean(true))
            let broken = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: "<bpmn:definitions"))
            #expect(broken.status == .unprocessableContent)

            let definitions = try await client.execute(uri: "/v1/process-definitions", method: .get, headers: server.bob)
            #expect(definitions.json.json == #"[{"key":"order","version":1,"name":"Order"},{"key":"straight","version":1,"name":null}]"#)
            let xml = try await client.execute(uri: "/v1/process-definitions/order/xml", method: .get, headers: server.bob)
            #expect(xml.headers[.contentType] == "application/xml" && String(buffer: xml.body) == orderModel)
            #expect(try await client.execute(uri: "/v1/process-definitions/ordr", method: .get, headers: server.bob).status == .notFound)

            let started = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob,
                body: ByteBuffer(string: #"{"businessKey": "O-1", "variables": {"amount": 1200.50}}"#))
            #expect(started.status == .created && started["status"] == .string("active"))
            guard case .string(let id)? = started["id"] else { Issue.record("no id"); return }
            #expect(try await client.execute(uri: "/v1/process-instances/\(id)", method: .get, headers: server.bob).status == .forbidden)
            let instance = try await client.execute(uri: "/v1/process-instances/\(id)", method: .get, headers: server.admin)
            #expect(instance["activeElements"] == .list([.string("approve")]))
            #expect(instance["waitingAt"] == .list([.string("approve")]) && instance["timers"] == .list([]))
            #expect(instance["variables"]?.json == #"{"amount":1200.5}"#)
            let history = try await client.execute(uri: "/v1/process-instances/\(id)/history", method: .get, headers: server.admin)
            #expect(history.json.json.contains("started order version 1"))
            let listed = try await client.execute(uri: "/v1/process-instances?businessKey=O-1", method: .get, headers: server.admin)
            #expect(listed["items"].map { "\($0)" }?.contains(id) == true)
            let cancelled = try await client.execute(uri: "/v1/process-instances/\(id)/cancel", method: .post, headers: server.admin)
            #expect(try await client.execute(uri: "/v1/process-instances/\(id)", method: .delete, headers: server.admin).status == .methodNotAllowed)
            #expect(cancelled["status"] == .string("cancelled"))
            #expect(try await client.execute(uri: "/v1/process-instances/nope", method: .get, headers: server.admin).status == .notFound)
        }
    }

    @Test func startCanWaitForTheEndAndReturnTheVariables() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            let done = try await client.execute(
                uri: "/v1/process-definitions/straight/start", method: .post, headers: server.carl,
                body: ByteBuffer(string: #"{"variables": {"amount": 21}, "waitForCompletion": true}"#))
            #expect(done.status == .created && done["completed"] == .boolean(true))
            #expect(done["variables"]?.json == #"{"amount":21,"total":42}"#)
            let waiting = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.carl,
                body: ByteBuffer(string: #"{"waitForCompletion": true, "timeoutMillis": 50}"#))
            #expect(waiting["completed"] == .boolean(false) && waiting["status"] == .string("active"))
        }
    }

    @Test func badBodiesAndParametersAreClear4xx() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            let notJSON = try await client.execute(uri: "/v1/process-definitions/order/start", method: .post, headers: server.admin, body: ByteBuffer(string: "{\"variables\": [1"))
            #expect(notJSON.status == .badRequest && notJSON["detail"] == .string("the body is not JSON: invalid JSON at offset 16: the JSON ends inside an array"))
            let wrongType = try await client.execute(uri: "/v1/process-definitions/order/start", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"variables": 7}"#))
            #expect(wrongType.status == .badRequest && wrongType["errors"]?.json == #"[{"field":"variables","message":"must be an object"}]"#)
            let timeout = try await client.execute(uri: "/v1/process-definitions/order/start", method: .post, headers: server.admin, body: ByteBuffer(string: #"{"timeoutMillis": 999999}"#))
            #expect(timeout.status == .badRequest)
            let unknown = try await client.execute(uri: "/v1/process-definitions/ordr/start", method: .post, headers: server.admin)
            #expect(unknown.status == .notFound && unknown["detail"] == .string("no deployed process 'ordr' (did you mean 'order'?)"))
            let hugeLimit = try await client.execute(uri: "/v1/process-instances?limit=100000000", method: .get, headers: server.admin)
            #expect(hugeLimit.status == .badRequest)
            let badStatus = try await client.execute(uri: "/v1/process-instances?status=sleeping", method: .get, headers: server.admin)
            #expect(badStatus.status == .badRequest)
        }
    }

    @Test func aBatchStartsOneInstancePerItemAndNamesTheBadOnes() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            let array = try await client.execute(
                uri: "/v1/process-definitions/straight/start-batch", method: .post, headers: server.admin,
                body: ByteBuffer(string: #"[{"amount": 1}, {"businessKey": "B", "variables": {"amount": 2}}, 7]"#))
            #expect(array.status == .ok && array["started"] == .number(FEELNumber(2)) && array["failed"] == .number(FEELNumber(1)))
            let lines = try await client.execute(
                uri: "/v1/process-definitions/straight/start-batch", method: .post, headers: server.admin, body: ByteBuffer(string: "{\"amount\": 1}\n{bad\n"))
            #expect(lines["started"] == .number(FEELNumber(1)) && lines["failed"] == .number(FEELNumber(1)))
        }
    }
}
