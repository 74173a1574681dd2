import Foundation
import GRDB

/// A new purchase requisition.
public struct ERPNewRequisition: Codable, Sendable, Hashable {
    public var articleNo: String
    public var qty: Int
    public var reference: String?
}

/// A new production order.
public struct ERPNewProductionOrder: Codable, Sendable, Hashable {
    public var articleNo: String
    public var qty: Int
    /// `YYYY-MM-DD`.
    public var plannedDate: String
    public var workCenter: String
    public var orderRef: String?
}

extension ReferenceERP {
    /// Explodes the BOM of `articleNo` for `qty` down to purchased parts. A manufactured
    /// component is a phantom: its free stock is used first and only the rest is exploded.
    /// Parts are summed over the levels, with their free stock and what is short.
    func explode(_ articleNo: String, qty: Int, in db: Database) throws -> ERPExplosion {
        guard qty > 0 else { throw ReferenceError.invalid("qty must be positive, not \(qty)") }
        let top = try Self.article(articleNo, in: db)
        guard top.procurement == "MAKE", !top.bom.isEmpty else {
            throw ReferenceError(.unprocessable, "NO_BOM", "article \(articleNo) is purchased and has no bill of materials")
        }
        var gross: [String: Int] = [:]
        var order: [String] = []
        var phantomStock: [String: Int] = [:]
        func walk(_ article: ERPArticle, _ quantity: Int, depth: Int) throws {
            guard depth < 10 else { throw ReferenceError(.unprocessable, "BOM_CYCLE", "the BOM of \(articleNo) is more than ten levels deep") }
            for line in article.bom {
                let component = try Self.article(line.articleNo, in: db)
                var needed = line.qtyPer * quantity
                if component.procurement == "MAKE" && !component.bom.isEmpty {
                    let free = phantomStock[component.articleNo] ?? max(0, component.onHand - component.reserved)
                    let used = min(free, needed)
                    phantomStock[component.articleNo] = free - used
                    needed -= used
                    if needed > 0 { try walk(component, needed, depth: depth + 1) }
                } else {
                    if gross[component.articleNo] == nil { order.append(component.articleNo) }
                    gross[component.articleNo, default: 0] += needed
                }
            }
        }
        try walk(top, qty, depth: 0)
        let parts = try order.map { part in
            let article = try Self.article(part, in: db)
            let required = gross[part] ?? 0
            let available = max(0, article.onHand - article.reserved)
            return ERPExplosion.Part(articleNo: part, grossQty: required, availableQty: available, shortQty: max(0, required - available))
        }
        return ERPExplosion(articleNo: articleNo, qty: qty, parts: parts)
    }

    /// Creates a purchase requisition for a purchased article.
    func createRequisition(_ request: ERPNewRequisition, in db: Database) throws -> ERPPurchaseRequisition {
        guard request.qty > 0 else { throw ReferenceError.invalid("qty must be positive, not \(request.qty)") }
        let article = try Self.article(request.articleNo, in: db)
        guard article.procurement == "BUY" else {
            throw ReferenceError(.unprocessable, "NOT_PURCHASED", "article \(request.articleNo) is manufactured, not purchased")
        }
        let reqNo = try Records.next("requisition", prefix: "PR-", first: 30001, in: db)
        try db.execute(
            sql: "INSERT INTO purchase_requisition (req_no, article_no, qty, reference, status, created_at) VALUES (?, ?, ?, ?, 'OPEN', ?)",
            arguments: [reqNo, request.articleNo, request.qty, request.reference, Self.timestamp(now())])
        return try Row.fetchOne(db, sql: "SELECT * FROM purchase_requisition WHERE req_no = ?", arguments: [reqNo]).map(Self.requisition)!
    }

