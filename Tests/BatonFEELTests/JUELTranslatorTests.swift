import BatonFEEL
import Testing

@Suite struct JUELTranslatorTests {
    @Test(arguments: [
        ("${amount > 1000 && approved}", "amount > 1000 and approved"),
        ("${input == 1}", "input = 1"),
        ("${x eq 'a' or y ne \"b\"}", "x = \"a\" or y != \"b\""),
        ("${!approved}", "not(approved)"),
        ("${not (a lt 1 || b ge 2)}", "not((a < 1 or b >= 2))"),
        ("${order.total le 100}", "order.total <= 100"),
        ("${empty comments}", "(if comments = null then true else if comments instance of string then comments = \"\" else if comments instance of list then count(comments) = 0 else if comments instance of context then count(get entries(comments)) = 0 else false)"),
        ("#{a + 2 * b}", "a + 2 * b"),
    ])
    func translatesTheCommonSubset(juel: String, feel: String) throws {
        #expect(try JUELTranslator.translate(juel) == feel)
        _ = try FEELExpression(feel)  // and the result is valid FEEL
    }

    @Test func translatedConditionsEvaluate() throws {
        let feel = try JUELTranslator.translate("${amount > 1000 && approved}")
        let result = try FEELExpression(feel).evaluate(["amount": .number(FEELNumber(1200)), "approved": .boolean(true)])
        #expect(result.value == .boolean(true))
    }

    @Test(arguments: [
        ("${execution.getVariable('a')}", 3, "unsupported JUEL: method call 'execution.getVariable(...)'"),
        ("${a ? 1 : 2}", 5, "unsupported JUEL: the conditional operator '?:'"),
        ("${a mod 2}", 5, "unsupported JUEL: 'mod'"),
        ("${list[0]}", 7, "unsupported JUEL: indexing 'list[...]'"),
    ])
    func unsupportedJUELNamesTheColumn(juel: String, column: Int, message: String) {
        #expect {
            try JUELTranslator.translate(juel)
        } throws: { error in
            guard let error = error as? FEELSyntaxError else { return false }
            return error.column == column && error.message.hasPrefix(message)
        }
    }

    @Test func recognisesJUEL() {
        #expect(JUELTranslator.isJUEL(" ${a} "))
        #expect(!JUELTranslator.isJUEL("=a"))
        #expect(!JUELTranslator.isJUEL("a > 1"))
    }
}
