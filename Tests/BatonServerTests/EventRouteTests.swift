import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Messages (deduplicated, buffered), signals, incidents and job retries over HTTP, with
/// every refusal.
@Suite struct EventRouteTests {
    @Test func aMessageIsDeliveredDeduplicatedOrBuffered() async throws {
        let server = try ServerHarness()
        let integration = try server.user("erp", roles: ["integration"])
        try await server.test { client in
            try await server.deployEvents(client)
            let nobody = try await client.post("/v1/messages", integration, #"{"messageName": "paymentReceived", "correlationKey": "O-1"}"#)
            #expect(nobody.status == .notFound && nobody["detail"] == .string("no process instance waits for message 'paymentReceived' with correlation key 'O-1'"))
            let first = try await server.start(client, "pay", #"{"variables": {"orderId": "O-1"}}"#)
            let delivered = try await client.post(
                "/v1/messages", integration, #"{"messageName": "paymentReceived", "correlationKey": "O-1", "messageId": "m-1", "variables": {"paid": true}}"#)
            #expect(delivered.status == .ok && delivered.json.json == #"{"status":"delivered","processInstanceIds":["\#(first)"]}"#)
            let instance = try await client.execute(uri: "/v1/process-instances/\(first)", method: .get, headers: server.admin)
            #expect(instance["status"] == .string("completed") && instance["variables"]?.json == #"{"orderId":"O-1","paid":true}"#)
            let duplicate = try await client.post("/v1/messages", integration, #"{"messageName": "paymentReceived", "correlationKey": "O-1", "messageId": "m-1"}"#)
            #expect(duplicate.status == .ok && duplicate.json.json == #"{"status":"duplicate","processInstanceIds":[]}"#)

            let buffered = try await client.post("/v1/messages", server.admin, #"{"messageName": "paymentReceived", "correlationKey": "O-2", "timeToLive": 60000}"#)
            #expect(buffered.status == .accepted && buffered["status"] == .string("buffered") && buffered["expiresAt"] != nil)
            let later = try await server.start(client, "pay", #"{"variables": {"orderId": "O-2"}}"#)
            let arrived = try await client.execute(uri: "/v1/process-instances/\(later)", method: .get, headers: server.admin)
            #expect(arrived["status"] == .string("completed"))
        }
    }

    @Test func messagesNeedTheAdminOrIntegrationRoleAndAWellFormedBody() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let forbidden = try await client.post("/v1/messages", server.bob, #"{"messageName": "paymentReceived", "correlationKey": "O-1"}"#)
            #expect(forbidden.status == .forbidden && forbidden["detail"] == .string("bob may not publish messages; this needs the admin or integration role"))
            #expect(try await client.post("/v1/messages", server.carl, #"{"messageName": "x", "businessKey": "B"}"#).status == .forbidden)
            #expect(try await client.post("/v1/messages", [:], #"{"messageName": "x", "businessKey": "B"}"#).status == .unauthorized)
            let bodies = [
                #"{"correlationKey": "O-1"}"#, #"{"messageName": 7, "correlationKey": "O-1"}"#, #"{"messageName": "m"}"#,
                #"{"messageName": "m", "correlationKey": "O-1", "businessKey": "B"}"#, #"{"messageName": "m", "correlationKey": "O-1", "timeToLive": -1}"#,
                #"{"messageName": "m", "correlationKey": "O-1", "timeToLive": "PT1H"}"#, #"{"messageName": "m", "correlationKey": "O-1", "timeToLive": 1.5}"#,
                #"{"messageName": "m", "correlationKey": "O-1", "variables": [1]}"#, #"{"messageName": "m", "correlationKey": "O-1", "messageId": ""}"#,
                #"{"messageName": "m", "correlationKey": "O-1", "timeToLive": 99999999999999}"#, "[1]", "{\"messageName\"",
            ]
            for body in bodies {
                let answer = try await client.post("/v1/messages", server.admin, body)
                #expect(answer.status == .badRequest, "\(body) gave \(answer.status)")
                #expect(answer.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func aSignalReachesEveryWaitingInstance() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            try await server.deployEvents(client)
            let first = try await server.start(client, "signalled"), second = try await server.start(client, "signalled")
            #expect(try await client.post("/v1/signals", server.bob, #"{"name": "go"}"#).status == .forbidden)
            #expect(try await client.post("/v1/signals", server.admin, #"{"variables": {}}"#).status == .badRequest)
            #expect(try await client.post("/v1/signals", server.admin, #"{"name": "go", "variables": 1}"#).status == .badRequest)
            let reached = try await client.post("/v1/signals", server.admin, #"{"name": "go", "variables": {"went": true}}"#)
            #expect(reached.status == .ok && reached["reached"] == .number(FEELNumber(2)))
            #expect(reached["processInstanceIds"]?.json.contains(first) == true && reached["processInstanceIds"]?.json.contains(second) == true)
            let none = try await client.post("/v1/signals", server.admin, #"{"name": "go"}"#)
            #expect(none.status == .ok && none.json.json == #"{"reached":0,"processInstanceIds":[]}"#)
        }
    }

    @Test func incidentsAreListedAndResolvedAndWaitingJobsRetriedNow() async throws {
        let server = try ServerHarness()
        let worker = try server.user("wendy", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            let broken = try await server.start(client, "invoice", #"{"businessKey": "B-1"}"#)
            let fetch = #"{"workerId": "w1", "maxTasks": 5, "topics": [{"topicName": "invoices", "lockDuration": 60000}]}"#
            let brokenTask = try #require(try await client.post("/v1/external-tasks/fetch-and-lock", worker, fetch).ids.first)
            let waiting = try await server.start(client, "invoice")
            let waitingTask = try #require(try await client.post("/v1/external-tasks/fetch-and-lock", worker, fetch).ids.first)
            _ = try await client.post("/v1/external-tasks/\(brokenTask)/failure", worker, #"{"workerId": "w1", "errorMessage": "ERP down", "retries": 0}"#)
            _ = try await client.post("/v1/external-tasks/\(waitingTask)/failure", worker, #"{"workerId": "w1", "errorMessage": "busy", "retries": 2, "retryTimeout": 600000}"#)

            #expect(try await client.execute(uri: "/v1/incidents", method: .get, headers: server.bob).status == .forbidden)
            let listed = try await client.execute(uri: "/v1/incidents", method: .get, headers: server.admin)
            guard case .list(let items)? = listed["items"], case .context(let incident)? = items.first else { Issue.record("no incidents: \(listed.json)"); return }
            #expect(items.count == 1 && listed["nextCursor"] == .null)
            guard case .string(let incidentID)? = incident["id"], case .number(let key)? = incident["key"] else { Issue.record("no id"); return }
            #expect(incidentID == "\(broken)/\(key)" && incident["processInstanceId"] == .string(broken))
            #expect(incident["activityId"] == .string("create") && incident["businessKey"] == .string("B-1") && incident["processDefinitionKey"] == .string("invoice"))
            #expect(incident["reason"]?.json.contains("ERP down") == true)
            let filtered = try await client.execute(uri: "/v1/incidents?processKey=pay", method: .get, headers: server.admin)
            #expect(filtered["items"] == .list([]))
            let byInstance = try await client.execute(uri: "/v1/incidents?processInstanceId=\(broken)&limit=1", method: .get, headers: server.admin)
            #expect(byInstance["items"].map { "\($0)" }?.contains(broken) == true)
            #expect(try await client.execute(uri: "/v1/incidents?limit=0", method: .get, headers: server.admin).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/incidents?cursor=-1", method: .get, headers: server.admin).status == .badRequest)

            #expect(try await client.post("/v1/incidents/\(incidentID)/resolve", server.bob).status == .forbidden)
            #expect(try await client.post("/v1/incidents/\(broken)/999/resolve", server.admin).status == .notFound)
            #expect(try await client.post("/v1/incidents/nope/\(key)/resolve", server.admin).status == .notFound)
            #expect(try await client.post("/v1/incidents/\(broken)/x/resolve", server.admin).status == .badRequest)
            let resolved = try await client.post("/v1/incidents/\(incidentID)/resolve", server.admin)
            #expect(resolved.status == .ok && resolved["status"] == .string("active") && resolved["incidents"] == .list([]))
            #expect(try await client.post("/v1/incidents/\(incidentID)/resolve", server.admin).status == .notFound)

            // The failed job waits ten minutes for its retry; retrying makes it due now.
            let fetchNow = #"{"workerId": "w2", "topics": [{"topicName": "invoices", "lockDuration": 60000}]}"#
            let job = String(waitingTask.drop { $0 != "/" }.dropFirst())
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", worker, fetchNow).json.json.contains(waiting) == false)
            #expect(try await client.post("/v1/jobs/\(waiting)/\(job)/retry", server.bob).status == .forbidden)
            #expect(try await client.post("/v1/jobs/\(waiting)/999/retry", server.admin).status == .notFound)
            #expect(try await client.post("/v1/jobs/\(waiting)/-1/retry", server.admin).status == .badRequest)
            let retried = try await client.post("/v1/jobs/\(waiting)/\(job)/retry", server.admin)
            #expect(retried.status == .ok && retried["id"] == .string(waiting))
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", worker, fetchNow).ids.contains(waitingTask))
        }
    }
}
