import BatonModel
import BatonFEEL

/// `scriptTask`: evaluates its FEEL script; the result goes to `baton:resultVariable`
/// (or `zeebe:script resultVariable`). A script that fails (unknown variable, type
/// mismatch) raises an incident.
struct ScriptTaskBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        guard let script = node.script else { throw ElementFailure("\(node.node.displayName) has no script", location: node.node.location) }
        let value = try execution.evaluate(script, at: key, role: "script")
        if let name = node.node.extensions.resultVariable {
            execution.applyResult(FEELContext([(name, value)]), of: node, at: key)
        }
        return .completed
    }
}
