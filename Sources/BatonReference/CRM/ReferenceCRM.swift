public import Foundation
import GRDB

/// The reference CRM: accounts (customers) with contacts, opportunities on ERP articles,
/// the contact and service history, and service cases, in its own SQLite database.
///
/// Its Swift API speaks Baton's canonical model (``Customer``, ``Opportunity``,
/// ``ServiceCase``, ``Interaction``); ``register(on:)`` binds it as the in-process handler
/// of connector `crm`, and ``start(host:port:token:notifier:logger:)`` serves its HTTP API.
///
/// ```swift
/// let crm = try ReferenceCRM(path: "crm.sqlite")    // nil: in memory
/// try crm.seedDemoData()
/// crm.register(on: &runtime)
/// let server = try await crm.start(port: 8082, token: "demo-crm-token", notifier: notifier)
/// ```
public final class ReferenceCRM: Sendable {
    let database: DatabaseQueue
    /// The CRM's clock (tests may fix it).
    let now: @Sendable () -> Date

    /// Opens (creating when needed) the CRM database at `path`, or an in-memory one.
    public init(path: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws {
        database = try path.map { try DatabaseQueue(path: $0) } ?? DatabaseQueue()
        self.now = now
        try CRMSchema.migrator.migrate(database)
    }

    /// Seeds the demo data unless it is there already.
    public func seedDemoData() throws {
        try database.write { db in try CRMSeed.seed(db, at: ReferenceERP.timestamp(now())) }
    }

    var timestamp: String { ReferenceERP.timestamp(now()) }

    // MARK: Reading

    /// Every customer, by id.
    public func customers() throws -> [Customer] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY account_id").map(Self.customer) }
    }

    /// One customer; throws `CUSTOMER_NOT_FOUND` (404).
    public func customer(_ id: String) throws -> Customer { try database.read { db in try Self.customer(id, in: db) } }

    /// The contacts of a customer.
    public func contacts(of customerId: String) throws -> [Contact] {
        try database.read { db in
            _ = try Self.customer(customerId, in: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM contact WHERE account_id = ? ORDER BY contact_id", arguments: [customerId]).map { row in
                Contact(id: row["contact_id"], customerId: row["account_id"], name: row["full_name"], email: row["email"], phone: row["phone"], role: row["role"])
            }
        }
    }

    /// Every opportunity, by id.
    public func opportunities() throws -> [Opportunity] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT opp_id FROM opportunity ORDER BY opp_id").map { try Self.opportunity($0, in: db) } }
    }

    /// One opportunity; throws `OPPORTUNITY_NOT_FOUND` (404).
    public func opportunity(_ id: String) throws -> Opportunity { try database.read { db in try Self.opportunity(id, in: db) } }

    /// The history, newest first: of one customer, or of all.
    public func interactions(customerId: String? = nil) throws -> [Interaction] {
        try database.read { db in try Self.interactions(customerId: customerId, in: db) }
    }

    /// Every service case, by id.
    public func serviceCases() throws -> [ServiceCase] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM service_case ORDER BY case_id").map(Self.serviceCase) }
    }

    /// One service case; throws `CASE_NOT_FOUND` (404).
    public func serviceCase(_ id: String) throws -> ServiceCase { try database.read { db in try Self.serviceCase(id, in: db) } }

    // MARK: Rows to canonical values

    static func customer(_ id: String, in db: Database) throws -> Customer {
        let row = try Records.find(in: db, table: "account", key: "account_id", id, what: "customer", code: "CUSTOMER_NOT_FOUND")
        return customer(row)
    }

    static func customer(_ row: Row) -> Customer {
        Customer(
            crmId: row["account_id"], erpId: row["erp_number"], name: row["legal_name"], taxId: row["vat_id"], email: row["email"], phone: row["phone"],
            address: PostalAddress(street: row["street"], postalCode: row["postal_code"], city: row["city"], country: row["country"]),
            segment: row["tier"], updatedAt: row["modified_at"])
    }

    static func opportunity(_ id: String, in db: Database) throws -> Opportunity {
        let row = try Records.find(in: db, table: "opportunity", key: "opp_id", id, what: "opportunity", code: "OPPORTUNITY_NOT_FOUND")
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM opportunity_line WHERE opp_id = ? ORDER BY line_no", arguments: [id]).map { line in
            OpportunityLine(sku: line["sku"], quantity: line["quantity"], unitPrice: Money(cents: line["unit_price_cents"]))
        }
        return Opportunity(
            id: row["opp_id"], customerId: row["account_id"], title: row["title"], stage: row["stage"],
            amount: lines.reduce(Money.zero) { $0 + $1.unitPrice * $1.quantity }, currency: row["currency"], lines: lines, owner: row["owner"],
            expectedClose: row["expected_close"], salesOrderId: row["sales_order_id"], invoiceId: row["invoice_id"])
    }

    static func interactions(customerId: String?, in db: Database) throws -> [Interaction] {
        let rows =
            if let customerId {
                try Row.fetchAll(db, sql: "SELECT * FROM activity WHERE account_id = ? ORDER BY at DESC, rowid DESC", arguments: [customerId])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM activity ORDER BY at DESC, rowid DESC")
            }
        return rows.map { row in
            Interaction(
                id: row["activity_id"], customerId: row["account_id"], at: row["at"], channel: row["channel"], kind: row["kind"], summary: row["summary"],
                reference: row["reference"])
        }
    }

    static func serviceCase(_ id: String, in db: Database) throws -> ServiceCase {
        let row = try Records.find(in: db, table: "service_case", key: "case_id", id, what: "service case", code: "CASE_NOT_FOUND")
        return serviceCase(row)
    }

    static func serviceCase(_ row: Row) -> ServiceCase {
        ServiceCase(
            id: row["case_id"], customerId: row["account_id"], subject: row["subject"], description: row["description"], channel: row["channel"],
            category: row["category"], severity: row["severity"], status: row["status"], resolution: row["resolution"], salesOrderId: row["sales_order_id"],
            sku: row["sku"], openedAt: row["opened_at"])
    }
}
