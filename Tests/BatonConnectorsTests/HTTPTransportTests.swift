import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import Foundation
import Testing

/// The `http` transport against a real HTTP server on 127.0.0.1.
@Suite struct HTTPTransportTests {
    static func job(attempts: Int = 0, operation: String? = "salesOrder.create") -> Job {
        Job(
            key: JobKey(7), elementInstance: ElementInstanceKey(5), element: "book", type: "erp", operation: operation, retries: 3,
            retryBackoff: nil, retryAt: nil, headers: [], idempotencyKey: "pi-1/5", createdAt: EngineInstant(millisecondsSinceEpoch: 0),
            lastError: nil, attempts: attempts)
    }

    /// The transport for `<connector name="erp"><http ...>inner</http></connector>`, read by the real loader.
    static func transport(_ attributes: String, _ inner: String = "") throws -> HTTPTransport {
        let text = #"<connectors xmlns="urn:baton:connectors:1"><connector name="erp"><http \#(attributes)>\#(inner)</http></connector></connectors>"#
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        #expect(problems.map(\.description) == [])
        guard case .http(let binding)? = bindings.connectors["erp"]?.transport else { throw LoopbackHTTPServer.ServerError(message: "no http binding") }
        return HTTPTransport(connector: "erp", binding: binding)
    }

    /// The failure `body` throws, or nil.
    static func failure(_ body: () throws -> JobResult) -> JobFailure? {
        do {
            let result = try body()
            Issue.record("expected a failure, got \(result)")
            return nil
        } catch let failure as JobFailure {
            return failure
        } catch {
            Issue.record("expected a JobFailure, got \(error)")
            return nil
        }
    }

