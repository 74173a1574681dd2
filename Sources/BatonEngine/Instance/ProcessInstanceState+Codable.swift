import BatonFEEL
import BatonModel

/// The stored form of an instance is stable: encoding the same state twice gives the
/// same bytes whatever the hashing seed, so stores can compare, hash and diff it. Keyed
/// collections are written as arrays sorted by key (each value carries its key).
extension ProcessInstanceState: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, businessKey, process, status, definitions, rootKey, elements, jobs, userTasks, subscriptions, incidents
        case startedAt, endedAt, pendingSteps, inclusiveJoinScopes, nextKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ProcessInstanceID.self, forKey: .id)
        businessKey = try container.decodeIfPresent(String.self, forKey: .businessKey)
        process = try container.decode(ProcessReference.self, forKey: .process)
        status = try container.decode(Status.self, forKey: .status)
        definitions = try container.decode([ProcessReference].self, forKey: .definitions)
        rootKey = try container.decode(ElementInstanceKey.self, forKey: .rootKey)
        elements = Self.byKey(try container.decode([ElementInstance].self, forKey: .elements), \.key)
        jobs = Self.byKey(try container.decode([Job].self, forKey: .jobs), \.key)
        userTasks = Self.byKey(try container.decode([UserTask].self, forKey: .userTasks), \.key)
        subscriptions = Self.byKey(try container.decode([Subscription].self, forKey: .subscriptions), \.key)
        incidents = Self.byKey(try container.decode([Incident].self, forKey: .incidents), \.key)
        startedAt = try container.decode(EngineInstant.self, forKey: .startedAt)
        endedAt = try container.decodeIfPresent(EngineInstant.self, forKey: .endedAt)
        pendingSteps = try container.decodeIfPresent([ExecutionStep].self, forKey: .pendingSteps) ?? []
        inclusiveJoinScopes = Set(try container.decodeIfPresent([ElementInstanceKey].self, forKey: .inclusiveJoinScopes) ?? [])
        nextKey = try container.decode(Int.self, forKey: .nextKey)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(businessKey, forKey: .businessKey)
        try container.encode(process, forKey: .process)
        try container.encode(status, forKey: .status)
        try container.encode(definitions, forKey: .definitions)
        try container.encode(rootKey, forKey: .rootKey)
        try container.encode(elements.values.sorted { $0.key < $1.key }, forKey: .elements)
        try container.encode(jobs.values.sorted { $0.key < $1.key }, forKey: .jobs)
        try container.encode(userTasks.values.sorted { $0.key < $1.key }, forKey: .userTasks)
        try container.encode(subscriptions.values.sorted { $0.key < $1.key }, forKey: .subscriptions)
        try container.encode(incidents.values.sorted { $0.key < $1.key }, forKey: .incidents)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encodeIfPresent(endedAt, forKey: .endedAt)
        if !pendingSteps.isEmpty { try container.encode(pendingSteps, forKey: .pendingSteps) }
        if !inclusiveJoinScopes.isEmpty { try container.encode(inclusiveJoinScopes.sorted(), forKey: .inclusiveJoinScopes) }
        try container.encode(nextKey, forKey: .nextKey)
    }

    private static func byKey<Key: Hashable, Value>(_ values: [Value], _ key: KeyPath<Value, Key>) -> [Key: Value] {
        var result: [Key: Value] = [:]
        for value in values { result[value[keyPath: key]] = value }
        return result
    }
}

extension ElementInstance: Codable {
    private enum CodingKeys: String, CodingKey {
        case key, element, definition, parent, state, variables, waitingFor, tokens, joinArrivals, isProcessRoot, incident
        case eventSubscriptions, triggeredBy, isLoopBody, isLoopInstance, isInterrupted, loopItems, passedAsyncBefore, passedAsyncAfter
    }

