import BatonFEEL
import BatonModel

/// The stored form of an instance, written and read by hand: stores save one on every
/// command, and Foundation's generic `JSONEncoder` costs several times the engine's own
/// work for it. The text is compact JSON (short keys, values JSON can hold written as
/// JSON, other FEEL values as `=` literals), and reading it back gives an equal state.
///
/// ```swift
/// let bytes = state.storedBytes
/// let same = try ProcessInstanceState(storedBytes: bytes)
/// ```
extension ProcessInstanceState {
    /// The state as compact JSON.
    public var storedBytes: [UInt8] {
        var out = StoredJSONWriter()
        out.open()
        out.field("id", id.rawValue)
        out.field("bk", businessKey)
        out.field("p", process)
        out.field("st", status.rawValue)
        out.key("defs"); out.array(definitions) { $0.write($1) }
        out.field("root", rootKey.rawValue)
        out.field("next", nextKey)
        out.field("start", startedAt.millisecondsSinceEpoch)
        out.field("end", endedAt?.millisecondsSinceEpoch)
        out.key("el"); out.array(elements.values.sorted { $0.key < $1.key }) { $0.write($1) }
        if !jobs.isEmpty { out.key("jobs"); out.array(jobs.values.sorted { $0.key < $1.key }) { $0.write($1) } }
        if !userTasks.isEmpty { out.key("tasks"); out.array(userTasks.values.sorted { $0.key < $1.key }) { $0.write($1) } }
        if !subscriptions.isEmpty { out.key("subs"); out.array(subscriptions.values.sorted { $0.key < $1.key }) { $0.write($1) } }
        if !incidents.isEmpty { out.key("inc"); out.array(incidents.values.sorted { $0.key < $1.key }) { $0.write($1) } }
        if !pendingSteps.isEmpty {
            out.key("pend")
            out.array(pendingSteps) { writer, step in
                switch step {
                case .activate(let key): writer.raw("[\"a\",\(key.rawValue)]")
                case .complete(let key): writer.raw("[\"c\",\(key.rawValue)]")
                }
            }
        }
        if !inclusiveJoinScopes.isEmpty { out.key("ij"); out.array(inclusiveJoinScopes.sorted()) { $0.raw(String($1.rawValue)) } }
        out.close()
        return out.bytes
    }

    /// Reads what ``storedBytes`` wrote.
    public init(storedBytes: [UInt8]) throws(StoredStateError) {
        let root: StoredObject
        do {
            guard case .context(let context) = try FEELValue(json: String(decoding: storedBytes, as: UTF8.self)) else {
                throw StoredStateError("the stored state is not a JSON object")
            }
            root = StoredObject(context, path: "state")
        } catch let error as StoredStateError {
            throw error
        } catch {
            throw StoredStateError("the stored state is not JSON: \(error)")
        }
        self.init(id: ProcessInstanceID(try root.string("id")), businessKey: try root.optionalString("bk"), process: try root.reference("p"), now: EngineInstant(millisecondsSinceEpoch: try root.int64("start")))
        guard let parsedStatus = Status(rawValue: try root.string("st")) else { throw StoredStateError("state.st: unknown status") }
        status = parsedStatus
        definitions = try root.list("defs").enumerated().map { (index, value) throws(StoredStateError) in try StoredObject.reference(value, path: "state.defs[\(index)]") }
        rootKey = ElementInstanceKey(try root.int("root"))
        nextKey = try root.int("next")
        endedAt = try root.optionalInt64("end").map { EngineInstant(millisecondsSinceEpoch: $0) }
        for object in try root.objects("el", allowEmpty: false) {
            let element = try ElementInstance(stored: object)
            elements[element.key] = element
        }
        for object in try root.objects("jobs") { let job = try Job(stored: object); jobs[job.key] = job }
        for object in try root.objects("tasks") { let task = try UserTask(stored: object); userTasks[task.key] = task }
        for object in try root.objects("subs") { let subscription = try Subscription(stored: object); subscriptions[subscription.key] = subscription }
        for object in try root.objects("inc") { let incident = try Incident(stored: object); incidents[incident.key] = incident }
        for (index, value) in try root.list("pend").enumerated() {
            guard case .list(let pair) = value, pair.count == 2, case .string(let kind) = pair[0], let key = StoredObject.int(pair[1]) else {
                throw StoredStateError("state.pend[\(index)]: expected [\"a\" or \"c\", key]")
            }
            pendingSteps.append(kind == "a" ? .activate(ElementInstanceKey(key)) : .complete(ElementInstanceKey(key)))
        }
        inclusiveJoinScopes = Set(try root.list("ij").compactMap { StoredObject.int($0).map { ElementInstanceKey($0) } })
    }
}

/// Why stored state could not be read.
public struct StoredStateError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
