import BatonModel
/// A number that names one thing inside a process instance: an element instance, a job,
/// a user task, a subscription or an incident.
///
/// Keys are handed out in increasing order by the instance itself, so a replay of the
/// same commands yields the same keys. The phantom `Tag` keeps a job key from being
/// passed where an element instance key is meant.
///
/// ```swift
/// let key: JobKey = state.jobs.keys.first!
/// try engine.execute(.completeJob(key, variables: ["ok": .boolean(true)]), on: &state)
/// ```
public struct EngineKey<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Tags for ``EngineKey``.
public enum ElementInstanceTag {}
public enum JobTag {}
public enum UserTaskTag {}
public enum SubscriptionTag {}
public enum IncidentTag {}

/// One activation of a flow node (or of a process or subprocess scope).
public typealias ElementInstanceKey = EngineKey<ElementInstanceTag>
/// A unit of work handed to a worker or connector (service tasks and the like).
public typealias JobKey = EngineKey<JobTag>
/// A task waiting for a person.
public typealias UserTaskKey = EngineKey<UserTaskTag>
/// A message, signal or timer an element waits for.
public typealias SubscriptionKey = EngineKey<SubscriptionTag>
/// A problem that stopped a token until someone resolves it.
public typealias IncidentKey = EngineKey<IncidentTag>

/// The id of a process instance, chosen by whoever starts it (a store, a test, `baton run`).
public struct ProcessInstanceID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
