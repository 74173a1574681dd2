import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/openapi.yaml` describes exactly the routes the router serves: no route without its
/// document entry, no entry without its route, and every operation but `/health` says
/// it needs credentials.
@Suite struct OpenAPIDocumentTests {
    /// `METHOD /path` for every operation under `paths:`, read from the document's layout
    /// (two spaces before a path, four before a method).
    static func documentedOperations() -> [String: String] {
        let text = String(decoding: OpenAPIDocument.yaml, as: UTF8.self)
        var operations: [String: String] = [:]
        var inPaths = false, path: String?, method: String?, body = ""
        func flush() { if let path, let method { operations["\(method) \(path)"] = body } }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { flush(); method = nil; inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") {
                flush(); method = nil
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":") {
                flush()
                method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                body = ""
            } else {
                body += line + "\n"
            }
        }
        flush()
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let server = try ServerHarness()
        let router = buildRouter(host: server.host)
        try router.validate()
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description.hasPrefix("/") ? "" : "/")\($0.path)" })
        let documented = Set(Self.documentedOperations().keys)
        #expect(served.count > 15)
        #expect(served.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(served).sorted() == [], "documented operations the router does not serve")
    }

    @Test func everyOperationButHealthDocumentsItsAuthenticationAndErrors() {
        for (operation, body) in Self.documentedOperations() where operation != "GET /health" {
            #expect(body.contains("\"401\""), "\(operation) documents 401")
            #expect(body.contains("\"429\""), "\(operation) documents 429")
            #expect(body.contains("operationId:"), "\(operation) has an operationId")
            if operation.contains("{") { #expect(body.contains("in: path") || body.contains("components/parameters/"), "\(operation) describes its path parameters") }
            if operation.hasPrefix("POST") && body.contains("requestBody") { #expect(body.contains("\"400\""), "\(operation) documents 400") }
        }
    }

    @Test func theDocumentIsServedToAuthenticatedUsers() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            #expect(try await client.execute(uri: "/openapi.yaml", method: .get).status == .unauthorized)
            let document = try await client.execute(uri: "/openapi.yaml", method: .get, headers: server.carl)
            #expect(document.status == .ok && document.headers[.contentType] == "application/yaml")
            #expect(String(buffer: document.body).hasPrefix("openapi: 3.1.0\n"))
        }
    }
}
