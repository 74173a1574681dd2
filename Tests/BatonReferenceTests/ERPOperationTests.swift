import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
@testable import BatonReference
import BatonRuntime
import Foundation
import Testing

/// Every ERP operation of the contract through Baton's real `http` transport, built from
/// the shipped `ProcessModels/connectors.xml`, against a live ERP: canonical values go in,
/// the bindings map them to the ERP's shape and the answers back.
@Suite struct ERPOperationTests {
    /// The shipped `erp` binding pointed at `baseURL`, called as the job executor would.
    struct ERPConnector: Sendable {
        let transport: HTTPTransport

        init(baseURL: String) throws {
            setenv(ReferenceBindings.erpSecretVariable, testSecret, 1)
            let text = try ReferenceBindings.text(erpBaseURL: baseURL)
            let (bindings, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
            #expect(problems.map(\.description) == [])
            guard case .http(let binding)? = bindings.connectors["erp"]?.transport else { throw ReferenceError.invalid("no http binding for erp") }
            transport = HTTPTransport(connector: "erp", binding: binding)
        }

        func result(_ operation: String, _ variables: FEELContext, key: String = UUID().uuidString) async throws -> JobResult {
            let job = Job(
                key: JobKey(1), elementInstance: ElementInstanceKey(2), element: "task", type: "erp", operation: operation, retries: 3, retryBackoff: nil,
                retryAt: nil, headers: [], idempotencyKey: key, createdAt: EngineInstant(millisecondsSinceEpoch: 0), lastError: nil, attempts: 0)
            return try await blocking { try transport.call(job, variables: variables, timeoutMilliseconds: 10_000) }
        }

        /// The output of an operation that must complete.
        func call(_ operation: String, _ variables: FEELContext, key: String = UUID().uuidString) async throws -> FEELContext {
            let outcome = try await result(operation, variables, key: key)
            guard case .complete(let output) = outcome else {
                Issue.record("\(operation) did not complete: \(outcome)")
                return FEELContext()
            }
            return output
        }

        /// The BPMN error code of an operation that must be refused.
        func refusal(_ operation: String, _ variables: FEELContext) async throws -> String? {
            let outcome = try await result(operation, variables)
            guard case .bpmnError(let code, _, _) = outcome else {
                Issue.record("\(operation) was not refused: \(outcome)")
                return nil
            }
            return code
        }
    }

    static func text(_ value: FEELValue?) -> String {
        if case .string(let text)? = value { return text }
        return "not a string: \(String(describing: value))"
    }

    @Test func customersAreFoundCreatedAndUpdatedInCanonicalShape() async throws {
        let crm = try ReferenceCRM()
        try crm.seedDemoData()
        try await withERP { erp, client in
            let erpConnector = try ERPConnector(baseURL: client.baseURL)
            let linked = try await erpConnector.call("customer.find", ["customer": try crm.customer("CRM-1001").feel])
            #expect(linked["erpCustomer"]?["erpId"] == .string("D-10001"))
            #expect(linked["erpCustomer"]?["crmId"] == .string("CRM-1001"))
            #expect(linked["erpCustomer"]?["segment"] == .string("enterprise"))
            #expect(linked["erpCustomer"]?["address"]?["postalCode"] == .string("20457"))
            let conflict = try await erpConnector.call("customer.find", ["customer": try crm.customer("CRM-1006").feel])
            #expect(conflict["erpCustomer"]?["taxId"] == .string("ESB87654321"), "the ERP's tax id differs from the CRM's ESB12345674")

            let kestrel = try crm.customer("CRM-1008")
            let missing = try await erpConnector.call("customer.find", ["customer": kestrel.feel])
            #expect(missing["erpCustomer"] == .null)
            let created = try await erpConnector.call("customer.create", ["customer": kestrel.feel])
            let erpId = Self.text(created["erpCustomer"]?["erpId"])
            #expect(erpId == "D-10101")
            #expect(created["erpCustomer"]?["name"] == .string("Kestrel Breweries Ltd") && created["erpCustomer"]?["segment"] == .string("smb"))
            #expect(try await erpConnector.refusal("customer.create", ["customer": kestrel.feel]) == "CUSTOMER_EXISTS")

            var renamed = kestrel
            renamed.erpId = erpId
            renamed.name = "Kestrel Brewing Company Ltd"
            renamed.segment = "enterprise"
            let updated = try await erpConnector.call("customer.update", ["customer": renamed.feel])
            #expect(updated["erpCustomer"]?["name"] == .string("Kestrel Brewing Company Ltd"))
            #expect(try erp.customers().first { $0.debtorNo == erpId }?.customerClass == "KEY")

            let credit = try await erpConnector.call("customer.credit", ["erpCustomerId": .string("D-10001")])
            #expect(credit["credit"] == .context(["creditLimit": number("50000"), "openBalance": number("12400"), "currency": .string("EUR")]))
            #expect(try await erpConnector.refusal("customer.credit", ["erpCustomerId": .string("D-99999")]) == "UNKNOWN_CUSTOMER")
        }
    }

