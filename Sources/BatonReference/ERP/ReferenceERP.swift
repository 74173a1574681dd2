public import Foundation
import GRDB

/// The reference ERP: a small but honest ERP with its own SQLite database (debtors,
/// articles with BOMs and stock, sales orders, production, shipments, invoices) and its
/// own vocabulary and JSON shape, served over HTTP by ``application(host:port:secret:notifier:logger:onListening:)``.
///
/// ```swift
/// let erp = try ReferenceERP(path: "erp.sqlite")      // nil: in memory
/// try erp.seedDemoData()                               // idempotent
/// let server = try await ReferenceServer.start(erp.application(port: 8081, secret: secret, notifier: notifier))
/// ```
///
/// Every operation runs in one write transaction; the HTTP layer stores idempotency keys
/// in that same transaction.
public final class ReferenceERP: Sendable {
    let database: DatabaseQueue
    /// The ERP's clock (tests may fix it).
    let now: @Sendable () -> Date

    /// Opens (creating when needed) the ERP database at `path`, or an in-memory one.
    public init(path: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws {
        database = try path.map { try DatabaseQueue(path: $0) } ?? DatabaseQueue()
        self.now = now
        try ERPSchema.migrator.migrate(database)
    }

    /// Seeds the demo data (debtors, articles, BOMs, stock) unless it is there already.
    public func seedDemoData() throws {
        try database.write { db in try ERPSeed.seed(db, at: Self.timestamp(now())) }
    }

    // MARK: Reading (for checks and the list endpoints)

    /// Every debtor, by number.
    public func customers() throws -> [ERPCustomer] { try database.read(Self.allCustomers) }
    /// Every article with its BOM and stock, by number.
    public func articles() throws -> [ERPArticle] { try database.read(Self.allArticles) }
    /// Every sales order, by number.
    public func salesOrders() throws -> [ERPSalesOrder] { try database.read(Self.allSalesOrders) }
    /// Every invoice, by number.
    public func invoices() throws -> [ERPInvoice] { try database.read(Self.allInvoices) }
    /// Every credit note, by number.
    public func creditNotes() throws -> [ERPCreditNote] { try database.read(Self.allCreditNotes) }
    /// Every production order, by number.
    public func productionOrders() throws -> [ERPProductionOrder] { try database.read(Self.allProductionOrders) }
    /// Every purchase requisition, by number.
    public func purchaseRequisitions() throws -> [ERPPurchaseRequisition] { try database.read(Self.allRequisitions) }
    /// Every shipment, by number.
    public func shipments() throws -> [ERPShipment] { try database.read(Self.allShipments) }

    /// One article, or nil.
    public func article(_ articleNo: String) throws -> ERPArticle? {
        try database.read { db in try Self.exists("article", "article_no", articleNo, in: db) ? Self.article(articleNo, in: db) : nil }
    }

    static func allCustomers(_ db: Database) throws -> [ERPCustomer] {
        try Row.fetchAll(db, sql: "SELECT * FROM debtor ORDER BY debtor_no").map(customer)
    }

    static func allArticles(_ db: Database) throws -> [ERPArticle] {
        try String.fetchAll(db, sql: "SELECT article_no FROM article ORDER BY article_no").map { try article($0, in: db) }
    }

    static func allSalesOrders(_ db: Database) throws -> [ERPSalesOrder] {
        try String.fetchAll(db, sql: "SELECT order_no FROM sales_order ORDER BY order_no").map { try salesOrder($0, in: db) }
    }

    static func allInvoices(_ db: Database) throws -> [ERPInvoice] {
        try Row.fetchAll(db, sql: "SELECT * FROM invoice ORDER BY invoice_no").map(invoice)
    }

    static func allCreditNotes(_ db: Database) throws -> [ERPCreditNote] {
        try Row.fetchAll(db, sql: "SELECT * FROM credit_note ORDER BY note_no").map(creditNote)
    }

    static func allProductionOrders(_ db: Database) throws -> [ERPProductionOrder] {
        try Row.fetchAll(db, sql: "SELECT * FROM production_order ORDER BY prod_no").map(productionOrder)
    }

    static func allRequisitions(_ db: Database) throws -> [ERPPurchaseRequisition] {
        try Row.fetchAll(db, sql: "SELECT * FROM purchase_requisition ORDER BY req_no").map(requisition)
    }

    static func allShipments(_ db: Database) throws -> [ERPShipment] {
        try Row.fetchAll(db, sql: "SELECT * FROM shipment ORDER BY shipment_no").map(shipment)
    }

    // MARK: Rows to records

    static func customer(_ row: Row) -> ERPCustomer {
        ERPCustomer(
            debtorNo: row["debtor_no"], crmRef: row["crm_ref"], name: row["name"], taxNo: row["tax_no"], email: row["email"], phone: row["phone"],
            street: row["street"], zip: row["zip"], city: row["city"], countryCode: row["country_code"], customerClass: row["customer_class"],
            creditLimit: Money(cents: row["credit_limit_cents"]), currency: row["currency"], changedAt: row["changed_at"])
    }

    static func article(_ articleNo: String, in db: Database) throws -> ERPArticle {
        let row = try Records.find(in: db, table: "article", key: "article_no", articleNo, what: "article", code: "UNKNOWN_ARTICLE")
        let bom = try Row.fetchAll(db, sql: "SELECT component, qty_per FROM bom_line WHERE parent = ? ORDER BY component", arguments: [articleNo])
            .map { ERPBOMLine(articleNo: $0["component"], qtyPer: $0["qty_per"]) }
        return ERPArticle(
            articleNo: row["article_no"], description: row["description"], uom: row["uom"], listPrice: Money(cents: row["list_price_cents"]),
            currency: row["currency"], procurement: row["procurement"], leadTimeDays: row["lead_time_days"], onHand: row["on_hand"],
            reserved: row["reserved"], bom: bom)
    }

    static func salesOrder(_ orderNo: String, in db: Database) throws -> ERPSalesOrder {
        let row = try Records.find(in: db, table: "sales_order", key: "order_no", orderNo, what: "sales order", code: "UNKNOWN_SALES_ORDER")
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM sales_order_line WHERE order_no = ? ORDER BY line_no", arguments: [orderNo]).map { line in
            let price = Money(cents: line["unit_price_cents"])
            return ERPSalesOrderLine(
                lineNo: line["line_no"], articleNo: line["article_no"], qty: line["qty"], unitPrice: price, amount: price * line["qty"],
                reservedQty: line["reserved_qty"])
        }
        return ERPSalesOrder(
            orderNo: row["order_no"], orderType: row["order_type"], debtorNo: row["debtor_no"], customerReference: row["customer_reference"],
            status: row["status"], currency: row["currency"], netAmount: lines.reduce(Money.zero) { $0 + $1.amount }, createdAt: row["created_at"],
            lines: lines)
    }

