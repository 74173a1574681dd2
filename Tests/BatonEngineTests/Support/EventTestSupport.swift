import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Helpers for the event and loop suites (`Events/`, `Loops/`).

/// Runs process `processID` of a document holding several processes (a parent and the
/// processes it calls) through a scenario given as JSON, with and without saving and
/// restoring the state after every command (see ``runScenario``).
func runProcess(
    _ document: String, processID: String = "p", scenario json: String = "{}", sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> ScenarioResult {
    let loaded = try loadDocument(document, sourceLocation: sourceLocation)
    return runScenario(loaded, try Scenario(json: json), processID: ElementID(processID), sourceLocation: sourceLocation)
}

/// `InstanceDriver.epoch` plus some hours (and minutes).
func instant(hours: Int, minutes: Int = 0) -> EngineInstant {
    InstanceDriver.epoch.advanced(byMilliseconds: Int64(hours * 60 + minutes) * 60_000)
}

extension InstanceDriver {
    /// Delivers message `name` (optionally with a correlation key and a payload).
    @discardableResult
    mutating func correlate(_ name: String, key: String? = nil, _ variables: FEELContext = FEELContext()) throws(CommandRejection) -> [EngineEvent] {
        try execute(.correlateMessage(name: name, correlationKey: key, variables: variables))
    }

    /// Broadcasts signal `name` to the instance.
    @discardableResult
    mutating func signal(_ name: String) throws(CommandRejection) -> [EngineEvent] {
        try execute(.broadcastSignal(name: name))
    }

    /// Throws a BPMN error from the open job of `element`.
    mutating func throwError(
        _ element: String, code: String, message: String? = nil, _ variables: FEELContext = FEELContext(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let open = try #require(job(element), "no open job '\(element)'", sourceLocation: sourceLocation)
        try execute(.throwJobError(open.key, errorCode: code, message: message, variables: variables))
    }

    /// Every open job of `element`, oldest first.
    func jobs(_ element: String) -> [Job] {
        state.jobs.values.filter { $0.element.rawValue == element }.sorted { $0.key < $1.key }
    }

    /// Every pending subscription of `element`, oldest first.
    func subscriptions(_ element: String) -> [Subscription] {
        state.subscriptions.values.filter { $0.element.rawValue == element }.sorted { $0.key < $1.key }
    }

    /// Every live element instance of `element`, oldest first.
    func instances(_ element: String) -> [ElementInstance] {
        state.elements.values.filter { $0.element.rawValue == element }.sorted { $0.key < $1.key }
    }

    /// How many events pass `matches`.
    func count(_ matches: (EngineEvent) -> Bool) -> Int { events.filter(matches).count }

    /// Jobs cancelled so far.
    var cancelledJobs: Int { count { if case .jobCancelled = $0 { true } else { false } } }

    /// User tasks cancelled so far.
    var cancelledUserTasks: Int { count { if case .userTaskCancelled = $0 { true } else { false } } }

    /// Element ids of the loop bodies that completed, in order.
    var loopsCompleted: [String] {
        events.compactMap { if case .loopCompleted(_, let id) = $0 { id.rawValue } else { nil } }
    }
}

extension ScenarioResult {
    /// Element ids of the loop bodies that completed, in order.
    var loopsCompleted: [String] {
        events.compactMap { if case .loopCompleted(_, let id) = $0 { id.rawValue } else { nil } }
    }

    /// Element ids terminated during the run, in order.
    var terminated: [String] {
        events.compactMap { if case .elementTerminated(_, let id) = $0 { id.rawValue } else { nil } }
    }
}
