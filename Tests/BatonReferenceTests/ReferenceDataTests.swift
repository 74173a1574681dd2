import BatonConnectors
import BatonFEEL
import BatonModel
@testable import BatonReference
import Foundation
import GRDB
import Logging
import Testing

/// The shipped bindings file, the seeded data, money, and the servers' lifecycle.
@Suite struct ReferenceDataTests {
    @Test func theShippedBindingsLoadWithBatonsLoader() throws {
        let text = try ReferenceBindings.text(erpBaseURL: "http://127.0.0.1:40123/")
        #expect(!text.contains("127.0.0.1:8081/"))
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        #expect(problems.map(\.description) == [])
        #expect(bindings.connectors["crm"]?.transport == .handler)
        guard case .http(let binding)? = bindings.connectors["erp"]?.transport else {
            Issue.record("erp is not bound over http")
            return
        }
        #expect(binding.signingSecret == "erpSigning")
        let operations = [
            "customer.find", "customer.create", "customer.update", "customer.credit", "salesOrder.create", "stock.check", "bom.explode",
            "purchaseRequisition.create", "productionOrder.create", "productionOrder.release", "stock.receipt", "shipment.get", "shipment.resend",
            "invoice.create", "invoice.correct", "creditNote.create", "replacementOrder.create",
        ]
        #expect(Set(binding.operations.keys) == Set(operations))
        for operation in operations {
            #expect(binding.resolved(for: operation).url.hasPrefix("http://127.0.0.1:40123/erp/v1/"), "\(operation)")
        }
    }

    @Test func seedingTwiceKeepsOneCopyOfTheDemoData() throws {
        let erp = try ReferenceERP()
        try erp.seedDemoData()
        try erp.seedDemoData()
        #expect(try erp.customers().count == 8 && erp.articles().count == 14 && erp.salesOrders().count == 1)
        #expect(try erp.customers().filter { $0.crmRef != nil }.count == 7)
        #expect(try erp.article("FG-PUMP-200")?.bom.map(\.articleNo) == ["PC-IMPELLER-200", "PC-SEAL-KIT", "SA-HOUSING-SS", "SA-MOTOR-55"])
        let crm = try ReferenceCRM()
        try crm.seedDemoData()
        try crm.seedDemoData()
        #expect(try crm.customers().count == 10 && crm.opportunities().filter { $0.stage == "open" }.count == 7)
        #expect(try crm.customers().filter { $0.erpId == nil }.map(\.crmId) == ["CRM-1008", "CRM-1009", "CRM-1010"])
        let linked = Set(try erp.customers().compactMap(\.crmRef))
        #expect(try crm.customers().filter { $0.erpId != nil }.allSatisfy { linked.contains($0.crmId) })
    }

    /// OPP-2003 is over Iberflow's credit limit by less than 25 %: opportunity-to-order's
    /// credit rule asks a sales manager (the demo's credit decision) instead of refusing it.
    @Test func iberflowsOpportunityIsOverTheLimitButWithinAQuarter() throws {
        let erp = try ReferenceERP()
        try erp.seedDemoData()
        let crm = try ReferenceCRM()
        try crm.seedDemoData()
        let credit = try erp.database.read { db in try erp.credit("D-10006", in: db) }
        let exposure = credit.openItems.cents + (try crm.opportunity("OPP-2003").amount.cents)
        #expect(exposure > credit.creditLimit.cents && exposure * 4 <= credit.creditLimit.cents * 5, "\(exposure) against \(credit.creditLimit)")
    }

    @Test func explosionGoesThroughPhantomSubAssembliesToPurchasedParts() throws {
        let erp = try ReferenceERP()
        try erp.seedDemoData()
        let explosion = try erp.database.read { db in try erp.explode("FG-PUMP-200", qty: 2, in: db) }
        let parts = Dictionary(uniqueKeysWithValues: explosion.parts.map { ($0.articleNo, $0) })
        // One motor assembly in stock; the other is built from a motor and two bearings.
        #expect(parts["PC-MOTOR-55"]?.grossQty == 1 && parts["PC-BEARING-6205"]?.grossQty == 2)
        #expect(parts["PC-CASTING-SS"]?.shortQty == 2 && parts["PC-IMPELLER-200"]?.shortQty == 2)
        #expect(parts["PC-SEAL-KIT"]?.shortQty == 0 && parts["SA-MOTOR-55"] == nil)
    }

    @Test func moneyIsExact() {
        #expect(Money("1234.5")?.cents == 123_450 && Money("0.07")?.description == "0.07" && Money("-12")?.description == "-12.00")
        #expect(Money("1.005") == nil && Money("1e3") == nil && Money("") == nil && Money("12.") == nil)
        #expect(Money(FEELNumber("0.1")! + FEELNumber("0.2")!) == Money("0.30"))
        #expect(Money(cents: 99_60).feel == FEELNumber("99.6")!)
        #expect((Money("189.90")! * 3).description == "569.70")
    }

    @Test func theServersStartOnAFreePortAndStop() async throws {
        let erp = try ReferenceERP()
        let crm = try ReferenceCRM()
        let erpServer = try await ReferenceServer.start(
            erp.router(secret: testSecret), name: "erp", host: "127.0.0.1", port: 0, logger: Logger(label: "erp"), executor: ServerThreads.shared)
        let crmServer = try await ReferenceServer.start(
            crm.router(token: "t"), name: "crm", host: "127.0.0.1", port: 0, logger: Logger(label: "crm"), executor: ServerThreads.shared)
        #expect(erpServer.port > 0 && crmServer.port > 0 && erpServer.port != crmServer.port)
        let client = ReferenceERPClient(baseURL: erpServer.baseURL, secret: testSecret)
        let answer = try await blocking { client.send("GET", "/erp/v1/articles") }
        #expect(answer.status == 200, "\(answer.body)")
        await erpServer.stop()
        await crmServer.stop()
        #expect(try await blocking { client.send("GET", "/erp/v1/articles").status } == 0, "stopped: nothing answers")
    }
}
