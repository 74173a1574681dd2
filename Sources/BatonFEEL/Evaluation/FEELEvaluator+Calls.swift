extension FEELEvaluator {
    mutating func call(_ callee: FEELNode, _ arguments: [FEELArgument]) -> FEELValue {
        if case .name(let name) = callee {
            if name == "@" {
                guard case .positional(.literal(.string(let text)))? = arguments.first else { return fail("'@' needs a string") }
                if let value = TemporalOperations.parseLiteral(text) { return value }
                return fail("@\"\(text)\" is not a valid date, time, date and time or duration")
            }
            if name == "is defined" { return isDefined(arguments) }
            if lookup(name) == nil, let signatures = BuiltinLibrary.byName[name] {
                return callBuiltin(name, signatures, arguments)
            }
        }
        let function = evaluate(callee)
        guard case .function(let value) = function else {
            if case .name(let name) = callee, !function.isNull || lookup(name) != nil {
                return fail("'\(name)' is not a function")
            }
            if case .name(let name) = callee {
                let names = Array(BuiltinLibrary.byName.keys)
                let hint = Self.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                problem = nil
                return fail("unknown function '\(name)'\(hint)")
            }
            return fail("cannot call \(function.typeName)")
        }
        switch value.body {
        case .builtin:
            guard let signatures = BuiltinLibrary.byName[value.name] else { return fail("unknown function '\(value.name)'") }
            return callBuiltin(value.name, signatures, arguments)
        case .lambda:
            guard let values = bind(arguments, to: value.parameters, functionName: value.name) else { return .null }
            return apply(value, values)
        }
    }

    /// Binds call arguments to a user function's parameters (named or positional).
    private mutating func bind(_ arguments: [FEELArgument], to parameters: [String], functionName: String) -> [FEELValue]? {
        let namedCount = arguments.filter { if case .named = $0 { true } else { false } }.count
        guard namedCount == 0 || namedCount == arguments.count else {
            fail("\(functionName): do not mix named and positional arguments")
            return nil
        }
        var values = [FEELValue](repeating: .null, count: parameters.count)
        for (position, argument) in arguments.enumerated() {
            switch argument {
            case .positional(let node):
                guard position < parameters.count else {
                    fail("\(functionName) takes \(parameters.count) arguments, not \(arguments.count)")
                    return nil
                }
                values[position] = evaluate(node)
            case .named(let name, let node):
                guard let index = parameters.firstIndex(of: name) else {
                    fail("\(functionName) has no parameter '\(name)'")
                    return nil
                }
                values[index] = evaluate(node)
            }
        }
        return values
    }

    /// Calls a function value with positional values.
    mutating func apply(_ function: FEELFunction, _ values: [FEELValue]) -> FEELValue {
        switch function.body {
        case .builtin:
            guard let signatures = BuiltinLibrary.byName[function.name] else { return fail("unknown function '\(function.name)'") }
            return invokeBuiltin(function.name, signatures, values.map { .positional(.literal($0)) })
        case .lambda(let body, let captured):
            guard values.count == function.parameters.count else {
                return fail("the function takes \(function.parameters.count) arguments, not \(values.count)")
            }
            guard callDepth < Self.maxCallDepth else { return fail("functions call each other too deeply (more than \(Self.maxCallDepth) levels)") }
            var parameters = FEELContext()
            for (name, value) in zip(function.parameters, values) { parameters[name] = value }
            // Lexical scope first, then the caller's (which lets a context entry call itself).
            let saved = scopes
            scopes = saved + [.context(captured), .context(parameters)]
            callDepth += 1
            let result = evaluate(body)
            callDepth -= 1
            scopes = saved
            return result
        }
    }

    private mutating func callBuiltin(_ name: String, _ signatures: [BuiltinFunction], _ arguments: [FEELArgument]) -> FEELValue {
        invokeBuiltin(name, signatures, arguments)
    }

    /// Chooses the signature that fits the arguments and runs it.
    private mutating func invokeBuiltin(_ name: String, _ signatures: [BuiltinFunction], _ arguments: [FEELArgument]) -> FEELValue {
        let named = arguments.compactMap { argument -> (String, FEELNode)? in
            if case .named(let key, let node) = argument { return (key, node) }
            return nil
        }
        var values: [FEELValue]
        var chosen: BuiltinFunction?
        if named.isEmpty {
            let count = arguments.count
            chosen = signatures.first { count >= $0.requiredCount && (count <= $0.parameters.count || $0.isVariadic) }
            guard chosen != nil else {
                var counts = Set<Int>()
                for signature in signatures {
                    for accepted in signature.requiredCount...signature.parameters.count { counts.insert(accepted) }
                }
                let list = counts.sorted().map(String.init)
                let described = list.count > 1 ? list.dropLast().joined(separator: ", ") + " or " + list.last! : list.joined()
                return fail("\(name) takes \(described) argument\(list == ["1"] ? "" : "s"), not \(count)")
            }
            values = arguments.map { argument in
                if case .positional(let node) = argument { return evaluate(node) }
                return .null
            }
        } else {
            guard named.count == arguments.count else { return fail("\(name): do not mix named and positional arguments") }
            let given = Set(named.map(\.0))
            let fitting = signatures.filter { given.isSubset(of: Set($0.parameters.map(\.name))) }
            // Signatures with the same names in another order (`before(point, range)` and
            // `before(range, point)`): prefer the one written in the call's order.
            chosen = fitting.first { signature in
                let order = named.compactMap { argument in signature.parameters.firstIndex { $0.name == argument.0 } }
                return order == order.sorted()
            } ?? fitting.first
            guard let signature = chosen else {
                return fail("\(name) has no parameters named \(named.map { "'\($0.0)'" }.joined(separator: ", "))")
            }
            values = []
            // The last parameter given by name; optional ones before it are passed as null.
            let lastGiven = signature.parameters.lastIndex { parameter in named.contains { $0.0 == parameter.name } } ?? -1
            for (position, parameter) in signature.parameters.enumerated() {
                guard let node = named.first(where: { $0.0 == parameter.name })?.1 else {
                    // A parameter left out is null (DMN), up to the last one given or required.
                    if position < lastGiven || !(parameter.isOptional || parameter.isVariadic) {
                        values.append(.null)
                        continue
                    }
                    break
                }
                values.append(evaluate(node))
            }
        }
        guard let signature = chosen else { return .null }
        var context = FEELCallContext(now: fixedNow) { function, arguments, context in
            var nested = FEELEvaluator(variables: FEELContext(), now: context.now)
            let result = nested.apply(function, arguments)
            if context.problem == nil { context.problem = nested.problem }
            return result
        }
        let result = signature.implementation(values, &context)
        if fixedNow == nil { fixedNow = context.clockReading }
        if result.isNull, let reason = context.problem { fail(reason) }
        return result
    }

    /// `is defined(x)`: false for an unknown variable or missing context entry, else true
    /// when the value is not null.
    private mutating func isDefined(_ arguments: [FEELArgument]) -> FEELValue {
        guard arguments.count == 1, case .positional(let node) = arguments[0] else { return fail("is defined takes 1 argument") }
        let saved = problem
        let value = evaluate(node)
        problem = saved
        return .boolean(!value.isNull)
    }
}
