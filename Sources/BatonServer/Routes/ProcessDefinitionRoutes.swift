import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Hummingbird

/// `/v1/process-definitions`: the deployed processes, their XML, and starting instances
/// (one, with an optional wait for the end: the synchronous interface; or a batch).
struct ProcessDefinitionRoutes {
    let host: EngineHost

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        v1.get("process-definitions") { _, context -> Response in
            _ = try context.requireActor()
            return jsonResponse(.list(host.runtime.latestProcesses.map(Self.definition)))
        }
        v1.get("process-definitions/{key}") { _, context -> Response in
            _ = try context.requireActor()
            return jsonResponse(Self.definition(try Self.latest(try context.parameters.require("key"), host.runtime)))
        }
        v1.get("process-definitions/{key}/xml") { _, context -> Response in
            _ = try context.requireActor()
            let process = try Self.latest(try context.parameters.require("key"), host.runtime)
            let reference = ProcessReference(id: process.id, version: process.version)
            let records = try await host.run { host in try Runtime.storeCall { () throws(StoreError) in try host.store.deployments() } }
            guard let record = records.last(where: { $0.processes.contains(reference) }) else { throw Problem(.notFound, "no deployment holds \(reference)") }
            return Response(status: .ok, headers: [.contentType: "application/xml"], body: ResponseBody(byteBuffer: ByteBuffer(string: record.xml)))
        }
        v1.post("process-definitions/{key}/start") { request, context -> Response in
            let actor = try context.requireActor()
            let key = try context.parameters.require("key")
            let body = try await request.jsonObject(context: context)
            try body.allowOnly(["variables", "businessKey", "waitForCompletion", "timeoutMillis"])
            let variables = try body.object("variables") ?? FEELContext()
            let businessKey = try body.string("businessKey")
            let wait: Bool
            switch body["waitForCompletion"] {
            case nil, .null?: wait = false
            case .boolean(let value)?: wait = value
            default: throw Problem(.badRequest, "'waitForCompletion' must be true or false", errors: [("waitForCompletion", "must be a boolean")])
            }
            var timeout = 30_000
            if let value = body["timeoutMillis"], value != .null {
                guard case .number(let number) = value, let milliseconds = Int(number.description), (1...60_000).contains(milliseconds) else {
                    throw Problem(.badRequest, "'timeoutMillis' must be a whole number of milliseconds from 1 to 60000", errors: [("timeoutMillis", "1...60000")])
                }
                timeout = milliseconds
            }
            var state = try await host.run { host in
                host.runtime.masked(try host.runtime.start(processID: ElementID(key), businessKey: businessKey, variables: variables, startedBy: actor))
            }
            if wait {
                let deadline = ContinuousClock.now + .milliseconds(timeout)
                var pause = 2
                while state.status == .active, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(pause))
                    pause = min(pause * 2, 100)
                    let id = state.id
                    state = try await host.run { host in try host.runtime.maskedInstance(id) }
                }
            }
            var answer = FEELContext([("id", .string(state.id.rawValue)), ("status", .string(state.status.rawValue))])
            answer["businessKey"] = state.businessKey.map { .string($0) } ?? .null
            if wait {
                answer["completed"] = .boolean(state.status == .completed)
                answer["variables"] = .context(state.variables)
            }
            return jsonResponse(.context(answer), status: .created)
        }
        v1.post("process-definitions/{key}/start-batch") { request, context -> Response in
            let actor = try context.requireActor()
            let key = try context.parameters.require("key")
            // baton:starterGroups refuses the whole batch at once (403), not line by line.
            try host.runtime.requireStarter(actor, of: ElementID(key))
            let text = try await request.text(context: context)
            guard !text.allSatisfy(\.isWhitespace) else {
                throw Problem(.badRequest, "the body must be a JSON array or JSON Lines, one item (the variables) per instance")
            }
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let isJSON = contentType.hasPrefix("application/json") || contentType.contains("+json")
            let lines = try Self.jsonLines(text, mustBeArray: isJSON)
            let report = try await host.run { host in host.runtime.startBatch(processID: ElementID(key), jsonLines: lines, startedBy: actor) }
            let items: [FEELValue] = report.items.map { item in
                var entry = FEELContext([("line", .number(FEELNumber(item.line)))])
                if let instance = item.instance { entry["id"] = .string(instance.rawValue) }
                if let error = item.error { entry["error"] = .string(error) }
                return .context(entry)
            }
            return jsonResponse(.context(FEELContext([
                ("started", .number(FEELNumber(report.started))), ("failed", .number(FEELNumber(report.failures.count))), ("items", .list(items)),
            ])))
        }
    }

    /// A JSON array body as JSON Lines (one element per line), or the body as it is. A
    /// body sent as `application/json` must be an array.
    static func jsonLines(_ text: String, mustBeArray: Bool) throws -> String {
        let trimmed = text.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("[") else {
            if mustBeArray { throw Problem(.badRequest, "an application/json body must be a JSON array, one item per instance (send JSON Lines as application/x-ndjson)") }
            return text
        }
        let value: FEELValue
        do { value = try FEELValue(json: text) } catch { throw Problem(.badRequest, "the body is not a JSON array: \(error.description)") }
        guard case .list(let items) = value else { throw Problem(.badRequest, "the body must be a JSON array or JSON Lines") }
        try RequestValidation.checkNumbers(value)
        return items.map(\.json).joined(separator: "\n")
    }

    static func latest(_ key: String, _ runtime: Runtime) throws -> ExecutableProcess {
        guard let process = runtime.engine.repository.latest(ElementID(key)) else {
            throw Problem(.notFound, "no deployed process '\(key)'")
        }
        return process
    }

    static func definition(_ process: ExecutableProcess) -> FEELValue {
        var object = FEELContext([("key", .string(process.id.rawValue)), ("version", .number(FEELNumber(process.version)))])
        object["name"] = process.definition.name.map { .string($0) } ?? .null
        return .context(object)
    }
}
