import Foundation

/// Why a built-in returns null: the reason, without the function name (the wrapper adds it).
struct BuiltinError: Error, Sendable {
    var reason: String

    init(_ reason: String) { self.reason = reason }
}

extension BuiltinFunction {
    /// Declares a built-in whose body reads its arguments through a ``BuiltinCall`` and throws
    /// ``BuiltinError`` for FEEL's null-with-error; the reason is reported as `"<name>: <reason>"`.
    static func define(
        _ name: String, _ parameters: [Parameter],
        _ body: @escaping @Sendable (inout BuiltinCall) throws(BuiltinError) -> FEELValue
    ) -> BuiltinFunction {
        BuiltinFunction(name, parameters) { arguments, context in
            var call = BuiltinCall(name: name, parameters: parameters, arguments: arguments, context: context)
            do throws(BuiltinError) {
                let result = try body(&call)
                context = call.context
                // Decimal overflow shows up as NaN: FEEL has no such number.
                if case .number(let number) = result, number.decimal.isNaN {
                    return context.fail("\(name): the result is out of range")
                }
                return result
            } catch {
                context = call.context
                return context.fail("\(name): \(error.reason)")
            }
        }
    }
}

extension BuiltinFunction.Parameter {
    /// A required parameter.
    static func required(_ name: String) -> Self { Self(name) }
    /// A parameter that may be left out.
    static func optional(_ name: String) -> Self { Self(name, optional: true) }
    /// A parameter that takes every remaining positional argument.
    static func variadic(_ name: String) -> Self { Self(name, variadic: true) }
}

/// The arguments of one built-in call, with typed accessors that throw a ``BuiltinError``
/// naming the parameter (`"start position must be a number, not string"`).
struct BuiltinCall {
    let name: String
    let parameters: [BuiltinFunction.Parameter]
    let arguments: [FEELValue]
    var context: FEELCallContext

    var count: Int { arguments.count }

    /// True when the argument at `index` was passed (optional parameters may be absent).
    func has(_ index: Int) -> Bool { index < arguments.count }

    /// True when the argument at `index` was passed and is not null.
    func hasValue(_ index: Int) -> Bool { index < arguments.count && !arguments[index].isNull }

    /// The parameter name for messages (variadic arguments share the last name).
    func parameterName(_ index: Int) -> String {
        guard !parameters.isEmpty else { return "argument \(index + 1)" }
        return parameters[min(index, parameters.count - 1)].name
    }

    /// The raw argument at `index` (null when absent).
    subscript(_ index: Int) -> FEELValue { index < arguments.count ? arguments[index] : .null }

    /// A failure naming the parameter at `index`.
    func error(_ index: Int, _ problem: String) -> BuiltinError {
        BuiltinError("\(parameterName(index)) \(problem)")
    }

    /// The failure for an argument of the wrong type.
    func typeError(_ index: Int, expected: String) -> BuiltinError {
        let value = self[index]
        if value.isNull { return error(index, "is null") }
        return error(index, "must be \(expected), not \(value.typeName)")
    }

    /// The argument unwrapped from a singleton list (FEEL's "from singleton list" conversion).
    func scalar(_ index: Int) -> FEELValue {
        if case .list(let items) = self[index], items.count == 1 { return items[0] }
        return self[index]
    }

    func string(_ index: Int) throws(BuiltinError) -> String {
        guard case .string(let value) = scalar(index) else { throw typeError(index, expected: "a string") }
        return value
    }

    func number(_ index: Int) throws(BuiltinError) -> FEELNumber {
        guard case .number(let value) = scalar(index) else { throw typeError(index, expected: "a number") }
        return value
    }

    func boolean(_ index: Int) throws(BuiltinError) -> Bool {
        guard case .boolean(let value) = scalar(index) else { throw typeError(index, expected: "a boolean") }
        return value
    }

    func feelContext(_ index: Int) throws(BuiltinError) -> FEELContext {
        guard case .context(let value) = scalar(index) else { throw typeError(index, expected: "a context") }
        return value
    }

    func function(_ index: Int) throws(BuiltinError) -> FEELFunction {
        guard case .function(let value) = scalar(index) else { throw typeError(index, expected: "a function") }
        return value
    }

