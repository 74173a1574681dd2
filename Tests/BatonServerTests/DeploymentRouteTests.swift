import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Deploying as a multipart/form-data upload, and reading deployments back.
@Suite struct DeploymentRouteTests {
    static func form(boundary: String, fileName: String?, content: String) -> String {
        let disposition = fileName.map { #"form-data; name="file"; filename="\#($0)""# } ?? #"form-data; name="note""#
        return "preamble\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nfirst upload\r\n"
            + "--\(boundary)\r\nContent-Disposition: \(disposition)\r\nContent-Type: application/xml\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
    }

    @Test func aMultipartUploadDeploysItsFileUnderItsName() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            var headers = server.admin
            headers[.contentType] = "multipart/form-data; boundary=XyZ-42"
            let body = Self.form(boundary: "XyZ-42", fileName: "orders.bpmn", content: orderModel)
            let deployed = try await client.execute(uri: "/v1/deployments", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(deployed.status == .created)
            let listed = try await client.execute(uri: "/v1/deployments", method: .get, headers: server.admin)
            guard case .list(let deployments) = listed.json, case .context(let first)? = deployments.first else { Issue.record("no list: \(listed.json)"); return }
            #expect(deployments.count == 1 && first["fileName"] == .string("orders.bpmn") && first["id"]?.json == "1")
            let one = try await client.execute(uri: "/v1/deployments/1", method: .get, headers: server.admin)
            #expect(one["processes"]?.json == #"[{"key":"order","version":1},{"key":"straight","version":1}]"#)
            let xml = try await client.execute(uri: "/v1/process-definitions/order/xml", method: .get, headers: server.bob)
            #expect(String(buffer: xml.body) == orderModel, "the part's bytes, without the delimiter's CRLF")
            #expect(try await client.execute(uri: "/v1/deployments/2", method: .get, headers: server.admin).status == .notFound)
            #expect(try await client.execute(uri: "/v1/deployments/two", method: .get, headers: server.admin).status == .badRequest)
        }
    }

    @Test func aBrokenMultipartBodyIsAClear400() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            func deploy(_ contentType: String, _ body: String) async throws -> TestResponse {
                var headers = server.admin
                headers[.contentType] = contentType
                return try await client.execute(uri: "/v1/deployments", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let noBoundary = try await deploy("multipart/form-data", "x")
            #expect(noBoundary.status == .badRequest && noBoundary["detail"] == .string("a multipart/form-data body needs a boundary parameter in Content-Type"))
            let wrongBoundary = try await deploy("multipart/form-data; boundary=abc", Self.form(boundary: "xyz", fileName: "a.bpmn", content: orderModel))
            #expect(wrongBoundary.status == .badRequest && wrongBoundary["detail"] == .string("the multipart body has no part delimited by '--abc'"))
            let noFile = try await deploy("multipart/form-data; boundary=b", Self.form(boundary: "b", fileName: nil, content: orderModel))
            #expect(noFile.status == .badRequest && noFile["detail"] == .string("the multipart body has no file part (a part with a filename, or named 'file')"))
            let noHeaders = try await deploy("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=file")
            #expect(noHeaders.status == .badRequest && noHeaders.headers[.contentType] == "application/problem+json")
            let brokenModel = try await deploy("multipart/form-data; boundary=b", Self.form(boundary: "b", fileName: "broken.bpmn", content: "<bpmn:definitions"))
            #expect(brokenModel.status == .unprocessableContent)
            #expect(brokenModel["detail"].map { "\($0)" }?.contains("broken.bpmn:1:") == true, "diagnostics name the uploaded file")
        }
    }
}
