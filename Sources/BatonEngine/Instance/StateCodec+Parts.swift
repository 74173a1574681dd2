import BatonFEEL
import BatonModel

// The stored form of each part of an instance (see `StateCodec.swift`).

extension StoredJSONWriter {
    mutating func write(_ element: ElementInstance) {
        open()
        field("k", element.key.rawValue)
        field("e", element.element.rawValue)
        if element.definition != 0 { field("d", element.definition) }
        field("p", element.parent?.rawValue)
        field("s", element.state.rawValue)
        if let variables = element.variables { key("v"); value(.context(variables)) }
        if let reason = element.waitingFor {
            key("w")
            switch reason {
            case .job(let key): raw("[\"job\",\(key.rawValue)]")
            case .userTask(let key): raw("[\"task\",\(key.rawValue)]")
            case .subscription(let key): raw("[\"sub\",\(key.rawValue)]")
            case .calledProcess(let key): raw("[\"call\",\(key.rawValue)]")
            case .content: raw("[\"content\"]")
            case .events: raw("[\"events\"]")
            }
        }
        if element.tokens != 0 { field("t", element.tokens) }
        field("i", element.incident?.rawValue)
        flag("root", element.isProcessRoot)
        flag("body", element.isLoopBody)
        flag("inner", element.isLoopInstance)
        flag("int", element.isInterrupted)
        flag("ab", element.passedAsyncBefore)
        flag("aa", element.passedAsyncAfter)
        if let held = element.eventSubscriptions { key("es"); array(held) { $0.raw(String($1.rawValue)) } }
        field("tb", element.triggeredBy?.rawValue)
        if let items = element.loopItems { key("items"); value(.list(items)) }
        if let arrivals = element.joinArrivals {
            key("ja")
            let flat = arrivals.flatMap { gateway, flows in flows.map { (gateway, $0.key, $0.value) } }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            array(flat) { writer, arrival in
                writer.raw("[\(FEELValue.string(arrival.0.rawValue).json),\(FEELValue.string(arrival.1.rawValue).json),\(arrival.2)]")
            }
        }
        close()
    }

    mutating func write(_ job: Job) {
        open()
        field("k", job.key.rawValue)
        field("ei", job.elementInstance.rawValue)
        field("e", job.element.rawValue)
        field("type", job.type)
        field("op", job.operation)
        field("retries", job.retries)
        field("backoff", job.retryBackoff)
        field("retryAt", job.retryAt?.millisecondsSinceEpoch)
        if !job.headers.isEmpty { key("headers"); array(job.headers) { $0.raw("[\(FEELValue.string($1.name).json),\(FEELValue.string($1.value).json)]") } }
        field("idem", job.idempotencyKey)
        field("at", job.createdAt.millisecondsSinceEpoch)
        field("err", job.lastError)
        if job.attempts > 0 { field("tries", job.attempts) }
        close()
    }

    mutating func write(_ task: UserTask) {
        open()
        field("k", task.key.rawValue)
        field("ei", task.elementInstance.rawValue)
        field("e", task.element.rawValue)
        field("name", task.name)
        field("assignee", task.assignee)
        if !task.candidateGroups.isEmpty { key("groups"); array(task.candidateGroups) { $0.string($1) } }
        if !task.candidateUsers.isEmpty { key("users"); array(task.candidateUsers) { $0.string($1) } }
        if !task.excludedUsers.isEmpty { key("excluded"); array(task.excludedUsers) { $0.string($1) } }
        field("completerVar", task.completerVariable)
        field("due", task.dueDate)
        field("followUp", task.followUpDate)
        field("priority", task.priority)
        field("form", task.formKey)
        if !task.formFields.isEmpty {
            key("fields")
            array(task.formFields) { writer, form in
                writer.open()
                writer.field("id", form.id)
                writer.field("type", form.type)
                writer.field("label", form.label)
                writer.flag("required", form.required)
                writer.field("default", form.defaultValue)
                writer.field("min", form.minimum)
                writer.field("max", form.maximum)
                writer.field("pattern", form.pattern)
                if !form.values.isEmpty { writer.key("values"); writer.array(form.values) { $0.string($1) } }
                writer.field("at", form.location)
                writer.close()
            }
        }
        field("at", task.createdAt.millisecondsSinceEpoch)
        field("owner", task.owner)
        close()
    }

