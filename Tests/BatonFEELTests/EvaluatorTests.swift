@testable import BatonFEEL
import Testing

/// Evaluates `text` with `variables` (numbers written as strings are exact).
func feel(_ text: String, _ variables: FEELContext = FEELContext()) throws -> FEELValue {
    try FEELExpression(text, knownNames: variables.keys).evaluate(variables).value
}

func number(_ text: String) -> FEELValue { .number(FEELNumber(text)!) }

@Suite struct EvaluatorTests {
    @Test(arguments: [
        ("1 + 2", "3"), ("0.1 + 0.2", "0.3"), ("10 / 4", "2.5"), ("2 ** 10", "1024"), ("2 ** -2", "0.25"),
        ("-3 - -4", "1"), ("7 - 2 * 3", "1"), ("(7 - 2) * 3", "15"), ("1 / 3 * 3", "0.9999999999999999999999999999999999"),
        ("1.10 * 3", "3.3"), ("1e3 + 1", "1001"), (".5 + .5", "1"),
    ])
    func arithmeticIsExact(text: String, expected: String) throws {
        #expect(try feel(text) == number(expected))
    }

    @Test func comparisonAndLogic() throws {
        let variables: FEELContext = ["amount": number("1200"), "region": .string("EU")]
        #expect(try feel("amount > 1000 and region = \"EU\"", variables) == .boolean(true))
        #expect(try feel("amount between 1000 and 2000", variables) == .boolean(true))
        #expect(try feel("null and false") == .boolean(false))
        #expect(try feel("null and true") == .null)
        #expect(try feel("null or true") == .boolean(true))
        #expect(try feel("null = null") == .boolean(true))
        #expect(try feel("1 = \"1\"") == .null)
        #expect(try feel("1 != 2") == .boolean(true))
    }

    @Test func pathsFiltersAndLoops() throws {
        let order: FEELContext = [
            "order": .context(["customer": .context(["id": .string("C-7")])]),
            "items": .list([
                .context(["price": number("5")]), .context(["price": number("15")]), .context(["price": number("25")]),
            ]),
        ]
        #expect(try feel("order.customer.id", order) == .string("C-7"))
        #expect(try feel("items[price > 10].price", order) == .list([number("15"), number("25")]))
        #expect(try feel("items[1].price", order) == number("5"))
        #expect(try feel("items[-1].price", order) == number("25"))
        #expect(try feel("for x in [1, 2, 3] return x * 2") == .list([number("2"), number("4"), number("6")]))
        #expect(try feel("for i in 1..3 return i") == .list([number("1"), number("2"), number("3")]))
        #expect(try feel("some x in [1, 5] satisfies x > 3") == .boolean(true))
        #expect(try feel("every x in [1, 5] satisfies x > 3") == .boolean(false))
        #expect(try feel("if 1 > 2 then \"a\" else \"b\"") == .string("b"))
        #expect(try feel("{a: 1, b: a + 1}.b") == number("2"))
        #expect(try feel("5 in [1..10]") == .boolean(true))
        #expect(try feel("5 in (1, 2, 5)") == .boolean(true))
        #expect(try feel("5 in < 3") == .boolean(false))
        #expect(try feel("\"b\" in [\"a\", \"b\"]") == .boolean(true))
        #expect(try feel("[1, 2] instance of list<number>") == .boolean(true))
        #expect(try feel("(function(x, y) x * y)(3, 4)") == number("12"))
        #expect(try feel("{f: function(n) if n <= 1 then 1 else n * f(n - 1), r: f(5)}.r") == number("120"))
        #expect(try feel("= 1 + 1") == number("2"))
    }

    @Test func namesWithSpaces() throws {
        let variables: FEELContext = ["Monthly Salary": number("10000")]
        #expect(try feel("12 * Monthly Salary", variables) == number("120000"))
    }

    @Test func whyNull() throws {
        let result = try FEELExpression("amout > 1").evaluate(["amount": number("5")])
        #expect(result.value == .null)
        #expect(result.problem == "unknown variable 'amout' (did you mean 'amount'?)")
        let mismatch = try FEELExpression("\"a\" < 1").evaluate()
        #expect(mismatch.problem == "cannot compare string with number using '<'")
    }

    @Test(arguments: [
        ("amount >> 1000", 1, 9, "unexpected '>'"),
        ("(1 + 2", 1, 7, "the expression ends too early, expected ')' to close the parenthesis"),
        ("\"abc", 1, 1, "this string is never closed (missing \")"),
        ("if x then 1", 1, 12, "the expression ends too early, expected 'else' after 'then ...' (FEEL's 'if' always has an 'else')"),
        ("1 +\n  * 2", 2, 3, "unexpected '*'"),
        ("phone == false", 1, 7, "unexpected '=='; FEEL compares with a single '='"),
        ("a && b", 1, 3, "unexpected '&&'; FEEL writes 'and'"),
    ])
    func syntaxErrorsPointAtTheColumn(text: String, line: Int, column: Int, message: String) {
        #expect {
            try FEELExpression(text)
        } throws: { error in
            guard let error = error as? FEELSyntaxError else { return false }
            return error.line == line && error.column == column && error.message == message
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: FEELSyntaxError.self) { try FEELExpression(text) }
    }
}
