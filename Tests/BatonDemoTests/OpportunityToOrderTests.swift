import BatonFEEL
import BatonReference
import Foundation
import Testing

/// opportunity-to-order end to end: the CRM, the ERP and Baton's HTTP API as in `baton demo`.
@Suite("opportunity-to-order, end to end")
struct OpportunityToOrderTests {
    /// Sam wins OPP-2001 in the CRM (4 CP-100 pumps, 2 in stock, and 4 controllers): the CRM
    /// tells Baton `opportunityWon`, the customer is synced, credit is approved at once,
    /// the order is booked and the 2 missing pumps go to production (order-to-production:
    /// pia schedules, the shop floor completes the production order in the ERP, which
    /// tells Baton `productionCompleted`, quinn passes the batch, the stock is booked). The
    /// warehouse ships through the ERP (`shipmentDispatched`): Baton invoices, closes the
    /// opportunity and logs the order in the CRM.
    @Test func wonOpportunityWithShortageIsProducedShippedAndInvoiced() async throws {
        try await DemoRun.run { demo in
            let won = try await demo.crm("POST", "/crm/v1/opportunities/OPP-2001/win")
            #expect(won.status == 200, "\(won)")
            let id = try await demo.instanceID(of: "opportunityToOrder", businessKey: "OPP-2001")

            let order = try await demo.salesOrder(for: "OPP-2001")
            #expect(order.debtorNo == "D-10001")
            #expect(order.netAmount == Money("9960.00"))
            let production = try await demo.produce(in: id, for: order.orderNo, sku: "FG-PUMP-100", quantity: 2)
            try await demo.ship(order.orderNo, instance: id)

            let finished = try await demo.waitForStatus(id, "completed")
            // ERP: one order for the opportunity, shipped and invoiced; the production order completed and booked.
            let orders = try demo.erp.salesOrders().filter { $0.customerReference == "OPP-2001" }
            #expect(orders.map(\.orderNo) == [order.orderNo])
            #expect(orders.first?.status == "INVOICED")
            let invoices = try demo.erp.invoices().filter { $0.orderNo == order.orderNo }
            #expect(invoices.count == 1)
            let invoice = try #require(invoices.first)
            #expect(invoice.netAmount == Money("9960.00") && invoice.debtorNo == "D-10001" && invoice.status == "OPEN")
            let produced = try #require(try demo.erp.productionOrders().first { $0.prodNo == production.prodNo })
            #expect(produced.status == "COMPLETED" && produced.received && produced.producedQty == 2 && produced.orderRef == order.orderNo)
            #expect(try demo.erp.shipments().filter { $0.orderNo == order.orderNo }.map(\.status) == ["DISPATCHED"])
            // CRM: the opportunity closed with the order and the invoice, the order logged.
            let opportunity = try demo.crm.opportunity("OPP-2001")
            #expect(opportunity.stage == "closed")
            #expect(opportunity.salesOrderId == order.orderNo && opportunity.invoiceId == invoice.invoiceNo)
            let logged = try demo.crm.interactions(customerId: "CRM-1001").filter { $0.kind == "order" && $0.reference == order.orderNo }
            #expect(logged.count == 1)
            #expect(logged.first?.summary.contains(invoice.invoiceNo) == true)
            // Baton: what the instance recorded matches both systems.
            #expect(finished["variables"]?["invoice"]?["id"] == .string(invoice.invoiceNo))
            #expect(finished["variables"]?["interactionId"] == logged.first.map { FEELValue.string($0.id) })
            #expect(finished["variables"]?["productionOrders"]?.items.map { $0["id"] } == [.string(production.prodNo)])
            #expect(try await demo.baton("GET", "/v1/incidents", as: "ada")["items"]?.items == [])
        }
    }
}

