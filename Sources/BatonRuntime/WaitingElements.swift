public import BatonEngine
public import BatonModel

extension ProcessInstanceState {
    /// The elements waiting for something outside the engine (a job, a user task, an
    /// event, a called process), in the order they were entered: where `baton instance`
    /// and the HTTP API say the instance waits.
    public var waitingElements: [ElementID] {
        elements.values.filter { $0.state == .active && $0.waitingFor != nil && $0.waitingFor != .content }.sorted { $0.key < $1.key }.map(\.element)
    }
}