    mutating func write(_ subscription: Subscription) {
        open()
        field("k", subscription.key.rawValue)
        field("ei", subscription.elementInstance.rawValue)
        field("e", subscription.element.rawValue)
        switch subscription.trigger {
        case .message(let name, let correlationKey):
            field("msg", name)
            field("ck", correlationKey)
        case .signal(let name):
            field("sig", name)
        case .timer(let due):
            field("due", due.millisecondsSinceEpoch)
        }
        field("catch", subscription.catchElement?.rawValue)
        if let cycle = subscription.cycle {
            field("every", cycle.interval.description)
            field("left", cycle.remaining)
            field("until", cycle.end?.millisecondsSinceEpoch)
        }
        close()
    }

    mutating func write(_ incident: Incident) {
        open()
        field("k", incident.key.rawValue)
        field("ei", incident.elementInstance?.rawValue)
        field("e", incident.element.rawValue)
        field("reason", incident.reason)
        field("expr", incident.expression)
        field("loc", incident.location)
        field("step", incident.step.rawValue)
        field("at", incident.createdAt.millisecondsSinceEpoch)
        close()
    }
}

extension ElementInstance {
    init(stored object: StoredObject) throws(StoredStateError) {
        self.init(
            key: ElementInstanceKey(try object.int("k")), element: ElementID(try object.string("e")), definition: try object.optionalInt("d") ?? 0,
            parent: try object.optionalInt("p").map { ElementInstanceKey($0) }, isProcessRoot: object.flag("root"))
        guard let parsed = ElementLifecycle.State(rawValue: try object.string("s")) else { throw object.fail("s", "a lifecycle state") }
        state = parsed
        if let value = try object.value("v") {
            guard case .context(let context) = value else { throw object.fail("v", "variables") }
            variables = context
        }
        let wait = try object.list("w")
        if case .string(let kind)? = wait.first {
            let key = wait.count > 1 ? StoredObject.int(wait[1]) : nil
            switch (kind, key) {
            case ("job", let key?): waitingFor = .job(JobKey(key))
            case ("task", let key?): waitingFor = .userTask(UserTaskKey(key))
            case ("sub", let key?): waitingFor = .subscription(SubscriptionKey(key))
            case ("call", let key?): waitingFor = .calledProcess(ElementInstanceKey(key))
            case ("content", _): waitingFor = .content
            case ("events", _): waitingFor = .events
            default: throw object.fail("w", "a wait reason")
            }
        }
        tokens = try object.optionalInt("t") ?? 0
        incident = try object.optionalInt("i").map { IncidentKey($0) }
        isLoopBody = object.flag("body")
        isLoopInstance = object.flag("inner")
        isInterrupted = object.flag("int")
        if object.flag("ab") { passedAsyncBefore = true }
        if object.flag("aa") { passedAsyncAfter = true }
        if object.context["es"] != nil { eventSubscriptions = try object.list("es").compactMap { StoredObject.int($0).map { SubscriptionKey($0) } } }
        triggeredBy = try object.optionalString("tb").map { ElementID($0) }
        if let value = try object.value("items") {
            guard case .list(let items) = value else { throw object.fail("items", "a list") }
            loopItems = items
        }
        if object.context["ja"] != nil {
            var arrivals: [ElementID: [ElementID: Int]] = [:]
            for value in try object.list("ja") {
                guard case .list(let triple) = value, triple.count == 3, case .string(let gateway) = triple[0], case .string(let flow) = triple[1],
                    let count = StoredObject.int(triple[2])
                else { throw object.fail("ja", "[gateway, flow, count]") }
                arrivals[ElementID(gateway), default: [:]][ElementID(flow)] = count
            }
            joinArrivals = arrivals
        }
    }
}

