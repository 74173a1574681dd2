import BatonEngine
import BatonFEEL
import BatonRuntime
import Hummingbird

/// `/v1/messages` (admins and the role `integration`): publish a message, delivered as
/// `baton correlate` delivers it, deduplicated by `messageId` and buffered for a
/// `timeToLive`; `/v1/signals` (admins): broadcast a signal.
struct MessageRoutes {
    let host: EngineHost
    /// The role that may publish messages besides admins (a system feeding Baton events).
    static let integrationRole = "integration"
    /// The longest time to live: a year, in milliseconds.
    static let longestTimeToLive = 365 * 86_400_000

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        v1.post("messages") { request, context -> Response in
            let actor = try context.requireActor()
            guard actor.roles.contains(Directory.adminRole) || actor.roles.contains(Self.integrationRole) else {
                throw Problem(.forbidden, "\(actor.name) may not publish messages; this needs the admin or \(Self.integrationRole) role")
            }
            let body = try await request.jsonObject(context: context)
            let name = try body.requiredString("messageName")
            let businessKey = try body.string("businessKey"), correlationKey = try body.string("correlationKey")
            guard (businessKey == nil) != (correlationKey == nil) else {
                throw Problem(.badRequest, "give exactly one of 'businessKey' and 'correlationKey'", errors: [("businessKey", "exactly one of businessKey, correlationKey")])
            }
            let variables = try body.object("variables") ?? FEELContext()
            let messageId = try body.string("messageId")
            if messageId?.isEmpty == true { throw Problem(.badRequest, "'messageId' must not be empty", errors: [("messageId", "must not be empty")]) }
            let timeToLive = try body.integer("timeToLive", in: 0...Self.longestTimeToLive).map(Int64.init)
            let outcome = try await host.run { host in
                try host.runtime.publish(
                    message: name, correlationKey: correlationKey, businessKey: businessKey, variables: variables, messageId: messageId, timeToLive: timeToLive)
            }
            if case .buffered = outcome { return jsonResponse(Views.publishOutcome(outcome), status: .accepted) }
            return jsonResponse(Views.publishOutcome(outcome))
        }
        v1.post("signals") { request, context -> Response in
            _ = try context.requireAdmin()
            let body = try await request.jsonObject(context: context)
            let name = try body.requiredString("name"), variables = try body.object("variables") ?? FEELContext()
            let reached = try await host.run { host in try host.runtime.broadcast(signal: name, variables: variables) }
            return jsonResponse(.context(FEELContext([
                ("reached", .number(FEELNumber(reached.count))), ("processInstanceIds", .list(reached.map { .string($0.rawValue) })),
            ])))
        }
    }
}
