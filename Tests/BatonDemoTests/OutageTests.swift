import BatonDemo
import BatonEngine
import BatonFEEL
import BatonReference
import BatonRuntime
import BatonServer
import Foundation
import Testing

/// The ERP goes down in the middle of an opportunity: incidents, then `baton retry`.
@Suite("ERP outage, end to end")
struct OutageTests {
    /// Sam wins OPP-2003 (Iberflow): the customer sync finds the tax id conflict (max keeps
    /// the CRM's), the credit check asks a sales manager. While maria's task is open the
    /// ERP stops; she approves, creating the sales order fails, every retry fails, and an
    /// incident shows in `GET /v1/incidents`. The ERP starts again on the same port and
    /// database; an attempt had reached it and been applied before its answer was lost
    /// (simulated with the job's idempotency key). The incident is retried
    /// (`POST /v1/incidents/{instance}/{key}/resolve`, what `baton retry` does): the ERP
    /// answers with the order it created first, and the instance completes with exactly
    /// one sales order for the opportunity.
    @Test func salesOrderFailsWhileTheERPIsDownAndCompletesOnceAfterRetry() async throws {
        try await DemoRun.run { demo in
            let won = try await demo.crm("POST", "/crm/v1/opportunities/OPP-2003/win")
            #expect(won.status == 200, "\(won)")
            let id = try await demo.instanceID(of: "opportunityToOrder", businessKey: "OPP-2003")
            try await demo.work("max", "resolveConflict", of: "opportunityToOrder", ["keep": .string("crm")])
            let approval = try await demo.task("approveByManager", for: "maria", processKey: "opportunityToOrder")
            #expect(try demo.erp.customers().first { $0.debtorNo == "D-10006" }?.taxNo == "ESB12345674")

            await demo.stopERP()
            #expect(try await demo.erp("GET", "/erp/v1/articles/FG-KIT-SVC").status == 0)
            let claimed = try await demo.baton("POST", "/v1/tasks/\(approval)/claim", as: "maria")
            #expect(claimed.status == 200, "\(claimed)")
            let approved = try await demo.baton(
                "POST", "/v1/tasks/\(approval)/complete", as: "maria",
                json: json(["variables": .context(["approved": .boolean(true), "approvalComment": .string("secured by the new contract")])]))
            #expect(approved.status == 200, "\(approved)")

            // Every attempt fails; each failed one is made due at once (the backoff is 30 s).
            let idempotencyKey = try await demo.failUntilIncident(id, element: "createSalesOrder")
            let incidents = try await demo.baton("GET", "/v1/incidents?processKey=opportunityToOrder", as: "ada")
            let incident = try #require(incidents["items"]?.items.first, "\(incidents)")
            #expect(incidents["items"]?.items.count == 1)
            #expect(incident["processInstanceId"] == .string(id) && incident["activityId"] == .string("createSalesOrder"))
            #expect(incident["businessKey"] == .string("OPP-2003"))
            #expect(incident["reason"]?.text?.contains("connection refused") == true, "\(incident)")
            #expect(try demo.erp.salesOrders().filter { $0.customerReference == "OPP-2003" }.isEmpty)

            // The ERP is back; an attempt with the job's key had been applied, its answer lost.
            try await demo.startERP()
            let lost = try await demo.erp(
                "POST", "/erp/v1/sales-orders",
                json: json([
                    "debtor_no": .string("D-10006"), "customer_reference": .string("OPP-2003"), "currency": .string("EUR"),
                    "lines": .list([
                        .context(["article_no": .string("FG-PUMP-100"), "qty": .number(FEELNumber(6)), "unit_price": .string("1850.00")]),
                        .context(["article_no": .string("FG-KIT-SVC"), "qty": .number(FEELNumber(10)), "unit_price": .string("189.90")]),
                    ]),
                ]), idempotencyKey: idempotencyKey)
            #expect(lost.status == 201, "\(lost)")
            let first = try #require(lost["order_no"]?.text)

            let incidentKey = try #require(incident["key"].flatMap(DemoRun.integer))
            let retried = try await demo.baton("POST", "/v1/incidents/\(id)/\(incidentKey)/resolve", as: "ada")
            #expect(retried.status == 200, "\(retried)")
            try await demo.eventually("the incident to be resolved") {
                try await demo.baton("GET", "/v1/incidents", as: "ada")["items"]?.items.isEmpty == true ? true : nil
            }
            // 6 pumps ordered, 2 in stock: 4 are produced; then the order ships and is invoiced.
            try await demo.produce(in: id, for: first, sku: "FG-PUMP-100", quantity: 4)
            try await demo.ship(first, instance: id)
            let finished = try await demo.waitForStatus(id, "completed")

            let orders = try demo.erp.salesOrders().filter { $0.customerReference == "OPP-2003" }
            #expect(orders.map(\.orderNo) == [first])
            #expect(orders.first?.status == "INVOICED" && orders.first?.netAmount == Money("12999.00"))
            #expect(finished["variables"]?["salesOrder"]?["id"] == .string(first))
            #expect(finished["variables"]?["approvalLevel"] == .string("sales-managers"))
            let invoice = try #require(try demo.erp.invoices().first { $0.orderNo == first })
            let opportunity = try demo.crm.opportunity("OPP-2003")
            #expect(opportunity.stage == "closed" && opportunity.salesOrderId == first && opportunity.invoiceId == invoice.invoiceNo)
            #expect(try demo.crm.interactions(customerId: "CRM-1006").contains { $0.kind == "order" && $0.reference == first })
        }
    }
}

extension DemoRun {
    /// Waits for the job at `element` to fail, makes it due again at once over the API
    /// (`POST /v1/jobs/{instance}/{key}/retry`) after each failed attempt, until its
    /// retries are spent and the instance has an incident. Returns the idempotency key
    /// every attempt carried (the API does not show it: read from the engine's state).
    func failUntilIncident(_ id: String, element: String) async throws -> String {
        var idempotencyKeys: Set<String> = []
        var retried: Set<String> = []
        for _ in 0..<10 {
            let seen = retried
            let (instance, job) = try await eventually("a failed attempt of \(element), or an incident") { () -> (FEELValue, FEELValue?)? in
                let instance = try await self.instance(id)
                if instance["incidents"]?.items.isEmpty == false { return (instance, nil) }
                let job = instance["jobs"]?.items.first { $0["element"] == .string(element) && $0["lastError"] != .null && $0["lastError"] != nil }
                guard let job, !seen.contains("\(job["key"]?.json ?? "")-\(job["retries"]?.json ?? "")") else { return nil }
                return (instance, job)
            }
            guard let job else {
                #expect(instance["incidents"]?.items.map { $0["element"] } == [.string(element)])
                #expect(idempotencyKeys.count == 1, "one key for every attempt: \(idempotencyKeys)")
                return try #require(idempotencyKeys.first)
            }
            let key = try #require(job["key"].flatMap(Self.integer))
            let state = try environment.host.runtime.storedAsWritten(ProcessInstanceID(id)).state
            if let stored = state.jobs[JobKey(key)] { idempotencyKeys.insert(stored.idempotencyKey) }
            retried.insert("\(job["key"]?.json ?? "")-\(job["retries"]?.json ?? "")")
            let retry = try await baton("POST", "/v1/jobs/\(id)/\(key)/retry", as: "ada")
            #expect(retry.status == 200, "\(retry)")
        }
        throw DemoTestError("no incident after 10 failed attempts of \(element)")
    }

    /// A whole JSON number as an Int.
    static func integer(_ value: FEELValue) -> Int? {
        if case .number(let number) = value { return Int(number.description) }
        return nil
    }
}
