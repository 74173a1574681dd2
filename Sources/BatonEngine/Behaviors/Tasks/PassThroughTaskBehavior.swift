import BatonModel
/// `task` and `manualTask`: nothing for the engine to do; the token passes through.
struct PassThroughTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }
}
