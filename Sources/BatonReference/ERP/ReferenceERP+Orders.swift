import Foundation
import GRDB

/// A new sales order as a caller sends it.
public struct ERPNewSalesOrder: Codable, Sendable, Hashable {
    public var debtorNo: String
    public var customerReference: String?
    /// Default: the debtor's currency.
    public var currency: String?
    public var lines: [Line]

    /// One line; without a unit price the article's list price applies.
    public struct Line: Codable, Sendable, Hashable {
        public var articleNo: String
        public var qty: Int
        public var unitPrice: Money?
    }
}

/// A replacement order for a service case: the article at no charge.
public struct ERPNewReplacementOrder: Codable, Sendable, Hashable {
    public var debtorNo: String
    public var articleNo: String
    public var qty: Int
    public var caseRef: String
}

extension ReferenceERP {
    /// Creates a sales order (`STANDARD`, or `REPLACEMENT` at a price of zero).
    func createSalesOrder(_ order: ERPNewSalesOrder, type: String = "STANDARD", in db: Database) throws -> ERPSalesOrder {
        let debtor = try customer(order.debtorNo, in: db).debtorNo
        guard !order.lines.isEmpty else { throw ReferenceError.invalid("a sales order needs at least one line") }
        var priced: [(String, Int, Money)] = []
        for line in order.lines {
            guard line.qty > 0 else { throw ReferenceError.invalid("qty of \(line.articleNo) must be positive, not \(line.qty)") }
            let article = try Self.article(line.articleNo, in: db)
            if let price = line.unitPrice, price < .zero { throw ReferenceError.invalid("unit_price of \(line.articleNo) must not be negative") }
            priced.append((line.articleNo, line.qty, line.unitPrice ?? article.listPrice))
        }
        let currency = try order.currency ?? customer(debtor, in: db).currency
        let orderNo = try Records.next("sales_order", prefix: "SO-", first: 50001, in: db)
        try db.execute(
            sql: "INSERT INTO sales_order (order_no, order_type, debtor_no, customer_reference, status, currency, created_at) VALUES (?, ?, ?, ?, 'OPEN', ?, ?)",
            arguments: [orderNo, type, debtor, order.customerReference, currency, Self.timestamp(now())])
        for (index, line) in priced.enumerated() {
            try db.execute(
                sql: "INSERT INTO sales_order_line (order_no, line_no, article_no, qty, unit_price_cents) VALUES (?, ?, ?, ?, ?)",
                arguments: [orderNo, (index + 1) * 10, line.0, line.1, line.2.cents])
        }
        return try Self.salesOrder(orderNo, in: db)
    }

    /// A free replacement for a service case.
    func createReplacementOrder(_ order: ERPNewReplacementOrder, in db: Database) throws -> ERPSalesOrder {
        let request = ERPNewSalesOrder(
            debtorNo: order.debtorNo, customerReference: order.caseRef, currency: nil,
            lines: [.init(articleNo: order.articleNo, qty: order.qty, unitPrice: .zero)])
        return try createSalesOrder(request, type: "REPLACEMENT", in: db)
    }

    /// Reserves free stock for the order's open lines; what cannot be reserved is short.
    /// Running it again reserves only what is still missing.
    func reserve(_ orderNo: String, in db: Database) throws -> ERPReservation {
        let order = try Self.salesOrder(orderNo, in: db)
        guard order.status == "OPEN" else { throw ReferenceError(.conflict, "ORDER_NOT_OPEN", "sales order \(orderNo) is \(order.status)") }
        var lines: [ERPReservation.Line] = []
        for line in order.lines {
            let article = try Self.article(line.articleNo, in: db)
            let take = max(0, min(line.qty - line.reservedQty, article.onHand - article.reserved))
            if take > 0 {
                try db.execute(sql: "UPDATE article SET reserved = reserved + ? WHERE article_no = ?", arguments: [take, line.articleNo])
                try db.execute(
                    sql: "UPDATE sales_order_line SET reserved_qty = reserved_qty + ? WHERE order_no = ? AND line_no = ?",
                    arguments: [take, orderNo, line.lineNo])
            }
            let reserved = line.reservedQty + take
            lines.append(.init(lineNo: line.lineNo, articleNo: line.articleNo, qty: line.qty, reservedQty: reserved, shortQty: line.qty - reserved))
        }
        return ERPReservation(orderNo: orderNo, lines: lines)
    }

