import BatonFEEL
import BatonModel

/// The body of a multi-instance or standard loop activity: it starts the activity's
/// instances (all at once, or one after another) and completes when they are done.
///
/// Multi-instance: the number of instances is `loopCardinality`, or the size of the
/// input collection (each instance gets its item in the input element variable). Every
/// instance has the local variable `loopCounter` (from 1); the body has
/// `nrOfInstances`, `nrOfCompletedInstances` and `nrOfActiveInstances`. The output
/// element of each instance is stored at its position in the output collection, which
/// leaves the body when it completes. When the completion condition is true after an
/// instance completes, the remaining instances are cancelled.
///
/// Standard loop: the activity runs, then repeats while `loopCondition` is true
/// (`testBefore` tests before each run, so it may run zero times), at most
/// `loopMaximum` times; `loopCounter` counts the runs.
struct LoopBodyBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        switch node.loop {
        case .multiInstance(let loop)?:
            try startMultiInstance(loop, node, key, &execution)
        case .standard(let loop)?:
            try startStandardLoop(loop, node, key, &execution)
        case nil:
            .completed
        }
    }

    func complete(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) {
        guard case .multiInstance(let loop)? = node.loop, let name = loop.outputCollection,
            let collection = execution.state.elements[key]?.variables?[name], let scope = execution.state.elements[key]?.parent
        else { return }
        execution.propagate(FEELContext([(name, collection)]), from: scope)
    }

    private func startMultiInstance(_ loop: CompiledMultiInstance, _ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        let count: Int
        if let cardinality = loop.cardinality {
            let value = try execution.evaluate(cardinality, at: key, role: "loop cardinality of \(node.node.displayName)")
            guard case .number(let number) = value, let whole = number.intValue, whole >= 0 else {
                throw ElementFailure("the loop cardinality of \(node.node.displayName) is \(value.literal), not a whole number of 0 or more", expression: cardinality)
            }
            count = whole
        } else if let collection = loop.inputCollection {
            let value = try execution.evaluate(collection, at: key, role: "input collection of \(node.node.displayName)")
            guard case .list(let items) = value else {
                throw ElementFailure("the input collection of \(node.node.displayName) is \(value.literal), not a list", expression: collection)
            }
            execution.state.elements[key]?.loopItems = items
            count = items.count
        } else {
            throw ElementFailure("multi-instance \(node.node.displayName) has neither a loop cardinality nor an input collection", location: node.node.location)
        }
        execution.setLocal("nrOfInstances", .number(FEELNumber(count)), at: key)
        execution.setLocal("nrOfCompletedInstances", .number(FEELNumber(0)), at: key)
        execution.setLocal("nrOfActiveInstances", .number(FEELNumber(0)), at: key)
        if let name = loop.outputCollection { execution.setLocal(name, .list(Array(repeating: .null, count: count)), at: key) }
        guard count > 0 else { return .completed }
        for index in 1...(loop.isSequential ? 1 : count) { execution.startLoopInstance(node, body: key, counter: index, inputElement: loop.inputElement) }
        return .waiting(.content)
    }

    private func startStandardLoop(_ loop: CompiledStandardLoop, _ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        execution.setLocal("loopCounter", .number(FEELNumber(0)), at: key)
        if loop.testBefore, let condition = loop.condition,
            !(try execution.evaluateCondition(condition, at: key, role: "loop condition of \(node.node.displayName)"))
        {
            return .completed
        }
        if loop.maximum == 0 { return .completed }
        execution.startLoopInstance(node, body: key, counter: 1, inputElement: nil)
        return .waiting(.content)
    }
}