    static func invoice(_ row: Row) -> ERPInvoice {
        ERPInvoice(
            invoiceNo: row["invoice_no"], orderNo: row["order_no"], debtorNo: row["debtor_no"], netAmount: Money(cents: row["net_amount_cents"]),
            currency: row["currency"], dueDate: row["due_date"], status: row["status"], corrects: row["corrects"], correctionReason: row["correction_reason"])
    }

    static func creditNote(_ row: Row) -> ERPCreditNote {
        ERPCreditNote(noteNo: row["note_no"], invoiceNo: row["invoice_no"], amount: Money(cents: row["amount_cents"]), currency: row["currency"], reason: row["reason"])
    }

    static func productionOrder(_ row: Row) -> ERPProductionOrder {
        ERPProductionOrder(
            prodNo: row["prod_no"], articleNo: row["article_no"], qty: row["qty"], plannedDate: row["planned_date"], workCenter: row["work_center"],
            orderRef: row["order_ref"], status: row["status"], producedQty: row["produced_qty"], received: row["received"])
    }

    static func requisition(_ row: Row) -> ERPPurchaseRequisition {
        ERPPurchaseRequisition(
            reqNo: row["req_no"], articleNo: row["article_no"], qty: row["qty"], reference: row["reference"], status: row["status"], createdAt: row["created_at"])
    }

    static func shipment(_ row: Row) -> ERPShipment {
        ERPShipment(
            shipmentNo: row["shipment_no"], orderNo: row["order_no"], carrier: row["carrier"], trackingNo: row["tracking_no"], status: row["status"],
            dispatchedAt: row["dispatched_at"])
    }

    // MARK: Helpers

    static func exists(_ table: String, _ column: String, _ value: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(column) = ?)", arguments: [value]) ?? false
    }

    /// `2026-11-29T10:15:00Z`.
    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// `2026-11-29` (UTC).
    static func day(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }
}
