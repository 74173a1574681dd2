public import BatonEngine
import BatonFEEL
public import BatonModel

/// What starting one instance per line of a JSON Lines batch did: the instances started
/// and the lines that failed, each with why. A bad line never stops the rest.
public struct BatchStartReport: Hashable, Sendable {
    /// One line's outcome.
    public struct Item: Hashable, Sendable {
        /// 1-based line number in the batch.
        public var line: Int
        /// The started instance, or nil when the line failed.
        public var instance: ProcessInstanceID?
        /// Why the line failed (`3:14: invalid JSON: ...`, `no process 'x'`), or nil.
        public var error: String?
    }

    /// Every non-blank line, in order.
    public var items: [Item] = []
    public init() {}

    public var started: Int { items.count { $0.instance != nil } }
    public var failures: [Item] { items.filter { $0.error != nil } }
}

extension Runtime {
    /// Starts one instance of `processID` per line of `text` (JSON Lines). A line is either
    /// the variables as an object (`{"orderId": "O-1", "amount": 1200}`) or an envelope with
    /// only `variables` and `businessKey` keys (`{"businessKey": "O-1", "variables": {...}}`).
    /// Blank lines are skipped. Each instance is committed on its own; `progress` is told
    /// after each line (lines done, lines in all). With `startedBy`, each start checks the
    /// process's `baton:starterGroups` (call ``requireStarter(_:of:)`` first to refuse the
    /// whole batch at once).
    public func startBatch(
        processID: ElementID, jsonLines text: String, startedBy user: UserRecord? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> BatchStartReport {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let numbered = lines.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        var report = BatchStartReport()
        for (done, (index, line)) in numbered.enumerated() {
            var item = BatchStartReport.Item(line: index + 1)
            do {
                let (businessKey, variables) = try Self.batchLine(line, number: index + 1)
                item.instance = try start(processID: processID, businessKey: businessKey, variables: variables, startedBy: user).id
            } catch {
                item.error = error.message
            }
            report.items.append(item)
            progress(done + 1, numbered.count)
        }
        return report
    }

    /// The business key and variables of one batch line.
    static func batchLine(_ line: Substring, number: Int) throws(RuntimeError) -> (String?, FEELContext) {
        let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        let value: FEELValue
        do { value = try FEELValue(json: text) } catch {
            throw RuntimeError("\(number):\(error.offset + 1): invalid JSON: \(error.message)")
        }
        guard case .context(let object) = value else {
            throw RuntimeError("\(number):1: a line is a JSON object of variables (or {\"businessKey\": ..., \"variables\": {...}}), not \(value.typeName)")
        }
        let keys = Set(object.keys)
        guard keys.contains("variables"), keys.isSubset(of: ["variables", "businessKey"]) else { return (nil, object) }
        guard case .context(let variables)? = object["variables"] else {
            throw RuntimeError("\(number):1: \"variables\" must be a JSON object")
        }
        switch object["businessKey"] {
        case nil, .null?: return (nil, variables)
        case .string(let key)?: return (key, variables)
        case .number(let key)?: return (key.description, variables)
        default: throw RuntimeError("\(number):1: \"businessKey\" must be a string")
        }
    }
}
