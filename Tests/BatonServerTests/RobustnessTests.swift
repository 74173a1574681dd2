import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What schemathesis found and the API now answers clearly: methods a path does not
/// answer, unknown fields, repeated parameters, numbers out of range, batch bodies of the
/// wrong shape.
@Suite struct RobustnessTests {
    @Test func aMethodThePathDoesNotAnswerIs405WithAllow() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let trace = try await client.execute(uri: "/v1/process-definitions", method: .put, headers: server.admin)
            #expect(trace.status == .methodNotAllowed && trace.headers[.allow] == "GET")
            #expect(trace["detail"] == .string("/v1/process-definitions answers GET, not PUT"))
            let instance = try await client.execute(uri: "/v1/process-instances/abc", method: .patch, headers: server.admin)
            #expect(instance.status == .methodNotAllowed && instance.headers[.allow] == "GET")
            let deployments = try await client.execute(uri: "/v1/deployments", method: .delete, headers: server.admin)
            #expect(deployments.headers[.allow] == "GET, POST")
            #expect(try await client.execute(uri: "/v1/nothing-here", method: .get, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/process-definitions", method: .put).status == .unauthorized, "credentials first")
        }
    }

    @Test func unknownFieldsRepeatedParametersAndHugeNumbersAre400() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            let typo = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob, body: ByteBuffer(string: #"{"varaibles": {"amount": 1}}"#))
            #expect(typo.status == .badRequest)
            #expect(typo["detail"] == .string("unknown field 'varaibles'; this body takes businessKey, timeoutMillis, variables, waitForCompletion"))
            #expect(typo["errors"]?.json == #"[{"field":"varaibles","message":"unknown field"}]"#)
            let huge = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob,
                body: ByteBuffer(string: #"{"variables": {"lines": [{"amount": -1.5e101}]}}"#))
            #expect(huge.status == .badRequest)
            #expect(huge["detail"].map { "\($0)" }?.hasPrefix("'variables.lines[0].amount' is -") == true, "\(huge.json)")
            let tiny = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob, body: ByteBuffer(string: #"{"variables": {"rate": 1e-101}}"#))
            #expect(tiny.status == .badRequest)
            let fine = try await client.execute(
                uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob,
                body: ByteBuffer(string: #"{"variables": {"rate": 1e-100, "big": -1e100, "zero": 0.000}}"#))
            #expect(fine.status == .created)
            let twice = try await client.execute(uri: "/v1/process-instances?limit=5&limit=6", method: .get, headers: server.admin)
            #expect(twice.status == .badRequest && twice["detail"] == .string("query parameter 'limit' is given 2 times; give it once"))
            let emptyCursor = try await client.execute(uri: "/v1/process-instances?cursor=", method: .get, headers: server.admin)
            #expect(emptyCursor.status == .ok, "an empty cursor is the first page")
            let emptyLimit = try await client.execute(uri: "/v1/process-instances?limit=", method: .get, headers: server.admin)
            #expect(emptyLimit.status == .badRequest && emptyLimit["detail"] == .string("query parameter 'limit' must be a whole number from 1 to 1000, not ''"))
        }
    }

    @Test func aBatchBodyMustBeAnArrayOrJSONLines() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            var json = server.bob
            json[.contentType] = "application/json"
            let object = try await client.execute(uri: "/v1/process-definitions/order/start-batch", method: .post, headers: json, body: ByteBuffer(string: "{}"))
            #expect(object.status == .badRequest)
            let empty = try await client.execute(uri: "/v1/process-definitions/order/start-batch", method: .post, headers: json, body: ByteBuffer(string: " "))
            #expect(empty.status == .badRequest)
            var lines = server.bob
            lines[.contentType] = "application/x-ndjson"
            let two = try await client.execute(
                uri: "/v1/process-definitions/order/start-batch", method: .post, headers: lines, body: ByteBuffer(string: "{}\n{\"amount\": 5}\n"))
            #expect(two.status == .ok && two["started"] == .number(FEELNumber(2)))
        }
    }
}
