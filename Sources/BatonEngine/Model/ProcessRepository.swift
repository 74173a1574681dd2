public import BatonModel

/// The deployed processes an engine can start and call, each id with its versions.
///
/// Deploying a file adds a new version of each of its processes; starting or calling a
/// process by id takes the latest version. Immutable: deploying returns a new repository.
///
/// ```swift
/// var repository = ProcessRepository()
/// let deployed = try repository.deploy(definitions)   // every executable process of the file
/// ```
public struct ProcessRepository: Sendable {
    private var versions: [ElementID: [ExecutableProcess]] = [:]

    public init() {}

    /// Compiles and adds every executable process of `definitions`, each as the next
    /// version of its id. Returns the new versions in document order.
    @discardableResult
    public mutating func deploy(_ definitions: Definitions) throws(EngineModelError) -> [ExecutableProcess] {
        var compiled: [ExecutableProcess] = []
        for process in definitions.executableProcesses {
            let version = (versions[process.id]?.count ?? 0) + 1
            compiled.append(try ExecutableProcess(process: process, in: definitions, version: version))
        }
        for process in compiled { versions[process.id, default: []].append(process) }
        return compiled
    }

    /// The latest version of the process with this id.
    public func latest(_ id: ElementID) -> ExecutableProcess? { versions[id]?.last }

    /// A given version of the process with this id.
    public func process(_ id: ElementID, version: Int) -> ExecutableProcess? {
        guard let all = versions[id], version >= 1, version <= all.count else { return nil }
        return all[version - 1]
    }

    /// The start events, over the latest version of every process, whose trigger
    /// passes `matches`: how a host finds what a message, signal or timer starts.
    public func startEvents(where matches: (StartTrigger) -> Bool) -> [(process: ExecutableProcess, event: FlowNode)] {
        var result: [(process: ExecutableProcess, event: FlowNode)] = []
        for id in processIDs {
            guard let process = latest(id) else { continue }
            for event in process.startEvents {
                if let trigger = process.trigger(of: event.id), matches(trigger) { result.append((process, event)) }
            }
        }
        return result
    }

    /// The ids of every deployed process, sorted.
    public var processIDs: [ElementID] { versions.keys.sorted() }
}

/// Which version of which process an instance (or called child) runs.
public struct ProcessReference: Hashable, Sendable, Codable, CustomStringConvertible {
    public var id: ElementID
    public var version: Int
    public init(id: ElementID, version: Int) {
        self.id = id
        self.version = version
    }
    public var description: String { "\(id) v\(version)" }
}
