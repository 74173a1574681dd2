import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The HTTP plumbing both reference systems share: JSON and problem+json answers, and
/// turning thrown errors into answers.
enum ReferenceHTTP {
    /// A JSON answer.
    static func json(_ text: String, status: Int = 200, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An RFC 9457 problem: `{"type", "title", "status", "detail", "errorCode"}`.
    static func problem(_ error: ReferenceError, headers: HTTPFields = [:]) -> Response {
        problem(status: error.status.rawValue, errorCode: error.errorCode, detail: error.detail, headers: headers)
    }

    static func problem(status: Int, errorCode: String, detail: String, headers: HTTPFields = [:]) -> Response {
        let body: [String: Any] = [
            "type": "about:blank", "title": HTTPResponse.Status(code: status).reasonPhrase, "status": status, "detail": detail, "errorCode": errorCode,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Runs a route's work and answers a thrown ``ReferenceError`` as a problem, a request
    /// that cannot be decoded as 422 `INVALID_REQUEST`, and anything else as 500.
    static func guarded(logger: Logger, _ work: () async throws -> Response) async -> Response {
        do {
            return try await work()
        } catch let error as ReferenceError {
            return problem(error)
        } catch let error as DecodingError {
            return problem(.invalid("the request body does not fit: \(describe(error))"))
        } catch {
            logger.error("request failed: \(error)")
            return problem(status: 500, errorCode: "INTERNAL", detail: "the request failed: \(error)")
        }
    }

    /// The request body's bytes.
    static func body(of request: Request, limit: Int = 1 << 20) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Array(buffer.readableBytesView)
    }

    /// A decoding error in one sentence: which field, what is wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) lacks '\(key.stringValue)'"
        case .valueNotFound(_, let context): return "\(path(context)) is null"
        case .typeMismatch(let type, let context): return "\(path(context)) is not \(type)"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension HTTPField.Name {
    static let batonSignature = HTTPField.Name("Baton-Signature")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
