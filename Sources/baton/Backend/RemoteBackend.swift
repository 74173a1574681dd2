import ArgumentParser
import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonRuntime
import Foundation

/// The database commands through a Baton server's HTTP API (`/v1`). Refusals print the
/// engine's own words, as the local mode does; problems with the server name it.
struct RemoteBackend: Backend {
    let client: ServerClient

    func deploy(file: String) throws -> DeployResult {
        guard let xml = FileManager.default.contents(atPath: file) else { throw RuntimeError("\(file): cannot read the file") }
        let answer: FEELValue
        do {
            let data = try client.send("POST", "/v1/deployments", query: [("fileName", file)], body: xml, contentType: "application/xml")
            answer = try FEELValue(json: String(decoding: data, as: UTF8.self))
        } catch ServerClient.Failure.refused(422, let detail) {
            throw RuntimeError(detail, kind: .invalid)
        } catch let error as ServerClient.Failure {
            throw Self.report(error)
        } catch {
            throw Self.report(.failed("the Baton server at \(client.address) answered the deployment with something that is not JSON"))
        }
        return try call { _ in
            if case .boolean(true)? = answer.field("unchanged") { return .unchanged }
            return .deployed(try answer.items("processes").map { DefinitionRow(key: try $0.text("key"), version: try $0.integer("version")) })
        }
    }

    func definitions() throws -> [DefinitionRow] {
        try call { client in
            try client.json("GET", "/v1/process-definitions").items().map {
                DefinitionRow(key: try $0.text("key"), version: try $0.integer("version"), name: $0.optionalText("name"))
            }
        }
    }

    func start(processKey: String, businessKey: String?, variables: FEELContext) throws -> String {
        var body = FEELContext([("variables", .context(variables))])
        if let businessKey { body["businessKey"] = .string(businessKey) }
        let request = body
        return try call { client in
            try client.json("POST", "/v1/process-definitions/\(ServerClient.segment(processKey))/start", body: .context(request)).text("id")
        }
    }

    func startBatch(processKey: String, jsonLines: String, progress: (_ done: Int, _ total: Int) -> Void) throws -> [BatchLine] {
        try call { client in
            let data = try client.send(
                "POST", "/v1/process-definitions/\(ServerClient.segment(processKey))/start-batch", body: Data(jsonLines.utf8), contentType: "application/x-ndjson")
            guard let answer = try? FEELValue(json: String(decoding: data, as: UTF8.self)) else {
                throw ServerClient.Failure.failed("the Baton server at \(client.address) answered the batch with something that is not JSON")
            }
            return try answer.items("items").map { BatchLine(line: try $0.integer("line"), instance: $0.optionalText("id"), error: $0.optionalText("error")) }
        }
    }

    func instances(_ filter: InstanceFilter?) throws -> [InstanceRow] {
        try call { client in
            try Self.everyPage(client, "/v1/process-instances", query: filter.map { [("status", $0.rawValue)] } ?? []).map {
                try Self.summary($0, incidents: try $0.integer("incidents"))
            }
        }
    }

    func instance(_ id: String) throws -> InstanceDetail {
        try call { client in try Self.detail(try client.json("GET", "/v1/process-instances/\(ServerClient.segment(id))")) }
    }

    func cancel(_ id: String) throws {
        _ = try call { client in try client.send("POST", "/v1/process-instances/\(ServerClient.segment(id))/cancel") }
    }

    func history(_ id: String) throws -> [HistoryLine] {
        try call { client in
            try client.json("GET", "/v1/process-instances/\(ServerClient.segment(id))/history").items().map { HistoryLine(at: try $0.text("at"), text: try $0.text("text")) }
        }
    }

    func correlate(
        message: String, correlationKey: String?, businessKey: String?, variables: FEELContext, messageId: String?, timeToLive: Int64?
    ) throws -> CorrelateResult {
        var body = FEELContext([("messageName", .string(message)), ("variables", .context(variables))])
        if let correlationKey { body["correlationKey"] = .string(correlationKey) }
        if let businessKey { body["businessKey"] = .string(businessKey) }
        if let messageId { body["messageId"] = .string(messageId) }
        if let timeToLive { body["timeToLive"] = .number(FEELNumber(Int(timeToLive))) }
        let request = body
        return try call { client in
            let answer = try client.json("POST", "/v1/messages", body: .context(request))
            switch try answer.text("status") {
            case "delivered": return .delivered(try answer.strings("processInstanceIds"))
            case "duplicate": return .duplicate
            default: return .buffered(expiresAt: try answer.text("expiresAt"))
            }
        }
    }