    /// A number argument used as a position, length or scale: truncated toward zero
    /// (`3.8` reads as `3`, as the TCK expects) and within `Int` range.
    func integer(_ index: Int) throws(BuiltinError) -> Int {
        let value = try number(index)
        guard let whole = value.rounded(toScale: 0, .down), let result = whole.intValue else {
            throw error(index, "\(value) is out of range")
        }
        return result
    }

    /// A list argument; any other non-null value is taken as a singleton list (FEEL's
    /// "to singleton list" conversion).
    func list(_ index: Int) throws(BuiltinError) -> [FEELValue] {
        switch self[index] {
        case .list(let items): return items
        case .null: throw error(index, "is null")
        case let value: return [value]
        }
    }

    /// The items of a function with both a `list` and a varargs form (`min([1, 2])`,
    /// `min(1, 2)`): one argument is the list (or a single item); several are the items.
    func listOrVarargs() throws(BuiltinError) -> [FEELValue] {
        switch arguments.count {
        case 0: throw BuiltinError("needs a list or at least one item")
        case 1: return try list(0)
        default: return arguments
        }
    }

    /// Calls a FEEL function value (for `sort`, `list replace`).
    mutating func call(_ function: FEELFunction, _ values: [FEELValue]) -> FEELValue {
        context.call(function, values)
    }
}

/// Helpers shared by several areas.
enum BuiltinSupport {
    /// The 0-based index of a FEEL position (1-based, negative counting from the end) in a
    /// collection of `count` items; `nil` when it is 0 or beyond either end.
    static func index(ofPosition position: Int, count: Int) -> Int? {
        if position > 0, position <= count { return position - 1 }
        if position < 0, -position <= count { return count + position }
        return nil
    }

    /// Numbers only: the items as `FEELNumber`s, or a failure naming the first offender.
    static func numbers(_ items: [FEELValue], parameter: String = "list") throws(BuiltinError) -> [FEELNumber] {
        var numbers: [FEELNumber] = []
        numbers.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            guard case .number(let value) = item else {
                throw BuiltinError("\(parameter) item \(offset + 1) is \(item.isNull ? "null" : "a \(item.typeName)"), not a number")
            }
            numbers.append(value)
        }
        return numbers
    }

    /// The position of `value` in `items` by FEEL equality.
    static func firstIndex(of value: FEELValue, in items: [FEELValue]) -> Int? {
        items.firstIndex { FEELSemantics.equal($0, value) == true }
    }

    /// `items` without repeats (FEEL equality), first occurrences kept in order.
    static func distinct(_ items: [FEELValue]) -> [FEELValue] {
        var result: [FEELValue] = []
        for item in items where firstIndex(of: item, in: result) == nil {
            result.append(item)
        }
        return result
    }

    /// A stable merge sort by a caller-supplied "precedes" test that may fail.
    static func sort(
        _ items: [FEELValue], by precedes: (FEELValue, FEELValue) throws(BuiltinError) -> Bool
    ) throws(BuiltinError) -> [FEELValue] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = try sort(Array(items[..<middle]), by: precedes)
        let right = try sort(Array(items[middle...]), by: precedes)
        var merged: [FEELValue] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            // Take from the right only when it strictly precedes, so equal items keep their order.
            if try precedes(right[j], left[i]) {
                merged.append(right[j])
                j += 1
            } else {
                merged.append(left[i])
                i += 1
            }
        }
        merged.append(contentsOf: left[i...])
        merged.append(contentsOf: right[j...])
        return merged
    }

    /// Sorts comparable values in FEEL's natural order; a failure when two cannot be compared.
    static func sortNaturally(_ items: [FEELValue], parameter: String = "list") throws(BuiltinError) -> [FEELValue] {
        try sort(items) { (a, b) throws(BuiltinError) -> Bool in
            guard let order = FEELSemantics.compare(a, b) else {
                throw incomparable(a, b, parameter: parameter)
            }
            return order < 0
        }
    }

    static func incomparable(_ a: FEELValue, _ b: FEELValue, parameter: String) -> BuiltinError {
        if a.isNull || b.isNull { return BuiltinError("\(parameter) contains null, which cannot be compared") }
        if a.typeName == b.typeName { return BuiltinError("\(parameter) items of type \(a.typeName) cannot be compared") }
        return BuiltinError("\(parameter) mixes \(a.typeName) and \(b.typeName), which cannot be compared")
    }
}
