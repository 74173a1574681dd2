import BatonModel

/// Walks a ``FEELNode`` tree and computes its value. Variables live in a stack of
/// scopes (the caller's variables at the bottom; `for` variables, context entries,
/// function parameters and filter items above). The first reason a null was produced is
/// kept in ``problem``.
/// One level of names above the caller's variables.
enum FEELScope {
    /// A context's entries (a context literal being built, function parameters, a closure).
    case context(FEELContext)
    /// One name bound to one value (`for x in ...`, `partial`).
    case binding(String, FEELValue)
    /// A filter item: `item`, and when the item is a context, its entries.
    case item(FEELValue)

    func lookup(_ name: String) -> FEELValue? {
        switch self {
        case .context(let context): return context[name]
        case .binding(let key, let value): return key == name ? value : nil
        case .item(let value):
            if case .context(let context) = value, let entry = context[name] { return entry }
            return name == "item" ? value : nil
        }
    }

    var keys: [String] {
        switch self {
        case .context(let context): return context.keys
        case .binding(let key, _): return [key]
        case .item(let value):
            if case .context(let context) = value { return context.keys + ["item"] }
            return ["item"]
        }
    }
}

struct FEELEvaluator {
    var scopes: [FEELScope]
    var problem: String?
    /// The clock reading for `now()`/`today()`; read from the wall clock only when a
    /// built-in first needs it, so ordinary evaluations never pay for it.
    var fixedNow: FEELDateTime?
    var now: FEELDateTime {
        mutating get {
            if let fixedNow { return fixedNow }
            let reading = FEELClock.currentUTC()
            fixedNow = reading
            return reading
        }
    }
    /// The value `?` stands for inside unary tests.
    var input: FEELValue?
    var callDepth = 0
    static let maxCallDepth = 256
    /// Nodes evaluated so far, and the most one evaluation may take: a bound on work, so a
    /// runaway expression (`for i in 1..1000000, j in 1..1000000 return ...`) ends with
    /// null and a reason instead of holding the engine.
    var steps = 0
    var maxSteps = FEELExpression.defaultStepLimit

    /// The caller's variables, kept apart from `scopes` so an evaluation that opens no
    /// scope allocates nothing for them.
    let globals: FEELContext

    init(variables: FEELContext, now: FEELDateTime?) {
        globals = variables
        scopes = []
        fixedNow = now
    }

    /// Records why a null is produced (the first reason wins) and returns `.null`.
    @discardableResult
    mutating func fail(_ reason: String) -> FEELValue {
        if problem == nil { problem = reason }
        return .null
    }

    func lookup(_ name: String) -> FEELValue? {
        var index = scopes.count - 1
        while index >= 0 {
            if let value = scopes[index].lookup(name) { return value }
            index -= 1
        }
        return globals[name]
    }

    /// Every visible variable, innermost last (for closures and suggestions).
    var visibleVariables: FEELContext {
        if scopes.isEmpty { return globals }
        var merged = globals
        for scope in scopes {
            for key in scope.keys { merged[key] = scope.lookup(key) }
        }
        return merged
    }

