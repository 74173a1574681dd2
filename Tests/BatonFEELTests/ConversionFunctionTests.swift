import Testing

@testable import BatonFEEL

@Suite struct ConversionFunctionTests: BuiltinTesting {
    @Test func stringWritesNumbersPlainly() {
        #expect(call("string", number("1.10")).value == .string("1.1"))
        #expect(call("string", number("1E+3")).value == .string("1000"))
        #expect(call("string", number("-0.000001")).value == .string("-0.000001"))
        #expect(call("string", number(2)).value == .string("2"))
    }

    @Test func stringOfOtherValues() {
        #expect(call("string", .string("foo")).value == .string("foo"))
        #expect(call("string", .boolean(true)).value == .string("true"))
        #expect(call("string", list(number(1), .string("a"), .null)).value == .string("[1, \"a\", null]"))
        #expect(call("string", context(["a": number(1)])).value == .string("{a: 1}"))
        #expect(call("string", closed(1, 3)).value == .string("[1..3]"))
    }

    @Test func stringOfNullIsNullWithoutError() {
        let outcome = call("string", .null)
        #expect(outcome.value == .null)
        #expect(outcome.problem == nil)
    }

    @Test func stringNamedArgument() {
        #expect(call("string", named: ["from": number("1.5")]).value == .string("1.5"))
        #expect(call("string", named: ["value": number("1.5")]).isError)
    }

    @Test(arguments: [
        ("12", "12"), ("-0.5", "-0.5"), (".5", "0.5"), ("+3", "3"), ("1.2e3", "1200"), ("1E-2", "0.01"), ("007", "7"),
    ])
    func numberParsesPlainNumbers(text: String, expected: String) {
        #expect(call("number", .string(text)).value == number(expected))
    }

    @Test(arguments: ["", "abc", "12abc", "1.2.3", "1,5", " 1", "1 ", "e5", "1e", "--1", "٣"])
    func numberRejectsNonNumbers(text: String) {
        let outcome = call("number", .string(text))
        #expect(outcome.isError)
        #expect(outcome.problem?.hasPrefix("number: ") == true)
    }

    @Test func numberNeedsAString() {
        #expect(call("number", number(1)).isError)
        #expect(call("number", .null).isError)
        #expect(call("number", .null).problem == "number: from is null")
    }

    @Test(arguments: [
        ("1.000.000,01", FEELValue.string("."), FEELValue.string(","), "1000000.01"),
        ("1,000,000.01", .string(","), .string("."), "1000000.01"),
        ("1 000 000.01", .string(" "), .string("."), "1000000.01"),
        ("1000000.01", .null, .string("."), "1000000.01"),
        ("1,000,000", .string(","), .null, "1000000"),
        ("1,000,000.00", .string(","), .null, "1000000.00"),
        ("1000000,5", .null, .string(","), "1000000.5"),
    ])
    func numberWithSeparators(text: String, grouping: FEELValue, decimal: FEELValue, expected: String) {
        #expect(call("number", .string(text), grouping, decimal).value == number(expected))
    }

    @Test(arguments: [
        ("1,000,000.01", FEELValue.string(" "), FEELValue.string(".")),
        ("1,000,000.01", .string(":"), .string(".")),
        ("1,000,000.01", .number(FEELNumber(123)), .string(".")),
        ("1,000,000.01", .string(","), .string(":")),
        ("1,000,000.01", .string(","), .number(FEELNumber(123))),
        ("1,000,000.00", .string(","), .string(",")),
        ("1,000,000.00", .string("."), .string(".")),
        ("foo,bar.001", .string("."), .string(",")),
    ])
    func numberWithBadSeparators(text: String, grouping: FEELValue, decimal: FEELValue) {
        #expect(call("number", .string(text), grouping, decimal).isError)
    }

    @Test func numberWithSeparatorsNeedsAString() {
        #expect(call("number", .null, .string("."), .string(",")).isError)
        #expect(call("number", number(123), .string("."), .string(",")).isError)
    }

    @Test func numberReasons() {
        #expect(call("number", .string("1,5"), .string(","), .string(",")).problem
            == "number: grouping separator and decimal separator are both \",\"")
        #expect(call("number", .string("1"), .string(":"), .string(".")).problem
            == "number: grouping separator must be a space, a comma or a period, not \":\"")
    }

    @Test func numberNamedArguments() {
        let value = call("number", named: ["from": .string("1.000.000,01"), "decimal separator": .string(","), "grouping separator": .string(".")])
        #expect(value.value == number("1000000.01"))
        #expect(call("number", named: ["from": .string("12")]).value == number(12))
        #expect(call("number", named: ["from": .string("1.000,01"), "decimal sep": .string(","), "grouping sep": .string(".")]).isError)
    }

    @Test func numberHasNoTwoArgumentForm() {
        #expect(call("number", .string("1.000"), .string(".")).isError)
        #expect(call("number", .string("1"), .string("."), .string(","), .string(",")).isError)
    }
}
