import Foundation
import GRDB

/// Changes to a customer's master data (nil: unchanged), as `PATCH /crm/v1/customers/{id}`
/// takes them.
public struct CustomerChanges: Sendable, Hashable {
    public var name: String?
    public var taxId: String?
    public var email: String?
    public var phone: String?
    public var street: String?
    public var postalCode: String?
    public var city: String?
    public var country: String?
    public var segment: String?

    public init(
        name: String? = nil, taxId: String? = nil, email: String? = nil, phone: String? = nil, street: String? = nil, postalCode: String? = nil,
        city: String? = nil, country: String? = nil, segment: String? = nil
    ) {
        self.name = name
        self.taxId = taxId
        self.email = email
        self.phone = phone
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
        self.segment = segment
    }
}

extension ReferenceCRM {
    /// The segments a customer may be in.
    static let segments: Set<String> = ["smb", "enterprise"]

    /// Changes a customer's master data; the change is picked up by ``changes(consumer:)``.
    public func updateCustomer(_ id: String, _ changes: CustomerChanges) throws -> Customer {
        if let segment = changes.segment, !Self.segments.contains(segment) {
            throw ReferenceError.invalid("segment must be smb or enterprise, not '\(segment)'")
        }
        for (name, value) in [("name", changes.name), ("taxId", changes.taxId), ("country", changes.country)] where value?.isEmpty == true {
            throw ReferenceError.invalid("\(name) must not be empty")
        }
        let stamp = timestamp
        return try database.write { db in
            _ = try Self.customer(id, in: db)
            try db.execute(
                sql: """
                    UPDATE account SET legal_name = COALESCE(?, legal_name), vat_id = COALESCE(?, vat_id), email = COALESCE(?, email),
                        phone = COALESCE(?, phone), street = COALESCE(?, street), postal_code = COALESCE(?, postal_code), city = COALESCE(?, city),
                        country = COALESCE(?, country), tier = COALESCE(?, tier), modified_at = ?, change_seq = ? WHERE account_id = ?
                    """,
                arguments: [
                    changes.name, changes.taxId, changes.email, changes.phone, changes.street, changes.postalCode, changes.city, changes.country,
                    changes.segment, stamp, try CRMSchema.nextChange(in: db), id,
                ])
            return try Self.customer(id, in: db)
        }
    }

    /// Records the customer's ERP id (the sync's write-back; not itself a change to sync).
    public func linkErp(customerId: String, erpId: String) throws {
        guard !erpId.isEmpty else { throw ReferenceError.invalid("erpId must not be empty") }
        try database.write { db in
            _ = try Self.customer(customerId, in: db)
            try db.execute(sql: "UPDATE account SET erp_number = ? WHERE account_id = ?", arguments: [erpId, customerId])
        }
    }

    /// The customers changed since `consumer` last acknowledged (all of them for a new
    /// consumer), oldest change first, at most `limit`; and the cursor to acknowledge once
    /// they are handled.
    public func changes(consumer: String, limit: Int = 500) throws -> (customers: [Customer], cursor: String) {
        guard !consumer.isEmpty else { throw ReferenceError.invalid("consumer must not be empty") }
        return try database.read { db in
            let position = try Int.fetchOne(db, sql: "SELECT position FROM sync_cursor WHERE consumer = ?", arguments: [consumer]) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM account WHERE change_seq > ? ORDER BY change_seq LIMIT ?", arguments: [position, limit])
            let last = rows.last.map { $0["change_seq"] as Int } ?? position
            return (rows.map(Self.customer), String(last))
        }
    }

    /// Acknowledges the changes up to `cursor` for `consumer`; a cursor older than the one
    /// acknowledged already changes nothing.
    public func acknowledgeChanges(consumer: String, cursor: String) throws {
        guard !consumer.isEmpty else { throw ReferenceError.invalid("consumer must not be empty") }
        guard let position = Int(cursor), position >= 0 else { throw ReferenceError.invalid("'\(cursor)' is not a sync cursor") }
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_cursor (consumer, position) VALUES (?, ?)
                    ON CONFLICT (consumer) DO UPDATE SET position = MAX(position, excluded.position)
                    """, arguments: [consumer, position])
        }
    }

    /// Sends the customer a message (by e-mail, in this CRM: recorded as a `notification`
    /// interaction); the interaction's id is returned. Idempotent on `idempotencyKey`.
    public func notify(customerId: String, subject: String, message: String, idempotencyKey: String? = nil) throws -> String {
        try record(customerId: customerId, channel: "email", kind: "notification", summary: "\(subject): \(message)", reference: nil, idempotencyKey: idempotencyKey)
    }

    /// Adds an entry to a customer's history, unless one with `idempotencyKey` exists (its
    /// id is returned then).
    func record(customerId: String, channel: String, kind: String, summary: String, reference: String?, idempotencyKey: String?) throws -> String {
        let stamp = timestamp
        return try database.write { db in
            try Self.record(customerId: customerId, channel: channel, kind: kind, summary: summary, reference: reference, idempotencyKey: idempotencyKey, at: stamp, in: db)
        }
    }

    static func record(
        customerId: String, channel: String, kind: String, summary: String, reference: String?, idempotencyKey: String?, at stamp: String, in db: Database
    ) throws -> String {
        if let idempotencyKey, let existing = try String.fetchOne(db, sql: "SELECT activity_id FROM activity WHERE idempotency_key = ?", arguments: [idempotencyKey]) {
            return existing
        }
        _ = try customer(customerId, in: db)
        let id = try Records.next("activity", prefix: "INT-", first: 1, in: db)
        try db.execute(
            sql: "INSERT INTO activity (activity_id, account_id, at, channel, kind, summary, reference, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [id, customerId, stamp, channel, kind, summary, reference, idempotencyKey])
        return id
    }
}
