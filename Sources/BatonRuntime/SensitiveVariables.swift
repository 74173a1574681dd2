public import BatonEngine
import BatonFEEL
import BatonModel

/// Sensitive variables (`baton:sensitive="true"` on a data object, `sensitive="true"` on a
/// form field): sealed with ``VariableSealer`` whenever an instance is stored, opened when
/// it is loaded to run, and masked wherever they are shown.
extension Runtime {
    /// The sensitive variable names a process declares, in any of its scopes.
    static func sensitiveNames(of process: ExecutableProcess) -> Set<String> {
        var names: Set<String> = []
        func collect(_ scope: FlowScope) {
            for object in scope.dataObjects where object.sensitive { names.insert(object.variableName) }
            for node in scope.flowNodes {
                for field in node.extensions.formFields where field.sensitive { names.insert(field.id) }
                if let inner = node.innerScope { collect(inner) }
            }
        }
        collect(process.definition.scope)
        return names
    }

    /// The sensitive variable names of the processes an instance runs (its own and called
    /// ones).
    public func sensitiveNames(of state: ProcessInstanceState) -> Set<String> {
        guard !sensitiveByProcess.isEmpty else { return [] }
        var names: Set<String> = []
        for reference in state.definitions { names.formUnion(sensitiveByProcess[reference] ?? []) }
        return names
    }

    /// `state` and `events` as they are stored: sensitive values sealed. Without a key,
    /// an instance holding a sensitive value is refused rather than stored in clear.
    func sealedForStorage(_ state: ProcessInstanceState, _ events: [EngineEvent]) throws(RuntimeError) -> (ProcessInstanceState, [EngineEvent]) {
        let names = sensitiveNames(of: state)
        guard !names.isEmpty else { return (state, events) }
        let transform: (String, FEELValue) throws(RuntimeError) -> FEELValue = { name, value throws(RuntimeError) in
            guard value != .null, !VariableSealer.isSealed(value) else { return value }
            guard let sealer else {
                throw RuntimeError(
                    "instance '\(state.id)' holds sensitive variable '\(name)'; set \(VariableSealer.environmentVariable) (a 32-byte key) so it is stored encrypted")
            }
            return try sealer.seal(value, name: name, instance: state.id)
        }
        return (try Self.rewrite(state, names: names, transform), try Self.rewrite(events, names: names, transform))
    }

    /// A stored state with its sensitive values opened, to run commands on.
    func unsealedFromStorage(_ state: ProcessInstanceState) throws(RuntimeError) -> ProcessInstanceState {
        let names = sensitiveNames(of: state)
        guard !names.isEmpty else { return state }
        return try Self.rewrite(state, names: names) { name, value throws(RuntimeError) in
            guard VariableSealer.isSealed(value) else { return value }
            guard let sealer else {
                throw RuntimeError("instance '\(state.id)' holds sensitive variable '\(name)', encrypted; set \(VariableSealer.environmentVariable) to work on it")
            }
            return try sealer.unseal(value, name: name, instance: state.id)
        }
    }

    /// `state` with every sensitive value shown as `****`: for listings and views.
    public func masked(_ state: ProcessInstanceState) -> ProcessInstanceState {
        let names = sensitiveNames(of: state)
        guard !names.isEmpty else { return state }
        return (try? Self.rewrite(state, names: names) { _, value in value == .null ? value : .string(VariableSealer.mask) }) ?? state
    }

    /// A stored instance for display: read without the key, sensitive values masked.
    public func maskedInstance(_ id: ProcessInstanceID) throws(RuntimeError) -> ProcessInstanceState {
        masked(try storedAsWritten(id).state)
    }

    /// History entries with sealed values shown as `****`.
    public static func masked(_ entries: [HistoryEntry]) -> [HistoryEntry] {
        entries.map { entry in
            var entry = entry
            entry.event = (try? rewrite([entry.event], names: nil) { _, value in VariableSealer.isSealed(value) ? .string(VariableSealer.mask) : value })?.first ?? entry.event
            return entry
        }
    }

    // MARK: Rewriting values

    private static func rewrite(
        _ state: ProcessInstanceState, names: Set<String>, _ transform: (String, FEELValue) throws(RuntimeError) -> FEELValue
    ) throws(RuntimeError) -> ProcessInstanceState {
        var state = state
        for (key, element) in state.elements {
            guard let variables = element.variables, variables.keys.contains(where: names.contains) else { continue }
            state.elements[key]?.variables = try rewrite(variables, names: names, transform)
        }
        return state
    }

    private static func rewrite(
        _ events: [EngineEvent], names: Set<String>?, _ transform: (String, FEELValue) throws(RuntimeError) -> FEELValue
    ) throws(RuntimeError) -> [EngineEvent] {
        var result = events
        for (index, event) in events.enumerated() {
            switch event {
            case .variableSet(let scope, let name, let value, let previous) where names?.contains(name) ?? true:
                result[index] = .variableSet(scope: scope, name: name, value: try transform(name, value), previous: try previous.map { v throws(RuntimeError) in try transform(name, v) })
            case .messageSent(let name, let variables, let element):
                result[index] = .messageSent(name: name, variables: try rewrite(variables, names: names, transform), element: element)
            default:
                continue
            }
        }
        return result
    }

    private static func rewrite(
        _ context: FEELContext, names: Set<String>?, _ transform: (String, FEELValue) throws(RuntimeError) -> FEELValue
    ) throws(RuntimeError) -> FEELContext {
        var context = context
        for name in context.keys where names?.contains(name) ?? true {
            if let value = context[name] { context[name] = try transform(name, value) }
        }
        return context
    }
}
