import BatonConnectors
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small signed client of the ERP's HTTP API, for the warehouse and shop-floor calls a
/// person makes in the demo (`POST /erp/v1/sales-orders/SO-50001/ship`) and for checks.
/// Each call waits for its answer: call it from a thread, not from Swift concurrency's
/// cooperative pool.
///
/// ```swift
/// let client = ReferenceERPClient(baseURL: "http://127.0.0.1:8081", secret: secret)
/// let answer = client.send("POST", "/erp/v1/production-orders/PO-20001/complete", json: "{}")
/// ```
public struct ReferenceERPClient: Sendable {
    /// What the ERP answered.
    public struct Answer: Sendable, Hashable {
        public var status: Int
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String
    }

    public var baseURL: String
    public var secret: String

    public init(baseURL: String, secret: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secret = secret
    }

    /// Sends one signed request (`signature` overrides the `Baton-Signature` header; an
    /// empty one sends none). Status 0 and the reason as the body when nothing answered.
    public func send(_ method: String, _ path: String, json: String? = nil, idempotencyKey: String? = nil, signature: String? = nil) -> Answer {
        guard let url = URL(string: baseURL + path) else { return Answer(status: 0, headers: [:], body: "not a URL: \(baseURL + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        let body = Array((json ?? "").utf8)
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let header = signature ?? BatonSignature.header(body: body, secret: secret)
        if !header.isEmpty { request.setValue(header, forHTTPHeaderField: "Baton-Signature") }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        switch BlockingHTTP.send(request, timeoutMilliseconds: 10_000) {
        case .answer(let status, let headers, let data): return Answer(status: status, headers: headers, body: String(decoding: data, as: UTF8.self))
        case .failed(let reason): return Answer(status: 0, headers: [:], body: reason)
        case .timedOut: return Answer(status: 0, headers: [:], body: "timed out")
        }
    }
}
