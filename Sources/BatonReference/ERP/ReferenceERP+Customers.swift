import Foundation
import GRDB

/// The fields of a debtor master record as a caller sends them (create and update).
public struct ERPCustomerFields: Codable, Sendable, Hashable {
    /// Set on update: the debtor to change.
    public var debtorNo: String?
    public var crmRef: String?
    public var name: String
    public var taxNo: String
    public var email: String?
    public var phone: String?
    public var street: String
    public var zip: String
    public var city: String
    public var countryCode: String
    /// `KEY` or `STD` (default `STD`).
    public var customerClass: String?
    /// Default `EUR`.
    public var currency: String?
}

/// A debtor search by CRM id or tax number.
public struct ERPCustomerSearch: Codable, Sendable, Hashable {
    public var crmRef: String?
    public var taxNo: String?
}

extension ReferenceERP {
    /// The debtors with this CRM id or tax number (either given).
    func searchCustomers(_ search: ERPCustomerSearch, in db: Database) throws -> [ERPCustomer] {
        guard search.crmRef != nil || search.taxNo != nil else { throw ReferenceError.invalid("give crm_ref or tax_no") }
        return try Row.fetchAll(
            db, sql: "SELECT * FROM debtor WHERE crm_ref = ? OR tax_no = ? ORDER BY debtor_no", arguments: [search.crmRef, search.taxNo]
        ).map(Self.customer)
    }

    /// A debtor by number.
    func customer(_ debtorNo: String, in db: Database) throws -> ERPCustomer {
        let row = try Records.find(in: db, table: "debtor", key: "debtor_no", debtorNo, what: "debtor", code: "UNKNOWN_CUSTOMER")
        return Self.customer(row)
    }

    /// Creates a debtor; a CRM id that is linked already is a conflict.
    func createCustomer(_ fields: ERPCustomerFields, in db: Database) throws -> ERPCustomer {
        try Self.validate(fields)
        if let crmRef = fields.crmRef, let existing = try String.fetchOne(db, sql: "SELECT debtor_no FROM debtor WHERE crm_ref = ?", arguments: [crmRef]) {
            throw ReferenceError(.conflict, "CUSTOMER_EXISTS", "CRM customer \(crmRef) is debtor \(existing) already")
        }
        let debtorNo = try Records.next("debtor", prefix: "D-", first: 10101, in: db)
        try db.execute(
            sql: """
                INSERT INTO debtor (debtor_no, crm_ref, name, tax_no, email, phone, street, zip, city, country_code, customer_class,
                    credit_limit_cents, currency, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                debtorNo, fields.crmRef, fields.name, fields.taxNo, fields.email, fields.phone, fields.street, fields.zip, fields.city,
                fields.countryCode, fields.customerClass ?? "STD", Self.newCustomerCreditLimit.cents, fields.currency ?? "EUR", Self.timestamp(now()),
            ])
        return try customer(debtorNo, in: db)
    }

    /// Replaces the master data of the debtor named in `fields`.
    func updateCustomer(_ fields: ERPCustomerFields, in db: Database) throws -> ERPCustomer {
        try Self.validate(fields)
        guard let debtorNo = fields.debtorNo else { throw ReferenceError.invalid("debtor_no is missing") }
        _ = try customer(debtorNo, in: db)
        if let crmRef = fields.crmRef,
            let other = try String.fetchOne(db, sql: "SELECT debtor_no FROM debtor WHERE crm_ref = ? AND debtor_no != ?", arguments: [crmRef, debtorNo])
        {
            throw ReferenceError(.conflict, "CUSTOMER_EXISTS", "CRM customer \(crmRef) is debtor \(other) already")
        }
        try db.execute(
            sql: """
                UPDATE debtor SET crm_ref = COALESCE(?, crm_ref), name = ?, tax_no = ?, email = ?, phone = ?, street = ?, zip = ?, city = ?,
                    country_code = ?, customer_class = COALESCE(?, customer_class), changed_at = ? WHERE debtor_no = ?
                """,
            arguments: [
                fields.crmRef, fields.name, fields.taxNo, fields.email, fields.phone, fields.street, fields.zip, fields.city, fields.countryCode,
                fields.customerClass, Self.timestamp(now()), debtorNo,
            ])
        return try customer(debtorNo, in: db)
    }

    /// The debtor's credit limit and open items.
    func credit(_ debtorNo: String, in db: Database) throws -> ERPCredit {
        let debtor = try customer(debtorNo, in: db)
        let prior = try Int64.fetchOne(db, sql: "SELECT prior_open_items_cents FROM debtor WHERE debtor_no = ?", arguments: [debtorNo]) ?? 0
        let invoices = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(SUM(net_amount_cents), 0) FROM invoice WHERE debtor_no = ? AND status = 'OPEN'", arguments: [debtorNo]) ?? 0
        let orders = try Int64.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(l.qty * l.unit_price_cents), 0) FROM sales_order o JOIN sales_order_line l ON l.order_no = o.order_no
                WHERE o.debtor_no = ? AND o.status IN ('OPEN', 'SHIPPED')
                """, arguments: [debtorNo]) ?? 0
        return ERPCredit(debtorNo: debtorNo, creditLimit: debtor.creditLimit, openItems: Money(cents: prior + invoices + orders), currency: debtor.currency)
    }

    /// The credit limit a new debtor starts with.
    static let newCustomerCreditLimit = Money(cents: 1_000_000)

    static func validate(_ fields: ERPCustomerFields) throws {
        for (name, value) in [("name", fields.name), ("tax_no", fields.taxNo), ("street", fields.street), ("city", fields.city)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReferenceError.invalid("\(name) must not be empty")
        }
        guard fields.countryCode.count == 2, fields.countryCode.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ReferenceError.invalid("country_code must be two upper-case letters (ISO 3166), not '\(fields.countryCode)'")
        }
        if let customerClass = fields.customerClass, !["KEY", "STD"].contains(customerClass) {
            throw ReferenceError.invalid("customer_class must be KEY or STD, not '\(customerClass)'")
        }
    }
}
