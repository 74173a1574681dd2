import ArgumentParser
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
            var rows: [InstanceRow] = []
            var cursor: String? = "0"
            while let next = cursor {
                var query = [("limit", "1000"), ("cursor", next)]
                if let filter { query.append(("status", filter.rawValue)) }
                let page = try client.json("GET", "/v1/process-instances", query: query)
                rows += try page.items("items").map { try Self.summary($0, incidents: try $0.integer("incidents")) }
                cursor = page.optionalText("nextCursor")
            }
            return rows
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

    /// An instance from its JSON (`GET /v1/process-instances/{id}`).
    static func detail(_ answer: FEELValue) throws -> InstanceDetail {
        let id = try answer.text("id")
        // A server without `waitingAt` lists the elements with jobs, tasks and events instead.
        let waiting = answer.field("waitingAt") == nil ? try answer.items("activeElements") : try answer.items("waitingAt")
        return InstanceDetail(
            summary: try summary(answer, incidents: try answer.items("incidents").count), endedAt: answer.optionalText("endedAt"),
            waitingAt: waiting.compactMap { if case .string(let element) = $0 { element } else { nil } },
            userTasks: try answer.items("userTasks").map { task in
                let taskID = try task.text("id")
                return InstanceDetail.UserTask(
                    element: try task.text("element"), key: String(taskID.dropFirst(id.count + 1)),
                    candidateGroups: try task.items("candidateGroups").compactMap { if case .string(let group) = $0 { group } else { nil } })
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
    private static func report(_ failure: ServerClient.Failure) -> ExitCode {
        switch failure {
        case .refused(_, let detail): fail(RuntimeError(detail))
        case .failed(let message): fail(RuntimeError(message))
        }
    }
}