    /// One entry of a scope's join arrivals, in the stored form.
    private struct JoinArrival: Codable {
        var gateway: ElementID
        var flow: ElementID
        var count: Int
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try container.decode(ElementInstanceKey.self, forKey: .key),
            element: try container.decode(ElementID.self, forKey: .element),
            definition: try container.decode(Int.self, forKey: .definition),
            parent: try container.decodeIfPresent(ElementInstanceKey.self, forKey: .parent),
            isProcessRoot: try container.decodeIfPresent(Bool.self, forKey: .isProcessRoot) ?? false)
        state = try container.decode(ElementLifecycle.State.self, forKey: .state)
        variables = try container.decodeIfPresent(FEELContext.self, forKey: .variables)
        waitingFor = try container.decodeIfPresent(WaitReason.self, forKey: .waitingFor)
        tokens = try container.decodeIfPresent(Int.self, forKey: .tokens) ?? 0
        if let arrivals = try container.decodeIfPresent([JoinArrival].self, forKey: .joinArrivals) {
            var grouped: [ElementID: [ElementID: Int]] = [:]
            for arrival in arrivals { grouped[arrival.gateway, default: [:]][arrival.flow] = arrival.count }
            joinArrivals = grouped
        }
        incident = try container.decodeIfPresent(IncidentKey.self, forKey: .incident)
        eventSubscriptions = try container.decodeIfPresent([SubscriptionKey].self, forKey: .eventSubscriptions)
        triggeredBy = try container.decodeIfPresent(ElementID.self, forKey: .triggeredBy)
        isLoopBody = try container.decodeIfPresent(Bool.self, forKey: .isLoopBody) ?? false
        isLoopInstance = try container.decodeIfPresent(Bool.self, forKey: .isLoopInstance) ?? false
        isInterrupted = try container.decodeIfPresent(Bool.self, forKey: .isInterrupted) ?? false
        loopItems = try container.decodeIfPresent([FEELValue].self, forKey: .loopItems)
        passedAsyncBefore = try container.decodeIfPresent(Bool.self, forKey: .passedAsyncBefore) ?? false
        passedAsyncAfter = try container.decodeIfPresent(Bool.self, forKey: .passedAsyncAfter) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(element, forKey: .element)
        try container.encode(definition, forKey: .definition)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(variables, forKey: .variables)
        try container.encodeIfPresent(waitingFor, forKey: .waitingFor)
        if tokens != 0 { try container.encode(tokens, forKey: .tokens) }
        if let joinArrivals {
            let arrivals = joinArrivals.flatMap { gateway, flows in flows.map { JoinArrival(gateway: gateway, flow: $0.key, count: $0.value) } }
                .sorted { ($0.gateway, $0.flow) < ($1.gateway, $1.flow) }
            try container.encode(arrivals, forKey: .joinArrivals)
        }
        if isProcessRoot { try container.encode(true, forKey: .isProcessRoot) }
        try container.encodeIfPresent(incident, forKey: .incident)
        try container.encodeIfPresent(eventSubscriptions, forKey: .eventSubscriptions)
        try container.encodeIfPresent(triggeredBy, forKey: .triggeredBy)
        if isLoopBody { try container.encode(true, forKey: .isLoopBody) }
        if isLoopInstance { try container.encode(true, forKey: .isLoopInstance) }
        if isInterrupted { try container.encode(true, forKey: .isInterrupted) }
        try container.encodeIfPresent(loopItems, forKey: .loopItems)
        if passedAsyncBefore { try container.encode(true, forKey: .passedAsyncBefore) }
        if passedAsyncAfter { try container.encode(true, forKey: .passedAsyncAfter) }
    }
}

/// Stored as `{"job": 12}`, `{"content": true}`, ...
extension WaitReason: Codable {
    private enum CodingKeys: String, CodingKey { case job, userTask, subscription, calledProcess, content, events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let key = try container.decodeIfPresent(JobKey.self, forKey: .job) {
            self = .job(key)
        } else if let key = try container.decodeIfPresent(UserTaskKey.self, forKey: .userTask) {
            self = .userTask(key)
        } else if let key = try container.decodeIfPresent(SubscriptionKey.self, forKey: .subscription) {
            self = .subscription(key)
        } else if let key = try container.decodeIfPresent(ElementInstanceKey.self, forKey: .calledProcess) {
            self = .calledProcess(key)
        } else if container.contains(.content) {
            self = .content
        } else if container.contains(.events) {
            self = .events
        } else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "unknown wait reason"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .job(let key): try container.encode(key, forKey: .job)
        case .userTask(let key): try container.encode(key, forKey: .userTask)
        case .subscription(let key): try container.encode(key, forKey: .subscription)
        case .calledProcess(let key): try container.encode(key, forKey: .calledProcess)
        case .content: try container.encode(true, forKey: .content)
        case .events: try container.encode(true, forKey: .events)
        }
    }
}
