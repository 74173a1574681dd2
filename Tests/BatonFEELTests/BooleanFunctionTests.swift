import Testing

@testable import BatonFEEL

@Suite struct BooleanFunctionTests: BuiltinTesting {
    @Test func notNegates() {
        #expect(call("not", .boolean(true)).value == .boolean(false))
        #expect(call("not", .boolean(false)).value == .boolean(true))
    }

    @Test func notOfNullIsNullWithoutError() {
        let outcome = call("not", .null)
        #expect(outcome.value == .null)
        #expect(outcome.problem == nil)
    }

    @Test(arguments: [FEELValue.number(FEELNumber(0)), .number(FEELNumber(1)), .string("true"), .list([.boolean(true), .boolean(false)])])
    func notOfNonBooleanIsAnError(value: FEELValue) {
        let outcome = call("not", value)
        #expect(outcome.isError)
        #expect(outcome.problem?.hasPrefix("not: negand must be a boolean") == true)
    }

    @Test func notUnwrapsASingletonList() {
        #expect(call("not", list(.boolean(true))).value == .boolean(false))
    }

    @Test func notNamedArgument() {
        #expect(call("not", named: ["negand": .boolean(true)]).value == .boolean(false))
        #expect(call("not", named: ["value": .boolean(true)]).isError)
    }

    @Test func notTakesOneArgument() {
        #expect(call("not").isError)
        #expect(call("not", .boolean(true), .boolean(false)).isError)
    }

    @Test func isDefinedIsLeftToTheEvaluator() {
        #expect(BuiltinLibrary.byName["is defined"] == nil)
    }
}
