import BatonFEEL
public import BatonRuntime

extension ReferenceCRM {
    /// The connector name the bindings give the CRM (`<connector name="crm"><handler/></connector>`).
    public static let connector = "crm"

    /// The step handler of every CRM operation of the contract, by operation name: FEEL
    /// variables in, canonical values out. A refusal by the CRM (unknown customer, closed
    /// opportunity) is a BPMN error with the CRM's `errorCode` (`CUSTOMER_NOT_FOUND`,
    /// `OPPORTUNITY_CLOSED`, ...); a missing or malformed variable is an incident at once
    /// (retrying cannot help); a database failure is retried. `case.open`,
    /// `interaction.log` and `customer.notify` are idempotent on the call's key.
    public var handlers: [String: StepHandler] {
        [
            "customer.get": handler { input in ["customer": try self.customer(input.string("customerId")).feel] },
            "customer.linkErp": handler { input in
                try self.linkErp(customerId: input.string("customerId"), erpId: input.string("erpId"))
                return [:]
            },
            "customer.changes": handler { input in
                let (customers, cursor) = try self.changes(consumer: input.string("consumer"))
                return ["changedCustomers": .list(customers.map(\.feel)), "syncCursor": .string(cursor)]
            },
            "customer.changesAcknowledge": handler { input in
                try self.acknowledgeChanges(consumer: input.string("consumer"), cursor: input.text("syncCursor"))
                return [:]
            },
            "customer.notify": handler { input in
                let id = try self.notify(
                    customerId: input.string("customerId"), subject: input.string("subject"), message: input.string("message"), idempotencyKey: input.key)
                return ["notificationId": .string(id)]
            },
            "opportunity.get": handler { input in ["opportunity": try self.opportunity(input.string("opportunityId")).feel] },
            "opportunity.close": handler { input in
                try self.closeOpportunity(
                    input.string("opportunityId"), outcome: input.string("outcome"), salesOrderId: input.optional("salesOrderId"),
                    invoiceId: input.optional("invoiceId"))
                return [:]
            },
            "interaction.log": handler { input in
                let id = try self.logInteraction(
                    customerId: input.string("customerId"), kind: input.string("kind"), summary: input.string("summary"),
                    reference: input.optional("reference"), idempotencyKey: input.key)
                return ["interactionId": .string(id)]
            },
            "case.open": handler { input in
                let (serviceCase, history) = try self.openCase(
                    customerId: input.string("customerId"), subject: input.string("subject"), description: input.optional("description") ?? "",
                    channel: input.optional("channel") ?? "manual", salesOrderId: input.optional("salesOrderId"), sku: input.optional("sku"),
                    idempotencyKey: input.key)
                return ["serviceCase": serviceCase.feel, "customerHistory": .list(history.map(\.feel))]
            },
            "case.update": handler { input in
                let serviceCase = try self.updateCase(
                    input.string("caseId"), category: input.optional("category"), severity: input.optional("severity"), status: input.optional("status"),
                    resolution: input.optional("resolution"))
                return ["serviceCase": serviceCase.feel]
            },
            "case.close": handler { input in
                try self.closeCase(input.string("caseId"), resolution: input.optional("resolution"))
                return [:]
            },
        ]
    }

    /// Registers ``handlers`` for connector `crm` on `runtime`.
    public func register(on runtime: inout Runtime) {
        for (operation, handler) in handlers {
            runtime.register(connector: Self.connector, operation: operation, handler: handler)
        }
    }

    /// Wraps an operation: reads its input, and turns the CRM's refusals into BPMN errors
    /// and invalid input into incidents.
    private func handler(_ body: @escaping @Sendable (CRMCallInput) throws -> FEELContext) -> StepHandler {
        { call in
            do {
                return try body(CRMCallInput(call: call))
            } catch let error as ReferenceError where error.errorCode == "INVALID_REQUEST" {
                throw JobFailure("crm \(call.operation ?? ""): \(error.detail)", retryable: false)
            } catch let error as ReferenceError {
                throw BPMNError(code: error.errorCode, message: error.detail)
            }
        }
    }
}

/// A CRM call's variables, read with checks.
struct CRMCallInput {
    let call: ConnectorCall

    /// The idempotency key of the call.
    var key: String { call.idempotencyKey }

    /// A required, non-empty string variable.
    func string(_ name: String) throws -> String {
        guard case .string(let value)? = call.variables[name], !value.isEmpty else {
            throw ReferenceError.invalid("variable '\(name)' must be a non-empty string, not \(call.variables[name]?.typeName ?? "missing")")
        }
        return value
    }

    /// A string variable that may be null or missing.
    func optional(_ name: String) throws -> String? {
        switch call.variables[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw ReferenceError.invalid("variable '\(name)' must be a string or null, not \(other.typeName)")
        }
    }

    /// A required string or number variable, as text (a sync cursor).
    func text(_ name: String) throws -> String {
        if case .number(let number)? = call.variables[name] { return number.description }
        return try string(name)
    }
}
