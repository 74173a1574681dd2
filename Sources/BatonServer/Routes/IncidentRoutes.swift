import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import Hummingbird

/// `/v1/incidents` and `/v1/jobs` (admins): open incidents (as `baton incidents`), resolving
/// one (the step it stopped is repeated), and making a job that waits for its retry
/// backoff due now (as `baton retry`). Incidents and jobs are numbered per instance:
/// their routes are `/v1/incidents/INSTANCE/KEY/...` and `/v1/jobs/INSTANCE/KEY/...`.
struct IncidentRoutes {
    let host: EngineHost

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        v1.get("incidents") { request, context -> Response in
            _ = try context.requireAdmin()
            let page = try Page(request)
            let processKey = try request.parameter("processKey"), instance = try request.parameter("processInstanceId")
            let open = try await host.run { host in try host.runtime.openIncidents() }
            let matching = open.filter { open in
                (processKey == nil || open.instance.process.id.rawValue == processKey) && (instance == nil || open.instance.id.rawValue == instance)
            }
            return page.response(matching, Views.incident)
        }
        v1.post("incidents/{instance}/{key}/resolve") { _, context -> Response in
            let (id, key) = try Self.reference(context)
            let state = try await host.run { host in host.runtime.masked(try host.runtime.execute(.resolveIncident(IncidentKey(key)), on: id)) }
            return jsonResponse(Views.instance(state))
        }
        v1.post("jobs/{instance}/{key}/retry") { _, context -> Response in
            let (id, key) = try Self.reference(context)
            let state = try await host.run { host in host.runtime.masked(try host.runtime.execute(.retryJobNow(JobKey(key)), on: id)) }
            return jsonResponse(Views.instance(state))
        }
    }

    /// The instance and key of the path, once the actor is an admin.
    static func reference(_ context: BatonRequestContext) throws -> (ProcessInstanceID, Int) {
        _ = try context.requireAdmin()
        let instance = try context.parameters.require("instance"), text = try context.parameters.require("key")
        guard let key = Int(text), key >= 0 else { throw Problem(.badRequest, "'\(text)' is not a key: keys are whole numbers, as GET /v1/incidents and the instance show them") }
        return (ProcessInstanceID(instance), key)
    }
}
