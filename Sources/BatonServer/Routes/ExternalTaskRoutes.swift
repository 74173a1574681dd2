import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonRuntime
import Hummingbird
import Logging
import ServiceLifecycle

/// `/v1/external-tasks` (workers): fetch and lock with long polling, then complete,
/// report a failure or a BPMN error, or extend the lock. A task's id is `INSTANCE/KEY`
/// and its routes are `/v1/external-tasks/INSTANCE/KEY/...`. Who may work on which topic
/// is ``ExternalTaskService``'s rule: admins and role `worker` every topic, role
/// `worker.TOPIC` that topic.
struct ExternalTaskRoutes {
    let host: EngineHost
    /// While a long poll waits: how often it looks at the database when nothing woke it,
    /// and writes a space (JSON allows leading white space) to learn whether the client
    /// is still there.
    var heartbeat: Duration = .seconds(1)

    /// A fetch-and-lock body, checked.
    struct Fetch: Sendable {
        var workerId: String
        var maxTasks: Int
        var topics: [FetchTopic]
        /// Milliseconds to wait for tasks when none is available at once.
        var asyncResponseTimeout: Int

        init(_ body: FEELContext) throws {
            workerId = try body.requiredString("workerId")
            maxTasks = try body.integer("maxTasks", in: 1...1000) ?? 10
            asyncResponseTimeout = try body.integer("asyncResponseTimeout", in: 0...60_000) ?? 0
            guard let items = try body.array("topics"), !items.isEmpty else {
                throw Problem(.badRequest, "the body needs 'topics', a non-empty array of {\"topicName\", \"lockDuration\"}", errors: [("topics", "required")])
            }
            topics = try items.enumerated().map { index, item in
                guard case .context(let topic) = item else {
                    throw Problem(.badRequest, "topics[\(index)] must be an object, not \(item.typeName)", errors: [("topics[\(index)]", "must be an object")])
                }
                let name = try topic.requiredString("topicName")
                guard let lock = try topic.integer("lockDuration", in: 1...Int(Int32.max)) else {
                    throw Problem(.badRequest, "topic '\(name)' needs 'lockDuration' in milliseconds", errors: [("lockDuration", "required")])
                }
                let variables = try topic.array("variables")?.map { value -> String in
                    guard case .string(let name) = value else { throw Problem(.badRequest, "'variables' must be an array of names", errors: [("variables", "must be strings")]) }
                    return name
                }
                return FetchTopic(name: name, lockDuration: Int64(lock), variables: variables)
            }
        }
    }

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host, heartbeat = self.heartbeat
        v1.post("external-tasks/fetch-and-lock") { request, context -> Response in
            let actor = try context.requireActor()
            try ExternalTaskService.authorize(actor, topics: [])  // no worker role at all: 403 before the body is read
            let fetch = try Fetch(try await request.jsonObject(context: context))
            try ExternalTaskService.authorize(actor, topics: fetch.topics.map(\.name))
            let tasks = try await host.run { host in
                try host.externalTasks.fetchAndLock(workerId: fetch.workerId, topics: fetch.topics, maxTasks: fetch.maxTasks)
            }
            guard tasks.isEmpty, fetch.asyncResponseTimeout > 0 else { return jsonResponse(.list(tasks.map(Views.externalTask))) }
            return Self.longPoll(fetch, host: host, heartbeat: heartbeat, logger: context.logger)
        }
        v1.post("external-tasks/{instance}/{key}/complete") { request, context -> Response in
            let (id, body) = try await Self.report(request, context, host)
            let workerId = try body.requiredString("workerId"), variables = try body.object("variables") ?? FEELContext()
            try await host.run { host in try host.externalTasks.complete(id, workerId: workerId, variables: variables) }
            return Response(status: .noContent)
        }
        v1.post("external-tasks/{instance}/{key}/failure") { request, context -> Response in
            let (id, body) = try await Self.report(request, context, host)
            let workerId = try body.requiredString("workerId")
            let message = try body.string("errorMessage") ?? "the worker reported a failure"
            let retries = try body.integer("retries", in: 0...Int(Int32.max))
            let retryTimeout = try body.integer("retryTimeout", in: 0...Int(Int32.max)).map(Int64.init)
            try await host.run { host in
                try host.externalTasks.handleFailure(id, workerId: workerId, message: message, retries: retries, retryTimeout: retryTimeout)
            }
            return Response(status: .noContent)
        }
        v1.post("external-tasks/{instance}/{key}/bpmn-error") { request, context -> Response in
            let (id, body) = try await Self.report(request, context, host)
            let workerId = try body.requiredString("workerId"), code = try body.requiredString("errorCode")
            let message = try body.string("errorMessage"), variables = try body.object("variables") ?? FEELContext()
            try await host.run { host in
                try host.externalTasks.handleBpmnError(id, workerId: workerId, code: code, message: message, variables: variables)
            }
            return Response(status: .noContent)
        }
        v1.post("external-tasks/{instance}/{key}/extend-lock") { request, context -> Response in
            let (id, body) = try await Self.report(request, context, host)
            let workerId = try body.requiredString("workerId")
            guard let duration = try body.integer("newDuration", in: 1...Int(Int32.max)) else {
                throw Problem(.badRequest, "the body needs 'newDuration', the new lock duration in milliseconds", errors: [("newDuration", "required")])
            }
            try await host.run { host in try host.externalTasks.extendLock(id, workerId: workerId, newDuration: Int64(duration)) }
            return Response(status: .noContent)
        }
    }

    /// The task id of a report's path and its body, once the actor may work on the task.
    static func report(_ request: Request, _ context: BatonRequestContext, _ host: EngineHost) async throws -> (String, FEELContext) {
        let actor = try context.requireActor()
        try ExternalTaskService.authorize(actor, topics: [])
        let id = "\(try context.parameters.require("instance"))/\(try context.parameters.require("key"))"
        let body = try await request.jsonObject(context: context)
        try await host.run { host in try host.externalTasks.authorize(actor, task: id) }
        return (id, body)
    }

    /// The answer of a fetch that found nothing at once: a 200 whose body waits (holding
    /// no thread) until tasks are locked or the time is up. While waiting it writes a
    /// space every heartbeat; when that fails the client is gone and nothing is locked
    /// for it. Tasks locked but not delivered (the last write failed) are released.
    static func longPoll(_ fetch: Fetch, host: EngineHost, heartbeat: Duration, logger: Logger) -> Response {
        let body = ResponseBody { writer in
            let service = host.externalTasks
            let waiter = JobSignal.shared.waiter(for: Set(fetch.topics.flatMap { service.jobTypes(ofTopic: $0.name) }))
            defer { JobSignal.shared.remove(waiter) }
            let deadline = ContinuousClock.now + .milliseconds(fetch.asyncResponseTimeout)
            var tasks: [ExternalTask] = []
            do {
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    // Registered before looking, so a job committed meanwhile wakes the next wait.
                    tasks = try await host.run { host in
                        try host.externalTasks.fetchAndLock(workerId: fetch.workerId, topics: fetch.topics, maxTasks: fetch.maxTasks)
                    }
                    let left = deadline - ContinuousClock.now
                    guard tasks.isEmpty, left > .zero else { break }
                    try await writer.write(ByteBuffer(string: " "))
                    _ = await waiter.wait(for: min(left, heartbeat))
                }
            } catch let error as ExternalTaskError {
                // The answer has begun: a store failure while waiting ends it empty.
                logger.error("long poll failed", metadata: ["error": "\(error)"])
            }
            do {
                try await writer.write(ByteBuffer(bytes: FEELValue.list(tasks.map(Views.externalTask)).jsonBytes))
                try await writer.finish(nil)
            } catch {
                let locked = tasks
                _ = try? await host.run { host in host.externalTasks.release(locked) }
                throw error
            }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }
}
