import Foundation
import GRDB

/// A request to invoice a shipped sales order.
public struct ERPNewInvoice: Codable, Sendable, Hashable {
    public var orderNo: String
}

/// A correction of an invoice: it is cancelled (`CORRECTED`) and a new one issued.
public struct ERPInvoiceCorrection: Codable, Sendable, Hashable {
    public var netAmount: Money
    public var reason: String
}

/// A credit note against an invoice.
public struct ERPNewCreditNote: Codable, Sendable, Hashable {
    public var invoiceNo: String
    public var amount: Money
    public var reason: String
}

extension ReferenceERP {
    /// Payment terms: net 30 days.
    static let paymentTermDays = 30

    /// Invoices a shipped order (a replacement order at no charge is invoiced at zero).
    func createInvoice(_ request: ERPNewInvoice, in db: Database) throws -> ERPInvoice {
        let order = try Self.salesOrder(request.orderNo, in: db)
        switch order.status {
        case "SHIPPED": break
        case "INVOICED": throw ReferenceError(.conflict, "ALREADY_INVOICED", "sales order \(order.orderNo) is invoiced already")
        default: throw ReferenceError(.conflict, "NOT_SHIPPED", "sales order \(order.orderNo) is \(order.status); only shipped orders are invoiced")
        }
        let due = Self.day(now().addingTimeInterval(Double(Self.paymentTermDays) * 86_400))
        let invoice = try insertInvoice(
            orderNo: order.orderNo, debtorNo: order.debtorNo, amount: order.netAmount, currency: order.currency, dueDate: due, corrects: nil, reason: nil, in: db)
        try db.execute(sql: "UPDATE sales_order SET status = 'INVOICED' WHERE order_no = ?", arguments: [order.orderNo])
        return invoice
    }

    /// An invoice by number.
    func invoice(_ invoiceNo: String, in db: Database) throws -> ERPInvoice {
        let row = try Records.find(in: db, table: "invoice", key: "invoice_no", invoiceNo, what: "invoice", code: "UNKNOWN_INVOICE")
        return Self.invoice(row)
    }

    /// Cancels an open invoice and issues the corrected one, which is returned.
    func correctInvoice(_ invoiceNo: String, _ correction: ERPInvoiceCorrection, in db: Database) throws -> ERPInvoice {
        let original = try invoice(invoiceNo, in: db)
        guard original.status == "OPEN" else {
            throw ReferenceError(.conflict, "INVOICE_NOT_OPEN", "invoice \(invoiceNo) is \(original.status) and cannot be corrected")
        }
        guard correction.netAmount >= .zero else { throw ReferenceError(.unprocessable, "INVALID_AMOUNT", "a corrected amount must not be negative") }
        guard !correction.reason.isEmpty else { throw ReferenceError.invalid("reason must not be empty") }
        try db.execute(sql: "UPDATE invoice SET status = 'CORRECTED' WHERE invoice_no = ?", arguments: [invoiceNo])
        return try insertInvoice(
            orderNo: original.orderNo, debtorNo: original.debtorNo, amount: correction.netAmount, currency: original.currency, dueDate: original.dueDate,
            corrects: invoiceNo, reason: correction.reason, in: db)
    }

    /// Issues a credit note; all credit notes of an invoice together may not exceed it.
    func createCreditNote(_ request: ERPNewCreditNote, in db: Database) throws -> ERPCreditNote {
        let invoice = try invoice(request.invoiceNo, in: db)
        guard request.amount > .zero else { throw ReferenceError(.unprocessable, "INVALID_AMOUNT", "a credit note's amount must be positive") }
        guard !request.reason.isEmpty else { throw ReferenceError.invalid("reason must not be empty") }
        let credited = Money(
            cents: try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(amount_cents), 0) FROM credit_note WHERE invoice_no = ?", arguments: [request.invoiceNo]) ?? 0)
        guard credited + request.amount <= invoice.netAmount else {
            throw ReferenceError(
                .unprocessable, "AMOUNT_EXCEEDS_INVOICE",
                "credit of \(request.amount) exceeds what is left of invoice \(invoice.invoiceNo) (\(invoice.netAmount - credited) \(invoice.currency))")
        }
        let noteNo = try Records.next("credit_note", prefix: "CN-", first: 90001, in: db)
        try db.execute(
            sql: "INSERT INTO credit_note (note_no, invoice_no, amount_cents, currency, reason) VALUES (?, ?, ?, ?, ?)",
            arguments: [noteNo, request.invoiceNo, request.amount.cents, invoice.currency, request.reason])
        return try Row.fetchOne(db, sql: "SELECT * FROM credit_note WHERE note_no = ?", arguments: [noteNo]).map(Self.creditNote)!
    }

    private func insertInvoice(
        orderNo: String, debtorNo: String, amount: Money, currency: String, dueDate: String, corrects: String?, reason: String?, in db: Database
    ) throws -> ERPInvoice {
        let invoiceNo = try Records.next("invoice", prefix: "INV-", first: 70001, in: db)
        try db.execute(
            sql: """
                INSERT INTO invoice (invoice_no, order_no, debtor_no, net_amount_cents, currency, due_date, status, corrects, correction_reason)
                VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
                """, arguments: [invoiceNo, orderNo, debtorNo, amount.cents, currency, dueDate, corrects, reason])
        return try invoice(invoiceNo, in: db)
    }
}
