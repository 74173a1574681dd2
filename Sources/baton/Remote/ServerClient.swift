import BatonConnectors
import BatonFEEL
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Baton server the command line works through (`--server URL`): one request at a time,
/// waited for, with the credentials on every request. Answers that are not 2xx become the
/// messages the local mode prints for the same problem, or name the server when the
/// problem is with it (credentials, availability).
struct ServerClient {
    /// The address as given (`http://host:8080`), for messages.
    let address: String
    let credentials: ServerCredentials
    /// How long to wait for an answer; a wait for completion takes up to 60 s.
    var timeoutMilliseconds: Int64 = 90_000

    /// A problem answer from the server.
    enum Failure: Error {
        /// A refusal the engine gave (400, 403, 404, 409, 422): the same words the local
        /// mode prints.
        case refused(status: Int, detail: String)
        /// Anything else (credentials, server errors), in a full sentence that names the
        /// server.
        case failed(String)
        /// The server cannot be reached, does not answer in time, or is unavailable (502,
        /// 503, 504): worth trying again later. A full sentence that names the server.
        case unavailable(String)

        /// The sentence for people (the detail of a refusal).
        var message: String {
            switch self {
            case .refused(_, let detail): detail
            case .failed(let message), .unavailable(let message): message
            }
        }
    }

    /// The client for `address`; nil when it is not an http(s) URL with a host.
    init?(address: String, credentials: ServerCredentials) {
        let trimmed = address.hasSuffix("/") ? String(address.dropLast()) : address
        guard let url = URLComponents(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host?.isEmpty == false,
            url.query == nil, url.fragment == nil
        else { return nil }
        self.address = trimmed
        self.credentials = credentials
    }

    /// `text` as one path segment (an id or a process key may hold any character).
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    /// Whether `address` is something ``init(address:credentials:)`` accepts.
    static func isValidAddress(_ address: String) -> Bool { ServerClient(address: address, credentials: .token("")) != nil }

    /// Sends a request to `path` (below the address, e.g. `/v1/process-definitions`) and
    /// returns the body of a 2xx answer.
    func send(_ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil, contentType: String? = nil) throws(Failure) -> Data {
        var components = URLComponents(string: address + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else { throw Failure.failed("\(address)\(path) is not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(credentials.header, forHTTPHeaderField: "Authorization")
        request.setValue("application/json, application/problem+json", forHTTPHeaderField: "Accept")
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        switch BlockingHTTP.send(request, timeoutMilliseconds: timeoutMilliseconds) {
        case .timedOut:
            throw Failure.unavailable("the Baton server at \(address) did not answer within \(timeoutMilliseconds / 1000) s")
        case .failed(let reason):
            throw Failure.unavailable("cannot reach the Baton server at \(address): \(reason)")
        case .answer(let status, let headers, let data):
            if (200..<300).contains(status) { return data }
            throw failure(status: status, headers: headers, body: data)
        }
    }

    /// Sends a request and reads the answer as JSON.
    func json(_ method: String, _ path: String, query: [(String, String)] = [], body: FEELValue? = nil) throws(Failure) -> FEELValue {
        let data = try send(method, path, query: query, body: body.map { Data($0.json.utf8) }, contentType: body == nil ? nil : "application/json")
        do { return try FEELValue(json: String(decoding: data, as: UTF8.self)) } catch {
            throw Failure.failed("the Baton server at \(address) answered \(method) \(path) with something that is not JSON (\(error.message))")
        }
    }

    /// The message for a non-2xx answer: the problem's `detail`, framed by its status.
    private func failure(status: Int, headers: [String: String], body: Data) -> Failure {
        let text = String(decoding: body, as: UTF8.self)
        var detail = String(text.prefix(500)).trimmingCharacters(in: .whitespacesAndNewlines)
        if case .context(let problem)? = try? FEELValue(json: text), case .string(let value)? = problem["detail"] { detail = value }
        if detail.isEmpty { detail = HTTPURLResponse.localizedString(forStatusCode: status) }
        switch status {
        case 400, 403, 404, 409, 422:
            return .refused(status: status, detail: detail)
        case 401:
            return .failed("the Baton server at \(address) refused the credentials (\(credentials.kind)): \(detail)")
        case 429:
            return .failed("the Baton server at \(address) refused the login: \(detail)")
        case 300..<400:
            return .failed("the Baton server at \(address) answered with a redirect to \(headers["location"] ?? "elsewhere"); give that address to --server")
        case 502, 503, 504:
            return .unavailable("the Baton server at \(address) failed (\(status)): \(detail)")
        case 500...:
            return .failed("the Baton server at \(address) failed (\(status)): \(detail)")
        default:
            return .failed("the Baton server at \(address) answered \(status): \(detail)")
        }
    }
}
