extension FEELEvaluator {
    /// True when `value` passes any of the positive unary tests (FEEL `in`).
    mutating func matchesAny(_ value: FEELValue, _ tests: [FEELNode]) -> FEELValue {
        var sawNull = false
        for test in tests {
            switch matches(value, test) {
            case .boolean(true): return .boolean(true)
            case .boolean(false): continue
            default: sawNull = true
            }
        }
        return sawNull ? .null : .boolean(false)
    }

    /// One unary test against `value`.
    mutating func matches(_ value: FEELValue, _ test: FEELNode) -> FEELValue {
        switch test {
        case .anyValue:
            return .boolean(true)
        case .unaryComparison(let op, let operand):
            return compare(op, value, evaluate(operand))
        case .notTests(let tests):
            return logicalNot(matchesAny(value, tests))
        default:
            let savedInput = input
            input = value
            let expected = evaluate(test)
            input = savedInput
            switch expected {
            case .range(let range):
                return contains(range, value)
            case .list(let items):
                if case .list = value, FEELSemantics.equal(value, expected) == true { return .boolean(true) }
                for item in items {
                    if case .range(let range) = item, case .boolean(true) = contains(range, value) { return .boolean(true) }
                    if FEELSemantics.equal(value, item) == true { return .boolean(true) }
                }
                return .boolean(false)
            case .boolean(let flag) where Self.mentionsInput(test):
                return .boolean(flag)
            default:
                guard let same = FEELSemantics.equal(value, expected) else {
                    return fail("cannot compare \(value.typeName) with \(expected.typeName) in a unary test")
                }
                return .boolean(same)
            }
        }
    }

    mutating func contains(_ range: FEELRange, _ value: FEELValue) -> FEELValue {
        if value.isNull { return .null }
        // An endpoint written as null (`(null..10]`) is unknown, not unbounded (`< 10`).
        if range.start?.isNull == true || range.end?.isNull == true {
            return fail("a range with a null endpoint cannot tell what it contains")
        }
        if let start = range.start, !start.isNull {
            guard let order = FEELSemantics.compare(value, start) else {
                return fail("cannot compare \(value.typeName) with a range of \(start.typeName)")
            }
            if order < 0 || (order == 0 && !range.startIncluded) { return .boolean(false) }
        }
        if let end = range.end, !end.isNull {
            guard let order = FEELSemantics.compare(value, end) else {
                return fail("cannot compare \(value.typeName) with a range of \(end.typeName)")
            }
            if order > 0 || (order == 0 && !range.endIncluded) { return .boolean(false) }
        }
        return .boolean(true)
    }

    /// Whether a test uses `?`, which makes a boolean result the verdict itself.
    static func mentionsInput(_ node: FEELNode) -> Bool {
        switch node {
        case .inputValue: return true
        case .literal, .name, .anyValue: return false
        case .path(let base, _): return mentionsInput(base)
        case .filter(let a, let b): return mentionsInput(a) || mentionsInput(b)
        case .call(let callee, let arguments):
            return mentionsInput(callee) || arguments.contains {
                switch $0 {
                case .positional(let node), .named(_, let node): mentionsInput(node)
                }
            }
        case .negate(let operand): return mentionsInput(operand)
        case .binary(_, let a, let b): return mentionsInput(a) || mentionsInput(b)
        case .between(let a, let b, let c), .ifThenElse(let a, let b, let c):
            return mentionsInput(a) || mentionsInput(b) || mentionsInput(c)
        case .inTests(let a, let tests): return mentionsInput(a) || tests.contains(where: mentionsInput)
        case .instanceOf(let a, _): return mentionsInput(a)
        case .forLoop(let iterations, let body), .some(let iterations, let body), .every(let iterations, let body):
            return mentionsInput(body) || iterations.contains { mentionsInput($0.domain) }
        case .list(let items), .notTests(let items): return items.contains(where: mentionsInput)
        case .context(let entries): return entries.contains { mentionsInput($0.value) }
        case .range(let start, _, let end, _): return (start.map(mentionsInput) ?? false) || (end.map(mentionsInput) ?? false)
        case .iterationRange(let start, let end): return mentionsInput(start) || mentionsInput(end)
        case .function(_, let body): return mentionsInput(body)
        case .unaryComparison(_, let operand): return mentionsInput(operand)
        }
    }

    /// FEEL `instance of`.
    static func isInstance(_ value: FEELValue, of type: FEELTypeName) -> Bool {
        switch type {
        case .named(let name):
            switch name {
            case "Any": return !value.isNull
            case "Null": return value.isNull
            case "dateTime": return isInstance(value, of: .named("date and time"))
            case "dayTimeDuration": return isInstance(value, of: .named("days and time duration"))
            case "yearMonthDuration": return isInstance(value, of: .named("years and months duration"))
            default: return value.typeName == name
            }
        case .list(let element):
            guard case .list(let items) = value else { return false }
            return items.allSatisfy { $0.isNull || isInstance($0, of: element) }
        case .context(let fields):
            guard case .context(let context) = value else { return false }
            return fields.allSatisfy { key, fieldType in context[key].map { isInstance($0, of: fieldType) } ?? false }
        case .range(let element):
            guard case .range(let range) = value else { return false }
            return [range.start, range.end].allSatisfy { $0 == nil || $0!.isNull || isInstance($0!, of: element) }
        case .function(let parameters, _):
            guard case .function(let function) = value else { return false }
            return function.parameters.count == parameters.count
        }
    }
}
