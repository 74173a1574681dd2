import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A quote approval for `sales` with a form: `amount` (a number, at least 1, required),
/// `currency` (EUR or USD, EUR by default) and `approved` (required).
let quoteModel = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
      <bpmn:process id="quote" name="Quote" isExecutable="true">
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
        <bpmn:userTask id="approve" name="Approve quote" baton:candidateGroups="sales" baton:dueDate="2026-12-01T12:00:00Z" baton:priority="3">
          <bpmn:extensionElements>
            <baton:formField id="amount" type="number" label="Amount" required="true" min="1"/>
            <baton:formField id="currency" type="enum" values="EUR, USD" default="EUR"/>
            <baton:formField id="approved" type="boolean" required="true"/>
          </bpmn:extensionElements>
        </bpmn:userTask>
        <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
        <bpmn:endEvent id="end"/>
      </bpmn:process>
    </bpmn:definitions>
    """

extension ServerHarness {
    /// Deploys ``quoteModel`` and starts `count` quotes (business keys `Q-0`, `Q-1`, ...);
    /// returns their task ids, as bob's inbox lists them, oldest first.
    func quotes(_ count: Int, _ client: any TestClientProtocol) async throws -> [String] {
        _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: admin, body: ByteBuffer(string: quoteModel))
        var ids: [String] = []
        for index in 0..<count {
            let started = try await client.execute(
                uri: "/v1/process-definitions/quote/start", method: .post, headers: bob,
                body: ByteBuffer(string: #"{"businessKey": "Q-\#(index)", "variables": {"customer": "ACME", "amount": 1200.50}}"#))
            guard case .string(let instance)? = started["id"] else { throw ServerTestError.unexpected(started.json.json) }
            let state = try host.runtime.instance(ProcessInstanceID(instance))
            ids.append("\(instance)/\(try #require(state.userTasks.keys.first).rawValue)")
        }
        return ids
    }
}

/// Something a test did not expect, with what it got.
enum ServerTestError: Error {
    case unexpected(String)
}

/// `/v1/tasks`: the inbox, one task, and its lifecycle, with every error status.
@Suite struct TaskRouteTests {
    @Test func theInboxPagesFiltersAndIsEveryonesOwn() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let ids = try await server.quotes(3, client)
            let inbox = try await client.execute(uri: "/v1/tasks", method: .get, headers: server.bob)
            #expect(inbox.status == .ok && inbox["nextCursor"] == .null)
            guard case .list(let items)? = inbox["items"], case .context(let first)? = items.first else { Issue.record("no items: \(inbox.json.json)"); return }
            #expect(items.count == 3)
            #expect(first.keys == ["id", "element", "processKey", "instance", "name", "assignee", "due", "overdue", "priority", "createdAt"])
            #expect(first["element"] == .string("approve") && first["processKey"] == .string("quote") && first["name"] == .string("Approve quote"))
            #expect(first["due"] == .string("2026-12-01T12:00:00Z") && first["priority"] == .number(FEELNumber(3)) && first["assignee"] == .null)
            #expect(Set(items.compactMap { if case .context(let item) = $0 { item["id"] } else { nil } }) == Set(ids.map { FEELValue.string($0) }))

            let page = try await client.execute(uri: "/v1/tasks?limit=2", method: .get, headers: server.bob)
            #expect(page["items"].map(Self.count) == 2 && page["nextCursor"] == .string("2"))
            let rest = try await client.execute(uri: "/v1/tasks?limit=2&cursor=2", method: .get, headers: server.bob)
            #expect(rest["items"].map(Self.count) == 1 && rest["nextCursor"] == .null)
            let byKey = try await client.execute(uri: "/v1/tasks?businessKey=Q-1", method: .get, headers: server.bob)
            #expect(byKey["items"]?.json.contains(ids[1]) == true && byKey["items"].map(Self.count) == 1)
            #expect(try await client.execute(uri: "/v1/tasks?processKey=order", method: .get, headers: server.bob)["items"].map(Self.count) == 0)
            #expect(try await client.execute(uri: "/v1/tasks?where=amount%20%3E%201000", method: .get, headers: server.bob)["items"].map(Self.count) == 3)
            #expect(try await client.execute(uri: "/v1/tasks?where=customer%20%3D%20%22other%22", method: .get, headers: server.bob)["items"].map(Self.count) == 0)
            #expect(try await client.execute(uri: "/v1/tasks?assigned", method: .get, headers: server.bob)["items"].map(Self.count) == 0)
            #expect(try await client.execute(uri: "/v1/tasks?unassigned=true&sort=priority", method: .get, headers: server.bob)["items"].map(Self.count) == 3)

            // carl has no roles: nothing is offered to him, and others' inboxes are for admins.
            #expect(try await client.execute(uri: "/v1/tasks", method: .get, headers: server.carl)["items"] == .list([]))
            #expect(try await client.execute(uri: "/v1/tasks?user=bob", method: .get, headers: server.carl).status == .forbidden)
            #expect(try await client.execute(uri: "/v1/tasks?all=true", method: .get, headers: server.carl).status == .forbidden)
            #expect(try await client.execute(uri: "/v1/tasks?user=carl", method: .get, headers: server.carl).status == .ok, "one's own inbox by name")
            #expect(try await client.execute(uri: "/v1/tasks", method: .get, headers: server.admin)["items"] == .list([]), "ann's own inbox is empty")
            #expect(try await client.execute(uri: "/v1/tasks?all=true", method: .get, headers: server.admin)["items"].map(Self.count) == 3)
            #expect(try await client.execute(uri: "/v1/tasks?user=bob", method: .get, headers: server.admin)["items"].map(Self.count) == 3)
            let nobody = try await client.execute(uri: "/v1/tasks?user=nobody", method: .get, headers: server.admin)
            #expect(nobody.status == .notFound && nobody.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/v1/tasks", method: .get).status == .unauthorized)
        }
    }

    @Test func badInboxParametersAreClear400s() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            for query in [
                "limit=0", "limit=-1", "limit=1001", "limit=100000000000000000000", "limit=ten", "cursor=-1", "cursor=99999999999", "sort=name",
                "assigned=maybe", "dueBefore=tomorrow", "where=amount%20%3E%3E%201", "limit=", "limit=5&limit=6",
                "sort=due&sort=priority",
            ] {
                let answer = try await client.execute(uri: "/v1/tasks?\(query)", method: .get, headers: server.admin)
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(query)")
            }
            #expect(try await client.execute(uri: "/v1/tasks?cursor=", method: .get, headers: server.bob).status == .ok, "an empty cursor is the first page")
            // Both kinds is the whole inbox; `all` is every task whatever `user` says.
            let both = try await client.execute(uri: "/v1/tasks?assigned&unassigned", method: .get, headers: server.bob)
            let neither = try await client.execute(uri: "/v1/tasks", method: .get, headers: server.bob)
            #expect(both.status == .ok && both.json == neither.json)
            let all = try await client.execute(uri: "/v1/tasks?all", method: .get, headers: server.admin)
            #expect(try await client.execute(uri: "/v1/tasks?all&user=bob", method: .get, headers: server.admin).json == all.json)
            let condition = try await client.execute(uri: "/v1/tasks?where=amount%20%3E%3E%201", method: .get, headers: server.bob)
            #expect(condition["errors"]?.json == #"[{"field":"where","message":"not a FEEL condition"}]"#)
        }
    }

    @Test func aTaskShowsItsFormAndVariablesToThoseWhoMaySeeIt() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let id = try await server.quotes(1, client)[0]
            let task = try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.bob)
            #expect(task.status == .ok)
            #expect(task["id"] == .string(id) && task["element"] == .string("approve") && task["businessKey"] == .string("Q-0"))
            #expect(task["candidateGroups"] == .list([.string("sales")]) && task["assignee"] == .null && task["version"] == .number(FEELNumber(1)))
            #expect(task["variables"]?.json == #"{"customer":"ACME","amount":1200.5}"#)
            #expect(task["form"]?.json == """
                [{"id":"amount","type":"number","label":"Amount","required":true,"default":null,"min":"1","max":null,"pattern":null,"values":[],"sensitive":false},\
                {"id":"currency","type":"enum","label":null,"required":false,"default":"EUR","min":null,"max":null,"pattern":null,"values":["EUR","USD"],"sensitive":false},\
                {"id":"approved","type":"boolean","label":null,"required":true,"default":null,"min":null,"max":null,"pattern":null,"values":[],"sensitive":false}]
                """)
            let hidden = try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.carl)
            #expect(hidden.status == .forbidden && hidden["detail"] == .string("task 'approve' is offered to sales; carl has no roles"))
            #expect(try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.admin).status == .ok)
            let instance = String(id.split(separator: "/")[0])
            #expect(try await client.execute(uri: "/v1/tasks/\(instance)/999", method: .get, headers: server.bob).status == .notFound)
            #expect(try await client.execute(uri: "/v1/tasks/\(instance)/abc", method: .get, headers: server.bob).status == .notFound)
            #expect(try await client.execute(uri: "/v1/tasks/nope/4", method: .get, headers: server.bob).status == .notFound)
            #expect(try await client.execute(uri: "/v1/tasks/\(id)", method: .get).status == .unauthorized)
        }
    }

    @Test func claimDelegateResolveAndUnclaim() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let id = try await server.quotes(1, client)[0]
            func post(_ action: String, _ headers: HTTPFields, _ body: String? = nil) async throws -> TestResponse {
                try await client.execute(uri: "/v1/tasks/\(id)/\(action)", method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
            }
            #expect(try await post("claim", server.carl).status == .forbidden)
            let claimed = try await post("claim", server.bob)
            #expect(claimed.status == .ok)
            #expect(claimed.json.json == #"{"id":"\#(id)","assignee":"bob","owner":null,"candidateGroups":["sales"],"candidateUsers":[],"excludedUsers":[]}"#)
            #expect(try await post("claim", server.bob).status == .ok, "claiming one's own task again changes nothing")

            let noUser = try await post("delegate", server.bob, "{}")
            #expect(noUser.status == .badRequest && noUser["errors"]?.json == #"[{"field":"userId","message":"required"}]"#)
            #expect(try await post("delegate", server.bob, #"{"userId": 7}"#).status == .badRequest)
            #expect(try await post("delegate", server.bob, #"{"userId": "carl", "note": "x"}"#).status == .badRequest)
            #expect(try await post("delegate", server.bob, "{not json").status == .badRequest)
            #expect(try await post("delegate", server.bob, #"{"userId": "nobody"}"#).status == .notFound)
            #expect(try await post("delegate", server.carl, #"{"userId": "carl"}"#).status == .forbidden)
            let delegated = try await post("delegate", server.bob, #"{"userId": "carl"}"#)
            #expect(delegated["assignee"] == .string("carl") && delegated["owner"] == .string("bob"))
            #expect(try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.carl).status == .ok, "the delegate sees it now")

            #expect(try await post("resolve", server.carl, #"{"variables": 3}"#).status == .badRequest)
            let resolved = try await post("resolve", server.carl, #"{"variables": {"note": "margin checked"}}"#)
            #expect(resolved.status == .ok && resolved["assignee"] == .string("bob") && resolved["owner"] == .null)
            #expect(try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.bob)["variables"]?.json.contains(#""note":"margin checked""#) == true)
            #expect(try await post("resolve", server.carl).status == .forbidden, "handed back: carl may no longer see it")

            #expect(try await post("unclaim", server.carl).status == .forbidden)
            let unclaimed = try await post("unclaim", server.bob)
            #expect(unclaimed.status == .ok && unclaimed["assignee"] == .null)
            let notClaimed = try await post("unclaim", server.bob)
            #expect(notClaimed.status == .conflict && notClaimed["detail"] == .string("task 'approve' is not claimed; claim it before you unclaim it"))
            #expect(try await client.execute(uri: "/v1/tasks/nope/4/claim", method: .post, headers: server.bob).status == .notFound)
            #expect(try await post("claim", [:]).status == .unauthorized)
        }
    }

    @Test func completingChecksTheFormFieldByField() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let id = try await server.quotes(1, client)[0]
            func complete(_ body: String, _ headers: HTTPFields) async throws -> TestResponse {
                try await client.execute(uri: "/v1/tasks/\(id)/complete", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let unclaimed = try await complete(#"{"variables": {"amount": 5, "approved": true}}"#, server.bob)
            #expect(unclaimed.status == .conflict && unclaimed["detail"] == .string("task 'approve' is not claimed; claim it before you complete it"))
            #expect(try await complete(#"{"variables": {"amount": 5, "approved": true}}"#, server.carl).status == .forbidden)
            _ = try await client.execute(uri: "/v1/tasks/\(id)/claim", method: .post, headers: server.bob)
            #expect(try await complete(#"{"variables": {"amount": 5, "approved": true}}"#, server.admin).status == .forbidden, "only the assignee completes")

            let refused = try await complete(#"{"variables": {"amount": 0, "approved": "yes"}}"#, server.bob)
            #expect(refused.status == .badRequest && refused.headers[.contentType] == "application/problem+json")
            #expect(refused["errors"]?.json == #"[{"field":"amount","message":"must be at least 1"},{"field":"approved","message":"must be true or false, not \"yes\""}]"#)
            #expect(refused["detail"] == .string(#"user task 'approve' cannot be completed with these values: amount: must be at least 1; approved: must be true or false, not "yes""#))
            let missing = try await complete("{}", server.bob)
            #expect(missing["errors"]?.json == #"[{"field":"amount","message":"required"},{"field":"approved","message":"required"}]"#)
            #expect(try await complete(#"{"variables": [1]}"#, server.bob).status == .badRequest)
            let typo = try await complete(#"{"varaibles": {"amount": 5, "approved": true}}"#, server.bob)
            #expect(typo.status == .badRequest && typo["errors"]?.json == #"[{"field":"varaibles","message":"unknown field"}]"#)
            #expect(try await complete(#"{"variables": {"amount": 5"#, server.bob).status == .badRequest)
            #expect(try await complete("[]", server.bob).status == .badRequest)

            let done = try await complete(#"{"variables": {"amount": 5, "approved": true}}"#, server.bob)
            #expect(done.status == .ok)
            #expect(done.json.json == #"{"id":"\#(id)","completedBy":"bob","instance":"\#(id.split(separator: "/")[0])","instanceStatus":"completed"}"#)
            let again = try await complete(#"{"variables": {"amount": 5, "approved": true}}"#, server.bob)
            #expect(again.status == .conflict && again["detail"] == .string("task '\(id)' was completed already by bob"))
            #expect(try await client.execute(uri: "/v1/tasks/\(id)", method: .get, headers: server.bob).status == .notFound)
            let state = try server.host.runtime.instance(ProcessInstanceID(String(id.split(separator: "/")[0])))
            #expect(state.variables["currency"] == .string("EUR"), "the form's default")
        }
    }

    @Test func ofTwoConcurrentCompletesExactlyOneWinsAndTheOtherIsAConflict() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            let ids = try await server.quotes(6, client)
            for id in ids { _ = try await client.execute(uri: "/v1/tasks/\(id)/claim", method: .post, headers: server.bob) }
            // Two connections, so the requests really run side by side on the server.
            let port = try #require(client.port)
            let first = TestClient(host: "localhost", port: port), second = TestClient(host: "localhost", port: port)
            first.connect()
            second.connect()
            let body = ByteBuffer(string: #"{"variables": {"amount": 5, "approved": true}}"#)
            for id in ids {
                let request = TestClient.Request("/v1/tasks/\(id)/complete", method: .post, authority: "localhost", headers: server.bob, body: body)
                async let one = first.execute(request)
                async let other = second.execute(request)
                let statuses = try await [one.status, other.status]
                #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict], "\(id): \(statuses)")
                let completions = try server.host.runtime.history(of: ProcessInstanceID(String(id.split(separator: "/")[0]))).filter {
                    if case .userTaskCompleted = $0.event { true } else { false }
                }
                #expect(completions.count == 1, "\(id) was completed once")
            }
            try await first.shutdown()
            try await second.shutdown()
        }
    }

    static func count(_ value: FEELValue) -> Int {
        if case .list(let items) = value { return items.count }
        return -1
    }
}
