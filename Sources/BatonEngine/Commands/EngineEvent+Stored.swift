import BatonFEEL
import BatonModel

/// The stores' compact form of events (history): one JSON array per command, each event
/// an object tagged by `t`. Written and read by hand for the same reason as the state
/// (see `StateCodec.swift`); reading gives equal events.
extension EngineEvent {
    /// `events` as one compact JSON array.
    public static func storedBytes(_ events: [EngineEvent]) -> [UInt8] {
        var out = StoredJSONWriter()
        out.array(events) { writer, event in event.write(to: &writer) }
        return out.bytes
    }

    /// Reads what ``storedBytes(_:)`` wrote.
    public static func events(storedBytes bytes: [UInt8]) throws(StoredStateError) -> [EngineEvent] {
        let document: FEELValue
        do { document = try FEELValue(json: String(decoding: bytes, as: UTF8.self)) } catch { throw StoredStateError("stored events are not JSON: \(error)") }
        guard case .list(let items) = document else { throw StoredStateError("stored events are not a JSON array") }
        return try items.enumerated().map { (index, item) throws(StoredStateError) in
            guard case .context(let context) = item else { throw StoredStateError("events[\(index)]: expected an object") }
            return try EngineEvent(stored: StoredObject(context, path: "events[\(index)]"))
        }
    }

    private func write(to out: inout StoredJSONWriter) {
        out.open()
        switch self {
        case .processInstanceStarted(let process, let businessKey):
            out.field("t", "started"); out.field("p", process); out.field("bk", businessKey)
        case .calledProcessStarted(let process, let root, let call):
            out.field("t", "callStarted"); out.field("p", process); out.field("root", root.rawValue); out.field("call", call.rawValue)
        case .calledProcessCompleted(let process, let root):
            out.field("t", "callCompleted"); out.field("p", process); out.field("root", root.rawValue)
        case .elementActivated(let key, let element):
            out.field("t", "activated"); out.field("k", key.rawValue); out.field("e", element.rawValue)
        case .elementCompleted(let key, let element):
            out.field("t", "completed"); out.field("k", key.rawValue); out.field("e", element.rawValue)
        case .loopCompleted(let key, let element):
            out.field("t", "loopCompleted"); out.field("k", key.rawValue); out.field("e", element.rawValue)
        case .elementTerminated(let key, let element):
            out.field("t", "terminated"); out.field("k", key.rawValue); out.field("e", element.rawValue)
        case .sequenceFlowTaken(let flow, let scope):
            out.field("t", "flow"); out.field("e", flow.rawValue); out.field("s", scope.rawValue)
        case .variableSet(let scope, let name, let value, let previous):
            out.field("t", "variable"); out.field("s", scope.rawValue); out.field("n", name)
            out.key("v"); out.value(.list([value]))
            if let previous { out.key("old"); out.value(.list([previous])) }
        case .jobCreated(let job):
            out.field("t", "jobCreated"); out.key("job"); out.write(job)
        case .jobCompleted(let key):
            out.field("t", "jobCompleted"); out.field("k", key.rawValue)
        case .jobFailed(let key, let message, let left):
            out.field("t", "jobFailed"); out.field("k", key.rawValue); out.field("m", message); out.field("left", left)
        case .jobErrorThrown(let key, let code):
            out.field("t", "jobError"); out.field("k", key.rawValue); out.field("code", code)
        case .jobCancelled(let key):
            out.field("t", "jobCancelled"); out.field("k", key.rawValue)
        case .userTaskCreated(let task):
            out.field("t", "taskCreated"); out.key("task"); out.write(task)
        case .userTaskCompleted(let key, let user):
            out.field("t", "taskCompleted"); out.field("k", key.rawValue); out.field("user", user)
        case .userTaskCancelled(let key):
            out.field("t", "taskCancelled"); out.field("k", key.rawValue)
        case .userTaskAssigned(let key, let assignee, let owner, let action, let by):
            out.field("t", "taskAssigned"); out.field("k", key.rawValue); out.field("to", assignee); out.field("owner", owner)
            out.field("action", action); out.field("by", by)
        case .subscriptionOpened(let subscription):
            out.field("t", "subOpened"); out.key("sub"); out.write(subscription)
        case .subscriptionTriggered(let key):
            out.field("t", "subTriggered"); out.field("k", key.rawValue)
        case .subscriptionClosed(let key):
            out.field("t", "subClosed"); out.field("k", key.rawValue)
        case .messageSent(let name, let variables, let element):
            out.field("t", "messageSent"); out.field("n", name); out.key("v"); out.value(.context(variables)); out.field("e", element.rawValue)
        case .signalThrown(let name, let element):
            out.field("t", "signal"); out.field("n", name); out.field("e", element.rawValue)
        case .escalationThrown(let code, let element):
            out.field("t", "escalation"); out.field("code", code); out.field("e", element.rawValue)
        case .incidentRaised(let incident):
            out.field("t", "incident"); out.key("inc"); out.write(incident)
        case .incidentResolved(let key):
            out.field("t", "resolved"); out.field("k", key.rawValue)
        case .processInstanceCompleted(let process):
            out.field("t", "instanceCompleted"); out.field("p", process)
        case .processInstanceCancelled(let process):
            out.field("t", "instanceCancelled"); out.field("p", process)
        }
        out.close()
    }

