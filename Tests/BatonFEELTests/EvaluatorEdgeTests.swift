@testable import BatonFEEL
import Testing

@Suite struct EvaluatorEdgeTests {
    @Test func multiWordNamesMayBreakAcrossLines() throws {
        #expect(try feel("date and\n   time(\"2026-01-01T10:00:00\").hour") == number("10"))
    }

    @Test func unknownEscapesStayForRegularExpressions() throws {
        #expect(try feel(#"matches("a1", "\d")"#) == .boolean(true))
        #expect(try feel(#"string length("\t")"#) == number("1"))
    }

    @Test func iterationRangesCountBothWaysAndOverDates() throws {
        #expect(try feel("for i in 3..1 return i") == .list([number("3"), number("2"), number("1")]))
        #expect(try feel(#"for d in @"2026-01-30"..@"2026-02-01" return string(d)"#)
            == .list([.string("2026-01-30"), .string("2026-01-31"), .string("2026-02-01")]))
        #expect(try feel("for i in [3..1] return i") == .null)
        #expect(try feel("for i in [1..3) return i") == .list([number("1"), number("2")]))
    }

    @Test func rangesMustAscendAndHaveAnEndpoint() throws {
        let descending = try FEELExpression("[3..1]").evaluate()
        #expect(descending.value == .null)
        #expect(descending.problem == "a range cannot start after it ends (3 > 1)")
        #expect(try feel("[null..null]") == .null)
        #expect(try feel("5 in (null..10]") == .null)
        #expect(try feel("5 in < 10") == .boolean(true))
    }

    @Test func duplicateContextKeysAreAnError() throws {
        let result = try FEELExpression(#"{a: 1, a: 2}"#).evaluate()
        #expect(result.value == .null)
        #expect(result.problem == "the context has the key 'a' twice")
    }

    @Test func namedArgumentsLeftOutAreNull() throws {
        #expect(try feel("substring(string: \"abcdef\", start position: 3)") == .string("cdef"))
        #expect(try feel("is(value2: 1)") == .boolean(false))
    }

    @Test func rangeFromText() throws {
        #expect(try feel(#"2 in range("[1..3]")"#) == .boolean(true))
        #expect(try feel(#"range("(18..21]") = (18..21]"#) == .boolean(true))
        #expect(try feel(#"range("[..2]")"#) == .null)
        #expect(try feel(#"range("[x..2]")"#) == .null)
    }
}

@Suite struct ClockTests {
    @Test func oneEvaluationSeesOneInstant() throws {
        #expect(try feel("now() = now()") == .boolean(true))
        #expect(try feel("today() = today()") == .boolean(true))
    }

    @Test func anInjectedClockIsUsed() throws {
        let noon = FEELDateTime(date: FEELDate(year: 2026, month: 11, day: 29), time: FEELTime(hour: 12, minute: 0, second: 0, zone: .offset(seconds: 0)))
        let result = try FEELExpression("string(now())").evaluate(FEELContext(), now: noon)
        #expect(result.value == .string("2026-11-29T12:00:00Z"))
    }
}

@Suite struct NamedOrderAndDivisionTests {
    @Test func namedArgumentsPickTheSignatureInTheirOrder() throws {
        #expect(try feel("before(range: [1..5], point: 10)") == .boolean(true))
        #expect(try feel("before(point: 10, range: [1..5])") == .boolean(false))
    }

    @Test func divisionByLongDivisorsIsExact() throws {
        // Foundation's Decimal gets this wrong from the 8th digit on.
        #expect(try feel("1 / 3") == number("0.3333333333333333333333333333333333"))
        // The reference digits come from Python's decimal module (34 digits, half-even).
        #expect(try feel("6548779915754621143256937442409508E+20 / 809245322245029794726236393.33034")
            == number("809245322245029794726236393.3302287"))
        #expect(try feel("1 / 123456789012345678901") == number("8.100000072900000663405396036397075E-21"))
    }
}

