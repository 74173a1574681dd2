public import BatonFEEL

// Baton's canonical business objects (Docs/DataModel.md) as the reference CRM hands them
// out: each converts to the FEEL value a process sees (`feel`), which is also the JSON of
// the CRM's HTTP API. Money is exact (``Money``); dates are ISO 8601 text.

/// A postal address.
public struct PostalAddress: Sendable, Hashable {
    public var street: String
    public var postalCode: String
    public var city: String
    /// ISO 3166 alpha-2.
    public var country: String

    public init(street: String, postalCode: String, city: String, country: String) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }

    public var feel: FEELValue {
        .context(["street": .string(street), "postalCode": .string(postalCode), "city": .string(city), "country": .string(country)])
    }
}

/// A customer, with its CRM id and its ERP id once linked.
public struct Customer: Sendable, Hashable {
    public var crmId: String
    public var erpId: String?
    public var name: String
    public var taxId: String
    public var email: String
    public var phone: String
    public var address: PostalAddress
    /// `smb` or `enterprise`.
    public var segment: String
    public var updatedAt: String

    public var feel: FEELValue {
        .context([
            "crmId": .string(crmId), "erpId": erpId.map(FEELValue.string) ?? .null, "name": .string(name), "taxId": .string(taxId),
            "email": .string(email), "phone": .string(phone), "address": address.feel, "segment": .string(segment), "updatedAt": .string(updatedAt),
        ])
    }
}

/// A contact person of a customer.
public struct Contact: Sendable, Hashable {
    public var id: String
    public var customerId: String
    public var name: String
    public var email: String
    public var phone: String
    public var role: String

    public var feel: FEELValue {
        .context([
            "id": .string(id), "customerId": .string(customerId), "name": .string(name), "email": .string(email), "phone": .string(phone),
            "role": .string(role),
        ])
    }
}

/// One line of an opportunity: an ERP article, a quantity, a price.
public struct OpportunityLine: Sendable, Hashable {
    public var sku: String
    public var quantity: Int
    public var unitPrice: Money

    public var feel: FEELValue {
        .context(["sku": .string(sku), "quantity": .number(FEELNumber(quantity)), "unitPrice": .number(unitPrice.feel)])
    }
}

/// A sales opportunity (`open`, `won`, `lost`, `closed`).
public struct Opportunity: Sendable, Hashable {
    public var id: String
    public var customerId: String
    public var title: String
    public var stage: String
    public var amount: Money
    public var currency: String
    public var lines: [OpportunityLine]
    public var owner: String
    public var expectedClose: String
    /// Set when it was closed as won.
    public var salesOrderId: String?
    public var invoiceId: String?

    public var feel: FEELValue {
        .context([
            "id": .string(id), "customerId": .string(customerId), "title": .string(title), "stage": .string(stage), "amount": .number(amount.feel),
            "currency": .string(currency), "lines": .list(lines.map(\.feel)), "owner": .string(owner), "expectedClose": .string(expectedClose),
            "salesOrderId": salesOrderId.map(FEELValue.string) ?? .null, "invoiceId": invoiceId.map(FEELValue.string) ?? .null,
        ])
    }
}

/// A service case (complaint, question) of a customer.
public struct ServiceCase: Sendable, Hashable {
    public var id: String
    public var customerId: String
    public var subject: String
    public var description: String
    /// `portal`, `phone`, `email`, `manual`.
    public var channel: String
    /// nil, `product-defect`, `delivery`, `billing`, `other`.
    public var category: String?
    /// nil, `low`, `medium`, `high`, `critical`.
    public var severity: String?
    /// `open`, `resolved`, `closed`.
    public var status: String
    public var resolution: String?
    public var salesOrderId: String?
    public var sku: String?
    public var openedAt: String

    public var feel: FEELValue {
        func optional(_ text: String?) -> FEELValue { text.map(FEELValue.string) ?? .null }
        return .context([
            "id": .string(id), "customerId": .string(customerId), "subject": .string(subject), "description": .string(description),
            "channel": .string(channel), "category": optional(category), "severity": optional(severity), "status": .string(status),
            "resolution": optional(resolution), "salesOrderId": optional(salesOrderId), "sku": optional(sku), "openedAt": .string(openedAt),
        ])
    }
}

/// One entry of a customer's contact and service history.
public struct Interaction: Sendable, Hashable {
    public var id: String
    public var customerId: String
    public var at: String
    public var channel: String
    /// `note`, `email`, `call`, `order`, `invoice`, `case`, `notification`.
    public var kind: String
    public var summary: String
    public var reference: String?

    public var feel: FEELValue {
        .context([
            "id": .string(id), "customerId": .string(customerId), "at": .string(at), "channel": .string(channel), "kind": .string(kind),
            "summary": .string(summary), "reference": reference.map(FEELValue.string) ?? .null,
        ])
    }
}
