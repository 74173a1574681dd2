public import Hummingbird
import BatonFEEL
import Foundation

/// An error answer as `application/problem+json` (RFC 9457): a short title per status,
/// the detail in a sentence, and per-field errors where a form or body was wrong.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String
    /// Per-field problems (`{"field": "amount", "message": "..."}`).
    public var errors: [(field: String, message: String)]
    /// Extra headers (`WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [(field: String, message: String)] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = FEELContext([
            ("type", .string("about:blank")), ("title", .string(status.reasonPhrase)), ("status", .number(FEELNumber(Int(status.code)))),
            ("detail", .string(detail)),
        ])
        if !errors.isEmpty {
            body["errors"] = .list(errors.map { .context(FEELContext([("field", .string($0.field)), ("message", .string($0.message))])) })
        }
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: FEELValue.context(body).jsonBytes)))
    }
}
