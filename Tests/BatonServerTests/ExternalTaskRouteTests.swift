import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// External tasks over HTTP: fetch and lock with topic permissions, the reports, long
/// polling (woken by new work, empty at the timeout, nothing locked for a client that
/// went away) and every refusal.
@Suite struct ExternalTaskRouteTests {
    static func fetch(_ worker: String, _ topic: String, wait: Int = 0, lock: Int = 60_000) -> String {
        #"{"workerId": "\#(worker)", "maxTasks": 5, "asyncResponseTimeout": \#(wait), "topics": [{"topicName": "\#(topic)", "lockDuration": \#(lock)}]}"#
    }

    @Test func aWorkerFetchesItsTopicAndCompletesTheTask() async throws {
        let server = try ServerHarness()
        let invoices = try server.user("wendy", roles: ["worker.invoices"]), shipping = try server.user("sam", roles: ["worker.shipping"])
        try await server.test { client in
            try await server.deployEvents(client)
            let id = try await server.start(client, "invoice", #"{"businessKey": "B-7", "variables": {"amount": 12.50}}"#)
            let fetched = try await client.post("/v1/external-tasks/fetch-and-lock", invoices, Self.fetch("w1", "invoices"))
            #expect(fetched.status == .ok)
            guard case .list(let tasks) = fetched.json, case .context(let task)? = tasks.first else { Issue.record("no task: \(fetched.json)"); return }
            let taskID = try #require(fetched.ids.first)
            #expect(tasks.count == 1 && taskID.hasPrefix("\(id)/"))
            #expect(task["topicName"] == .string("invoices") && task["workerId"] == .string("w1"))
            #expect(task["processInstanceId"] == .string(id) && task["processDefinitionKey"] == .string("invoice") && task["businessKey"] == .string("B-7"))
            #expect(task["activityId"] == .string("create") && task["operation"] == .string("invoice.create") && task["attempt"] == .number(FEELNumber(1)))
            #expect(task["retries"] == .number(FEELNumber(3)) && task["variables"]?.json == #"{"amount":12.5}"#)
            // Locked: nobody else gets it.
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", server.admin, Self.fetch("w2", "invoices")).json == .list([]))

            let wrongTopic = try await client.post("/v1/external-tasks/\(taskID)/complete", shipping, #"{"workerId": "w1"}"#)
            #expect(wrongTopic.status == .forbidden)
            let wrongWorker = try await client.post("/v1/external-tasks/\(taskID)/complete", invoices, #"{"workerId": "w2"}"#)
            #expect(wrongWorker.status == .conflict && wrongWorker["detail"] == .string("external task '\(taskID)' is locked by another worker, not 'w2'"))
            let done = try await client.post("/v1/external-tasks/\(taskID)/complete", invoices, #"{"workerId": "w1", "variables": {"invoiceId": "INV-1"}}"#)
            #expect(done.status == .noContent)
            let instance = try await client.execute(uri: "/v1/process-instances/\(id)", method: .get, headers: server.admin)
            #expect(instance["status"] == .string("completed") && instance["variables"]?.json == #"{"amount":12.5,"invoiceId":"INV-1"}"#)
            let again = try await client.post("/v1/external-tasks/\(taskID)/complete", invoices, #"{"workerId": "w1"}"#)
            #expect(again.status == .notFound)
        }
    }

    @Test func topicsAreForTheirWorkersOnly() async throws {
        let server = try ServerHarness()
        let invoices = try server.user("wendy", roles: ["worker.invoices"]), everything = try server.user("will", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            let forbidden = try await client.post("/v1/external-tasks/fetch-and-lock", invoices, Self.fetch("w1", "shipping"))
            #expect(forbidden.status == .forbidden && forbidden["detail"] == .string("wendy may not work on topic 'shipping'; this needs the role 'worker' or 'worker.shipping'"))
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", server.bob, Self.fetch("w1", "invoices")).status == .forbidden)
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", server.carl, Self.fetch("w1", "invoices")).status == .forbidden)
            #expect(try await client.post("/v1/external-tasks/fetch-and-lock", [:], Self.fetch("w1", "invoices")).status == .unauthorized)
            let id = try await server.start(client, "shipping")
            let shipped = try await client.post("/v1/external-tasks/fetch-and-lock", everything, Self.fetch("w1", "shipping"))
            let taskID = try #require(shipped.ids.first)
            #expect(shipped.status == .ok && taskID.hasPrefix("\(id)/"))
            #expect(try await client.post("/v1/external-tasks/\(taskID)/complete", server.carl, #"{"workerId": "w1"}"#).status == .forbidden)
            #expect(try await client.post("/v1/external-tasks/\(taskID)/complete", server.admin, #"{"workerId": "w1"}"#).status == .noContent)
        }
    }

    @Test func failuresBpmnErrorsAndLockExtensions() async throws {
        let server = try ServerHarness()
        let worker = try server.user("wendy", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            _ = try await server.start(client, "invoice")
            _ = try await server.start(client, "invoice")
            let ids = try await client.post("/v1/external-tasks/fetch-and-lock", worker, Self.fetch("w1", "invoices")).ids
            try #require(ids.count == 2)
            let first = ids[0], second = ids[1]
            let firstInstance = String(first.prefix { $0 != "/" }), secondInstance = String(second.prefix { $0 != "/" })
            #expect(try await client.post("/v1/external-tasks/\(first)/extend-lock", worker, #"{"workerId": "w1", "newDuration": 120000}"#).status == .noContent)
            #expect(try await client.post("/v1/external-tasks/\(first)/extend-lock", worker, #"{"workerId": "w9", "newDuration": 1000}"#).status == .conflict)
            #expect(try await client.post("/v1/external-tasks/\(first)/extend-lock", worker, #"{"workerId": "w1"}"#).status == .badRequest)
            #expect(try await client.post("/v1/external-tasks/\(first)/extend-lock", worker, #"{"workerId": "w1", "newDuration": 0}"#).status == .badRequest)

            let failed = try await client.post("/v1/external-tasks/\(first)/failure", worker, #"{"workerId": "w1", "errorMessage": "ERP down", "retries": 0}"#)
            #expect(failed.status == .noContent)
            let incident = try await client.execute(uri: "/v1/process-instances/\(firstInstance)", method: .get, headers: server.admin)
            #expect(incident["incidents"]?.json.contains("ERP down") == true)
            #expect(try await client.post("/v1/external-tasks/\(second)/failure", worker, #"{"workerId": "w1", "retries": -1}"#).status == .badRequest)

            #expect(try await client.post("/v1/external-tasks/\(second)/bpmn-error", worker, #"{"workerId": "w1"}"#).status == .badRequest)
            let thrown = try await client.post("/v1/external-tasks/\(second)/bpmn-error", worker, #"{"workerId": "w1", "errorCode": "REFUSED", "variables": {"why": "credit"}}"#)
            #expect(thrown.status == .noContent)
            let caught = try await client.execute(uri: "/v1/process-instances/\(secondInstance)/history", method: .get, headers: server.admin)
            #expect(caught.json.json.contains("refusedEnd"))
        }
    }

    @Test func badRequestsAreClear4xx() async throws {
        let server = try ServerHarness()
        let worker = try server.user("wendy", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            let fetch = "/v1/external-tasks/fetch-and-lock"
            let noWorker = try await client.post(fetch, worker, #"{"topics": [{"topicName": "invoices", "lockDuration": 1000}]}"#)
            #expect(noWorker.status == .badRequest && noWorker["errors"]?.json == #"[{"field":"workerId","message":"required"}]"#)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "topics": []}"#).status == .badRequest)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "topics": "invoices"}"#).status == .badRequest)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "topics": [7]}"#).status == .badRequest)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "topics": [{"topicName": "invoices"}]}"#).status == .badRequest)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "topics": [{"topicName": "invoices", "lockDuration": -5}]}"#).status == .badRequest)
            #expect(try await client.post(fetch, worker, #"{"workerId": "w1", "maxTasks": 0, "topics": [{"topicName": "invoices", "lockDuration": 5}]}"#).status == .badRequest)
            let tooLong = try await client.post(fetch, worker, Self.fetch("w1", "invoices", wait: 60_001))
            #expect(tooLong.status == .badRequest && tooLong["errors"]?.json == #"[{"field":"asyncResponseTimeout","message":"0...60000"}]"#)
            #expect(try await client.post(fetch, worker, "{\"workerId\": ").status == .badRequest)
            #expect(try await client.post("/v1/external-tasks/nope/1/complete", worker, #"{"workerId": "w1"}"#).status == .notFound)
            #expect(try await client.post("/v1/external-tasks/nope/x/complete", worker, #"{"workerId": "w1"}"#).status == .badRequest)
            _ = try await server.start(client, "invoice")
            // A lock that ran out: reports are refused.
            let id = try #require(try await client.post(fetch, worker, Self.fetch("w1", "invoices", lock: 20)).ids.first)
            try await Task.sleep(for: .milliseconds(60))
            #expect(try await client.post("/v1/external-tasks/\(id)/complete", worker, #"{"variables": {}}"#).status == .badRequest)
            #expect(try await client.post("/v1/external-tasks/\(id)/complete", worker, #"{"workerId": "w1", "variables": 3}"#).status == .badRequest)
            let notLocked = try await client.post("/v1/external-tasks/\(id)/complete", worker, #"{"workerId": "w2"}"#)
            #expect(notLocked.status == .conflict && notLocked["detail"] == .string("external task '\(id)' is locked by another worker, not 'w2'"))
            let expired = try await client.post("/v1/external-tasks/\(id)/extend-lock", worker, #"{"workerId": "w1", "newDuration": 1000}"#)
            #expect(expired.status == .conflict && expired["detail"]?.json.contains("expired") == true)
        }
    }

    @Test func aLongPollIsAnsweredWhenATaskArrivesOrEmptyWhenTimeIsUp() async throws {
        let server = try ServerHarness()
        let worker = try server.user("wendy", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            let before = ContinuousClock.now
            let empty = try await client.post("/v1/external-tasks/fetch-and-lock", worker, Self.fetch("w1", "invoices", wait: 300))
            #expect(empty.status == .ok && empty.json == .list([]))
            #expect(ContinuousClock.now - before >= .milliseconds(300))

            async let polled = client.post("/v1/external-tasks/fetch-and-lock", worker, Self.fetch("w1", "invoices", wait: 20_000))
            try await Task.sleep(for: .milliseconds(300))
            // In this process (the test client has one connection, busy with the poll).
            let id = try server.host.runtime.start(processID: "invoice").id.rawValue
            let answer = try await polled
            #expect(answer.status == .ok && answer.ids.first?.hasPrefix("\(id)/") == true)
        }
    }

    /// Whether the long polls waiting for `topic` become `count` within 30 seconds.
    static func waiters(for topic: String, become count: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while JobSignal.shared.waiterCount(forType: topic) != count {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    @Test func aClientThatHangsUpDuringALongPollGetsNothingLocked() async throws {
        let server = try ServerHarness()
        let worker = try server.user("wendy", roles: ["worker"])
        try await server.test { client in
            try await server.deployEvents(client)
            let port = try #require(client.port)
            // A topic of this test alone, so the waiters counted are this poll's.
            let topic = "invoices-\(UUID().uuidString.prefix(8).lowercased())"
            let body = #"{"workerId": "gone", "asyncResponseTimeout": 60000, "topics": [{"topicName": "invoices", "lockDuration": 60000}, {"topicName": "\#(topic)", "lockDuration": 60000}]}"#
            let authorization = worker[.authorization] ?? ""
            let connection = try RawConnection(port: port)
            connection.send("POST /v1/external-tasks/fetch-and-lock HTTP/1.1\r\nHost: localhost\r\nAuthorization: \(authorization)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(try await Self.waiters(for: topic, become: 1), "the poll never started")
            connection.close()
            // The poll learns within a few heartbeats that its client is gone, and ends
            // (long before its minute is up).
            #expect(try await Self.waiters(for: topic, become: 0), "the poll went on without its client")
            let id = try await server.start(client, "invoice")
            let fetched = try await client.post("/v1/external-tasks/fetch-and-lock", worker, Self.fetch("w2", "invoices"))
            #expect(fetched.ids.first?.hasPrefix("\(id)/") == true)
        }
    }
}
