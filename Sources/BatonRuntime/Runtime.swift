public import BatonEngine
public import BatonFEEL
public import BatonModel
import BatonXML
import Foundation

/// The durable engine: the interpreter driven against a ``ProcessStore``. Every command
/// loads the instance, runs it to its next wait states, and saves the new state with its
/// history in one transaction; nothing is acknowledged before it is stored.
///
/// ```swift
/// var runtime = try Runtime(store: SQLiteStore(path: "baton.sqlite"))
/// try runtime.deploy(file: "order.bpmn")
/// let instance = try runtime.start(processID: "order", variables: ["amount": .number(1200)])
/// ```
public struct Runtime: Sendable {
    public let store: any ProcessStore
    public let clock: any EngineClock
    /// The interpreter, with every stored deployment compiled.
    public private(set) var engine: ProcessEngine
    private var deploymentCount: Int
    private var knownHashes: Set<String>
    /// Handlers by job type (see `Runtime+Jobs.swift`).
    var handlers: [String: JobHandler] = [:]
    /// Step handlers by connector, then operation ("" for any; see `StepHandlers.swift`).
    var stepHandlers: [String: [String: StepHandler]] = [:]
    /// Encrypts sensitive variables at rest; from `BATON_ENCRYPTION_KEY` unless set.
    public var sealer: VariableSealer?
    /// The sensitive variable names of each deployed process that declares any.
    var sensitiveByProcess: [ProcessReference: Set<String>] = [:]
    /// Retry policies from the bindings, by connector, then operation.
    var retryPolicies: [String: [String: ConnectorRetryPolicy]] = [:]
    /// Whether any deployed process has a task marked `baton:async="false"`.
    private(set) var hasInStepTasks = false

    /// Opens the runtime on `store`, compiling every stored deployment.
    public init(store: any ProcessStore, clock: any EngineClock = SystemClock()) throws(RuntimeError) {
        self.store = store
        self.clock = clock
        var repository = ProcessRepository()
        let deployments = try Self.storeCall { () throws(StoreError) in try store.deployments() }
        for deployment in deployments {
            let loaded: LoadedDefinitions
            do { loaded = try BPMNLoader().load(bytes: Array(deployment.xml.utf8), sourceName: deployment.fileName) } catch {
                throw RuntimeError("stored deployment \(deployment.id) (\(deployment.fileName)) cannot be read: \(error)")
            }
            do { try repository.deploy(loaded.definitions) } catch {
                throw RuntimeError("stored deployment \(deployment.id) (\(deployment.fileName)) cannot be compiled: \(error)")
            }
        }
        engine = ProcessEngine(repository: repository, clock: clock)
        deploymentCount = deployments.count
        knownHashes = Set(deployments.map(\.sha256))
        let processes = deployments.flatMap(\.processes).compactMap { repository.process($0.id, version: $0.version) }
        hasInStepTasks = processes.contains(where: Self.runsTasksInStep)
        for process in processes { remember(sensitiveNamesOf: process) }
        sealer = try VariableSealer.fromEnvironment()
    }

    /// Remembers the sensitive variables `process` declares.
    private mutating func remember(sensitiveNamesOf process: ExecutableProcess) {
        let names = Self.sensitiveNames(of: process)
        if !names.isEmpty { sensitiveByProcess[ProcessReference(id: process.id, version: process.version)] = names }
    }

    /// Whether `process` has a task marked `baton:async="false"`.
    private static func runsTasksInStep(_ process: ExecutableProcess) -> Bool {
        process.definition.allFlowNodes.contains { $0.extensions.runsInStep }
    }

    // MARK: Deploying

    /// What deploying a file did.
    public enum DeployOutcome: Hashable, Sendable {
        /// New versions of these processes.
        case deployed([ProcessReference])
        /// The same text was deployed before: nothing changed.
        case unchanged
    }

    /// Validates and deploys a BPMN file: each of its executable processes gets a new
    /// version, unless this exact text was deployed before. A file with errors is refused
    /// with its diagnostics.
    @discardableResult
    public mutating func deploy(file path: String) throws(RuntimeError) -> DeployOutcome {
        guard let data = FileManager.default.contents(atPath: path) else { throw RuntimeError("\(path): cannot read the file") }
        return try deploy(xml: String(decoding: data, as: UTF8.self), fileName: path)
    }