    func signal(_ name: String, variables: FEELContext) throws -> [String] {
        try call { client in
            try client.json("POST", "/v1/signals", body: .context(FEELContext([("name", .string(name)), ("variables", .context(variables))])))
                .strings("processInstanceIds")
        }
    }

    func incidents() throws -> [IncidentRow] {
        try call { client in
            try Self.everyPage(client, "/v1/incidents").map {
                IncidentRow(instance: try $0.text("processInstanceId"), key: try $0.integer("key"), element: try $0.text("activityId"), reason: try $0.text("reason"))
            }
        }
    }

    func retry(instance: String, key: Int) throws -> RetryResult {
        try call { client in
            let path = "\(ServerClient.segment(instance))/\(key)"
            let current = try client.json("GET", "/v1/process-instances/\(ServerClient.segment(instance))")
            let incidents = try current.items("incidents").map { try $0.integer("key") }, jobs = try current.items("jobs").map { try $0.integer("key") }
            if incidents.contains(key) {
                let state = try client.json("POST", "/v1/incidents/\(path)/resolve")
                return .resolved(status: try state.text("status"), openIncidents: try state.items("incidents").count)
            }
            guard jobs.contains(key) else { throw fail(RetryResult.unknownKey(instance: instance, key: key, incidents: incidents, jobs: jobs)) }
            _ = try client.send("POST", "/v1/jobs/\(path)/retry")
            return .jobDue
        }
    }

    func externalTasks(topic: String, bindings: ConnectorBindings) throws -> any ExternalTaskQueue { RemoteTaskQueue(client: client) }

    /// The items of every page of a paged list (`{"items", "nextCursor"}`).
    private static func everyPage(_ client: ServerClient, _ path: String, query: [(String, String)] = []) throws(ServerClient.Failure) -> [FEELValue] {
        var items: [FEELValue] = []
        var cursor: String? = "0"
        while let next = cursor {
            let page = try client.json("GET", path, query: [("limit", "1000"), ("cursor", next)] + query)
            items += try page.items("items")
            cursor = page.optionalText("nextCursor")
        }
        return items
    }

    /// An instance from its JSON (`GET /v1/process-instances/{id}`).
    static func detail(_ answer: FEELValue) throws -> InstanceDetail {
        let id = try answer.text("id")
        // A server without `waitingAt` lists the elements with jobs, tasks and events instead.
        let waiting = answer.field("waitingAt") == nil ? try answer.strings("activeElements") : try answer.strings("waitingAt")
        return InstanceDetail(
            summary: try summary(answer, incidents: try answer.items("incidents").count), endedAt: answer.optionalText("endedAt"),
            waitingAt: waiting,
            userTasks: try answer.items("userTasks").map { task in
                let taskID = try task.text("id")
                return InstanceDetail.UserTask(
                    element: try task.text("element"), key: String(taskID.dropFirst(id.count + 1)),
                    candidateGroups: try task.strings("candidateGroups"))
            },
            timers: try (answer.field("timers") == nil ? [] : answer.items("timers")).map { timer in
                InstanceDetail.Timer(element: try timer.text("element"), due: try timer.text("due"))
            },
            incidents: try answer.items("incidents").map { incident in
                InstanceDetail.Incident(key: try incident.integer("key"), element: try incident.text("element"), reason: try incident.text("reason"))
            },
            variables: try answer.object("variables"))
    }

    /// The summary part of an instance's JSON (a list item, or the whole instance).
    static func summary(_ item: FEELValue, incidents: Int) throws -> InstanceRow {
        InstanceRow(
            id: try item.text("id"), process: try item.text("processKey"), version: try item.integer("version"), status: try item.text("status"),
            incidents: incidents, businessKey: item.optionalText("businessKey"), startedAt: try item.text("startedAt"))
    }

    /// Runs requests and reads their answers; a failure is printed and becomes exit
    /// status 1.
    func call<T>(_ body: (ServerClient) throws -> T) throws -> T {
        do { return try body(client) } catch let failure as ServerClient.Failure { throw Self.report(failure) }
    }

    /// Prints a failure the way the local mode prints the same problem.
    private static func report(_ failure: ServerClient.Failure) -> ExitCode { fail(RuntimeError(failure.message)) }
}
