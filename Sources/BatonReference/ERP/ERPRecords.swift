public import Foundation

// The ERP's own records, in its own vocabulary (debtors, articles, order numbers) and
// wire shape: snake_case keys (through ``ERPJSON``), money as decimal strings, upper-case
// status codes. Baton's canonical model never appears here; the bindings in
// `ProcessModels/connectors.xml` map between the two.

/// A debtor (customer master record) of the ERP.
public struct ERPCustomer: Codable, Sendable, Hashable {
    public var debtorNo: String
    /// The CRM's id of this customer, when the two are linked.
    public var crmRef: String?
    public var name: String
    public var taxNo: String
    public var email: String?
    public var phone: String?
    public var street: String
    public var zip: String
    public var city: String
    /// ISO 3166 alpha-2.
    public var countryCode: String
    /// `KEY` (key account) or `STD`.
    public var customerClass: String
    public var creditLimit: Money
    public var currency: String
    public var changedAt: String
}

/// An article (product) with its stock.
public struct ERPArticle: Codable, Sendable, Hashable {
    public var articleNo: String
    public var description: String
    public var uom: String
    public var listPrice: Money
    public var currency: String
    /// `MAKE` (manufactured; a phantom sub-assembly when it is part of another's BOM) or `BUY`.
    public var procurement: String
    public var leadTimeDays: Int
    public var onHand: Int
    public var reserved: Int
    public var bom: [ERPBOMLine]
}

/// One line of a bill of materials.
public struct ERPBOMLine: Codable, Sendable, Hashable {
    public var articleNo: String
    public var qtyPer: Int
}

/// A sales order (`order_type` `STANDARD` or `REPLACEMENT`).
public struct ERPSalesOrder: Codable, Sendable, Hashable {
    public var orderNo: String
    public var orderType: String
    public var debtorNo: String
    /// The customer's reference: the CRM opportunity, or the service case of a replacement.
    public var customerReference: String?
    /// `OPEN`, `SHIPPED`, `INVOICED` or `CANCELLED`.
    public var status: String
    public var currency: String
    public var netAmount: Money
    public var createdAt: String
    public var lines: [ERPSalesOrderLine]
}

/// One line of a sales order, with what the warehouse has reserved for it.
public struct ERPSalesOrderLine: Codable, Sendable, Hashable {
    public var lineNo: Int
    public var articleNo: String
    public var qty: Int
    public var unitPrice: Money
    public var amount: Money
    public var reservedQty: Int
}

/// The answer of a reservation run: per line, what is reserved and what is short.
public struct ERPReservation: Codable, Sendable, Hashable {
    public var orderNo: String
    public var lines: [Line]

    /// One order line's reservation.
    public struct Line: Codable, Sendable, Hashable {
        public var lineNo: Int
        public var articleNo: String
        public var qty: Int
        public var reservedQty: Int
        public var shortQty: Int
    }
}

/// A multi-level BOM explosion down to purchased parts: phantom sub-assemblies are taken
/// from stock first and the rest is exploded further.
public struct ERPExplosion: Codable, Sendable, Hashable {
    public var articleNo: String
    public var qty: Int
    public var parts: [Part]

    /// One purchased part's requirement.
    public struct Part: Codable, Sendable, Hashable {
        public var articleNo: String
        public var grossQty: Int
        public var availableQty: Int
        public var shortQty: Int
    }
}

/// A purchase requisition (`OPEN` or `ORDERED`).
public struct ERPPurchaseRequisition: Codable, Sendable, Hashable {
    public var reqNo: String
    public var articleNo: String
    public var qty: Int
    public var reference: String?
    public var status: String
    public var createdAt: String
}

/// A production order (`PLANNED`, `RELEASED`, `COMPLETED`).
public struct ERPProductionOrder: Codable, Sendable, Hashable {
    public var prodNo: String
    public var articleNo: String
    public var qty: Int
    public var plannedDate: String
    public var workCenter: String
    public var orderRef: String?
    public var status: String
    public var producedQty: Int
    /// Whether the produced quantity has been booked into stock.
    public var received: Bool
}

/// A shipment (`PREPARED`, `DISPATCHED`, `DELIVERED`, `LOST`).
public struct ERPShipment: Codable, Sendable, Hashable {
    public var shipmentNo: String
    public var orderNo: String
    public var carrier: String
    public var trackingNo: String
    public var status: String
    public var dispatchedAt: String?
}

/// An invoice (`OPEN`, `PAID`, `CORRECTED`); a correction cancels one and issues another.
public struct ERPInvoice: Codable, Sendable, Hashable {
    public var invoiceNo: String
    public var orderNo: String
    public var debtorNo: String
    public var netAmount: Money
    public var currency: String
    public var dueDate: String
    public var status: String
    /// The invoice this one corrects.
    public var corrects: String?
    public var correctionReason: String?
}

/// A credit note against an invoice.
public struct ERPCreditNote: Codable, Sendable, Hashable {
    public var noteNo: String
    public var invoiceNo: String
    public var amount: Money
    public var currency: String
    public var reason: String
}

/// A debtor's credit situation.
public struct ERPCredit: Codable, Sendable, Hashable {
    public var debtorNo: String
    public var creditLimit: Money
    /// Open receivables: items from before plus open invoices and orders not yet invoiced.
    public var openItems: Money
    public var currency: String
}

/// The ERP's JSON coders: snake_case keys, sorted for stable answers.
public enum ERPJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
