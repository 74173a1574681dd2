public import BatonFEEL

/// What an `<http>` binding says: the request to send for each call (method, URL template,
/// headers, a FEEL body), how to read the answer (a FEEL response mapping, the statuses
/// that are business errors or worth retrying), the secrets it uses and whether calls are
/// signed. Operations may override the request (`<operation name="..."><http .../></operation>`).
///
/// ```xml
/// <http method="POST" url="https://erp.example/api/orders/{orderId}">
///   <secret name="erpToken" env="ERP_TOKEN"/>
///   <header name="Authorization" value="Bearer {secrets.erpToken}"/>
///   <body>{ customer: customerId, amount: total }</body>
///   <response>{ orderNumber: body.id }</response>
///   <businessError statuses="409 422" code="ORDER_REJECTED"/>
///   <retry statuses="408 429 500-599"/>
///   <sign secret="erpSigningKey"/>
/// </http>
/// ```
public struct HTTPBinding: Hashable, Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, ... (upper case).
    public var method: String
    /// The URL with `{variable}` and `{secrets.name}` placeholders, percent-encoded when
    /// substituted.
    public var url: String
    /// Headers sent on every call, in order; values are templates like the URL's, but
    /// substituted as they are.
    public var headers: [HTTPHeaderTemplate]
    /// The request body (any FEEL value, sent as JSON). `.variables`: every variable
    /// visible to the task, for methods with a body (`POST`, `PUT`, `PATCH`).
    public var body: HTTPBody
    /// FEEL over `status`, `headers` and `body` giving the result variables; nil: a JSON
    /// object body is the result.
    public var response: FEELExpression?
    /// Statuses that are business outcomes (BPMN errors), checked first, in order.
    public var businessErrors: [HTTPBusinessError]
    /// Statuses that are worth another attempt. Any other non-2xx status raises an
    /// incident at once.
    public var retryStatuses: HTTPStatusSet
    /// The secrets the templates and the signature use, by name.
    public var secrets: [HTTPSecret]
    /// The secret that signs calls (`Baton-Signature`), if they are signed.
    public var signingSecret: String?
    /// Per-operation changes to the request, by operation name.
    public var operations: [String: HTTPOverride]

    public init(
        method: String = "POST", url: String, headers: [HTTPHeaderTemplate] = [], body: HTTPBody = .variables,
        response: FEELExpression? = nil, businessErrors: [HTTPBusinessError] = [], retryStatuses: HTTPStatusSet = .defaultRetry,
        secrets: [HTTPSecret] = [], signingSecret: String? = nil, operations: [String: HTTPOverride] = [:]
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.response = response
        self.businessErrors = businessErrors
        self.retryStatuses = retryStatuses
        self.secrets = secrets
        self.signingSecret = signingSecret
        self.operations = operations
    }

    /// This binding with `operation`'s override (or, like operation settings, an unnamed
    /// `<operation>`'s) applied: its method, URL, body, response, business errors and
    /// retry statuses replace the connector's; its headers replace those of the same name
    /// and add the others.
    public func resolved(for operation: String?) -> HTTPBinding {
        guard let override = operation.flatMap({ operations[$0] }) ?? operations[""] else { return self }
        var result = self
        if let method = override.method { result.method = method }
        if let url = override.url { result.url = url }
        for header in override.headers {
            if let index = result.headers.firstIndex(where: { $0.name.lowercased() == header.name.lowercased() }) {
                result.headers[index] = header
            } else {
                result.headers.append(header)
            }
        }
        if let body = override.body { result.body = body }
        if let response = override.response { result.response = response }
        if let businessErrors = override.businessErrors { result.businessErrors = businessErrors }
        if let retryStatuses = override.retryStatuses { result.retryStatuses = retryStatuses }
        return result
    }
}

/// An operation's changes to its connector's ``HTTPBinding``; nil or empty: unchanged.
public struct HTTPOverride: Hashable, Sendable {
    public var method: String?
    public var url: String?
    public var headers: [HTTPHeaderTemplate] = []
    public var body: HTTPBody?
    public var response: FEELExpression?
    public var businessErrors: [HTTPBusinessError]?
    public var retryStatuses: HTTPStatusSet?
    public init() {}
}

/// One configured header: a name and a value template (`Bearer {secrets.erpToken}`).
public struct HTTPHeaderTemplate: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What an HTTP call sends as its body.
public enum HTTPBody: Hashable, Sendable {
    /// Every variable visible to the task, as a JSON object, for `POST`, `PUT` and
    /// `PATCH`; nothing for other methods.
    case variables
    /// The value of a FEEL expression over the variables, as JSON.
    case expression(FEELExpression)
    /// No body (`<body/>`).
    case none
}

/// Text that is either literal or, written `=...`, a FEEL expression over `status`,
/// `headers` and `body` (a business error's code or message).
public enum HTTPText: Hashable, Sendable {
    case literal(String)
    case expression(FEELExpression)
}

/// Statuses whose answer is a business outcome: a BPMN error with this code.
public struct HTTPBusinessError: Hashable, Sendable {
    public var statuses: HTTPStatusSet
    public var code: HTTPText
    /// The error message; nil: the status and a short excerpt of the body.
    public var message: HTTPText?
    public init(statuses: HTTPStatusSet, code: HTTPText, message: HTTPText? = nil) {
        self.statuses = statuses
        self.code = code
        self.message = message
    }
}

/// A set of HTTP statuses written as numbers and ranges: `408 429 500-599`.
public struct HTTPStatusSet: Hashable, Sendable, CustomStringConvertible {
    public var ranges: [ClosedRange<Int>]
    public init(_ ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    /// `408 429 500-599`: a timeout, too many requests and server errors.
    public static let defaultRetry = HTTPStatusSet([408...408, 429...429, 500...599])

    public func contains(_ status: Int) -> Bool { ranges.contains { $0.contains(status) } }

    /// Reads `408 429 500-599` (spaces or commas between); a failure naming the first
    /// word that is not a status (100-599) or a range of them.
    public static func parse(_ text: String) -> Result<HTTPStatusSet, HTTPStatusSetError> {
        var ranges: [ClosedRange<Int>] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }) {
            let bounds = word.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
                (100...599).contains(low), (100...599).contains(high), low <= high
            else { return .failure(HTTPStatusSetError(word: String(word))) }
            ranges.append(low...high)
        }
        guard !ranges.isEmpty else { return .failure(HTTPStatusSetError(word: "")) }
        return .success(HTTPStatusSet(ranges))
    }

    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: " ")
    }
}

/// A word of a status list that is not a status or a range of statuses.
public struct HTTPStatusSetError: Error, Hashable, Sendable {
    public var word: String
}

/// A secret a binding uses: read from an environment variable or a file when a call is
/// made, never written in the bindings file, and never shown in messages or history.
public struct HTTPSecret: Hashable, Sendable {
    /// Where the value comes from.
    public enum Source: Hashable, Sendable, CustomStringConvertible {
        case environment(String)
        case file(String)

        public var description: String {
            switch self {
            case .environment(let name): "environment variable \(name)"
            case .file(let path): "file \(path)"
            }
        }
    }

    public var name: String
    public var source: Source
    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }
}