    @Test func aSuccessfulCallSendsTheBodyAndMapsTheResponse() throws {
        let server = try LoopbackHTTPServer()
        server.enqueue(.init(status: 201, headers: ["Content-Type": "application/json", "X-Request-Id": "r-9"], body: #"{"id": "SO-1", "lines": 2}"#))
        let transport = try Self.transport(
            #"method="POST" url="\#(server.baseURL)/api/orders/{orderId}""#,
            """
            <body>{ customer: customerId, amount: total }</body>
            <response>{ orderNumber: body.id, httpStatus: status, requestId: get value(headers, "x-request-id") }</response>
            """)
        let variables: FEELContext = ["orderId": .string("A/7 x"), "customerId": .string("C-7"), "total": .number(FEELNumber(1200)), "other": .boolean(true)]
        let result = try transport.call(Self.job(), variables: variables, timeoutMilliseconds: 5_000)
        guard case .complete(let output) = result else {
            Issue.record("expected completion, got \(result)")
            return
        }
        #expect(output == ["orderNumber": .string("SO-1"), "httpStatus": .number(FEELNumber(201)), "requestId": .string("r-9")])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/api/orders/A%2F7%20x")
        #expect(try FEELValue(json: request.bodyText) == .context(["customer": .string("C-7"), "amount": .number(FEELNumber(1200))]))
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["idempotency-key"] == "pi-1/5")
        #expect(request.headers["baton-attempt"] == "1")
        #expect(request.headers["baton-signature"] == nil)
    }

    @Test func withoutMappingsAllVariablesGoOutAndAJSONObjectComesBack() throws {
        let server = try LoopbackHTTPServer()
        server.enqueue(.json(#"{"salesOrderId": "SO-2"}"#), .json(#"["not", "an", "object"]"#))
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders""#)
        let result = try transport.call(Self.job(attempts: 2), variables: ["amount": .number(FEELNumber(5))], timeoutMilliseconds: 5_000)
        guard case .complete(let output) = result else {
            Issue.record("expected completion, got \(result)")
            return
        }
        #expect(output == ["salesOrderId": .string("SO-2")])
        guard case .complete(let nothing) = try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) else { return }
        #expect(nothing.count == 0)
        #expect(server.requests.first?.bodyText == #"{"amount":5}"#)
        #expect(server.requests.first?.headers["baton-attempt"] == "3")
        // GET sends no body
        let get = try Self.transport(#"method="GET" url="\#(server.baseURL)/orders/{id}""#)
        _ = try get.call(Self.job(), variables: ["id": .number(FEELNumber(42))], timeoutMilliseconds: 5_000)
        #expect(server.requests.last?.method == "GET" && server.requests.last?.path == "/orders/42" && server.requests.last?.body.isEmpty == true)
    }

    @Test func aMissingURLVariableIsNotRetriedAndNamed() throws {
        let server = try LoopbackHTTPServer()
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders/{orderId}""#)
        let failure = Self.failure { try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) }
        #expect(failure == JobFailure("the url of connector 'erp' needs variable 'orderId', which is not set", retryable: false))
        #expect(server.requests.isEmpty)
    }

    /// An environment variable every test process has: tests read the environment but never
    /// change it (setenv races with threads that read it, such as Process.run).
    static let presentVariable = ["PATH", "HOME", "PWD"].first { ProcessInfo.processInfo.environment[$0]?.isEmpty == false } ?? "PATH"

    @Test func secretsComeFromTheEnvironmentAndFromFiles() throws {
        let server = try LoopbackHTTPServer()
        let workspace = try Workspace()
        let file = workspace.folder.appendingPathComponent("api-key").path
        try Data("file-s3cret\n".utf8).write(to: URL(fileURLWithPath: file))
        let transport = try Self.transport(
            #"url="\#(server.baseURL)/orders""#,
            """
            <secret name="token" env="\(Self.presentVariable)"/><secret name="apiKey" file="\(file)"/>
            <header name="Authorization" value="Bearer {secrets.token}"/><header name="X-Api-Key" value="{secrets.apiKey}"/>
            """)
        _ = try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000)
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(ProcessInfo.processInfo.environment[Self.presentVariable] ?? "")")
        #expect(server.requests.first?.headers["x-api-key"] == "file-s3cret")
        // A secret that is not available stops at once, naming where it should come from
        let unset = "BATON_TEST_UNSET_\(UInt32.random(in: 0...UInt32.max))"
        let missingVariable = try Self.transport(#"url="\#(server.baseURL)/orders""#, #"<secret name="token" env="\#(unset)"/>"#)
        #expect(Self.failure { try missingVariable.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) }
            == JobFailure("secret 'token' of connector 'erp' is not available: environment variable \(unset) is not set or is empty", retryable: false))
        try FileManager.default.removeItem(atPath: file)
        #expect(Self.failure { try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) }
            == JobFailure("secret 'apiKey' of connector 'erp' is not available: file \(file) cannot be read or is empty", retryable: false))
        #expect(server.requests.count == 1)
    }