    /// Deploys BPMN text; `fileName` names it in diagnostics and listings.
    @discardableResult
    public mutating func deploy(xml: String, fileName: String) throws(RuntimeError) -> DeployOutcome {
        let hash = SHA256Digest.hex(Array(xml.utf8))
        if knownHashes.contains(hash) { return .unchanged }
        let loaded: LoadedDefinitions
        do { loaded = try BPMNLoader().load(bytes: Array(xml.utf8), sourceName: fileName) } catch {
            throw RuntimeError(error.diagnostic.description, kind: .invalid)
        }
        guard loaded.isValid else {
            throw RuntimeError(loaded.errors.map(\.description).joined(separator: "\n") + "\n\(fileName): not deployed: the model has errors", kind: .invalid)
        }
        guard !loaded.definitions.executableProcesses.isEmpty else {
            throw RuntimeError("\(fileName): not deployed: no executable process (isExecutable=\"true\")", kind: .invalid)
        }
        var repository = engine.repository
        let compiled: [ExecutableProcess]
        do { compiled = try repository.deploy(loaded.definitions) } catch { throw RuntimeError("\(fileName): \(error)") }
        let references = compiled.map { ProcessReference(id: $0.id, version: $0.version) }
        let record = DeploymentRecord(
            id: deploymentCount + 1, fileName: fileName, xml: xml, sha256: hash, processes: references, deployedAt: clock.now())
        try Self.storeCall { () throws(StoreError) in try store.addDeployment(record) }
        engine.repository = repository
        try scheduleTimerStarts(of: compiled, deployedAt: record.deployedAt)
        hasInStepTasks = hasInStepTasks || compiled.contains(where: Self.runsTasksInStep)
        for process in compiled { remember(sensitiveNamesOf: process) }
        deploymentCount += 1
        knownHashes.insert(hash)
        return .deployed(references)
    }

    /// The latest version of every deployed process.
    public var latestProcesses: [ExecutableProcess] {
        engine.repository.processIDs.compactMap { engine.repository.latest($0) }
    }

    // MARK: Instances

    /// Starts an instance of the latest version of `processID` and stores it. With a
    /// `startedBy` user, the process's `baton:starterGroups` are checked first (see
    /// ``requireStarter(_:of:)``); without one (the local command line) they are not.
    @discardableResult
    public func start(
        processID: ElementID, id: ProcessInstanceID? = nil, businessKey: String? = nil, variables: FEELContext = FEELContext(),
        startedBy user: UserRecord? = nil
    ) throws(RuntimeError) -> ProcessInstanceState {
        try requireStarter(user, of: processID)
        let instanceID = id ?? ProcessInstanceID(UUID().uuidString.lowercased())
        var (state, events): (ProcessInstanceState, [EngineEvent])
        do { (state, events) = try engine.start(processID: processID, id: instanceID, businessKey: businessKey, variables: variables) } catch {
            throw RuntimeError(error.message, kind: error.message.hasPrefix("no deployed process") ? .notFound : .invalid)
        }
        return try commitStarted(state, events)
    }

    /// Saves a newly started instance (running the in-step jobs it reached first), then
    /// delivers buffered messages its open catch events match.
    func commitStarted(_ started: ProcessInstanceState, _ startEvents: [EngineEvent]) throws(RuntimeError) -> ProcessInstanceState {
        var (state, events) = (started, startEvents)
        try runJobsInStep(&state, events: &events)
        let (sealed, sealedEvents) = try sealedForStorage(state, events)
        try Self.storeCall { () throws(StoreError) in try store.save(sealed, expectedRevision: nil, history: sealedEvents, at: clock.now()) }
        JobSignal.shared.post(types: JobSignal.dueTypes(of: events, command: nil, in: state))
        EngineMetrics.shared.record(events)
        return deliverBufferedMessages(to: state, events: events)
    }

    /// Whether a deployed process (its latest version) starts with message `name`.
    public func startsByMessage(_ name: String) -> Bool {
        !engine.repository.startEvents { $0 == .message(name) }.isEmpty
    }

    /// Starts an instance of every deployed process (latest version) whose message start
    /// event waits for message `name`, at that event, with the message's variables and
    /// `businessKey`. Not found when no process starts with it.
    public func startByMessage(_ name: String, businessKey: String? = nil, variables: FEELContext = FEELContext()) throws(RuntimeError) -> [ProcessInstanceState] {
        let started: [(ProcessInstanceState, [EngineEvent])]
        do {
            started = try engine.startByMessage(name, makeID: { _ in ProcessInstanceID(UUID().uuidString.lowercased()) }, businessKey: businessKey, variables: variables)
        } catch {
            throw RuntimeError(error.message, kind: error.reason == .notCorrelated ? .notFound : .invalid)
        }
        var states: [ProcessInstanceState] = []
        for (state, events) in started { states.append(try commitStarted(state, events)) }
        return states
    }

