public import BatonFEEL

/// What publishing messages needs beside instances: the ids of messages already
/// processed (so a sender's retry is acknowledged, not delivered twice) and messages
/// buffered until an instance waits for them (a time to live). The SQLite store
/// implements it; a runtime on a store without it neither deduplicates nor buffers.
public protocol MessageStore: Sendable {
    /// Records `id` as processed until `keepUntil`, forgetting ids whose time is up.
    /// False (and nothing changes) when `id` is remembered already: a duplicate.
    func claimMessageID(_ id: String, at now: EngineInstant, keepUntil: EngineInstant) throws(StoreError) -> Bool
    /// Forgets `id` (its processing failed: a retry must not count as a duplicate).
    func forgetMessageID(_ id: String) throws(StoreError)
    /// Keeps `message` until it is taken or expires; returns its key.
    @discardableResult
    func bufferMessage(_ message: BufferedMessage) throws(StoreError) -> Int64
    /// The buffered, unexpired messages with one of `names`, oldest first (expired ones
    /// are removed).
    func bufferedMessages(named names: Set<String>, at now: EngineInstant) throws(StoreError) -> [BufferedMessage]
    /// Removes a buffered message for delivery; false when someone else took it first.
    func takeBufferedMessage(_ key: Int64) throws(StoreError) -> Bool
}

/// A message published with a time to live that no instance was waiting for: it waits
/// for a matching message catch event to open, until ``expiresAt``.
public struct BufferedMessage: Hashable, Sendable {
    /// The store's key (0 before it is stored).
    public var key: Int64
    public var name: String
    /// Matches a subscription with this correlation key.
    public var correlationKey: String?
    /// Without a correlation key: matches a subscription of an instance with this
    /// business key.
    public var businessKey: String?
    public var variables: FEELContext
    public var expiresAt: EngineInstant

    public init(key: Int64 = 0, name: String, correlationKey: String?, businessKey: String?, variables: FEELContext, expiresAt: EngineInstant) {
        self.key = key
        self.name = name
        self.correlationKey = correlationKey
        self.businessKey = businessKey
        self.variables = variables
        self.expiresAt = expiresAt
    }

    /// Whether this message is for `subscription` of an instance with `businessKey`: by
    /// correlation key when it has one, else by business key, else only subscriptions
    /// without a key (as correlating does).
    public func matches(_ trigger: Subscription.Trigger, businessKey instanceKey: String?) -> Bool {
        guard case .message(let wanted, let key) = trigger, wanted == name else { return false }
        if let correlationKey { return key == correlationKey }
        if let businessKey { return instanceKey == businessKey }
        return key == nil
    }
}
