import BatonModel
/// `startEvent`: where a scope's token begins. A message or timer start event of a
/// process has already happened when the instance starts, so every start event passes
/// its token on.
struct StartEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }
}