    @Test func anOpportunityBecomesAnOrderThatIsProducedShippedAndInvoiced() async throws {
        let crm = try ReferenceCRM()
        try crm.seedDemoData()
        let (notifier, messages) = recordingNotifier()
        try await withERP(notifier: notifier) { erp, client in
            let erpConnector = try ERPConnector(baseURL: client.baseURL)
            let opportunity = try crm.opportunity("OPP-2001").feel
            let key = "pi-7/4"
            let created = try await erpConnector.call("salesOrder.create", ["erpCustomerId": .string("D-10001"), "opportunity": opportunity], key: key)
            let order = try #require(created["salesOrder"])
            #expect(order["netAmount"] == number("9960") && order["status"] == .string("open") && order["opportunityId"] == .string("OPP-2001"))
            #expect(order["lines"]?.items.first == .context([
                "lineNo": number("10"), "sku": .string("FG-PUMP-100"), "quantity": number("4"), "unitPrice": number("1850"), "amount": number("7400"),
            ]))
            let repeated = try await erpConnector.call("salesOrder.create", ["erpCustomerId": .string("D-10001"), "opportunity": opportunity], key: key)
            #expect(repeated["salesOrder"] == order, "a retry with the same key gets the first order")
            #expect(try erp.salesOrders().count == 2)
            let orderId = Self.text(order["id"])

            let credit = try await erpConnector.call("customer.credit", ["erpCustomerId": .string("D-10001")])
            #expect(credit["credit"]?["openBalance"] == number("22360"), "12400 from before plus the open order")

            let stock = try await erpConnector.call("stock.check", ["salesOrder": order])
            #expect(stock["shortages"] == .list([.context(["sku": .string("FG-PUMP-100"), "quantity": number("2")])]))

            let bom = try await erpConnector.call("bom.explode", ["sku": .string("FG-PUMP-100"), "quantity": number("2")])
            let motor = bom["components"]?.items.first { $0["sku"] == .string("PC-MOTOR-55") }
            #expect(motor == .context(["sku": .string("PC-MOTOR-55"), "required": number("1"), "available": number("3"), "missing": number("0")]))
            #expect(bom["components"]?.items.map { $0["sku"] } == ["PC-HOUSING-CI", "PC-IMPELLER-100", "PC-SEAL-KIT", "PC-BEARING-6205", "PC-MOTOR-55"].map { .string($0) })

            let requisition = try await erpConnector.call(
                "purchaseRequisition.create", ["sku": .string("PC-IMPELLER-100"), "quantity": number("2"), "reference": .string(orderId)])
            #expect(requisition["requisition"]?["status"] == .string("open") && requisition["requisition"]?["reference"] == .string(orderId))

            let planned = try await erpConnector.call(
                "productionOrder.create",
                ["sku": .string("FG-PUMP-100"), "quantity": number("2"), "plannedDate": .string("2026-12-07"), "line": .string("L2"), "salesOrderId": .string(orderId)])
            let production = try #require(planned["productionOrder"])
            #expect(production["status"] == .string("planned") && production["line"] == .string("L2") && production["plannedDate"] == .string("2026-12-07"))
            let productionId = Self.text(production["id"])
            #expect(try await erpConnector.call("productionOrder.release", ["productionOrderId": .string(productionId)]) == FEELContext())
            #expect(try await erpConnector.refusal("stock.receipt", ["productionOrderId": .string(productionId)]) == "NOT_COMPLETED")

            let completed = try await blocking { client.send("POST", "/erp/v1/production-orders/\(productionId)/complete", json: "{}") }
            #expect(completed.status == 200 && completed["status"] == .string("COMPLETED"))
            #expect(try await erpConnector.call("stock.receipt", ["productionOrderId": .string(productionId)]) == FEELContext())
            #expect(try erp.article("FG-PUMP-100")?.reserved == 4, "the receipt reserved the produced pumps for the order")

            #expect(try await erpConnector.call("shipment.get", ["salesOrderId": .string(orderId)]) == ["shipment": .null])
            let shipped = try await blocking { client.send("POST", "/erp/v1/sales-orders/\(orderId)/ship") }
            #expect(shipped.status == 201)
            let shipment = try await erpConnector.call("shipment.get", ["salesOrderId": .string(orderId)])
            #expect(shipment["shipment"]?["status"] == .string("dispatched") && shipment["shipment"]?["carrier"] == .string("DHL"))

            let invoiced = try await erpConnector.call("invoice.create", ["salesOrderId": .string(orderId)])
            let invoice = try #require(invoiced["invoice"])
            #expect(invoice["amount"] == number("9960") && invoice["customerErpId"] == .string("D-10001") && invoice["status"] == .string("open"))
            let invoiceId = Self.text(invoice["id"])
            #expect(try await erpConnector.refusal("invoice.create", ["salesOrderId": .string(orderId)]) == "ALREADY_INVOICED")