    mutating func evaluate(_ node: FEELNode) -> FEELValue {
        steps += 1
        if steps > maxSteps {
            if steps == maxSteps + 1 { problem = "the expression takes too long (more than \(maxSteps) steps)" }
            return .null
        }
        switch node {
        case .literal(let value):
            return value
        case .name(let name):
            return resolve(name)
        case .path(let base, let key):
            return path(evaluate(base), key)
        case .filter(let base, let condition):
            return filter(evaluate(base), condition)
        case .call(let callee, let arguments):
            return call(callee, arguments)
        case .negate(let operand):
            return negate(evaluate(operand))
        case .binary(let op, let left, let right):
            return binary(op, left, right)
        case .between(let value, let low, let high):
            let x = evaluate(value)
            return logicalAnd(compare(.greaterOrEqual, x, evaluate(low)), compare(.lessOrEqual, x, evaluate(high)))
        case .inTests(let value, let tests):
            return matchesAny(evaluate(value), tests)
        case .instanceOf(let value, let type):
            return .boolean(Self.isInstance(evaluate(value), of: type))
        case .ifThenElse(let condition, let then, let otherwise):
            if case .boolean(true) = evaluate(condition) { return evaluate(then) }
            return evaluate(otherwise)
        case .forLoop(let iterations, let body):
            return forLoop(iterations, body)
        case .some(let iterations, let condition):
            return quantified(iterations, condition, every: false)
        case .every(let iterations, let condition):
            return quantified(iterations, condition, every: true)
        case .list(let items):
            return .list(items.map { evaluate($0) })
        case .context(let entries):
            var built = FEELContext()
            for entry in entries {
                guard built[entry.key] == nil else { return fail("the context has the key '\(entry.key)' twice") }
                scopes.append(.context(built))
                let value = evaluate(entry.value)
                scopes.removeLast()
                built[entry.key] = value
            }
            return .context(built)
        case .range(let start, let startIncluded, let end, let endIncluded):
            return range(start.map { evaluate($0) }, startIncluded, end.map { evaluate($0) }, endIncluded)
        case .iterationRange(let start, let end):
            // Counts down as well as up, so it is built without the ascending check.
            return .range(FEELRange(start: evaluate(start), startIncluded: true, end: evaluate(end), endIncluded: true))
        case .function(let parameters, let body):
            return .function(FEELFunction(name: "anonymous function", parameters: parameters, body: .lambda(body, captured: visibleVariables)))
        case .unaryComparison(let op, let operand):
            let bound = evaluate(operand)
            switch op {
            case .less: return .range(FEELRange(start: nil, startIncluded: false, end: bound, endIncluded: false))
            case .lessOrEqual: return .range(FEELRange(start: nil, startIncluded: false, end: bound, endIncluded: true))
            case .greater: return .range(FEELRange(start: bound, startIncluded: false, end: nil, endIncluded: false))
            case .greaterOrEqual: return .range(FEELRange(start: bound, startIncluded: true, end: nil, endIncluded: false))
            default:
                guard let input else { return fail("'\(op.rawValue) ...' needs an input value to compare") }
                return compare(op, input, bound)
            }
        case .inputValue:
            guard let input else { return fail("'?' is only defined inside unary tests") }
            return input
        case .anyValue:
            return .boolean(true)
        case .notTests(let tests):
            guard let input else { return fail("'not(...)' is a unary test and needs an input value") }
            return logicalNot(matchesAny(input, tests))
        }
    }

    // MARK: Names and paths

    mutating func resolve(_ name: String) -> FEELValue {
        if let value = lookup(name) { return value }
        if let signatures = BuiltinLibrary.byName[name], let first = signatures.first {
            return .function(FEELFunction(name: name, parameters: first.parameters.map(\.name), body: .builtin))
        }
        // Only the first reason is kept, so look for a "did you mean" only while there is none.
        guard problem == nil else { return .null }
        let candidates = globals.keys + scopes.flatMap(\.keys)
        let hint = Self.closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
        return fail("unknown variable '\(name)'\(hint)")
    }

    mutating func path(_ base: FEELValue, _ key: String) -> FEELValue {
        switch base {
        case .null:
            return fail("cannot read '\(key)' of null")
        case .context(let context):
            if let value = context[key] { return value }
            return fail("the context has no entry '\(key)'\(Self.closest(to: key, in: context.keys).map { " (did you mean '\($0)'?)" } ?? "")")
        case .list(let items):
            return .list(items.map { path($0, key) })
        case .range(let range):
            switch key {
            case "start": return range.start ?? .null
            case "end": return range.end ?? .null
            case "start included": return .boolean(range.startIncluded)
            case "end included": return .boolean(range.endIncluded)
            default: return fail("a range has no property '\(key)'")
            }
        default:
            if let value = TemporalOperations.property(base, key) { return value }
            return fail("\(base.typeName) has no property '\(key)'")
        }
    }

    mutating func filter(_ base: FEELValue, _ condition: FEELNode) -> FEELValue {
        let items: [FEELValue]
        switch base {
        case .null: return fail("cannot filter null")
        case .list(let list): items = list
        default: items = [base]
        }
        // A condition that is a number without the item in scope is an index.
        let savedProblem = problem
        let probe = evaluate(condition)
        problem = savedProblem
        if case .number(let number) = probe {
            guard let index = number.intValue, index != 0, abs(index) <= items.count else {
                return fail("index \(number) is out of range for a list of \(items.count)")
            }
            return items[index > 0 ? index - 1 : items.count + index]
        }
        var result: [FEELValue] = []
        for item in items {
            scopes.append(.item(item))
            let keep = evaluate(condition)
            scopes.removeLast()
            if case .boolean(true) = keep { result.append(item) }
        }
        return .list(result)
    }

    // MARK: Iteration