extension Job {
    init(stored object: StoredObject) throws(StoredStateError) {
        var headers: [NamedValue] = []
        for value in try object.list("headers") {
            guard case .list(let pair) = value, pair.count == 2, case .string(let name) = pair[0], case .string(let text) = pair[1] else {
                throw object.fail("headers", "[name, value] pairs")
            }
            headers.append(NamedValue(name: name, value: text))
        }
        self.init(
            key: JobKey(try object.int("k")), elementInstance: ElementInstanceKey(try object.int("ei")), element: ElementID(try object.string("e")),
            type: try object.string("type"), operation: try object.optionalString("op"), retries: try object.int("retries"),
            retryBackoff: try object.optionalString("backoff"), retryAt: try object.optionalInt64("retryAt").map { EngineInstant(millisecondsSinceEpoch: $0) },
            headers: headers, idempotencyKey: try object.string("idem"), createdAt: EngineInstant(millisecondsSinceEpoch: try object.int64("at")),
            lastError: try object.optionalString("err"), attempts: try object.optionalInt("tries") ?? 0)
    }
}

extension UserTask {
    init(stored object: StoredObject) throws(StoredStateError) {
        var fields: [FormField] = []
        for form in try object.objects("fields") {
            fields.append(FormField(
                id: try form.string("id"), type: try form.optionalString("type"), label: try form.optionalString("label"), required: form.flag("required"),
                defaultValue: try form.optionalString("default"), minimum: try form.optionalString("min"), maximum: try form.optionalString("max"),
                pattern: try form.optionalString("pattern"), values: try form.strings("values"), location: try form.location("at") ?? .unknown))
        }
        self.init(
            key: UserTaskKey(try object.int("k")), elementInstance: ElementInstanceKey(try object.int("ei")), element: ElementID(try object.string("e")),
            name: try object.optionalString("name"), assignee: try object.optionalString("assignee"), candidateGroups: try object.strings("groups"),
            candidateUsers: try object.strings("users"), dueDate: try object.optionalString("due"), followUpDate: try object.optionalString("followUp"),
            priority: try object.optionalString("priority"), formKey: try object.optionalString("form"), formFields: fields,
            createdAt: EngineInstant(millisecondsSinceEpoch: try object.int64("at")), owner: try object.optionalString("owner"),
            excludedUsers: try object.strings("excluded"), completerVariable: try object.optionalString("completerVar"))
    }
}

extension Subscription {
    init(stored object: StoredObject) throws(StoredStateError) {
        let trigger: Trigger
        if let name = try object.optionalString("msg") {
            trigger = .message(name: name, correlationKey: try object.optionalString("ck"))
        } else if let name = try object.optionalString("sig") {
            trigger = .signal(name: name)
        } else if let due = try object.optionalInt64("due") {
            trigger = .timer(dueAt: EngineInstant(millisecondsSinceEpoch: due))
        } else {
            throw object.fail("msg", "a message, signal or timer")
        }
        var cycle: TimerCycle?
        if let every = try object.optionalString("every") {
            guard let interval = try? ISO8601Duration.parse(every) else { throw object.fail("every", "an ISO 8601 duration") }
            cycle = TimerCycle(interval: interval, remaining: try object.optionalInt("left"), end: try object.optionalInt64("until").map { EngineInstant(millisecondsSinceEpoch: $0) })
        }
        self.init(
            key: SubscriptionKey(try object.int("k")), elementInstance: ElementInstanceKey(try object.int("ei")), element: ElementID(try object.string("e")),
            trigger: trigger, catchElement: try object.optionalString("catch").map { ElementID($0) }, cycle: cycle)
    }
}

extension Incident {
    init(stored object: StoredObject) throws(StoredStateError) {
        guard let step = Step(rawValue: try object.string("step")) else { throw object.fail("step", "an incident step") }
        self.init(
            key: IncidentKey(try object.int("k")), elementInstance: try object.optionalInt("ei").map { ElementInstanceKey($0) },
            element: ElementID(try object.string("e")), reason: try object.string("reason"), expression: try object.optionalString("expr"),
            location: try object.location("loc"), step: step, createdAt: EngineInstant(millisecondsSinceEpoch: try object.int64("at")))
    }
}
