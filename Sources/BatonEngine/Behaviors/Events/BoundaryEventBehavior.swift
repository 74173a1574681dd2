/// `boundaryEvent`: entered by the interpreter when its event happens on the activity it
/// is attached to (see `Execution+Subscriptions.swift` and `Execution+Errors.swift`);
/// its token then leaves on its outgoing flows.
struct BoundaryEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }
}
