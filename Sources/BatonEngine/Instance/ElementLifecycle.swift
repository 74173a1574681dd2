import BatonModel
/// The states an element instance passes through, and which moves between them are
/// allowed: the lifecycle every behaviour follows.
///
/// | from         | to           | when                                                        |
/// |--------------|--------------|-------------------------------------------------------------|
/// | (new)        | activating   | a token arrives (or a scope starts)                         |
/// | activating   | active       | input mappings applied and the behaviour started its work   |
/// | active       | completing   | the work is done (job completed, task completed, scope empty) |
/// | activating   | completing   | the behaviour finished at once (script, gateway, pass-through) |
/// | completing   | completed    | output mappings applied; the token leaves on its flows      |
/// | active       | activating   | a job failed with no retries left or threw an uncaught BPMN error: the incident's resolution activates the element again |
/// | activating, active, completing | terminating | the instance, its scope or a terminate end event cancels it |
/// | terminating  | terminated   | its children, job, task and subscriptions are cancelled     |
///
/// An incident stops an element in `activating` or `completing`; resolving the incident
/// repeats that step. Completed and terminated element instances leave the state.
public enum ElementLifecycle {
    /// Where an element instance is in its lifecycle.
    public enum State: String, Hashable, Sendable, Codable {
        case activating, active, completing, completed, terminating, terminated
    }

    /// True when the table above allows the move.
    public static func canMove(from: State, to: State) -> Bool {
        switch (from, to) {
        case (.activating, .active), (.activating, .completing), (.active, .completing), (.active, .activating), (.completing, .completed),
            (.activating, .terminating), (.active, .terminating), (.completing, .terminating), (.terminating, .terminated):
            true
        default:
            false
        }
    }
}
