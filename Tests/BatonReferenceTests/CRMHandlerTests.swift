import BatonEngine
import BatonFEEL
import BatonModel
@testable import BatonReference
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// The CRM's step handlers, registered on a real `Runtime` and called from a service task
/// (`baton:connector="crm"`), plus the sync cursor.
@Suite struct CRMHandlerTests {
    /// A runtime on a temporary database with the CRM's handlers, and the CRM.
    final class Harness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-crm-\(UUID().uuidString)")
        let crm: ReferenceCRM
        var runtime: Runtime
        private var deployed = 0

        init() throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            crm = try ReferenceCRM(path: folder.appendingPathComponent("crm.sqlite").path)
            try crm.seedDemoData()
            runtime = try Runtime(store: SQLiteStore(path: folder.appendingPathComponent("baton.sqlite").path))
            crm.register(on: &runtime)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Runs one service task calling `operation` with `variables`; the instance after
        /// the job ran. A BPMN error `catching` ends at `caught`.
        func call(_ operation: String, _ variables: FEELContext, catching code: String = "NONE") throws -> ProcessInstanceState {
            deployed += 1
            let process = "call\(deployed)"
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
                  <bpmn:error id="refused" errorCode="\(code)"/>
                  <bpmn:process id="\(process)" isExecutable="true">
                    <bpmn:startEvent id="start"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
                    <bpmn:serviceTask id="call" baton:connector="crm" baton:operation="\(operation)"/>
                    <bpmn:boundaryEvent id="onRefused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="refused"/></bpmn:boundaryEvent>
                    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="done"/>
                    <bpmn:endEvent id="done"/>
                    <bpmn:sequenceFlow id="f3" sourceRef="onRefused" targetRef="caught"/>
                    <bpmn:endEvent id="caught"/>
                  </bpmn:process>
                </bpmn:definitions>
                """
            try runtime.deploy(xml: xml, fileName: "\(process).bpmn")
            let id = try runtime.start(processID: ElementID(process), variables: variables).id
            _ = try runtime.runDueJobs()
            return try runtime.instance(id)
        }

        /// Whether the instance ended at the error end event.
        func wasCaught(_ state: ProcessInstanceState) throws -> Bool {
            try runtime.history(of: state.id).contains { if case .elementCompleted(_, "caught") = $0.event { true } else { false } }
        }
    }

    @Test func customerAndOpportunityComeOutCanonical() throws {
        let harness = try Harness()
        let state = try harness.call("customer.get", ["customerId": .string("CRM-1008")])
        #expect(state.status == .completed)
        #expect(state.variables["customer"]?["crmId"] == .string("CRM-1008") && state.variables["customer"]?["erpId"] == .null)
        #expect(state.variables["customer"]?["address"]?["country"] == .string("IE"))
        let opportunity = try harness.call("opportunity.get", ["opportunityId": .string("OPP-2001")]).variables["opportunity"]
        #expect(opportunity?["amount"] == number("9960") && opportunity?["stage"] == .string("open") && opportunity?["customerId"] == .string("CRM-1001"))
        #expect(opportunity?["lines"]?.items.count == 2)
        #expect(opportunity?["lines"]?.items.last == .context(["sku": .string("FG-CTRL-10"), "quantity": number("4"), "unitPrice": number("640")]))
    }

    @Test func anUnknownCustomerIsABPMNErrorAndBadInputAnIncident() throws {
        let harness = try Harness()
        let unknown = try harness.call("customer.get", ["customerId": .string("CRM-9")], catching: "CUSTOMER_NOT_FOUND")
        #expect(unknown.status == .completed)
        #expect(try harness.wasCaught(unknown))
        let missing = try harness.call("customer.get", [:])
        #expect(missing.incidents.values.map(\.reason).contains { $0.contains("variable 'customerId' must be a non-empty string") })
        let badSeverity = try harness.call("case.update", ["caseId": .string("CASE-3001"), "severity": .string("urgent")])
        #expect(badSeverity.incidents.count == 1)
        let closed = try harness.call(
            "opportunity.close", ["opportunityId": .string("OPP-1990"), "outcome": .string("lost")], catching: "OPPORTUNITY_CLOSED")
        #expect(try harness.wasCaught(closed))
    }

    @Test func openingACaseIsIdempotentAndReturnsTheHistory() throws {
        let harness = try Harness()
        let state = try harness.call(
            "case.open",
            [
                "customerId": .string("CRM-1003"), "subject": .string("Seal leaks"), "description": .string("Kettle pump 2 leaks at the seal"),
                "channel": .string("portal"), "salesOrderId": .string("SO-40017"), "sku": .string("FG-KIT-SVC"),
            ])
        let opened = try #require(state.variables["serviceCase"])
        #expect(opened["status"] == .string("open") && opened["channel"] == .string("portal") && opened["category"] == .null)
        #expect(opened["id"] == .string("CASE-3003"))
        let history = state.variables["customerHistory"]?.items ?? []
        #expect(history.first?["kind"] == .string("case") && history.contains { $0["reference"] == .string("SO-40017") })

        // A retry of the same activity instance (same idempotency key) gets the same case.
        let again = try harness.crm.openCase(
            customerId: "CRM-1003", subject: "Seal leaks", description: "", channel: "portal", salesOrderId: nil, sku: nil, idempotencyKey: "k-1")
        let repeated = try harness.crm.openCase(
            customerId: "CRM-1003", subject: "Seal leaks", description: "", channel: "portal", salesOrderId: nil, sku: nil, idempotencyKey: "k-1")
        #expect(again.serviceCase == repeated.serviceCase)
        #expect(try harness.crm.serviceCases().count == 4)

        let caseId: FEELValue = opened["id"] ?? .null
        let updated = try harness.call(
            "case.update", ["caseId": caseId, "category": .string("product-defect"), "severity": .string("high"), "status": .null, "resolution": .null])
        #expect(updated.variables["serviceCase"]?["severity"] == .string("high") && updated.variables["serviceCase"]?["status"] == .string("open"))
        let before = try harness.crm.interactions(customerId: "CRM-1003")
        #expect(try harness.call("case.close", ["caseId": caseId, "resolution": .string("replaced")]).status == .completed)
        #expect(try harness.crm.serviceCase("CASE-3003").status == "closed" && harness.crm.serviceCase("CASE-3003").resolution == "replaced")
        // The process logs the closure itself (interaction.log): closing adds nothing to the history.
        #expect(try harness.crm.interactions(customerId: "CRM-1003") == before)
    }

    @Test func interactionsNotificationsAndClosingAreRecorded() throws {
        let harness = try Harness()
        let logged = try harness.call(
            "interaction.log", ["customerId": .string("CRM-1001"), "kind": .string("order"), "summary": .string("Order SO-50001"), "reference": .string("SO-50001")])
        let interactionId = try #require(logged.variables["interactionId"])
        let notified = try harness.call(
            "customer.notify", ["customerId": .string("CRM-1001"), "subject": .string("Delivery delayed"), "message": .string("Your pumps ship next week.")])
        #expect(notified.variables["notificationId"] != interactionId)
        let history = try harness.crm.interactions(customerId: "CRM-1001")
        #expect(history.contains { $0.kind == "notification" && $0.summary == "Delivery delayed: Your pumps ship next week." })
        #expect(history.contains { $0.kind == "order" && $0.channel == "baton" && $0.reference == "SO-50001" })
        #expect(try harness.crm.logInteraction(customerId: "CRM-1001", kind: "note", summary: "a", reference: nil, idempotencyKey: "same")
            == harness.crm.logInteraction(customerId: "CRM-1001", kind: "note", summary: "a", reference: nil, idempotencyKey: "same"))

        let closed = try harness.call(
            "opportunity.close",
            ["opportunityId": .string("OPP-2001"), "outcome": .string("won"), "salesOrderId": .string("SO-50001"), "invoiceId": .string("INV-70001")])
        #expect(closed.status == .completed)
        let opportunity = try harness.crm.opportunity("OPP-2001")
        #expect(opportunity.stage == "closed" && opportunity.salesOrderId == "SO-50001" && opportunity.invoiceId == "INV-70001")
    }

    @Test func theSyncCursorHandsOutEachChangeOnceAConsumerAcknowledges() throws {
        let harness = try Harness()
        let first = try harness.call("customer.changes", ["consumer": .string("erp-sync")])
        #expect(first.variables["changedCustomers"]?.items.count == 10, "a new consumer sees every customer")
        let cursor = try #require(first.variables["syncCursor"])
        #expect(try harness.call("customer.changes", ["consumer": .string("erp-sync")]).variables["changedCustomers"]?.items.count == 10, "not acknowledged yet")
        _ = try harness.call("customer.changesAcknowledge", ["consumer": .string("erp-sync"), "syncCursor": cursor])
        #expect(try harness.call("customer.changes", ["consumer": .string("erp-sync")]).variables["changedCustomers"]?.items == [])

        _ = try harness.call("customer.linkErp", ["customerId": .string("CRM-1008"), "erpId": .string("D-10101")])
        #expect(try harness.crm.customer("CRM-1008").erpId == "D-10101")
        #expect(try harness.crm.changes(consumer: "erp-sync").customers.isEmpty, "linking is the sync's own write-back, not a change")

        _ = try harness.crm.updateCustomer("CRM-1004", CustomerChanges(email: "finance@polderpomp.nl"))
        let (changed, next) = try harness.crm.changes(consumer: "erp-sync")
        #expect(changed.map(\.crmId) == ["CRM-1004"] && changed.first?.email == "finance@polderpomp.nl")
        #expect(try harness.crm.changes(consumer: "another").customers.count == 10, "each consumer has its own cursor")
        try harness.crm.acknowledgeChanges(consumer: "erp-sync", cursor: next)
        try harness.crm.acknowledgeChanges(consumer: "erp-sync", cursor: "1")
        #expect(try harness.crm.changes(consumer: "erp-sync").customers.isEmpty, "an older cursor does not move it back")
    }
}