    init(stored object: StoredObject) throws(StoredStateError) {
        func key() throws(StoredStateError) -> Int { try object.int("k") }
        func element() throws(StoredStateError) -> ElementID { ElementID(try object.string("e")) }
        func part(_ name: String) throws(StoredStateError) -> StoredObject {
            guard let part = try object.object(name) else { throw object.fail(name, "an object") }
            return part
        }
        func single(_ name: String) throws(StoredStateError) -> FEELValue? {
            guard let value = try object.value(name) else { return nil }
            guard case .list(let items) = value, items.count == 1 else { throw object.fail(name, "a value") }
            return items[0]
        }
        switch try object.string("t") {
        case "started": self = .processInstanceStarted(try object.reference("p"), businessKey: try object.optionalString("bk"))
        case "callStarted": self = .calledProcessStarted(try object.reference("p"), root: ElementInstanceKey(try object.int("root")), callActivity: ElementInstanceKey(try object.int("call")))
        case "callCompleted": self = .calledProcessCompleted(try object.reference("p"), root: ElementInstanceKey(try object.int("root")))
        case "activated": self = .elementActivated(ElementInstanceKey(try key()), try element())
        case "completed": self = .elementCompleted(ElementInstanceKey(try key()), try element())
        case "loopCompleted": self = .loopCompleted(ElementInstanceKey(try key()), try element())
        case "terminated": self = .elementTerminated(ElementInstanceKey(try key()), try element())
        case "flow": self = .sequenceFlowTaken(try element(), scope: ElementInstanceKey(try object.int("s")))
        case "variable":
            guard let value = try single("v") else { throw object.fail("v", "a value") }
            self = .variableSet(scope: ElementInstanceKey(try object.int("s")), name: try object.string("n"), value: value, previous: try single("old"))
        case "jobCreated": self = .jobCreated(try Job(stored: try part("job")))
        case "jobCompleted": self = .jobCompleted(JobKey(try key()))
        case "jobFailed": self = .jobFailed(JobKey(try key()), message: try object.string("m"), retriesLeft: try object.int("left"))
        case "jobError": self = .jobErrorThrown(JobKey(try key()), errorCode: try object.string("code"))
        case "jobCancelled": self = .jobCancelled(JobKey(try key()))
        case "taskCreated": self = .userTaskCreated(try UserTask(stored: try part("task")))
        case "taskCompleted": self = .userTaskCompleted(UserTaskKey(try key()), user: try object.optionalString("user"))
        case "taskCancelled": self = .userTaskCancelled(UserTaskKey(try key()))
        case "taskAssigned":
            self = .userTaskAssigned(
                UserTaskKey(try key()), assignee: try object.optionalString("to"), owner: try object.optionalString("owner"),
                action: try object.string("action"), by: try object.optionalString("by"))
        case "subOpened": self = .subscriptionOpened(try Subscription(stored: try part("sub")))
        case "subTriggered": self = .subscriptionTriggered(SubscriptionKey(try key()))
        case "subClosed": self = .subscriptionClosed(SubscriptionKey(try key()))
        case "messageSent":
            guard case .context(let variables)? = try object.value("v") else { throw object.fail("v", "variables") }
            self = .messageSent(name: try object.string("n"), variables: variables, element: try element())
        case "signal": self = .signalThrown(name: try object.string("n"), element: try element())
        case "escalation": self = .escalationThrown(code: try object.string("code"), element: try element())
        case "incident": self = .incidentRaised(try Incident(stored: try part("inc")))
        case "resolved": self = .incidentResolved(IncidentKey(try key()))
        case "instanceCompleted": self = .processInstanceCompleted(try object.reference("p"))
        case "instanceCancelled": self = .processInstanceCancelled(try object.reference("p"))
        case let other: throw StoredStateError("\(object.path).t: unknown event '\(other)'")
        }
    }
}
