import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import Hummingbird

/// `/v1/process-instances` (admin): query with filters and cursor pagination, read one
/// (where it waits, its variables with sensitive ones masked), its history, set its
/// variables, cancel it.
struct ProcessInstanceRoutes {
    let host: EngineHost

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        v1.get("process-instances") { request, context -> Response in
            _ = try context.requireAdmin()
            var filter: InstanceFilter?
            if let status = try request.parameter("status") {
                guard let value = InstanceFilter(rawValue: status) else {
                    throw Problem(.badRequest, "status must be one of \(InstanceFilter.allCases.map(\.rawValue).joined(separator: ", ")), not '\(status)'")
                }
                filter = value
            }
            let page = try Page(request)
            let processKey = try request.parameter("processKey"), businessKey = try request.parameter("businessKey")
            let chosen = filter
            let all = try await host.run { host in try host.runtime.instances(chosen) }
            let matching = all.filter { summary in
                (processKey == nil || summary.process.id.rawValue == processKey) && (businessKey == nil || summary.businessKey == businessKey)
            }
            return page.response(matching, Views.summary)
        }
        v1.get("process-instances/{id}") { _, context -> Response in
            _ = try context.requireAdmin()
            let id = ProcessInstanceID(try context.parameters.require("id"))
            return jsonResponse(Views.instance(try await host.run { host in try host.runtime.maskedInstance(id) }))
        }
        v1.get("process-instances/{id}/history") { _, context -> Response in
            _ = try context.requireAdmin()
            let id = ProcessInstanceID(try context.parameters.require("id"))
            let entries = try await host.run { host in
                _ = try host.runtime.storedAsWritten(id)
                return Runtime.masked(try host.runtime.history(of: id))
            }
            return jsonResponse(.list(entries.map { entry in
                .context(FEELContext([
                    ("sequence", .number(FEELNumber(entry.sequence))), ("at", .string(entry.at.description)), ("text", .string(entry.event.historyText)),
                ]))
            }))
        }
        v1.post("process-instances/{id}/variables") { request, context -> Response in
            _ = try context.requireAdmin()
            let id = ProcessInstanceID(try context.parameters.require("id"))
            let body = try await request.jsonObject(context: context)
            try body.allowOnly(["variables"])
            guard let variables = try body.object("variables") else { throw Problem(.badRequest, "the body needs 'variables', an object", errors: [("variables", "required")]) }
            let state = try await host.run { host in host.runtime.masked(try host.runtime.execute(.setVariables(variables), on: id)) }
            return jsonResponse(Views.instance(state))
        }
        v1.post("process-instances/{id}/cancel") { _, context -> Response in
            _ = try context.requireAdmin()
            let id = ProcessInstanceID(try context.parameters.require("id"))
            let state = try await host.run { host in host.runtime.masked(try host.runtime.execute(.cancel, on: id)) }
            return jsonResponse(Views.instance(state))
        }
    }
}