    /// The values an iteration walks: a list, or the whole numbers or days of a range.
    /// `a..b` after `in` counts down when `b < a`; a range literal must be ascending.
    mutating func domainValues(_ domain: FEELNode) -> [FEELValue]? {
        let value = evaluate(domain)
        var descendingAllowed = false
        if case .iterationRange = domain { descendingAllowed = true }
        switch value {
        case .list(let items): return items
        case .range(let range):
            guard let start = range.start, let end = range.end, let order = FEELSemantics.compare(start, end) else {
                fail("only ranges with two ordered endpoints can be iterated")
                return nil
            }
            guard order <= 0 || descendingAllowed else {
                fail("the range starts after it ends, so it cannot be iterated")
                return nil
            }
            let step: FEELValue
            switch start {
            case .number(let number) where number.isInteger: step = .number(FEELNumber(order <= 0 ? 1 : -1))
            case .date: step = .daysTimeDuration(DaysTimeDuration(seconds: order <= 0 ? 86_400 : -86_400))
            default:
                fail("only ranges of whole numbers or dates can be iterated")
                return nil
            }
            var values: [FEELValue] = []
            var current = start
            if !range.startIncluded { current = TemporalOperations.add(current, step) ?? arithmetic(.add, current, step) }
            while let position = FEELSemantics.compare(current, end), order <= 0 ? position <= 0 : position >= 0 {
                if position == 0 && !range.endIncluded { break }
                values.append(current)
                steps += 1
                guard values.count <= 1_000_000, steps <= maxSteps else {
                    fail(steps > maxSteps ? "the expression takes too long (more than \(maxSteps) steps)" : "the range is too large to iterate")
                    return nil
                }
                if case .number(let number) = current, case .number(let increment) = step {
                    current = .number(number + increment)
                } else if let next = TemporalOperations.add(current, step) {
                    current = next
                } else {
                    break
                }
            }
            return values
        case .null:
            fail("cannot iterate over null")
            return nil
        default:
            return [value]
        }
    }

    /// Walks every combination of the iteration domains (the last one varies fastest),
    /// calling `visit` with the variables bound until it returns false. Returns false when
    /// a domain could not be iterated (the reason is recorded).
    mutating func forEachCombination(_ iterations: [FEELIteration], _ visit: (inout FEELEvaluator) -> Bool) -> Bool {
        var failed = false
        var stopped = false
        func walk(_ level: Int, _ evaluator: inout FEELEvaluator) {
            guard level < iterations.count else {
                stopped = !visit(&evaluator)
                return
            }
            guard let values = evaluator.domainValues(iterations[level].domain) else {
                failed = true
                return
            }
            for value in values {
                evaluator.scopes.append(.binding(iterations[level].name, value))
                walk(level + 1, &evaluator)
                evaluator.scopes.removeLast()
                if failed || stopped { return }
            }
        }
        walk(0, &self)
        return !failed
    }

    mutating func forLoop(_ iterations: [FEELIteration], _ body: FEELNode) -> FEELValue {
        var results: [FEELValue] = []
        let completed = forEachCombination(iterations) { evaluator in
            evaluator.scopes.append(.binding("partial", .list(results)))
            let value = evaluator.evaluate(body)
            // Drop the scope first: while it holds `results`, appending would copy the list.
            evaluator.scopes.removeLast()
            results.append(value)
            return true
        }
        return completed ? .list(results) : .null
    }

    /// `some`/`every` with FEEL's three-valued logic: a decisive answer (`true` for some,
    /// `false` for every) wins; otherwise a condition that was not a boolean makes it null.
    mutating func quantified(_ iterations: [FEELIteration], _ condition: FEELNode, every: Bool) -> FEELValue {
        var answer: Bool?
        var sawNonBoolean = false
        let completed = forEachCombination(iterations) { evaluator in
            switch evaluator.evaluate(condition) {
            case .boolean(let value) where value != every:
                answer = value
                return false
            case .boolean:
                return true
            default:
                sawNonBoolean = true
                return true
            }
        }
        if !completed { return .null }
        if let answer { return .boolean(answer) }
        if sawNonBoolean { return fail("the condition after 'satisfies' was not true or false for every item") }
        return .boolean(every)
    }

    mutating func range(_ start: FEELValue?, _ startIncluded: Bool, _ end: FEELValue?, _ endIncluded: Bool) -> FEELValue {
        if let start, let end {
            if start.isNull && end.isNull { return fail("a range needs at least one endpoint that is not null") }
            if !start.isNull, !end.isNull {
                guard let order = FEELSemantics.compare(start, end) else {
                    return fail("a range needs two endpoints of the same, ordered type; got \(start.typeName) and \(end.typeName)")
                }
                if order > 0 { return fail("a range cannot start after it ends (\(start.literal) > \(end.literal))") }
            }
        }
        return .range(FEELRange(start: start, startIncluded: startIncluded, end: end, endIncluded: endIncluded))
    }

    /// The candidate nearest to `word`, when close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        Suggestion.closest(to: word, in: Set(candidates), limit: max(1, word.count / 3))
    }
}