    /// The warehouse ships an open order: every line must be covered by stock (reserving
    /// the rest now), stock is issued, a shipment is dispatched.
    func ship(_ orderNo: String, carrier: String, in db: Database) throws -> ERPShipment {
        let reservation = try reserve(orderNo, in: db)
        if let short = reservation.lines.first(where: { $0.shortQty > 0 }) {
            throw ReferenceError(.conflict, "INSUFFICIENT_STOCK", "\(short.shortQty) of \(short.articleNo) missing to ship sales order \(orderNo)")
        }
        for line in reservation.lines {
            try db.execute(
                sql: "UPDATE article SET on_hand = on_hand - ?, reserved = reserved - ? WHERE article_no = ?", arguments: [line.qty, line.qty, line.articleNo])
            try db.execute(sql: "UPDATE sales_order_line SET reserved_qty = 0 WHERE order_no = ? AND line_no = ?", arguments: [orderNo, line.lineNo])
        }
        try db.execute(sql: "UPDATE sales_order SET status = 'SHIPPED' WHERE order_no = ?", arguments: [orderNo])
        return try dispatchShipment(for: orderNo, carrier: carrier, in: db)
    }

    /// The order's latest shipment, or nil.
    func latestShipment(_ orderNo: String, in db: Database) throws -> ERPShipment? {
        _ = try Self.salesOrder(orderNo, in: db)
        return try Row.fetchOne(db, sql: "SELECT * FROM shipment WHERE order_no = ? ORDER BY rowid DESC LIMIT 1", arguments: [orderNo]).map(Self.shipment)
    }

    /// Sends the goods again: the previous shipment counts as lost, a new one is dispatched
    /// with the same carrier.
    func resendShipment(_ orderNo: String, in db: Database) throws -> ERPShipment {
        guard let previous = try latestShipment(orderNo, in: db) else {
            throw ReferenceError(.conflict, "NOT_SHIPPED", "sales order \(orderNo) has not been shipped, so it cannot be sent again")
        }
        if previous.status != "DELIVERED" {
            try db.execute(sql: "UPDATE shipment SET status = 'LOST' WHERE shipment_no = ?", arguments: [previous.shipmentNo])
        }
        return try dispatchShipment(for: orderNo, carrier: previous.carrier, in: db)
    }

    /// Sets a shipment's status as the carrier reports it (`DELIVERED` or `LOST`).
    func setShipmentStatus(_ shipmentNo: String, status: String, in db: Database) throws -> ERPShipment {
        guard ["DELIVERED", "LOST"].contains(status) else { throw ReferenceError.invalid("status must be DELIVERED or LOST, not '\(status)'") }
        guard try Self.exists("shipment", "shipment_no", shipmentNo, in: db) else {
            throw ReferenceError.notFound("shipment", shipmentNo, code: "UNKNOWN_SHIPMENT")
        }
        try db.execute(sql: "UPDATE shipment SET status = ? WHERE shipment_no = ?", arguments: [status, shipmentNo])
        return try Row.fetchOne(db, sql: "SELECT * FROM shipment WHERE shipment_no = ?", arguments: [shipmentNo]).map(Self.shipment)!
    }

    private func dispatchShipment(for orderNo: String, carrier: String, in db: Database) throws -> ERPShipment {
        let shipmentNo = try Records.next("shipment", prefix: "SH-", first: 80001, in: db)
        let tracking = "\(carrier.prefix(3).uppercased())\(shipmentNo.filter(\.isNumber))\(orderNo.filter(\.isNumber))"
        try db.execute(
            sql: "INSERT INTO shipment (shipment_no, order_no, carrier, tracking_no, status, dispatched_at) VALUES (?, ?, ?, ?, 'DISPATCHED', ?)",
            arguments: [shipmentNo, orderNo, carrier, tracking, Self.timestamp(now())])
        return try Row.fetchOne(db, sql: "SELECT * FROM shipment WHERE shipment_no = ?", arguments: [shipmentNo]).map(Self.shipment)!
    }
}
