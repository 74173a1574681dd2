import BatonConnectors
import BatonFEEL
@testable import BatonReference
import Foundation
import Logging
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The CRM's HTTP API: Bearer authentication, reads, the customer change the sync picks up,
/// and the three events it tells Baton.
@Suite struct CRMHTTPTests {
    static let token = "crm-test-token"

    /// A seeded CRM served on a free port.
    static func withCRM(notifier: BatonNotifier? = nil, _ body: @escaping @Sendable (ReferenceCRM, String) async throws -> Void) async throws {
        let crm = try ReferenceCRM()
        try crm.seedDemoData()
        var logger = Logger(label: "reference-tests.crm")
        logger.logLevel = .critical
        try await serving({ listening in ReferenceServer.application(router: crm.router(token: token, notifier: notifier, logger: logger), name: "crm", port: 0, logger: logger, onListening: listening) }) { url in
            try await body(crm, url)
        }
    }

    /// One request; status and JSON body.
    static func send(_ method: String, _ url: String, json: String? = nil, token: String? = CRMHTTPTests.token) async throws -> (Int, FEELValue) {
        try await blocking {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let json { request.httpBody = Data(json.utf8) }
            guard case .answer(let status, _, let body) = BlockingHTTP.send(request, timeoutMilliseconds: 10_000) else { return (0, .null) }
            return (status, (try? FEELValue(json: String(decoding: body, as: UTF8.self))) ?? .null)
        }
    }

    @Test func everyCallNeedsTheBearerToken() async throws {
        try await Self.withCRM { _, url in
            let (missing, problem) = try await Self.send("GET", url + "/crm/v1/customers", token: nil)
            let (wrong, _) = try await Self.send("GET", url + "/crm/v1/customers", token: "guess")
            let (right, customers) = try await Self.send("GET", url + "/crm/v1/customers")
            #expect(missing == 401 && wrong == 401 && problem["errorCode"] == .string("UNAUTHENTICATED"))
            #expect(right == 200 && customers.items.count == 10)
        }
    }

    @Test func readsAndACustomerChangeForTheSync() async throws {
        try await Self.withCRM { crm, url in
            _ = try crm.changes(consumer: "sync")
            try crm.acknowledgeChanges(consumer: "sync", cursor: crm.changes(consumer: "sync").cursor)
            let (status, customer) = try await Self.send("GET", url + "/crm/v1/customers/CRM-1001")
            #expect(status == 200 && customer["contacts"]?.items.count == 2 && customer["segment"] == .string("enterprise"))
            #expect(try await Self.send("GET", url + "/crm/v1/customers/CRM-404").0 == 404)
            #expect(try await Self.send("GET", url + "/crm/v1/opportunities").1.items.count == 8)
            #expect(try await Self.send("GET", url + "/crm/v1/opportunities/OPP-2002").1["amount"] == number("6400"))
            #expect(try await Self.send("GET", url + "/crm/v1/interactions?customerId=CRM-1003").1.items.count == 3)
            #expect(try await Self.send("GET", url + "/crm/v1/cases").1.items.count == 2)
            #expect(try await Self.send("GET", url + "/crm/v1/cases/CASE-3001").1["category"] == .string("delivery"))

            let (patched, changed) = try await Self.send(
                "PATCH", url + "/crm/v1/customers/CRM-1006", json: #"{"taxId": "ESB87654321", "address": {"city": "Alicante", "postalCode": "03001"}}"#)
            #expect(patched == 200 && changed["taxId"] == .string("ESB87654321") && changed["address"]?["city"] == .string("Alicante"))
            #expect(changed["address"]?["street"] == .string("Avenida del Puerto 210"), "what the PATCH leaves out stays")
            #expect(try crm.changes(consumer: "sync").customers.map(\.crmId) == ["CRM-1006"])
            let (refused, problem) = try await Self.send("PATCH", url + "/crm/v1/customers/CRM-1006", json: #"{"segment": "huge"}"#)
            #expect(refused == 422 && problem["errorCode"] == .string("INVALID_REQUEST"))
            #expect(try await Self.send("PATCH", url + "/crm/v1/customers/CRM-1006", json: #"{"erpId": "D-1"}"#).0 == 422)
        }
    }

    @Test func winningComplainingAndObjectingAreToldToBaton() async throws {
        let (notifier, messages) = recordingNotifier()
        try await Self.withCRM(notifier: notifier) { crm, url in
            let (won, opportunity) = try await Self.send("POST", url + "/crm/v1/opportunities/OPP-2002/win")
            #expect(won == 200 && opportunity["stage"] == .string("won"))
            let (again, problem) = try await Self.send("POST", url + "/crm/v1/opportunities/OPP-2002/win")
            #expect(again == 409 && problem["errorCode"] == .string("OPPORTUNITY_NOT_OPEN"))

            let (submitted, answer) = try await Self.send(
                "POST", url + "/crm/v1/portal/complaints",
                json: #"{"customerId": "CRM-1003", "subject": "Seal leaks", "description": "Kettle pump 2", "salesOrderId": "SO-40017", "sku": "FG-KIT-SVC"}"#)
            #expect(submitted == 202 && answer["reference"] == .string("WEB-501"))
            #expect(try await Self.send("POST", url + "/crm/v1/portal/complaints", json: #"{"customerId": "CRM-404", "subject": "x"}"#).0 == 404)

            #expect(try await Self.send("POST", url + "/crm/v1/cases/CASE-3001/object", json: #"{"objection": "still broken"}"#).0 == 409)
            _ = try crm.updateCase("CASE-3001", category: nil, severity: nil, status: "resolved", resolution: "missing controllers sent")
            #expect(try await Self.send("POST", url + "/crm/v1/cases/CASE-3001/object", json: #"{"objection": "only one arrived"}"#).0 == 200)

            notifier.drain()
            let sent = messages.all
            #expect(sent.map(\.messageName) == ["opportunityWon", "complaintSubmitted", "customerObjected"])
            #expect(sent[0].businessKey == "OPP-2002" && sent[0].correlationKey == nil && sent[0].variables == ["opportunityId": .string("OPP-2002")])
            #expect(sent[1].businessKey == "WEB-501" && sent[1].variables["channel"] == .string("portal") && sent[1].variables["sku"] == .string("FG-KIT-SVC"))
            #expect(sent[1].variables["customerId"] == .string("CRM-1003") && sent[1].variables["salesOrderId"] == .string("SO-40017"))
            #expect(sent[2].correlationKey == "CASE-3001" && sent[2].variables == ["objection": .string("only one arrived")])
            #expect(try crm.interactions(customerId: "CRM-1002").first?.summary.contains("only one arrived") == true)
        }
    }
}
