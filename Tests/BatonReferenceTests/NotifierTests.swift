import BatonFEEL
@testable import BatonReference
import Foundation
import Hummingbird
import Logging
import Testing

/// The notifier posts Baton's message body with a Bearer token, retries what may pass,
/// and gives up quietly.
@Suite struct NotifierTests {
    /// Requests a fake Baton received, and the statuses it answers with, in turn.
    final class FakeBaton: @unchecked Sendable {
        private let lock = NSLock()
        private var statuses: [Int]
        private(set) var requests: [(path: String, authorization: String?, body: String)] = []

        init(statuses: [Int]) { self.statuses = statuses }

        func receive(path: String, authorization: String?, body: String) -> Int {
            lock.withLock {
                requests.append((path, authorization, body))
                return statuses.isEmpty ? 200 : statuses.removeFirst()
            }
        }

        var received: [(path: String, authorization: String?, body: String)] { lock.withLock { requests } }
    }

    static func withFakeBaton(statuses: [Int], _ body: @escaping @Sendable (FakeBaton, String) async throws -> Void) async throws {
        let fake = FakeBaton(statuses: statuses)
        let router = Router()
        router.post("v1/messages") { request, context -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let status = fake.receive(path: request.uri.path, authorization: request.headers[.authorization], body: text)
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "reference-tests.baton")
        logger.logLevel = .critical
        try await serving({ listening in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { await listening($0.localAddress!.port!) },
                logger: logger)
        }) { url in try await body(fake, url) }
    }

    @Test func theMessageBodyIsWhatBatonsMessageRouteReads() {
        let message = BatonMessage(
            messageName: "shipmentDispatched", correlationKey: "SO-50001", variables: ["shipment": .context(["id": .string("SH-80001")])],
            messageId: "erp-shipment-SH-80001", timeToLive: 86_400_000)
        #expect(
            message.json
                == #"{"messageName":"shipmentDispatched","correlationKey":"SO-50001","variables":{"shipment":{"id":"SH-80001"}},"messageId":"erp-shipment-SH-80001","timeToLive":86400000}"#
        )
        #expect(BatonMessage(messageName: "opportunityWon", businessKey: "OPP-1").json == #"{"messageName":"opportunityWon","businessKey":"OPP-1","variables":{}}"#)
    }

    @Test func postsWithTheBearerTokenAndRetriesAnUnavailableBaton() async throws {
        try await Self.withFakeBaton(statuses: [503, 200]) { fake, url in
            let notifier = BatonNotifier(baseURL: url + "/", token: "baton_integration", backoffMilliseconds: 10)
            notifier.send(BatonMessage(messageName: "productionCompleted", correlationKey: "PO-20001", variables: ["producedQuantity": number("2")]))
            try await blocking { notifier.drain() }
            let received = fake.received
            #expect(received.count == 2)
            #expect(received.allSatisfy { $0.path == "/v1/messages" && $0.authorization == "Bearer baton_integration" })
            let body = try FEELValue(json: received[1].body)
            #expect(body["messageName"] == .string("productionCompleted") && body["correlationKey"] == .string("PO-20001"))
            #expect(body["variables"]?["producedQuantity"] == number("2"))
        }
    }

    @Test func aRefusalIsNotRetried() async throws {
        try await Self.withFakeBaton(statuses: [404, 200]) { fake, url in
            let notifier = BatonNotifier(baseURL: url, token: "t", backoffMilliseconds: 10)
            notifier.send(BatonMessage(messageName: "customerObjected", correlationKey: "CASE-1"))
            try await blocking { notifier.drain() }
            #expect(fake.received.count == 1, "nobody waits: repeating would not help")
        }
    }

    @Test func anUnreachableBatonIsRetriedThenGivenUpWithoutCrashing() async throws {
        let notifier = BatonNotifier(baseURL: "http://127.0.0.1:1", token: "t", attempts: 3, backoffMilliseconds: 10)
        notifier.send(BatonMessage(messageName: "opportunityWon", businessKey: "OPP-1"))
        try await blocking { notifier.drain() }

        let calls = MessageLog()
        struct Down: Error {}
        let flaky = BatonNotifier(attempts: 4, backoffMilliseconds: 1) { message in
            calls.append(message)
            if calls.all.count < 3 { throw Down() }
        }
        flaky.send(BatonMessage(messageName: "opportunityWon", businessKey: "OPP-2"))
        try await blocking { flaky.drain() }
        #expect(calls.all.count == 3, "two failures, then delivered")
    }
}
