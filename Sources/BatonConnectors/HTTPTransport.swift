public import BatonEngine
public import BatonFEEL
public import BatonRuntime
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `http` transport: one REST call per attempt, built from an ``HTTPBinding``.
///
/// Every call carries `Idempotency-Key` (the job's key, the same on every attempt at one
/// activity instance), `Baton-Attempt` (1, 2, ...) and, when the binding signs,
/// `Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. A 2xx
/// answer completes the job with the response mapping's result (or the JSON object body);
/// a business-error status is a BPMN error; a retryable status, a refused connection or a
/// timeout is a failure that is retried (after `Retry-After` when the server sends one);
/// any other status stops retrying and raises an incident. Secret values never appear in
/// a message: they are replaced by `***`.
public struct HTTPTransport: Sendable {
    public var connector: String
    public var binding: HTTPBinding

    public init(connector: String, binding: HTTPBinding) {
        self.connector = connector
        self.binding = binding
    }

    /// Makes the call for `job` and says what came of it; throws ``JobFailure``.
    public func call(_ job: Job, variables: FEELContext, timeoutMilliseconds: Int64) throws(JobFailure) -> JobResult {
        let request = binding.resolved(for: job.operation)
        let secrets = try resolveSecrets()
        let redact = Redactor(secrets: secrets.values)
        let url = try render(request.url, what: "the url", variables: variables, secrets: secrets, encode: HTTPTemplate.percentEncoded)
        let call = "\(request.method) \(redact(Self.withoutQuery(url)))"
        guard let address = URL(string: url) else { throw JobFailure("\(call): the url is not valid once filled in", retryable: false) }

        var urlRequest = URLRequest(url: address, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Double(timeoutMilliseconds) / 1000)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            let value = try render(header.value, what: "header '\(header.name)'", variables: variables, secrets: secrets) { $0 }
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw JobFailure("\(call): header '\(header.name)' would contain a line break", retryable: false)
            }
            urlRequest.setValue(value, forHTTPHeaderField: header.name)
        }
        let body = try self.body(request, variables: variables, call: call)
        urlRequest.setValue(job.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        urlRequest.setValue(String(job.attempts + 1), forHTTPHeaderField: "Baton-Attempt")
        if let body {
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
            urlRequest.httpBody = body
        }
        if let name = request.signingSecret, let secret = secrets[name] {
            let signature = Self.signature(body: Array(body ?? Data()), secret: secret, timestamp: Int(Date().timeIntervalSince1970))
            urlRequest.setValue(signature, forHTTPHeaderField: "Baton-Signature")
        }

        let answer = try Self.perform(urlRequest, timeoutMilliseconds: timeoutMilliseconds, call: call, redact: redact)
        return try outcome(of: answer, request: request, call: call, redact: redact)
    }

    /// `t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>`.
    public static func signature(body: [UInt8], secret: String, timestamp: Int) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(timestamp),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Every declared secret's value, read now (so a rotated secret is used at once).
    private func resolveSecrets() throws(JobFailure) -> [String: String] {
        var values: [String: String] = [:]
        for secret in binding.secrets {
            var value: String?
            switch secret.source {
            case .environment(let name):
                value = getenv(name).map { String(cString: $0) }
            case .file(let path):
                value = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            guard let value, !value.isEmpty else {
                let problem = if case .file = secret.source { "cannot be read or is empty" } else { "is not set or is empty" }
                throw JobFailure("secret '\(secret.name)' of connector '\(connector)' is not available: \(secret.source) \(problem)", retryable: false)
            }
            values[secret.name] = value
        }
        return values
    }

    private func render(
        _ text: String, what: String, variables: FEELContext, secrets: [String: String], encode: (String) -> String
    ) throws(JobFailure) -> String {
        guard case .success(let template) = HTTPTemplate.parse(text) else {
            throw JobFailure("\(what) of connector '\(connector)' is not a valid template", retryable: false)
        }
        switch template.render(variables: variables, secrets: secrets, encode: encode) {
        case .success(let rendered):
            return rendered
        case .failure(let missing):
            throw JobFailure("\(what) of connector '\(connector)' needs variable '\(missing.name)', which is not set", retryable: false)
        }
    }

    private func body(_ request: HTTPBinding, variables: FEELContext, call: String) throws(JobFailure) -> Data? {
        switch request.body {
        case .none:
            return nil
        case .variables:
            return ["POST", "PUT", "PATCH"].contains(request.method) ? Data(FEELValue.context(variables).json.utf8) : nil
        case .expression(let expression):
            let result = expression.evaluate(variables)
            if result.value.isNull, let problem = result.problem {
                throw JobFailure("\(call): the body of connector '\(connector)' could not be computed: \(problem)", retryable: false)
            }
            return Data(result.value.json.utf8)
        }
    }

    /// What the server said.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    private func outcome(of answer: Answer, request: HTTPBinding, call: String, redact: Redactor) throws(JobFailure) -> JobResult {
        let text = String(decoding: answer.body, as: UTF8.self)
        let body: FEELValue = text.isEmpty ? .null : ((try? FEELValue(json: text)) ?? .string(text))
        let headers = FEELContext(answer.headers.sorted { $0.key < $1.key }.map { ($0.key, FEELValue.string($0.value)) })
        let context: FEELContext = ["status": .number(FEELNumber(answer.status)), "headers": .context(headers), "body": body]
        let summary = redact("\(call) answered \(answer.status)" + Self.excerpt(text))

        if let businessError = request.businessErrors.first(where: { $0.statuses.contains(answer.status) }) {
            let code = try evaluate(businessError.code, in: context, what: "the code of <businessError>", summary: summary)
            let message = try businessError.message.map { (text) throws(JobFailure) in try evaluate(text, in: context, what: "the message of <businessError>", summary: summary) }
            return .bpmnError(code: redact(code), message: redact(message ?? summary), variables: FEELContext())
        }
        if (200...299).contains(answer.status) {
            guard let mapping = request.response else {
                if case .context(let object) = body { return .complete(object) }
                return .complete(FEELContext())
            }
            let result = mapping.evaluate(context)
            guard case .context(let variables) = result.value else {
                let reason = result.problem ?? "it gave \(result.value.typeName), not a context"
                throw JobFailure(redact("\(summary); the response mapping of connector '\(connector)' failed: \(reason)"), retryable: false)
            }
            return .complete(variables)
        }
        if request.retryStatuses.contains(answer.status) {
            throw JobFailure(summary, retryable: true, retryAfterMilliseconds: answer.headers["retry-after"].flatMap(Self.retryAfterMilliseconds))
        }
        throw JobFailure(summary, retryable: false)
    }

    private func evaluate(_ text: HTTPText, in context: FEELContext, what: String, summary: String) throws(JobFailure) -> String {
        switch text {
        case .literal(let value):
            return value
        case .expression(let expression):
            let result = expression.evaluate(context)
            guard !result.value.isNull else {
                throw JobFailure("\(summary); \(what) of connector '\(connector)' gave null" + (result.problem.map { ": \($0)" } ?? ""), retryable: false)
            }
            return HTTPTemplate.text(of: result.value)
        }
    }

    /// `: ` and the body's first 200 characters on one line, or nothing.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard !line.isEmpty else { return "" }
        return ": " + (line.count > 200 ? line.prefix(200) + "…" : line)
    }

    /// The URL without its query and fragment, for messages (queries often carry keys).
    static func withoutQuery(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    /// A `Retry-After` value (seconds, or an HTTP date) as milliseconds from now.
    static func retryAfterMilliseconds(_ value: String) -> Int64? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(trimmed) { return max(0, seconds) * 1000 }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, Int64(date.timeIntervalSinceNow * 1000))
    }
}
