import Foundation
import GRDB

extension ReferenceCRM {
    static let interactionKinds: Set<String> = ["note", "email", "call", "order", "invoice", "case", "notification"]
    static let channels: Set<String> = ["portal", "phone", "email", "manual"]
    static let categories: Set<String> = ["product-defect", "delivery", "billing", "other"]
    static let severities: Set<String> = ["low", "medium", "high", "critical"]
    static let caseStatuses: Set<String> = ["open", "resolved", "closed"]

    // MARK: Opportunities

    /// Marks an open opportunity won (the sales rep's click); `OPPORTUNITY_NOT_OPEN` (409)
    /// otherwise.
    public func markWon(_ id: String) throws -> Opportunity {
        try database.write { db in
            let opportunity = try Self.opportunity(id, in: db)
            guard opportunity.stage == "open" else {
                throw ReferenceError(.conflict, "OPPORTUNITY_NOT_OPEN", "opportunity \(id) is \(opportunity.stage), not open")
            }
            try db.execute(sql: "UPDATE opportunity SET stage = 'won' WHERE opp_id = ?", arguments: [id])
            return try Self.opportunity(id, in: db)
        }
    }

    /// Closes an opportunity: `won` becomes stage `closed` with the order and invoice,
    /// `lost` becomes `lost`. Closing again the same way changes nothing; closing a closed
    /// one the other way is `OPPORTUNITY_CLOSED` (409).
    public func closeOpportunity(_ id: String, outcome: String, salesOrderId: String?, invoiceId: String?) throws {
        guard ["won", "lost"].contains(outcome) else { throw ReferenceError.invalid("outcome must be won or lost, not '\(outcome)'") }
        try database.write { db in
            let opportunity = try Self.opportunity(id, in: db)
            let stage = outcome == "won" ? "closed" : "lost"
            switch opportunity.stage {
            case "open", "won": break
            case stage: return
            default: throw ReferenceError(.conflict, "OPPORTUNITY_CLOSED", "opportunity \(id) is \(opportunity.stage) already")
            }
            try db.execute(
                sql: "UPDATE opportunity SET stage = ?, sales_order_id = COALESCE(?, sales_order_id), invoice_id = COALESCE(?, invoice_id) WHERE opp_id = ?",
                arguments: [stage, salesOrderId, invoiceId, id])
        }
    }

    // MARK: History

    /// Logs an interaction from a process (channel `baton`); idempotent on `idempotencyKey`.
    public func logInteraction(customerId: String, kind: String, summary: String, reference: String?, idempotencyKey: String? = nil) throws -> String {
        guard Self.interactionKinds.contains(kind) else {
            throw ReferenceError.invalid("kind must be one of \(Self.interactionKinds.sorted().joined(separator: ", ")), not '\(kind)'")
        }
        return try record(customerId: customerId, channel: "baton", kind: kind, summary: summary, reference: reference, idempotencyKey: idempotencyKey)
    }

    // MARK: Service cases

    /// Opens a case (logged in the history) and returns it with the customer's history.
    /// Idempotent on `idempotencyKey`: a repeat returns the case opened first.
    public func openCase(
        customerId: String, subject: String, description: String, channel: String, salesOrderId: String?, sku: String?, idempotencyKey: String? = nil
    ) throws -> (serviceCase: ServiceCase, history: [Interaction]) {
        guard Self.channels.contains(channel) else { throw ReferenceError.invalid("channel must be portal, phone, email or manual, not '\(channel)'") }
        guard !subject.isEmpty else { throw ReferenceError.invalid("subject must not be empty") }
        let stamp = timestamp
        return try database.write { db in
            if let idempotencyKey, let existing = try String.fetchOne(db, sql: "SELECT case_id FROM service_case WHERE idempotency_key = ?", arguments: [idempotencyKey]) {
                let found = try Self.serviceCase(existing, in: db)
                return (found, try Self.interactions(customerId: found.customerId, in: db))
            }
            _ = try Self.customer(customerId, in: db)
            let id = try Records.next("case", prefix: "CASE-", first: 3001, in: db)
            try db.execute(
                sql: """
                    INSERT INTO service_case (case_id, account_id, subject, description, channel, status, sales_order_id, sku, opened_at, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
                    """, arguments: [id, customerId, subject, description, channel, salesOrderId, sku, stamp, idempotencyKey])
            _ = try Self.record(
                customerId: customerId, channel: channel, kind: "case", summary: "Case \(id) opened: \(subject)", reference: id, idempotencyKey: nil, at: stamp, in: db)
            return (try Self.serviceCase(id, in: db), try Self.interactions(customerId: customerId, in: db))
        }
    }

    /// Sets the given fields of a case (nil: unchanged).
    public func updateCase(_ id: String, category: String?, severity: String?, status: String?, resolution: String?) throws -> ServiceCase {
        for (name, value, allowed) in [("category", category, Self.categories), ("severity", severity, Self.severities), ("status", status, Self.caseStatuses)] {
            if let value, !allowed.contains(value) {
                throw ReferenceError.invalid("\(name) must be one of \(allowed.sorted().joined(separator: ", ")), not '\(value)'")
            }
        }
        return try database.write { db in
            _ = try Self.serviceCase(id, in: db)
            try db.execute(
                sql: """
                    UPDATE service_case SET category = COALESCE(?, category), severity = COALESCE(?, severity), status = COALESCE(?, status),
                        resolution = COALESCE(?, resolution) WHERE case_id = ?
                    """, arguments: [category, severity, status, resolution, id])
            return try Self.serviceCase(id, in: db)
        }
    }

    /// Closes a case with its resolution (closing a closed case again changes nothing).
    /// The closure is not logged here: complaint-to-resolution logs it in the customer's
    /// history (`interaction.log`) right after, once.
    public func closeCase(_ id: String, resolution: String?) throws {
        try database.write { db in
            let serviceCase = try Self.serviceCase(id, in: db)
            guard serviceCase.status != "closed" else { return }
            try db.execute(
                sql: "UPDATE service_case SET status = 'closed', resolution = COALESCE(?, resolution) WHERE case_id = ?", arguments: [resolution, id])
        }
    }

    /// The customer objects to a case's resolution (from the portal): recorded in the
    /// history; the case must be resolved or closed (`CASE_STILL_OPEN`, 409, otherwise).
    public func recordObjection(caseId: String, objection: String) throws -> ServiceCase {
        guard !objection.isEmpty else { throw ReferenceError.invalid("objection must not be empty") }
        let stamp = timestamp
        return try database.write { db in
            let serviceCase = try Self.serviceCase(caseId, in: db)
            guard serviceCase.status != "open" else {
                throw ReferenceError(.conflict, "CASE_STILL_OPEN", "case \(caseId) is still open; there is no resolution to object to")
            }
            _ = try Self.record(
                customerId: serviceCase.customerId, channel: "portal", kind: "case", summary: "Customer objects to the resolution of \(caseId): \(objection)",
                reference: caseId, idempotencyKey: nil, at: stamp, in: db)
            return serviceCase
        }
    }
}
