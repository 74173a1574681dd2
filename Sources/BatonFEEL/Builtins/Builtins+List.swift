/// List functions (DMN 1.4 §10.3.4.4, plus `duplicate values` and `list replace` from DMN
/// 1.5). Positions are 1-based, negative ones count from the end. Equality and order are
/// FEEL's (``FEELSemantics``). Functions with a varargs form (`min(1, 2)`) take their
/// items through one variadic `list` parameter.
extension BuiltinLibrary {
    static let listFunctions: [BuiltinFunction] = [
        .define("list contains", [.required("list"), .required("element")]) { call throws(BuiltinError) in
            .boolean(BuiltinSupport.firstIndex(of: call[1], in: try call.list(0)) != nil)
        },
        .define("count", [.required("list")]) { call throws(BuiltinError) in
            .number(FEELNumber(try call.list(0).count))
        },
        .define("min", [.variadic("list")]) { call throws(BuiltinError) in
            try ListSupport.extreme(try call.listOrVarargs(), smallest: true)
        },
        .define("max", [.variadic("list")]) { call throws(BuiltinError) in
            try ListSupport.extreme(try call.listOrVarargs(), smallest: false)
        },
        .define("sum", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs())
            guard !numbers.isEmpty else { return .null }
            return .number(ListSupport.sum(numbers))
        },
        .define("mean", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs())
            guard !numbers.isEmpty else { return .null }
            guard let mean = ListSupport.sum(numbers).exactQuotient(FEELNumber(numbers.count)) else { return .null }
            return .number(mean)
        },
        .define("median", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs()).sorted()
            guard !numbers.isEmpty else { return .null }
            let middle = numbers.count / 2
            if numbers.count % 2 == 1 { return .number(numbers[middle]) }
            guard let median = (numbers[middle - 1] + numbers[middle]).exactQuotient(FEELNumber(2)) else { return .null }
            return .number(median)
        },
        .define("mode", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs())
            var counts: [FEELNumber: Int] = [:]
            for number in numbers { counts[number, default: 0] += 1 }
            guard let highest = counts.values.max() else { return .list([]) }
            return .list(counts.filter { $0.value == highest }.keys.sorted().map(FEELValue.number))
        },
        .define("stddev", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs())
            guard numbers.count >= 2 else {
                throw BuiltinError("needs at least two numbers for a sample standard deviation, not \(numbers.count)")
            }
            // Sample variance with a single division: (n·Σx² − (Σx)²) / (n·(n − 1)).
            let n = FEELNumber(numbers.count)
            let total = ListSupport.sum(numbers)
            let squares = ListSupport.sum(numbers.map { $0 * $0 })
            let numerator = n * squares - total * total
            guard var variance = numerator.exactQuotient(n * FEELNumber(numbers.count - 1)) else { return .null }
            if variance.isNegative { variance = .zero }
            guard let deviation = variance.squareRoot() else { return .null }
            return .number(deviation)
        },
        .define("product", [.variadic("list")]) { call throws(BuiltinError) in
            let numbers = try BuiltinSupport.numbers(try call.listOrVarargs())
            guard let first = numbers.first else { throw BuiltinError("needs at least one number") }
            return .number(numbers.dropFirst().reduce(first, *))
        },
        .define("all", [.variadic("list")]) { call throws(BuiltinError) in
            // false if any item is false, else null if any is null, else true.
            let items = try ListSupport.booleans(try call.listOrVarargs())
            if items.contains(false) { return .boolean(false) }
            if items.contains(nil) { return .null }
            return .boolean(true)
        },
        .define("any", [.variadic("list")]) { call throws(BuiltinError) in
            // true if any item is true, else null if any is null, else false.
            let items = try ListSupport.booleans(try call.listOrVarargs())
            if items.contains(true) { return .boolean(true) }
            if items.contains(nil) { return .null }
            return .boolean(false)
        },
        .define("sublist", [.required("list"), .required("start position"), .optional("length")]) {
            call throws(BuiltinError) in
            let items = try call.list(0)
            let start = try call.integer(1)
            guard let first = BuiltinSupport.index(ofPosition: start, count: items.count) else {
                throw call.error(1, "\(start) is out of range for a list of \(items.count) items")
            }
            guard call.has(2) else { return .list(Array(items[first...])) }
            let length = try call.integer(2)
            guard length >= 0 else { throw call.error(2, "\(length) is negative") }
            guard length <= items.count - first else {
                throw call.error(2, "\(length) goes past the end of the list (\(items.count - first) items from position \(start))")
            }
            return .list(Array(items[first..<(first + length)]))
        },
        .define("append", [.required("list"), .variadic("item")]) { call throws(BuiltinError) in
            .list(try call.list(0) + call.arguments.dropFirst())
        },
        .define("concatenate", [.variadic("list")]) { call throws(BuiltinError) in
            var result: [FEELValue] = []
            for index in call.arguments.indices { result += try call.list(index) }
            return .list(result)
        },
        .define("insert before", [.required("list"), .required("position"), .required("newItem")]) {
            call throws(BuiltinError) in
            var items = try call.list(0)
            let position = try call.integer(1)
            guard let index = BuiltinSupport.index(ofPosition: position, count: items.count) else {
                throw call.error(1, "\(position) is out of range for a list of \(items.count) items")
            }
            items.insert(call[2], at: index)
            return .list(items)
        },
        .define("remove", [.required("list"), .required("position")]) { call throws(BuiltinError) in
            var items = try call.list(0)
            let position = try call.integer(1)
            guard let index = BuiltinSupport.index(ofPosition: position, count: items.count) else {
                throw call.error(1, "\(position) is out of range for a list of \(items.count) items")
            }
            items.remove(at: index)
            return .list(items)
        },
        .define("reverse", [.required("list")]) { call throws(BuiltinError) in
            .list(try call.list(0).reversed())
        },
        .define("index of", [.required("list"), .required("match")]) { call throws(BuiltinError) in
            let items = try call.list(0)
            let match = call[1]
            return .list(items.indices.filter { FEELSemantics.equal(items[$0], match) == true }.map { .number(FEELNumber($0 + 1)) })
        },
        .define("union", [.variadic("list")]) { call throws(BuiltinError) in
            var result: [FEELValue] = []
            for index in call.arguments.indices { result += try call.list(index) }
            return .list(BuiltinSupport.distinct(result))
        },
        .define("distinct values", [.required("list")]) { call throws(BuiltinError) in
            .list(BuiltinSupport.distinct(try call.list(0)))
        },
        .define("duplicate values", [.required("list")]) { call throws(BuiltinError) in
            let items = try call.list(0)
            var seen: [FEELValue] = []
            var duplicates: [FEELValue] = []
            for item in items {
                if BuiltinSupport.firstIndex(of: item, in: seen) == nil {
                    seen.append(item)
                } else if BuiltinSupport.firstIndex(of: item, in: duplicates) == nil {
                    duplicates.append(item)
                }
            }
            return .list(duplicates)
        },
        .define("flatten", [.required("list")]) { call throws(BuiltinError) in
            .list(ListSupport.flatten(try call.list(0)))
        },
        .define("sort", [.required("list"), .optional("precedes")]) { call throws(BuiltinError) in
            let items = try call.list(0)
            guard call.hasValue(1) else { return .list(try BuiltinSupport.sortNaturally(items)) }
            let precedes = try call.function(1)
            return .list(
                try BuiltinSupport.sort(items) { (a, b) throws(BuiltinError) -> Bool in
                    switch call.call(precedes, [a, b]) {
                    case .boolean(let result): return result
                    case let other:
                        throw BuiltinError("precedes returned \(other.literal), not a boolean, for \(a.literal) and \(b.literal)")
                    }
                })
        },
        // Positional calls take the first signature, which accepts a position or a match function.
        .define("list replace", [.required("list"), .required("position"), .required("newItem")]) {
            call throws(BuiltinError) in
            if case .function = call[1] { return try ListSupport.replaceMatching(&call) }
            return try ListSupport.replaceAtPosition(call)
        },
        .define("list replace", [.required("list"), .required("match"), .required("newItem")]) {
            call throws(BuiltinError) in
            try ListSupport.replaceMatching(&call)
        },
    ]
}

