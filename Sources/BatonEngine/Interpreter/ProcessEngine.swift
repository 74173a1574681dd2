public import BatonFEEL
public import BatonModel

/// Baton's interpreter: a pure state machine that turns an instance's state and a
/// command into a new state and the events that describe the change.
///
/// It does no I/O and reads time only from its ``EngineClock``. Each call runs the
/// instance until every token waits (for a person, a worker, a message, a timer) or the
/// instance ends; stores, the inbox, connectors and the HTTP API drive it.
///
/// ```swift
/// var repository = ProcessRepository()
/// try repository.deploy(definitions)
/// let engine = ProcessEngine(repository: repository, clock: SystemClock())
/// var (state, events) = try engine.start(processID: "order", id: "pi-1", variables: ["amount": .number(1200)])
/// for job in state.jobs.values {
///     events += try engine.execute(.completeJob(job.key, variables: ["salesOrderId": .string("SO-1")]), on: &state)
/// }
/// ```
public struct ProcessEngine: Sendable {
    public var repository: ProcessRepository
    public let clock: any EngineClock
    /// The most element activations one command may run before the engine stops with a
    /// step-limit incident (an endless loop without a wait state). The work left is kept
    /// and runs when the incident is resolved.
    public var stepLimit: Int

    public init(repository: ProcessRepository, clock: any EngineClock = SystemClock(), stepLimit: Int = 100_000) {
        self.repository = repository
        self.clock = clock
        self.stepLimit = stepLimit
    }

    /// Starts an instance of the latest (or the given) version of a process and runs it
    /// to its first wait states.
    /// `startEvent` picks the start event the token begins at (a message, timer or signal
    /// start event that happened); by default the none start event, else the first.
    public func start(
        processID: ElementID, version: Int? = nil, id: ProcessInstanceID, businessKey: String? = nil,
        variables: FEELContext = FEELContext(), startEvent: ElementID? = nil, stepLimit: Int? = nil
    ) throws(CommandRejection) -> (ProcessInstanceState, [EngineEvent]) {
        let found = version.map { repository.process(processID, version: $0) } ?? repository.latest(processID)
        guard let process = found else {
            let known = repository.processIDs.map(\.rawValue)
            let hint = Suggestion.hint(for: processID.rawValue, in: known)
            throw CommandRejection(.notFound, "no deployed process '\(processID)'\(version.map { " version \($0)" } ?? "")\(hint)")
        }
        let now = clock.now()
        let reference = ProcessReference(id: process.id, version: process.version)
        var state = ProcessInstanceState(id: id, businessKey: businessKey, process: reference, now: now)
        if let startEvent {
            guard let node = process.node(startEvent), node.behavior == .startEvent, node.scopeID == process.id else {
                let starts = process.startEvents.map(\.id.rawValue)
                throw CommandRejection(
                    .notFound, "process '\(process.id)' has no start event '\(startEvent)'\(Suggestion.hint(for: startEvent.rawValue, in: starts))")
            }
        }
        var root = ElementInstance(key: ElementInstanceKey(state.makeKey()), element: process.id, definition: 0, parent: nil, isProcessRoot: true)
        root.variables = variables
        root.triggeredBy = startEvent
        state.rootKey = root.key
        state.elements[root.key] = root
        var execution = Execution(engine: self, state: state, now: now, stepLimit: stepLimit ?? self.stepLimit)
        execution.events.append(.processInstanceStarted(reference, businessKey: businessKey))
        for (name, value) in variables.entries { execution.events.append(.variableSet(scope: root.key, name: name, value: value, previous: nil)) }
        execution.schedule(.activate(root.key))
        execution.run()
        return (execution.state, execution.events)
    }

    /// Starts an instance of every latest process version whose message start event
    /// waits for message `name`, each at that start event with the message's variables.
    /// Rejected when no deployed process starts with that message.
    public func startByMessage(
        _ name: String, makeID: (ExecutableProcess) -> ProcessInstanceID, businessKey: String? = nil, variables: FEELContext = FEELContext()
    ) throws(CommandRejection) -> [(ProcessInstanceState, [EngineEvent])] {
        let starts = repository.startEvents { $0 == .message(name) }
        guard !starts.isEmpty else { throw CommandRejection(.notCorrelated, "no deployed process starts with message '\(name)'") }
        var started: [(ProcessInstanceState, [EngineEvent])] = []
        for (process, event) in starts {
            started.append(try start(
                processID: process.id, version: process.version, id: makeID(process), businessKey: businessKey, variables: variables,
                startEvent: event.id))
        }
        return started
    }

    /// Applies `command` to `state` and runs the instance to its next wait states.
    /// Throws ``CommandRejection`` (leaving `state` unchanged) when the command does not
    /// apply: an unknown task, a finished instance, a message nobody waits for.
    @discardableResult
    public func execute(_ command: EngineCommand, on state: inout ProcessInstanceState, stepLimit: Int? = nil) throws(CommandRejection) -> [EngineEvent] {
        // The state moves into the execution and back, so its collections are never
        // shared while they change (a shared one would be copied whole on first write).
        var execution = Execution(engine: self, state: ProcessInstanceState.vacant, now: clock.now(), stepLimit: stepLimit ?? self.stepLimit)
        swap(&execution.state, &state)
        defer { swap(&execution.state, &state) }
        try execution.apply(command)
        execution.run()
        return execution.events
    }
}
