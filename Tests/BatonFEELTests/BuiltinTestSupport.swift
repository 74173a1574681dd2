import Foundation
import Testing

@testable import BatonFEEL

/// What a built-in call produced: its value and, for a null with an error, the reason.
struct BuiltinOutcome: CustomStringConvertible {
    var value: FEELValue
    var problem: String?

    /// Null with a reason: FEEL's "null with an error".
    var isError: Bool { value.isNull && problem != nil }

    var description: String { problem.map { "\(value.literal) [\($0)]" } ?? value.literal }
}

/// Helpers for the built-in function suites: value builders, and calls that go through
/// ``BuiltinLibrary/byName`` the way the evaluator does (positional calls take the first
/// signature whose parameter count fits; named calls the first whose names fit).
protocol BuiltinTesting {}

extension BuiltinTesting {
    func number(_ text: String) -> FEELValue { .number(FEELNumber(text)!) }
    func number(_ value: Int) -> FEELValue { .number(FEELNumber(value)) }
    func numbers(_ values: Int...) -> FEELValue { .list(values.map { .number(FEELNumber($0)) }) }
    func decimals(_ texts: String...) -> FEELValue { .list(texts.map { .number(FEELNumber($0)!) }) }
    func strings(_ values: String...) -> FEELValue { .list(values.map(FEELValue.string)) }
    func list(_ items: FEELValue...) -> FEELValue { .list(items) }
    func context(_ pairs: KeyValuePairs<String, FEELValue>) -> FEELValue {
        .context(FEELContext(pairs.map { ($0.key, $0.value) }))
    }
    func range(_ start: FEELValue?, _ end: FEELValue?, startIncluded: Bool = true, endIncluded: Bool = true) -> FEELValue {
        .range(FEELRange(start: start, startIncluded: startIncluded, end: end, endIncluded: endIncluded))
    }
    /// `[a..b]`-style ranges of numbers: `closed(1, 5)`, `open(1, 5)`, ...
    func closed(_ a: Int, _ b: Int) -> FEELValue { range(number(a), number(b)) }
    func open(_ a: Int, _ b: Int) -> FEELValue { range(number(a), number(b), startIncluded: false, endIncluded: false) }
    func openStart(_ a: Int, _ b: Int) -> FEELValue { range(number(a), number(b), startIncluded: false) }
    func openEnd(_ a: Int, _ b: Int) -> FEELValue { range(number(a), number(b), endIncluded: false) }

    /// A function value the test call context knows how to run (see ``BuiltinHarness/testFunctions``).
    func function(_ name: String, parameters: [String] = ["a", "b"]) -> FEELValue {
        .function(FEELFunction(name: name, parameters: parameters, body: .builtin))
    }

    /// Calls `name` with positional arguments.
    func call(_ name: String, _ arguments: FEELValue...) -> BuiltinOutcome {
        BuiltinHarness.call(name, arguments)
    }

    /// Calls `name` with named arguments, matched to the parameter names as the evaluator does.
    func call(_ name: String, named arguments: KeyValuePairs<String, FEELValue>) -> BuiltinOutcome {
        BuiltinHarness.call(name, named: Array(arguments))
    }
}

enum BuiltinHarness {
    static let now = FEELDateTime(
        date: FEELDate(year: 2024, month: 3, day: 1), time: FEELTime(hour: 12, minute: 0, second: 0, zone: .offset(seconds: 0)))

    /// Functions available to higher-order built-ins in tests, by name.
    static let testFunctions: [String: @Sendable ([FEELValue], inout FEELCallContext) -> FEELValue] = [
        "less": { arguments, _ in order(arguments).map { .boolean($0 < 0) } ?? .null },
        "greater": { arguments, _ in order(arguments).map { .boolean($0 > 0) } ?? .null },
        /// `a < b` on the `age` entries of two contexts.
        "younger": { arguments, _ in
            guard case .context(let a) = arguments[0], case .context(let b) = arguments[1],
                let x = a["age"], let y = b["age"], let order = FEELSemantics.compare(x, y)
            else { return .null }
            return .boolean(order < 0)
        },
        /// `item < newItem`, for `list replace`.
        "item less than new": { arguments, _ in order(arguments).map { .boolean($0 < 0) } ?? .null },
        "always": { _, _ in .boolean(true) },
        "number": { _, _ in .number(FEELNumber(1)) },
        "failing": { _, context in context.fail("the test function failed") },
        "one parameter": { arguments, context in
            arguments.count == 1 ? .boolean(true) : context.fail("the function takes 1 arguments, not \(arguments.count)")
        },
    ]

    private static func order(_ arguments: [FEELValue]) -> Int? {
        guard arguments.count == 2 else { return nil }
        return FEELSemantics.compare(arguments[0], arguments[1])
    }

    static func makeContext() -> FEELCallContext {
        FEELCallContext(now: now) { function, arguments, context in
            guard let body = testFunctions[function.name] else { return context.fail("unknown test function \(function.name)") }
            return body(arguments, &context)
        }
    }

    static func run(_ signature: BuiltinFunction, _ values: [FEELValue]) -> BuiltinOutcome {
        var context = makeContext()
        let value = signature.implementation(values, &context)
        return BuiltinOutcome(value: value, problem: value.isNull ? context.problem : nil)
    }

    static func call(_ name: String, _ arguments: [FEELValue]) -> BuiltinOutcome {
        guard let signatures = BuiltinLibrary.byName[name] else {
            return BuiltinOutcome(value: .null, problem: "unknown function \(name)")
        }
        let count = arguments.count
        guard let signature = signatures.first(where: { count >= $0.requiredCount && (count <= $0.parameters.count || $0.isVariadic) })
        else { return BuiltinOutcome(value: .null, problem: "\(name) takes no \(count) arguments") }
        return run(signature, arguments)
    }

    static func call(_ name: String, named arguments: [(key: String, value: FEELValue)]) -> BuiltinOutcome {
        guard let signatures = BuiltinLibrary.byName[name] else {
            return BuiltinOutcome(value: .null, problem: "unknown function \(name)")
        }
        let given = Set(arguments.map(\.key))
        let chosen = signatures.first { signature in
            let names = Set(signature.parameters.map(\.name))
            let required = Set(signature.parameters.filter { !$0.isOptional && !$0.isVariadic }.map(\.name))
            return given.isSubset(of: names) && required.isSubset(of: given)
        }
        guard let signature = chosen else {
            return BuiltinOutcome(value: .null, problem: "\(name) has no parameters named \(given.sorted())")
        }
        var values: [FEELValue] = []
        for parameter in signature.parameters {
            guard let value = arguments.first(where: { $0.key == parameter.name })?.value else { break }
            values.append(value)
        }
        return run(signature, values)
    }
}
