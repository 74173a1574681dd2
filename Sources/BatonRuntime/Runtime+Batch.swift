public import BatonEngine
import Foundation

extension Runtime {
    /// Applies many commands and saves every instance they changed with one
    /// ``ProcessStore/saveBatch(_:)``: one transaction (one commit, one fsync) for all on
    /// the SQLite store, which is what lets a worker complete a fetched batch of tasks
    /// quickly while every result is on disk when acknowledged.
    ///
    /// Commands on the same instance apply in order to one state and are saved together.
    /// Each command's result is in the commands' order: the instance's new state, or why
    /// it failed. A command the engine refuses changes nothing (the instance's other
    /// commands still apply); a save that fails (someone else changed the instance since
    /// it was read) fails every command of that instance.
    ///
    /// `known` holds instances the caller read already with ``stored(_:)`` (a worker's
    /// fetch, say): they are used instead of reading them again; if one changed since, its save fails with
    /// ``StoreError/conflict(_:)`` like any outdated read.
    public func executeBatch(
        _ commands: [(command: EngineCommand, instance: ProcessInstanceID)], known: [ProcessInstanceID: StoredInstance] = [:]
    ) -> [Result<ProcessInstanceState, BatchCommandError>] {
        var results = [Result<ProcessInstanceState, BatchCommandError>](repeating: .failure(.refused("not run")), count: commands.count)
        var order: [ProcessInstanceID] = []
        var byInstance: [ProcessInstanceID: [Int]] = [:]
        for (index, entry) in commands.enumerated() {
            if byInstance[entry.instance] == nil { order.append(entry.instance) }
            byInstance[entry.instance, default: []].append(index)
        }
        var requests: [SaveRequest] = []
        var savedCommands: [[Int]] = []
        // The states as run (sensitive values open), beside the sealed ones saved.
        var states: [ProcessInstanceState] = []
        var eventsOf: [[EngineEvent]] = []
        var dueTypes = Set<String>()
        let now = clock.now()
        for id in order {
            let indices = byInstance[id] ?? []
            let stored: StoredInstance
            if let cached = known[id] {
                stored = cached
            } else {
                // Sensitive variables opened, as for every command.
                do { stored = try self.stored(id) } catch {
                    for index in indices { results[index] = .failure(.refused(error.message)) }
                    continue
                }
            }
            var state = stored.state
            var events: [EngineEvent] = []
            var applied: [Int] = []
            for index in indices {
                do {
                    let produced = try engine.execute(commands[index].command, on: &state)
                    events += produced
                    applied.append(index)
                    dueTypes.formUnion(JobSignal.dueTypes(of: produced, command: commands[index].command, in: state))
                } catch {
                    results[index] = .failure(.refused(error.message))
                }
            }
            guard !applied.isEmpty else { continue }
            let sealed: (ProcessInstanceState, [EngineEvent])
            do {
                try runJobsInStep(&state, events: &events)
                sealed = try sealedForStorage(state, events)
            } catch {
                for index in applied { results[index] = .failure(.refused(error.message)) }
                continue
            }
            requests.append(SaveRequest(state: sealed.0, expectedRevision: stored.revision, history: sealed.1, at: now))
            states.append(state)
            eventsOf.append(events)
            savedCommands.append(applied)
        }
        guard !requests.isEmpty else { return results }
        var anySaved = false
        var saved: [Int] = []
        for (position, outcome) in store.saveBatch(requests).enumerated() {
            let result: Result<ProcessInstanceState, BatchCommandError>
            switch outcome {
            case .success:
                result = .success(states[position])
                anySaved = true
                EngineMetrics.shared.record(requests[position].history)
                saved.append(position)
            case .failure(let error):
                result = .failure(.store(error))
            }
            for index in savedCommands[position] { results[index] = result }
        }
        if anySaved { JobSignal.shared.post(types: dueTypes) }
        for position in saved {
            let delivered = deliverBufferedMessages(to: states[position], events: eventsOf[position])
            for index in savedCommands[position] { results[index] = .success(delivered) }
        }
        return results
    }
}

/// Why one command of ``Runtime/executeBatch(_:)`` failed.
public enum BatchCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The engine refused the command (or its instance does not exist); nothing changed.
    case refused(String)
    /// The instance could not be read or saved: ``StoreError/conflict(_:)`` when someone
    /// else changed it since it was read (try again).
    case store(StoreError)

    public var description: String {
        switch self {
        case .refused(let message): message
        case .store(let error): error.description
        }
    }
}