extension OpportunityToOrderTests {
    /// Kestrel (CRM-1008) is not in the ERP yet: the sync creates the debtor and records
    /// its number in the CRM. Its order for 2 CP-200 pumps (none in stock) goes to
    /// production, whose bill of materials lacks impellers and castings: a purchase
    /// requisition for each, referring to the order. Then production, shipment, invoice.
    @Test func aNewCustomersOrderIsProducedWithPurchaseRequisitions() async throws {
        try await DemoRun.run { demo in
            #expect(try demo.erp.customers().contains { $0.crmRef == "CRM-1008" } == false)
            let won = try await demo.crm("POST", "/crm/v1/opportunities/OPP-2002/win")
            #expect(won.status == 200, "\(won)")
            let id = try await demo.instanceID(of: "opportunityToOrder", businessKey: "OPP-2002")
            let order = try await demo.salesOrder(for: "OPP-2002")
            let debtor = try #require(try demo.erp.customers().first { $0.crmRef == "CRM-1008" })
            #expect(order.debtorNo == debtor.debtorNo && debtor.name == "Kestrel Breweries Ltd" && debtor.taxNo == "IE6388047V")
            #expect(try demo.crm.customer("CRM-1008").erpId == debtor.debtorNo)

            try await demo.produce(in: id, for: order.orderNo, sku: "FG-PUMP-200", quantity: 2)
            let requisitions = try demo.erp.purchaseRequisitions().filter { $0.reference == order.orderNo }
            #expect(Set(requisitions.map(\.articleNo)) == ["PC-CASTING-SS", "PC-IMPELLER-200"] && requisitions.allSatisfy { $0.qty == 2 })
            try await demo.ship(order.orderNo, instance: id)
            try await demo.waitForStatus(id, "completed")

            let invoice = try #require(try demo.erp.invoices().first { $0.orderNo == order.orderNo })
            #expect(invoice.debtorNo == debtor.debtorNo && invoice.netAmount == Money("6400.00"))
            let opportunity = try demo.crm.opportunity("OPP-2002")
            #expect(opportunity.stage == "closed" && opportunity.salesOrderId == order.orderNo && opportunity.invoiceId == invoice.invoiceNo)
            #expect(try demo.crm.interactions(customerId: "CRM-1008").contains { $0.kind == "order" && $0.reference == order.orderNo })
        }
    }
}

extension DemoRun {
    /// The ERP's sales order for `opportunityId`, once Baton has booked it.
    func salesOrder(for opportunityId: String) async throws -> ERPSalesOrder {
        try await eventually("a sales order for \(opportunityId)") { try self.erp.salesOrders().first { $0.customerReference == opportunityId } }
    }

    /// One short item of opportunity-to-order `instance` produced through its call of
    /// order-to-production: pia schedules it over the API, the shop floor completes the
    /// production order through the ERP's signed API (the ERP tells Baton
    /// `productionCompleted`), quinn passes the batch, and the produced stock is booked.
    /// Returns the production order as the ERP has it then.
    @discardableResult
    func produce(in instance: String, for orderNo: String, sku: String, quantity: Int) async throws -> ERPProductionOrder {
        try await work("pia", "scheduleProduction", of: "opportunityToOrder", ["plannedDate": .string("2026-12-14"), "line": .string("line-1")])
        let released = try await eventually("a released production order for \(orderNo)") {
            try self.erp.productionOrders().first { $0.orderRef == orderNo && $0.status == "RELEASED" }
        }
        #expect(released.articleNo == sku && released.qty == quantity && released.plannedDate == "2026-12-14")
        try await waitUntil(instance, waitsAt: "waitForCompletion")
        let completed = try await erp("POST", "/erp/v1/production-orders/\(released.prodNo)/complete", json: json(["produced_qty": .number(FEELNumber(quantity))]))
        #expect(completed.status == 200, "\(completed)")
        try await work("quinn", "inspectQuality", of: "opportunityToOrder", ["passed": .boolean(true), "notes": .string("pressure test passed")])
        try await eventually("the production order \(released.prodNo) booked into stock") {
            try self.erp.productionOrders().first { $0.prodNo == released.prodNo && $0.received } != nil ? true : nil
        }
        return try #require(try erp.productionOrders().first { $0.prodNo == released.prodNo })
    }

    /// The warehouse ships the order through the ERP's signed API once `instance` waits
    /// for the shipment; the ERP tells Baton `shipmentDispatched`.
    func ship(_ orderNo: String, instance: String) async throws {
        try await waitUntil(instance, waitsAt: "waitForShipment")
        let shipped = try await erp("POST", "/erp/v1/sales-orders/\(orderNo)/ship", json: json(["carrier": .string("DHL")]))
        #expect(shipped.status == 201, "\(shipped)")
    }
}