enum ListSupport {
    /// The exact sum, rounded to 34 significant digits once at the end.
    static func sum(_ numbers: [FEELNumber]) -> FEELNumber {
        numbers.reduce(FEELNumber.zero, +).normalized()
    }

    /// `min`/`max`: null for no items; every item must be comparable with the others.
    static func extreme(_ items: [FEELValue], smallest: Bool) throws(BuiltinError) -> FEELValue {
        guard var best = items.first else { return .null }
        for item in items {
            guard let order = FEELSemantics.compare(item, best) else {
                throw BuiltinSupport.incomparable(best, item, parameter: "list")
            }
            if smallest ? order < 0 : order > 0 { best = item }
        }
        return best
    }

    /// Booleans and nulls (`nil`); anything else is an error.
    static func booleans(_ items: [FEELValue]) throws(BuiltinError) -> [Bool?] {
        var result: [Bool?] = []
        for (offset, item) in items.enumerated() {
            switch item {
            case .boolean(let value): result.append(value)
            case .null: result.append(nil)
            default: throw BuiltinError("list item \(offset + 1) is a \(item.typeName), not a boolean")
            }
        }
        return result
    }

    static func flatten(_ items: [FEELValue]) -> [FEELValue] {
        items.flatMap { item -> [FEELValue] in
            if case .list(let nested) = item { return flatten(nested) }
            return [item]
        }
    }

    /// `list replace(list, position, newItem)`.
    static func replaceAtPosition(_ call: BuiltinCall) throws(BuiltinError) -> FEELValue {
        var items = try call.list(0)
        guard case .number = call[1] else { throw call.typeError(1, expected: "a number or a function") }
        let position = try call.integer(1)
        guard let index = BuiltinSupport.index(ofPosition: position, count: items.count) else {
            throw call.error(1, "\(position) is out of range for a list of \(items.count) items")
        }
        items[index] = call[2]
        return .list(items)
    }

    /// `list replace(list, match, newItem)`: every item for which `match(item, newItem)` is true.
    static func replaceMatching(_ call: inout BuiltinCall) throws(BuiltinError) -> FEELValue {
        let items = try call.list(0)
        let match = try call.function(1)
        let newItem = call[2]
        var result: [FEELValue] = []
        result.reserveCapacity(items.count)
        for item in items {
            switch call.call(match, [item, newItem]) {
            case .boolean(true): result.append(newItem)
            case .boolean(false): result.append(item)
            case let other:
                throw BuiltinError("match returned \(other.literal), not a boolean, for \(item.literal)")
            }
        }
        return .list(result)
    }
}
