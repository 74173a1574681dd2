import BatonModel
/// `businessRuleTask` without a decision or connector: its rule is written in FEEL as
/// output mappings (`baton:output name="discount" value="=if amount > 1000 then 0.1 else 0"`),
/// applied when it completes. With a decision reference or a connector it runs as a job
/// (``JobWorkerBehavior``) until DMN decisions are evaluated in the engine.
struct BusinessRuleTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        .completed
    }
}