@Suite(.timeLimit(.minutes(1))) struct RunawayExpressionTests {
    @Test func aRunawayExpressionStopsWithAReason() throws {
        let result = try FEELExpression("count(for i in 1..100000, j in 1..100000 return i * j)").evaluate(stepLimit: 100_000)
        #expect(result.value == .null)
        #expect(result.problem == "the expression takes too long (more than 100000 steps)")
        #expect(try FEELExpression("count(for i in 1..100 return i)").evaluate(stepLimit: 100_000).value == number("100"))
    }

    @Test func deepRecursionStopsWithAReason() throws {
        let result = try FEELExpression("{f: function(n) f(n + 1), r: f(1)}.r").evaluate()
        #expect(result.value == .null)
        #expect(result.problem == "functions call each other too deeply (more than 256 levels)")
    }
}

@Suite struct ReviewedSemanticsTests {
    @Test func quantifiersUseThreeValuedLogic() throws {
        #expect(try feel("every x in [1, null] satisfies x > 0") == .null)
        #expect(try feel("some x in [1, 2] satisfies null") == .null)
        #expect(try feel("some x in [1, null] satisfies x > 0") == .boolean(true))
        #expect(try feel("every x in [1, 2] satisfies x > 0") == .boolean(true))
    }

    @Test func negatedAndInputTestsAfterIn() throws {
        #expect(try feel("5 in not(1, 2)") == .boolean(true))
        #expect(try feel("2 in not(1, 2)") == .boolean(false))
        #expect(try feel("5 in (? > 3)") == .boolean(true))
        #expect(try feel("5 in (? > 3 and ? < 4, 9)") == .boolean(false))
    }

    @Test func argumentCountMessagesListWhatIsAccepted() throws {
        #expect(try FEELExpression("substring(\"hello\")").evaluate().problem == "substring takes 2 or 3 arguments, not 1")
        #expect(try FEELExpression("(function(a, b) a - b)(b: 5, 1)").evaluate().problem == "anonymous function: do not mix named and positional arguments")
    }

    @Test func fractionalPowersHaveNoSpuriousDigits() throws {
        #expect(try feel("2 ** 0.5") == number("1.4142135623730951"))
    }
}

@Suite struct ExpressionSizeTests {
    @Test func longOperatorChainsAreCapped() throws {
        _ = try FEELExpression("1" + String(repeating: "+1", count: 1000))
        #expect(throws: FEELSyntaxError.self) { try FEELExpression("1" + String(repeating: "+1", count: 1001)) }
        #expect(throws: FEELSyntaxError.self) { try FEELExpression("x" + String(repeating: ".a", count: 5000)) }
    }
}

/// Inputs found by fuzzing the FEEL target (`Fuzz/crashes/`), kept as tests.
@Suite(.timeLimit(.minutes(1))) struct FEELFuzzFindingsTests {
    @Test(arguments: ["amount > ٣", "½", "x + 1\u{0301}", "٣٣٣"])
    func nonASCIIDigitsDoNotHangTheLexer(text: String) {
        // Either a name or a syntax error, but an answer.
        _ = try? FEELExpression(text)
    }

    @Test func underflowingPowersAreNullNotACrash() throws {
        // 1E-130 is below what Baton's decimals hold: null with a reason, not a crash.
        let result = try FEELExpression("0.0000000001 ** 13").evaluate()
        #expect(result.value == .null)
        #expect(result.problem == "0.0000000001 ** 13 is out of range")
        #expect(try feel("0.0000000001 ** 5") == number("1E-50"))
        _ = try FEELExpression("10 ** -10 ** -55").evaluate()
        #expect(try feel("2 ** 100") == number("1267650600228229401496703205376"))
        #expect(try feel("1.1 ** 2") == number("1.21"))
        #expect(try feel("2 ** -3") == number("0.125"))
    }

    @Test func longLoopResultsAreBuiltInLinearTime() throws {
        let result = try FEELExpression("count(for i in 1..50000 return i)").evaluate()
        #expect(result.value == number("50000"))
        #expect(try feel("string(for i in 1..3 return i)") == .string("[1, 2, 3]"))
        #expect(try feel("for i in 0..4 return if i = 0 then 1 else i * partial[-1]")
            == .list([number("1"), number("1"), number("2"), number("6"), number("24")]))
    }
}
