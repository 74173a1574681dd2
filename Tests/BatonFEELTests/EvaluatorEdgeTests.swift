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