    /// Refuses (403) a `user` who may not start `processID`: when its latest version names
    /// `baton:starterGroups`, only admins and members of one of those roles may. Nobody
    /// (`nil`: the local command line without `--user`) is not checked, and a process that
    /// names no starter groups may be started by anyone.
    public func requireStarter(_ user: UserRecord?, of processID: ElementID) throws(RuntimeError) {
        guard let user, let process = engine.repository.latest(processID) else { return }
        let groups = process.definition.extensions.starterGroups
        if groups.isEmpty || user.roles.contains(Directory.adminRole) || !Set(groups).isDisjoint(with: user.roles) { return }
        let has = user.roles.isEmpty ? "no roles" : user.roles.joined(separator: ", ")
        throw RuntimeError(
            "process '\(processID)' may be started by \(groups.joined(separator: ", ")) (baton:starterGroups) and admins; \(user.name) has \(has)",
            kind: .forbidden)
    }

    /// Applies a command to a stored instance and stores the result.
    @discardableResult
    public func execute(_ command: EngineCommand, on id: ProcessInstanceID) throws(RuntimeError) -> ProcessInstanceState {
        try execute(command, on: try stored(id))
    }

    /// An instance as stored, with its revision (sensitive variables opened).
    public func stored(_ id: ProcessInstanceID) throws(RuntimeError) -> StoredInstance {
        var stored = try storedAsWritten(id)
        stored.state = try unsealedFromStorage(stored.state)
        return stored
    }

    /// An instance exactly as the store holds it (sensitive variables sealed).
    public func storedAsWritten(_ id: ProcessInstanceID) throws(RuntimeError) -> StoredInstance {
        guard let stored = try Self.storeCall({ () throws(StoreError) in try store.instance(id) }) else {
            throw RuntimeError("no process instance '\(id)'", kind: .notFound)
        }
        return stored
    }

    /// Applies a command to an instance already read (saving checks it was not changed
    /// since).
    @discardableResult
    public func execute(_ command: EngineCommand, on stored: StoredInstance) throws(RuntimeError) -> ProcessInstanceState {
        try execute([command], on: stored, deliveringBuffered: true)
    }

    /// Applies commands in order to one state and stores the result once: all of them or,
    /// when the engine refuses one, none (a task resolved with variables, say); then
    /// delivers buffered messages to the message catch events they opened.
    @discardableResult
    public func execute(_ commands: [EngineCommand], on stored: StoredInstance) throws(RuntimeError) -> ProcessInstanceState {
        try execute(commands, on: stored, deliveringBuffered: true)
    }

    /// The commands applied to one state and saved once, then (when `deliveringBuffered`)
    /// buffered messages for the message catch events they opened.
    func execute(_ commands: [EngineCommand], on stored: StoredInstance, deliveringBuffered: Bool) throws(RuntimeError) -> ProcessInstanceState {
        var state = stored.state
        var events: [EngineEvent] = []
        for command in commands {
            do { events += try engine.execute(command, on: &state) } catch { throw RuntimeError(error) }
        }
        try runJobsInStep(&state, events: &events)
        let (sealed, sealedEvents) = try sealedForStorage(state, events)
        try Self.storeCall { () throws(StoreError) in try store.save(sealed, expectedRevision: stored.revision, history: sealedEvents, at: clock.now()) }
        let finalState = state, allEvents = events
        JobSignal.shared.post(types: commands.reduce(into: Set<String>()) { $0.formUnion(JobSignal.dueTypes(of: allEvents, command: $1, in: finalState)) })
        EngineMetrics.shared.record(events)
        return deliveringBuffered ? deliverBufferedMessages(to: state, events: events) : state
    }

    /// A stored instance's state.
    public func instance(_ id: ProcessInstanceID) throws(RuntimeError) -> ProcessInstanceState {
        try stored(id).state
    }

