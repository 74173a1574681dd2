public import BatonEngine
public import BatonFEEL

/// What publishing a message did.
public enum PublishOutcome: Hashable, Sendable {
    /// Delivered to these instances (or, for a message that starts a process, the
    /// instances it started).
    case delivered([ProcessInstanceID])
    /// A message with the same id was processed before: acknowledged, nothing done.
    case duplicate
    /// Nobody waited; kept until `expiresAt` for the first matching catch event to open.
    case buffered(expiresAt: EngineInstant)
}

extension Runtime {
    /// How long a processed message id is remembered (at least: longer when its message
    /// lives longer), so a sender's retry within that time is not delivered twice.
    public static let messageIDRetentionMilliseconds: Int64 = 24 * 3_600_000

    /// Publishes a message: delivers it as ``correlate(message:correlationKey:businessKey:variables:)``
    /// does. With a `messageId`, a repeat of an id processed before is ``PublishOutcome/duplicate``.
    /// With a `timeToLive` (milliseconds) and no instance waiting, the message is buffered
    /// and delivered to the first instance whose matching catch event opens before it
    /// expires; without one, nobody waiting is an error (not found), as for correlate.
    ///
    /// Needs a store that is a ``MessageStore`` for ids and time to live.
    public func publish(
        message name: String, correlationKey: String? = nil, businessKey: String? = nil, variables: FEELContext = FEELContext(), messageId: String? = nil,
        timeToLive: Int64? = nil
    ) throws(RuntimeError) -> PublishOutcome {
        let messages = store as? any MessageStore
        if (messageId != nil || timeToLive != nil) && messages == nil {
            throw RuntimeError("this store keeps no message ids or buffered messages", kind: .invalid)
        }
        let now = clock.now()
        if let messageId, let messages {
            let keepUntil = now.advanced(byMilliseconds: max(Self.messageIDRetentionMilliseconds, timeToLive ?? 0))
            guard try Self.storeCall({ () throws(StoreError) in try messages.claimMessageID(messageId, at: now, keepUntil: keepUntil) }) else {
                return .duplicate
            }
        }
        do {
            let waiting = try Self.storeCall { () throws(StoreError) in
                try store.instancesWaiting(forMessage: name, correlationKey: correlationKey, businessKey: businessKey)
            }
            if waiting.isEmpty, startsByMessage(name) {
                // A message that starts a process is never buffered: it starts one now.
                return .delivered(try startByMessage(name, businessKey: businessKey, variables: variables).map(\.id))
            }
            if waiting.isEmpty, let timeToLive, timeToLive > 0, let messages {
                let expiresAt = now.advanced(byMilliseconds: timeToLive)
                let message = BufferedMessage(name: name, correlationKey: correlationKey, businessKey: businessKey, variables: variables, expiresAt: expiresAt)
                let key = try Self.storeCall { () throws(StoreError) in try messages.bufferMessage(message) }
                // An instance that opened a matching catch event after the look above, but
                // before the message was buffered, did not see it: look once more.
                let late = try Self.storeCall { () throws(StoreError) in
                    try store.instancesWaiting(forMessage: name, correlationKey: correlationKey, businessKey: businessKey)
                }
                guard !late.isEmpty, try Self.storeCall({ () throws(StoreError) in try messages.takeBufferedMessage(key) }) else {
                    return .buffered(expiresAt: expiresAt)
                }
            }
            return .delivered(try correlate(message: name, correlationKey: correlationKey, businessKey: businessKey, variables: variables))
        } catch {
            // Not processed: a retry of the same id must be tried again.
            if let messageId, let messages { _ = try? messages.forgetMessageID(messageId) }
            throw error
        }
    }

    /// After a save that opened message subscriptions: delivers buffered messages that
    /// match the instance's open message subscriptions, one after another, each taken
    /// from the buffer first (so only one instance gets it). Failures leave the instance
    /// as saved; a message whose delivery failed goes back to the buffer. Returns the
    /// instance as it is then.
    @discardableResult
    func deliverBufferedMessages(to saved: ProcessInstanceState, events: [EngineEvent]) -> ProcessInstanceState {
        guard let messages = store as? any MessageStore else { return saved }
        let opened = events.contains { event in
            if case .subscriptionOpened(let subscription) = event, case .message = subscription.trigger { return true }
            return false
        }
        guard opened else { return saved }
        var state = saved
        // Bounded: each round consumes a buffered message.
        for _ in 0..<100 {
            let subscriptions = state.subscriptions.values.sorted { $0.key < $1.key }
            let names = Set(subscriptions.compactMap { subscription -> String? in
                if case .message(let name, _) = subscription.trigger { return name }
                return nil
            })
            guard !names.isEmpty, let buffered = try? messages.bufferedMessages(named: names, at: clock.now()) else { return state }
            var match: (message: BufferedMessage, correlationKey: String?)?
            search: for subscription in subscriptions {
                for message in buffered where message.matches(subscription.trigger, businessKey: state.businessKey) {
                    guard case .message(_, let key) = subscription.trigger else { continue }
                    match = (message, key)
                    break search
                }
            }
            guard let match else { return state }
            // Taken by another instance meanwhile: look again.
            guard (try? messages.takeBufferedMessage(match.message.key)) == true else { continue }
            let command = EngineCommand.correlateMessage(name: match.message.name, correlationKey: match.correlationKey, variables: match.message.variables)
            do {
                state = try execute([command], on: try stored(state.id), deliveringBuffered: false)
            } catch {
                var back = match.message
                back.key = 0
                _ = try? messages.bufferMessage(back)
                return state
            }
        }
        return state
    }
}