    @Test func theSignatureVerifiesWithTheSharedSecret() throws {
        let server = try LoopbackHTTPServer()
        let workspace = try Workspace()
        let file = workspace.folder.appendingPathComponent("hmac-key").path
        try Data("whsec-shared\n".utf8).write(to: URL(fileURLWithPath: file))
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders""#, #"<secret name="hmacKey" file="\#(file)"/><sign secret="hmacKey"/>"#)
        _ = try transport.call(Self.job(), variables: ["amount": .number(FEELNumber(12.5))], timeoutMilliseconds: 5_000)
        let request = try #require(server.requests.first)
        let header = try #require(request.headers["baton-signature"])
        // t=<seconds>,v1=<hex>
        let fields = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair[1]))
        })
        let timestamp = try #require(fields["t"].flatMap { Int($0) })
        #expect(abs(Int(Date().timeIntervalSince1970) - timestamp) < 300)
        let expected = TestHMAC.sha256Hex(key: Array("whsec-shared".utf8), message: Array("\(timestamp).".utf8) + Array(request.body))
        #expect(fields["v1"] == expected)
        #expect(HTTPTransport.signature(body: Array(request.body), secret: "whsec-shared", timestamp: timestamp) == header)
        // The test's HMAC agrees with RFC 4231 test case 2
        #expect(TestHMAC.sha256Hex(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func businessErrorStatusesAreBPMNErrors() throws {
        let server = try LoopbackHTTPServer()
        server.enqueue(.json(#"{"reason": "duplicate order"}"#, status: 409), .json(#"{"code": "CREDIT_LIMIT", "text": "over the limit"}"#, status: 422))
        let transport = try Self.transport(
            #"url="\#(server.baseURL)/orders""#,
            #"<businessError statuses="409" code="ORDER_REJECTED"/><businessError statuses="422" code="=body.code" message="=body.text"/>"#)
        let first = try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000)
        guard case .bpmnError(let code, let message, _) = first else {
            Issue.record("expected a BPMN error, got \(first)")
            return
        }
        #expect(code == "ORDER_REJECTED")
        #expect(message == #"POST \#(server.baseURL)/orders answered 409: {"reason": "duplicate order"}"#)
        let second = try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000)
        guard case .bpmnError(let code, let message, _) = second else {
            Issue.record("expected a BPMN error, got \(second)")
            return
        }
        #expect(code == "CREDIT_LIMIT" && message == "over the limit")
    }

    @Test func statusesDecideWhetherToRetry() throws {
        let server = try LoopbackHTTPServer()
        server.enqueue(
            .init(status: 503, headers: ["Retry-After": "7"], body: "down for maintenance"), .init(status: 429), .init(status: 400, body: "{\"error\": \"amount missing\"}"),
            .init(status: 302, headers: ["Location": "\(server.baseURL)/elsewhere"]))
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders?page=1""#)
        let call = { try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) }
        #expect(Self.failure(call) == JobFailure("POST \(server.baseURL)/orders answered 503: down for maintenance", retryable: true, retryAfterMilliseconds: 7_000))
        #expect(Self.failure(call) == JobFailure("POST \(server.baseURL)/orders answered 429", retryable: true))
        #expect(Self.failure(call) == JobFailure(#"POST \#(server.baseURL)/orders answered 400: {"error": "amount missing"}"#, retryable: false))
        // Redirects are answers, not followed
        #expect(Self.failure(call)?.message == "POST \(server.baseURL)/orders answered 302")
        #expect(server.requests.count == 4)
    }

    @Test func aSlowServerIsATimeoutThatIsRetried() throws {
        let server = try LoopbackHTTPServer()
        server.enqueue(.init(status: 200, body: "{}", delay: 3))
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders""#)
        let start = Date()
        let failure = Self.failure { try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 300) }
        #expect(failure == JobFailure("POST \(server.baseURL)/orders did not answer within 300 ms", retryable: true))
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func aServerThatIsDownIsARetryableFailureUntilItIsBack() throws {
        let server = try LoopbackHTTPServer()
        let transport = try Self.transport(#"url="\#(server.baseURL)/orders""#)
        server.stop()
        let failure = Self.failure { try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000) }
        #expect(failure == JobFailure("POST \(server.baseURL)/orders failed: connection refused", retryable: true))
        try server.start()
        server.enqueue(.json(#"{"ok": true}"#))
        let result = try transport.call(Self.job(), variables: [:], timeoutMilliseconds: 5_000)
        guard case .complete(let output) = result else {
            Issue.record("expected completion once the server is back, got \(result)")
            return
        }
        #expect(output == ["ok": .boolean(true)])
        #expect(server.requests.count == 1)
    }

    @Test func theLoopbackServerServesManySequentialCallsQuickly() throws {
        let server = try LoopbackHTTPServer()
        server.setHandler { request in .json(#"{"path": "\#(request.path)"}"#) }
        let transport = try Self.transport(#"method="GET" url="\#(server.baseURL)/orders/{n}""#)
        let start = Date()
        for n in 0..<300 {
            let result = try transport.call(Self.job(), variables: ["n": .number(FEELNumber(n))], timeoutMilliseconds: 5_000)
            guard case .complete(let output) = result, output["path"] == .string("/orders/\(n)") else {
                Issue.record("call \(n) got \(result)")
                return
            }
        }
        #expect(server.requests.count == 300)
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