    /// Delivers a message to every instance waiting for it (by correlation key, or else
    /// business key). Returns the instances that received it; none is an error.
    @discardableResult
    public func correlate(message name: String, correlationKey: String? = nil, businessKey: String? = nil, variables: FEELContext = FEELContext()) throws(RuntimeError) -> [ProcessInstanceID] {
        let waiting = try Self.storeCall { () throws(StoreError) in
            try store.instancesWaiting(forMessage: name, correlationKey: correlationKey, businessKey: businessKey)
        }
        guard !waiting.isEmpty else {
            // Nobody waits: a process that starts with the message starts (Camunda's
            // correlate does the same), with the business key given.
            if startsByMessage(name) { return try startByMessage(name, businessKey: businessKey, variables: variables).map(\.id) }
            let key = correlationKey.map { " with correlation key '\($0)'" } ?? businessKey.map { " for business key '\($0)'" } ?? ""
            throw RuntimeError("no process instance waits for message '\(name)'\(key)", kind: .notFound)
        }
        for id in waiting {
            let state = try instance(id)
            let subscriptionKey = state.subscriptions.values.compactMap { subscription -> String?? in
                if case .message(name, let key) = subscription.trigger { return .some(key) }
                return nil
            }.first ?? nil
            try execute(.correlateMessage(name: name, correlationKey: subscriptionKey, variables: variables), on: id)
        }
        return waiting
    }

    /// Broadcasts a signal to every instance waiting for it.
    @discardableResult
    public func broadcast(signal name: String, variables: FEELContext = FEELContext()) throws(RuntimeError) -> [ProcessInstanceID] {
        let waiting = try Self.storeCall { () throws(StoreError) in try store.instancesWaiting(forSignal: name) }
        for id in waiting { try execute(.broadcastSignal(name: name, variables: variables), on: id) }
        return waiting
    }

    /// Fires every timer due now (those due while Baton was down included), timer start
    /// events too (``runDueTimerStarts(limit:)``). Returns how many fired.
    @discardableResult
    public func runDueTimers(limit: Int = 1000) throws(RuntimeError) -> Int {
        // Timer start events first: the instances they start may have timers of their own.
        var fired = try runDueTimerStarts(limit: limit).count
        let due = try Self.storeCall { () throws(StoreError) in try store.dueTimers(at: clock.now(), limit: limit) }
        for timer in due {
            do {
                try execute(.fireTimer(timer.subscription), on: timer.instance)
                fired += 1
            } catch {
                // Another command changed the instance since the timer was listed: skip it;
                // it is listed again if still due.
                continue
            }
        }
        return fired
    }

    /// The history of an instance.
    public func history(of id: ProcessInstanceID) throws(RuntimeError) -> [HistoryEntry] {
        try Self.storeCall { () throws(StoreError) in try store.history(of: id) }
    }

    /// Instances, newest first.
    public func instances(_ filter: InstanceFilter? = nil) throws(RuntimeError) -> [InstanceSummary] {
        try Self.storeCall { () throws(StoreError) in try store.instances(filter) }
    }

    /// Runs a store call, turning its error into a ``RuntimeError``.
    @discardableResult
    public static func storeCall<T>(_ body: () throws(StoreError) -> T) throws(RuntimeError) -> T {
        do { return try body() } catch {
            switch error {
            case .conflict, .duplicate: throw RuntimeError(error.description, kind: .conflict)
            case .unusable: throw RuntimeError(error.description)
            }
        }
    }
}

/// Why the runtime refused or failed: a sentence for people, and its kind for programs
/// (the HTTP API answers 404, 403, 409, 422 or 400 by it).
public struct RuntimeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: String, Hashable, Sendable {
        /// Something went wrong (a store failure, a broken deployment).
        case failed
        /// What was named does not exist (an instance, a process, a task).
        case notFound
        /// The user may not do this.
        case forbidden
        /// The thing is not in a state that allows it (a claimed task, a changed instance).
        case conflict
        /// The input is wrong (a bad variable, a model with errors, a form error).
        case invalid
    }

    public var message: String
    public var kind: Kind
    /// Each field's problem when a user task's form refused the values (the message lists
    /// them too); empty otherwise.
    public var fieldErrors: [FieldError]
    public init(_ message: String, kind: Kind = .failed, fieldErrors: [FieldError] = []) {
        self.message = message
        self.kind = kind
        self.fieldErrors = fieldErrors
    }
    public var description: String { message }

    /// The runtime error for an engine's command rejection.
    public init(_ rejection: CommandRejection) {
        switch rejection.reason {
        case .notFound, .notCorrelated: self.init(rejection.message, kind: .notFound)
        case .invalidState: self.init(rejection.message, kind: .conflict)
        case .invalidArgument: self.init(rejection.message, kind: .invalid, fieldErrors: rejection.fieldErrors)
        }
    }
}
