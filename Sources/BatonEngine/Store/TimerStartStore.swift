/// When each timer start event of the deployed processes fires next. The store keeps it,
/// so a restarted engine starts what came due while it was down (once per start event,
/// not once per missed repetition) and a cycle goes on from where it was. The SQLite
/// store implements it; a runtime on a store without it does not start processes by
/// timer.
public protocol TimerStartStore: Sendable {
    /// Replaces every schedule of `processID` (a version was deployed) with `schedules`.
    func replaceTimerStarts(of processID: String, with schedules: [TimerStartSchedule]) throws(StoreError)
    /// The schedules due at `now`, earliest first.
    func dueTimerStarts(at now: EngineInstant, limit: Int) throws(StoreError) -> [TimerStartSchedule]
    /// Moves a due schedule on to `next` (nil: it fired for the last time, and goes). False
    /// when it is no longer as `schedule` says (another engine moved it first): do not fire.
    func advanceTimerStart(_ schedule: TimerStartSchedule, to next: TimerStartSchedule?) throws(StoreError) -> Bool
}

/// One timer start event's next firing.
public struct TimerStartSchedule: Hashable, Sendable {
    public var processID: String
    /// The process version whose start event this is (the latest, when it was deployed).
    public var version: Int
    public var startEvent: String
    public var dueAt: EngineInstant
    /// When the timer's times are counted from: the moment the version was deployed.
    public var anchor: EngineInstant

    public init(processID: String, version: Int, startEvent: String, dueAt: EngineInstant, anchor: EngineInstant) {
        self.processID = processID
        self.version = version
        self.startEvent = startEvent
        self.dueAt = dueAt
        self.anchor = anchor
    }
}
