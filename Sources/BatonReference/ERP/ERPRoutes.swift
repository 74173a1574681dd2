import Foundation
import GRDB
import Hummingbird
import Logging

/// The ERP's HTTP API under `/erp/v1`: every request signed (``ERPSignatureMiddleware``),
/// every change idempotent on its `Idempotency-Key` (the stored answer written in the
/// transaction of the change), refusals as problem+json with an `errorCode`.
struct ERPRoutes {
    let erp: ReferenceERP
    let notifier: BatonNotifier?
    let logger: Logger
    let gate = IdempotencyGate()

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("erp/v1")
        registerCustomers(on: v1)
        registerOrders(on: v1)
        registerProduction(on: v1)
        registerBilling(on: v1)
    }

    private func registerCustomers(on v1: RouterGroup<BasicRequestContext>) {
        v1.get("customers") { _, _ in await read { db in try ReferenceERP.allCustomers(db) } }
        v1.get("customers/:debtorNo") { _, context in await read { db in try erp.customer(context.parameter("debtorNo"), in: db) } }
        v1.get("customers/:debtorNo/credit") { _, context in await read { db in try erp.credit(context.parameter("debtorNo"), in: db) } }
        v1.post("customers/search") { request, _ in
            await change(request) { db, body in ["customers": try erp.searchCustomers(decode(body), in: db)] }
        }
        v1.post("customers") { request, _ in await change(request, status: 201) { db, body in try erp.createCustomer(decode(body), in: db) } }
        v1.put("customers") { request, _ in await change(request) { db, body in try erp.updateCustomer(decode(body), in: db) } }
        v1.get("articles") { _, _ in await read { db in try ReferenceERP.allArticles(db) } }
        v1.get("articles/:articleNo") { _, context in await read { db in try ReferenceERP.article(context.parameter("articleNo"), in: db) } }
        v1.get("articles/:articleNo/bom-explosion") { request, context in
            await read { db in
                guard let qty = request.uri.queryParameters.get("qty").flatMap({ Int($0) }) else {
                    throw ReferenceError.invalid("the query needs qty, a whole number")
                }
                return try erp.explode(context.parameter("articleNo"), qty: qty, in: db)
            }
        }
    }

    private func registerOrders(on v1: RouterGroup<BasicRequestContext>) {
        v1.get("sales-orders") { _, _ in await read { db in try ReferenceERP.allSalesOrders(db) } }
        v1.get("sales-orders/:orderNo") { _, context in await read { db in try ReferenceERP.salesOrder(context.parameter("orderNo"), in: db) } }
        v1.post("sales-orders") { request, _ in await change(request, status: 201) { db, body in try erp.createSalesOrder(decode(body), in: db) } }
        v1.post("replacement-orders") { request, _ in
            await change(request, status: 201) { db, body in try erp.createReplacementOrder(decode(body), in: db) }
        }
        v1.post("reservations") { request, _ in
            await change(request) { db, body in try erp.reserve(decode(body, as: OrderReference.self).orderNo, in: db) }
        }
        v1.post("sales-orders/:orderNo/ship") { request, context in
            await change(request, status: 201) { db, body in
                let carrier = try body.isEmpty ? nil : decode(body, as: ShipRequest.self).carrier
                return try erp.ship(context.parameter("orderNo"), carrier: carrier ?? "DHL", in: db)
            } after: { (shipment: ERPShipment) in
                notifier?.send(ERPNotifications.shipmentDispatched(shipment))
            }
        }
        v1.get("sales-orders/:orderNo/shipment") { _, context in
            await read { db in ShipmentAnswer(shipment: try erp.latestShipment(context.parameter("orderNo"), in: db)) }
        }
        v1.post("sales-orders/:orderNo/shipment/resend") { request, context in
            await change(request, status: 201) { db, _ in try erp.resendShipment(context.parameter("orderNo"), in: db) }
        }
        v1.get("shipments") { _, _ in await read { db in try ReferenceERP.allShipments(db) } }
        v1.patch("shipments/:shipmentNo") { request, context in
            await change(request) { db, body in try erp.setShipmentStatus(context.parameter("shipmentNo"), status: decode(body, as: StatusChange.self).status, in: db) }
        }
    }

    private func registerProduction(on v1: RouterGroup<BasicRequestContext>) {
        v1.get("purchase-requisitions") { _, _ in await read { db in try ReferenceERP.allRequisitions(db) } }
        v1.post("purchase-requisitions") { request, _ in
            await change(request, status: 201) { db, body in try erp.createRequisition(decode(body), in: db) }
        }
        v1.get("production-orders") { _, _ in await read { db in try ReferenceERP.allProductionOrders(db) } }
        v1.get("production-orders/:prodNo") { _, context in await read { db in try erp.productionOrder(context.parameter("prodNo"), in: db) } }
        v1.post("production-orders") { request, _ in
            await change(request, status: 201) { db, body in try erp.createProductionOrder(decode(body), in: db) }
        }
        v1.post("production-orders/:prodNo/release") { request, context in
            await change(request) { db, _ in try erp.release(context.parameter("prodNo"), in: db) }
        }
        v1.post("production-orders/:prodNo/complete") { request, context in
            await change(request) { db, body in
                let produced = try body.isEmpty ? nil : decode(body, as: CompletionReport.self).producedQty
                return try erp.complete(context.parameter("prodNo"), producedQty: produced, in: db)
            } after: { (order: ERPProductionOrder) in
                notifier?.send(ERPNotifications.productionCompleted(order))
            }
        }
        v1.post("production-orders/:prodNo/receipt") { request, context in
            await change(request) { db, _ in try erp.receive(context.parameter("prodNo"), in: db) }
        }
    }

    private func registerBilling(on v1: RouterGroup<BasicRequestContext>) {
        v1.get("invoices") { _, _ in await read { db in try ReferenceERP.allInvoices(db) } }
        v1.get("invoices/:invoiceNo") { _, context in await read { db in try erp.invoice(context.parameter("invoiceNo"), in: db) } }
        v1.post("invoices") { request, _ in await change(request, status: 201) { db, body in try erp.createInvoice(decode(body), in: db) } }
        v1.post("invoices/:invoiceNo/correction") { request, context in
            await change(request, status: 201) { db, body in try erp.correctInvoice(context.parameter("invoiceNo"), decode(body), in: db) }
        }
        v1.get("credit-notes") { _, _ in await read { db in try ReferenceERP.allCreditNotes(db) } }
        v1.post("credit-notes") { request, _ in await change(request, status: 201) { db, body in try erp.createCreditNote(decode(body), in: db) } }
    }

    // MARK: Reading and changing

    /// Answers what `work` reads, as JSON.
    private func read(_ work: @escaping @Sendable (Database) throws -> some Encodable & Sendable) async -> Response {
        await ReferenceHTTP.guarded(logger: logger) {
            let output = try await erp.database.read { db in try work(db) }
            return ReferenceHTTP.json(try Self.encode(output))
        }
    }

    /// Applies a change in one transaction. With an `Idempotency-Key`, a stored answer to
    /// the key is returned instead (`Idempotent-Replayed: true`); a new answer is stored in
    /// the change's transaction; a repeat while the first is in progress gets 429. Refusals
    /// change nothing and are not stored. `after` runs once the change is committed (not
    /// for a replayed answer).
    private func change<Output: Encodable & Sendable>(
        _ request: Request, status: Int = 200, _ work: @escaping @Sendable (Database, [UInt8]) throws -> Output,
        after: (@Sendable (Output) -> Void)? = nil
    ) async -> Response {
        await ReferenceHTTP.guarded(logger: logger) {
            let body = try await ReferenceHTTP.body(of: request)
            let signature = "\(request.method) \(request.uri.path)"
            guard let key = request.headers[.idempotencyKey], !key.isEmpty else {
                let output = try await erp.database.write { db in try work(db, body) }
                after?(output)
                return ReferenceHTTP.json(try Self.encode(output), status: status)
            }
            guard gate.enter(key) else {
                return ReferenceHTTP.problem(
                    ReferenceError(.tooManyRequests, "REQUEST_IN_PROGRESS", "a request with Idempotency-Key '\(key)' is being processed"),
                    headers: [.retryAfter: "1"])
            }
            defer { gate.leave(key) }
            let stamp = ReferenceERP.timestamp(erp.now())
            let (answer, output) = try await erp.database.write { db -> (StoredAnswer, Output?) in
                if let row = try Row.fetchOne(db, sql: "SELECT request, status, body FROM idempotency_key WHERE key = ?", arguments: [key]) {
                    guard row["request"] as String == signature else {
                        throw ReferenceError(
                            .unprocessable, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '\(key)' was used for \(row["request"] as String), not \(signature)")
                    }
                    return (StoredAnswer(status: row["status"], body: row["body"], replayed: true), nil)
                }
                let output = try work(db, body)
                let text = try Self.encode(output)
                try db.execute(
                    sql: "INSERT INTO idempotency_key (key, request, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [key, signature, status, text, stamp])
                return (StoredAnswer(status: status, body: text, replayed: false), output)
            }
            if let output { after?(output) }
            return ReferenceHTTP.json(answer.body, status: answer.status, headers: answer.replayed ? [.idempotentReplayed: "true"] : [:])
        }
    }

    private struct StoredAnswer {
        var status: Int
        var body: String
        var replayed: Bool
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try ERPJSON.encoder.encode(value), as: UTF8.self)
    }
}

/// Decodes a request body in the ERP's shape.
private func decode<T: Decodable>(_ body: [UInt8], as type: T.Type = T.self) throws -> T {
    try ERPJSON.decoder.decode(type, from: Data(body))
}

/// `{"order_no": …}`.
private struct OrderReference: Codable { var orderNo: String }
/// `{"carrier": …}`.
private struct ShipRequest: Codable { var carrier: String? }
/// `{"produced_qty": …}`.
private struct CompletionReport: Codable { var producedQty: Int? }
/// `{"status": …}`.
private struct StatusChange: Codable { var status: String }
/// `{"shipment": … or null}`.
private struct ShipmentAnswer: Encodable, Sendable {
    var shipment: ERPShipment?
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shipment, forKey: .shipment)
    }
    enum CodingKeys: String, CodingKey { case shipment }
}

extension BasicRequestContext {
    /// A path parameter the route declares.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw ReferenceError.invalid("the path lacks \(name)") }
        return value
    }
}
