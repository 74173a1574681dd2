/// A refusal by a reference system: an HTTP status (404, 409, 422), a stable
/// machine-readable `errorCode` for bindings to map to a BPMN error, and a sentence.
///
/// ```swift
/// throw ReferenceError(.unprocessable, "UNKNOWN_CUSTOMER", "debtor D-99999 does not exist")
/// ```
public struct ReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The statuses a refusal is answered with.
    public enum Status: Int, Sendable, Hashable {
        case badRequest = 400
        case unauthorized = 401
        case notFound = 404
        case conflict = 409
        case unprocessable = 422
        case tooManyRequests = 429
    }

    public var status: Status
    public var errorCode: String
    public var detail: String

    public init(_ status: Status, _ errorCode: String, _ detail: String) {
        self.status = status
        self.errorCode = errorCode
        self.detail = detail
    }

    public var description: String { "\(errorCode): \(detail)" }

    /// A record that does not exist (404).
    static func notFound(_ what: String, _ id: String, code: String) -> ReferenceError {
        ReferenceError(.notFound, code, "\(what) \(id) does not exist")
    }

    /// A request whose fields are missing or malformed (422 `INVALID_REQUEST`).
    static func invalid(_ detail: String) -> ReferenceError { ReferenceError(.unprocessable, "INVALID_REQUEST", detail) }
}
