import BatonEngine
import BatonFEEL
import BatonReference
import Foundation
import Testing

/// complaint-to-resolution end to end: the CRM portal, the ERP and Baton's HTTP API.
@Suite("complaint-to-resolution, end to end")
struct ComplaintToResolutionTests {
    /// A customer complains through the CRM portal (which tells Baton
    /// `complaintSubmitted`); Baton opens the case in the CRM; sue triages it as a
    /// product defect, quinn chooses a refund, fay prepares 1139.40 against INV-60017 and,
    /// being over 500, it needs four eyes: fay reviews and may not approve her own review
    /// (403 over HTTP: not in her inbox, she cannot claim or complete it, finn cannot
    /// delegate it to her), finn approves; the ERP issues the credit note, the CRM records the
    /// resolution and notifies the customer, and after seven days without objection
    /// (the engine's clock moved) the case is closed and logged in the CRM.
    @Test func refundWithFourEyesIsCreditedAndTheCaseClosesAfterSevenDays() async throws {
        try await DemoRun.run { demo in
            let submitted = try await demo.crm(
                "POST", "/crm/v1/portal/complaints",
                json: json([
                    "customerId": .string("CRM-1003"), "subject": .string("Leaking seals"), "description": .string("Kettle pump 2 leaks again"),
                    "salesOrderId": .string("SO-40017"), "sku": .string("FG-KIT-SVC"),
                ]))
            #expect(submitted.status == 202, "\(submitted)")
            let reference = try #require(submitted["reference"]?.text)
            let id = try await demo.instanceID(of: "complaintToResolution", businessKey: reference)

            let opened = try await demo.eventually("the case opened in the CRM") { try demo.crm.serviceCases().first { $0.subject == "Leaking seals" } }
            #expect(opened.customerId == "CRM-1003" && opened.channel == "portal" && opened.salesOrderId == "SO-40017" && opened.status == "open")

            try await demo.work("sue", "triageCase", of: "complaintToResolution", ["category": .string("product-defect"), "severity": .string("medium")])
            try await demo.work("quinn", "investigateDefect", of: "complaintToResolution", ["remedy": .string("refund"), "findings": .string("seal batch 2026-41 defective")])
            try await demo.work(
                "fay", "prepareRefund", of: "complaintToResolution",
                ["invoiceId": .string("INV-60017"), "refundAmount": .number(FEELNumber("1139.40")!), "refundCurrency": .string("EUR")])
            try await demo.work("fay", "reviewRequest", of: "complaintToResolution", ["approved": .boolean(true), "reviewComment": .string("matches the invoice")])

            // Four eyes: fay reviewed, so the approval is finn's; she is refused over HTTP.
            let approval = try await demo.task("approveRequest", for: "finn", processKey: "complaintToResolution")
            let inbox = try await demo.baton("GET", "/v1/tasks?processKey=complaintToResolution", as: "fay")
            #expect(inbox.status == 200 && inbox["items"]?.items.contains { $0["id"]?.text == approval } == false, "\(inbox)")
            let claim = try await demo.baton("POST", "/v1/tasks/\(approval)/claim", as: "fay")
            #expect(claim.status == 403, "\(claim)")
            #expect(try await demo.baton("POST", "/v1/tasks/\(approval)/claim", as: "finn").status == 200)
            let delegated = try await demo.baton("POST", "/v1/tasks/\(approval)/delegate", as: "finn", json: json(["userId": .string("fay")]))
            #expect(delegated.status == 403, "finn cannot hand it to fay either: \(delegated)")
            let approve = json(["variables": .context(["approved": .boolean(true)])])
            let byFay = try await demo.baton("POST", "/v1/tasks/\(approval)/complete", as: "fay", json: approve)
            #expect(byFay.status == 403, "\(byFay)")
            #expect(try demo.erp.creditNotes().isEmpty)
            let byFinn = try await demo.baton("POST", "/v1/tasks/\(approval)/complete", as: "finn", json: approve)
            #expect(byFinn.status == 200 && byFinn["completedBy"] == .string("finn"), "\(byFinn)")

            // The credit note is issued, the resolution recorded and told; then Baton waits for an objection.
            let waiting = try await demo.waitUntil(id, waitsAt: "awaitObjection")
            let notes = try demo.erp.creditNotes()
            #expect(notes.count == 1)
            let note = try #require(notes.first)
            #expect(note.invoiceNo == "INV-60017" && note.amount == Money("1139.40") && note.currency == "EUR")
            #expect(note.reason.contains(opened.id))
            let resolved = try demo.crm.serviceCase(opened.id)
            #expect(resolved.status == "resolved" && resolved.category == "product-defect" && resolved.severity == "medium")
            #expect(resolved.resolution?.contains(note.noteNo) == true)
            #expect(try demo.crm.interactions(customerId: "CRM-1003").contains { $0.kind == "notification" && $0.summary.contains(opened.id) })
            #expect(waiting["variables"]?["refundReviewer"] == .string("fay") && waiting["variables"]?["refundApprover"] == .string("finn"))
            #expect(waiting["timers"]?.items.map { $0["element"] } == [.string("objectionPeriodOver")])

            // Seven days pass without an objection: the case closes and is logged.
            demo.clock.advance(byMilliseconds: 7 * 86_400_000 + 1_000)
            try await demo.waitForStatus(id, "completed")
            let closed = try demo.crm.serviceCase(opened.id)
            #expect(closed.status == "closed" && closed.resolution == resolved.resolution)
            let logged = try demo.crm.interactions(customerId: "CRM-1003").filter { $0.kind == "case" && $0.reference == opened.id && $0.summary.contains("closed") }
            let history = try demo.crm.interactions(customerId: "CRM-1003")
            #expect(logged.count == 1, "\(history)")
            #expect(try demo.erp.creditNotes().count == 1)
            #expect(try await demo.baton("GET", "/v1/incidents", as: "ada")["items"]?.items == [])
        }
    }
}
