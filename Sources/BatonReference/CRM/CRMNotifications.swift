import BatonFEEL
import GRDB

/// A complaint submitted on the customer portal, before any case exists: Baton opens the
/// case when `complaintSubmitted` starts a complaint-to-resolution instance.
public struct PortalComplaint: Sendable, Hashable {
    /// The portal's reference (`WEB-501`), the new instance's business key.
    public var reference: String
    public var customerId: String
    public var subject: String
    public var description: String
    public var salesOrderId: String?
    public var sku: String?
}

extension ReferenceCRM {
    /// Takes a complaint from the portal for a known customer and gives it a reference.
    public func submitComplaint(customerId: String, subject: String, description: String, salesOrderId: String?, sku: String?) throws -> PortalComplaint {
        try database.write { db in
            _ = try Self.customer(customerId, in: db)
            let reference = try Records.next("complaint", prefix: "WEB-", first: 501, in: db)
            return PortalComplaint(reference: reference, customerId: customerId, subject: subject, description: description, salesOrderId: salesOrderId, sku: sku)
        }
    }
}

/// What the CRM tells Baton (messages of the issue 10 contract).
enum CRMNotifications {
    /// `opportunityWon`: starts opportunity-to-order; business key the opportunity id.
    static func opportunityWon(_ opportunityId: String) -> BatonMessage {
        BatonMessage(
            messageName: "opportunityWon", businessKey: opportunityId, variables: ["opportunityId": .string(opportunityId)],
            messageId: "crm-won-\(opportunityId)")
    }

    /// `complaintSubmitted`: starts complaint-to-resolution; business key the portal reference.
    static func complaintSubmitted(_ complaint: PortalComplaint) -> BatonMessage {
        func optional(_ text: String?) -> FEELValue { text.map(FEELValue.string) ?? .null }
        return BatonMessage(
            messageName: "complaintSubmitted", businessKey: complaint.reference,
            variables: [
                "customerId": .string(complaint.customerId), "subject": .string(complaint.subject), "description": .string(complaint.description),
                "salesOrderId": optional(complaint.salesOrderId), "sku": optional(complaint.sku), "channel": .string("portal"),
            ], messageId: "crm-complaint-\(complaint.reference)")
    }

    /// `customerObjected`: correlated by the case id, with the objection.
    static func customerObjected(caseId: String, objection: String) -> BatonMessage {
        BatonMessage(messageName: "customerObjected", correlationKey: caseId, variables: ["objection": .string(objection)])
    }
}
