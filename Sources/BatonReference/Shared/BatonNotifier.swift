public import BatonFEEL
import BatonConnectors
import Foundation
public import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A message for Baton's `POST /v1/messages`: exactly one of `correlationKey` and
/// `businessKey`; `messageId` lets Baton drop a repeat; `timeToLive` (milliseconds) keeps
/// it until an instance waits for it.
public struct BatonMessage: Sendable, Hashable {
    public var messageName: String
    public var correlationKey: String?
    public var businessKey: String?
    public var variables: FEELContext
    public var messageId: String?
    public var timeToLive: Int64?

    public init(
        messageName: String, correlationKey: String? = nil, businessKey: String? = nil, variables: FEELContext = FEELContext(), messageId: String? = nil,
        timeToLive: Int64? = nil
    ) {
        self.messageName = messageName
        self.correlationKey = correlationKey
        self.businessKey = businessKey
        self.variables = variables
        self.messageId = messageId
        self.timeToLive = timeToLive
    }

    /// The request body: `{"messageName": …, "correlationKey": …, "variables": {…}, …}`.
    public var json: String {
        var fields: [(String, FEELValue)] = [("messageName", .string(messageName))]
        if let correlationKey { fields.append(("correlationKey", .string(correlationKey))) }
        if let businessKey { fields.append(("businessKey", .string(businessKey))) }
        fields.append(("variables", .context(variables)))
        if let messageId { fields.append(("messageId", .string(messageId))) }
        if let timeToLive { fields.append(("timeToLive", .number(FEELNumber(Int(timeToLive))))) }
        return FEELValue.context(FEELContext(fields)).json
    }
}

/// Tells Baton what happened in a reference system (an order shipped, an opportunity
/// won) by posting a ``BatonMessage`` to `{baseURL}/v1/messages` with a Bearer token.
///
/// Sending never blocks the caller and never throws: messages are delivered in order on
/// a thread of their own; a refused connection, a timeout or a 5xx/408/429 answer is
/// retried a few times with a doubling wait, then logged; any other 4xx answer (nobody
/// waits, no permission) is logged at once. Tests and in-process set-ups can pass a
/// `sink` closure instead of a URL.
///
/// ```swift
/// let notifier = BatonNotifier(baseURL: "http://127.0.0.1:8080", token: integrationToken)
/// notifier.send(BatonMessage(messageName: "shipmentDispatched", correlationKey: "SO-50001", variables: ["shipment": shipment]))
/// notifier.drain()   // waits until what was sent is delivered or given up
/// ```
public final class BatonNotifier: Sendable {
    /// How one delivery attempt ended.
    enum Attempt {
        case delivered
        case retry(String)
        case refused(String)
    }

    private let deliver: @Sendable (BatonMessage) -> Attempt
    private let attempts: Int
    private let backoffMilliseconds: Int
    private let logger: Logger
    private let queue = DispatchQueue(label: "baton.reference.notifier")

    /// Posts to `{baseURL}/v1/messages` with `Authorization: Bearer <token>`.
    public convenience init(baseURL: String, token: String, attempts: Int = 5, backoffMilliseconds: Int = 500, logger: Logger = Logger(label: "baton.reference.notifier")) {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.init(attempts: attempts, backoffMilliseconds: backoffMilliseconds, logger: logger) { message in
            guard let url = URL(string: base + "/v1/messages") else { return .refused("'\(base)/v1/messages' is not a URL") }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(message.json.utf8)
            switch BlockingHTTP.send(request, timeoutMilliseconds: 10_000) {
            case .timedOut: return .retry("no answer within 10 s")
            case .failed(let reason): return .retry(reason)
            case .answer(let status, _, let body):
                let text = "answered \(status): " + String(decoding: body.prefix(200), as: UTF8.self)
                if (200...299).contains(status) { return .delivered }
                if status == 408 || status == 429 || status >= 500 { return .retry(text) }
                return .refused(text)
            }
        }
    }

    /// Hands each message to `sink`; a thrown error is a failed attempt (retried).
    public convenience init(
        attempts: Int = 5, backoffMilliseconds: Int = 500, logger: Logger = Logger(label: "baton.reference.notifier"),
        sink: @escaping @Sendable (BatonMessage) throws -> Void
    ) {
        self.init(attempts: attempts, backoffMilliseconds: backoffMilliseconds, logger: logger) { message in
            do {
                try sink(message)
                return .delivered
            } catch {
                return .retry("\(error)")
            }
        }
    }

    private init(attempts: Int, backoffMilliseconds: Int, logger: Logger, deliver: @escaping @Sendable (BatonMessage) -> Attempt) {
        self.attempts = max(1, attempts)
        self.backoffMilliseconds = max(0, backoffMilliseconds)
        self.logger = logger
        self.deliver = deliver
    }

    /// Queues `message` for delivery and returns at once.
    public func send(_ message: BatonMessage) {
        queue.async { [self] in deliverNow(message) }
    }

    /// Waits until every message sent so far is delivered or given up.
    public func drain() {
        queue.sync {}
    }

    private func deliverNow(_ message: BatonMessage) {
        var wait = backoffMilliseconds
        for attempt in 1...attempts {
            switch deliver(message) {
            case .delivered:
                logger.debug("told Baton \(message.messageName)", metadata: ["attempt": "\(attempt)"])
                return
            case .refused(let reason):
                logger.error("Baton refused message \(message.messageName): \(reason)")
                return
            case .retry(let reason):
                guard attempt < attempts else {
                    logger.error("gave up telling Baton \(message.messageName) after \(attempts) attempts: \(reason)")
                    return
                }
                logger.warning("telling Baton \(message.messageName) failed (attempt \(attempt) of \(attempts)), retrying in \(wait) ms: \(reason)")
                Thread.sleep(forTimeInterval: Double(wait) / 1000)
                wait = min(wait * 2, 30_000)
            }
        }
    }
}