    /// Plans a production order for a manufactured article.
    func createProductionOrder(_ request: ERPNewProductionOrder, in db: Database) throws -> ERPProductionOrder {
        guard request.qty > 0 else { throw ReferenceError.invalid("qty must be positive, not \(request.qty)") }
        guard request.plannedDate.count == 10, request.plannedDate.filter({ $0 == "-" }).count == 2 else {
            throw ReferenceError.invalid("planned_date must be YYYY-MM-DD, not '\(request.plannedDate)'")
        }
        guard !request.workCenter.isEmpty else { throw ReferenceError.invalid("work_center must not be empty") }
        let article = try Self.article(request.articleNo, in: db)
        guard article.procurement == "MAKE" else {
            throw ReferenceError(.unprocessable, "NOT_MANUFACTURED", "article \(request.articleNo) is purchased, not manufactured")
        }
        if let orderRef = request.orderRef { _ = try Self.salesOrder(orderRef, in: db) }
        let prodNo = try Records.next("production", prefix: "PO-", first: 20001, in: db)
        try db.execute(
            sql: "INSERT INTO production_order (prod_no, article_no, qty, planned_date, work_center, order_ref, status) VALUES (?, ?, ?, ?, ?, ?, 'PLANNED')",
            arguments: [prodNo, request.articleNo, request.qty, request.plannedDate, request.workCenter, request.orderRef])
        return try productionOrder(prodNo, in: db)
    }

    /// A production order by number.
    func productionOrder(_ prodNo: String, in db: Database) throws -> ERPProductionOrder {
        let row = try Records.find(in: db, table: "production_order", key: "prod_no", prodNo, what: "production order", code: "UNKNOWN_PRODUCTION_ORDER")
        return Self.productionOrder(row)
    }

    /// Releases a planned order to the shop floor (releasing a released one changes nothing).
    func release(_ prodNo: String, in db: Database) throws -> ERPProductionOrder {
        let order = try productionOrder(prodNo, in: db)
        switch order.status {
        case "PLANNED": try db.execute(sql: "UPDATE production_order SET status = 'RELEASED' WHERE prod_no = ?", arguments: [prodNo])
        case "RELEASED": break
        default: throw ReferenceError(.conflict, "INVALID_STATUS", "production order \(prodNo) is \(order.status) and cannot be released")
        }
        return try productionOrder(prodNo, in: db)
    }

    /// The shop floor reports a released order done with `producedQty` (default: the
    /// planned quantity).
    func complete(_ prodNo: String, producedQty: Int?, in db: Database) throws -> ERPProductionOrder {
        let order = try productionOrder(prodNo, in: db)
        guard order.status == "RELEASED" else {
            throw ReferenceError(.conflict, "INVALID_STATUS", "production order \(prodNo) is \(order.status); only a released order can be completed")
        }
        let produced = producedQty ?? order.qty
        guard produced > 0 else { throw ReferenceError.invalid("produced_qty must be positive, not \(produced)") }
        try db.execute(sql: "UPDATE production_order SET status = 'COMPLETED', produced_qty = ? WHERE prod_no = ?", arguments: [produced, prodNo])
        return try productionOrder(prodNo, in: db)
    }

    /// Books a completed order's produced quantity into stock (once), and reserves it for
    /// the sales order it was made for. Receiving before completion is refused.
    func receive(_ prodNo: String, in db: Database) throws -> ERPProductionOrder {
        let order = try productionOrder(prodNo, in: db)
        guard order.status == "COMPLETED" else {
            throw ReferenceError(.conflict, "NOT_COMPLETED", "production order \(prodNo) is \(order.status); nothing has been produced to receive")
        }
        guard !order.received else { return order }
        try db.execute(sql: "UPDATE article SET on_hand = on_hand + ? WHERE article_no = ?", arguments: [order.producedQty, order.articleNo])
        try db.execute(sql: "UPDATE production_order SET received = 1 WHERE prod_no = ?", arguments: [prodNo])
        if let orderRef = order.orderRef, try Self.salesOrder(orderRef, in: db).status == "OPEN" {
            _ = try reserve(orderRef, in: db)
        }
        return try productionOrder(prodNo, in: db)
    }
}