            let note = try await erpConnector.call(
                "creditNote.create", ["invoiceId": .string(invoiceId), "amount": number("150.25"), "reason": .string("scratched housing")])
            #expect(note["creditNote"]?["amount"] == number("150.25") && note["creditNote"]?["invoiceId"] == .string(invoiceId))
            #expect(
                try await erpConnector.refusal("creditNote.create", ["invoiceId": .string(invoiceId), "amount": number("9900"), "reason": .string("too much")])
                    == "AMOUNT_EXCEEDS_INVOICE")

            let corrected = try await erpConnector.call(
                "invoice.correct", ["invoiceId": .string(invoiceId), "amount": number("9460.5"), "reason": .string("agreed discount")])
            #expect(corrected["invoice"]?["amount"] == number("9460.5") && corrected["invoice"]?["id"] != .string(invoiceId))
            #expect(try erp.invoices().first { $0.invoiceNo == invoiceId }?.status == "CORRECTED")

            let resent = try await erpConnector.call("shipment.resend", ["salesOrderId": .string(orderId)])
            #expect(resent["shipment"]?["status"] == .string("dispatched") && resent["shipment"]?["id"] != shipment["shipment"]?["id"])

            let replacement = try await erpConnector.call(
                "replacementOrder.create", ["erpCustomerId": .string("D-10003"), "sku": .string("FG-KIT-SVC"), "quantity": number("1"), "caseId": .string("CASE-3001")])
            #expect(replacement["salesOrder"]?["netAmount"] == number("0") && replacement["salesOrder"]?["opportunityId"] == .null)

            notifier.drain()
            #expect(messages.all.map(\.messageName) == ["productionCompleted", "shipmentDispatched"])
            #expect(messages.all.first?.correlationKey == productionId)
            #expect(messages.all.first?.variables["producedQuantity"] == number("2"))
            #expect(messages.all.last?.correlationKey == orderId)
            #expect(messages.all.last?.variables["shipment"]?["salesOrderId"] == .string(orderId))
        }
    }

    @Test func refusalsBecomeBPMNErrorsWithTheERPsCode() async throws {
        try await withERP { _, client in
            let erpConnector = try ERPConnector(baseURL: client.baseURL)
            let opportunity: FEELValue = .context([
                "id": .string("OPP-9"), "currency": .string("EUR"),
                "lines": .list([.context(["sku": .string("FG-PUMP-100"), "quantity": number("1"), "unitPrice": number("1850")])]),
            ])
            #expect(try await erpConnector.refusal("salesOrder.create", ["erpCustomerId": .string("D-404"), "opportunity": opportunity]) == "UNKNOWN_CUSTOMER")
            #expect(try await erpConnector.refusal("bom.explode", ["sku": .string("PC-SEAL-KIT"), "quantity": number("1")]) == "NO_BOM")
            #expect(try await erpConnector.refusal("shipment.resend", ["salesOrderId": .string("SO-404")]) == "UNKNOWN_SALES_ORDER")
            #expect(
                try await erpConnector.refusal("purchaseRequisition.create", ["sku": .string("FG-PUMP-100"), "quantity": number("1"), "reference": .null])
                    == "NOT_PURCHASED")
            #expect(try await erpConnector.refusal("productionOrder.release", ["productionOrderId": .string("PO-1")]) == "UNKNOWN_PRODUCTION_ORDER")
        }
    }

    @Test func aCallWithoutTheSecretIsAnIncidentNotARetry() async throws {
        try await withERP { _, client in
            let text = try ReferenceBindings.text(erpBaseURL: client.baseURL).replacingOccurrences(of: "BATON_ERP_SECRET", with: "BATON_ERP_SECRET_WRONG")
            setenv("BATON_ERP_SECRET_WRONG", "guessed", 1)
            let (bindings, _) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
            guard case .http(let binding)? = bindings.connectors["erp"]?.transport else { throw ReferenceError.invalid("no binding") }
            let transport = HTTPTransport(connector: "erp", binding: binding)
            let job = Job(
                key: JobKey(1), elementInstance: ElementInstanceKey(2), element: "task", type: "erp", operation: "customer.credit", retries: 3, retryBackoff: nil,
                retryAt: nil, headers: [], idempotencyKey: "k", createdAt: EngineInstant(millisecondsSinceEpoch: 0), lastError: nil, attempts: 0)
            let failure = try await blocking { () -> JobFailure? in
                do {
                    _ = try transport.call(job, variables: ["erpCustomerId": .string("D-10001")], timeoutMilliseconds: 5_000)
                    return nil
                } catch let failure as JobFailure {
                    return failure
                } catch {
                    return nil
                }
            }
            #expect(failure?.retryable == false)
            #expect(failure?.message.contains("answered 401") == true)
        }
    }
}
