import Testing

@testable import BatonFEEL

@Suite struct NumericFunctionTests: BuiltinTesting {
    // MARK: decimal

    @Test(arguments: [
        ("1.5", "0", "2"), ("2.5", "0", "2"), ("-2.5", "0", "-2"), ("0", "0", "0"), ("0.0", "1", "0"), ("0.515", "2", "0.52"),
        ("0.525", "2", "0.52"), ("65.123456", "6", "65.123456"), ("1234.5", "-2", "1200"), ("1250", "-2", "1200"),
        ("1350", "-2", "1400"), ("0.333", "2.5", "0.33"),
    ])
    func decimal(n: String, scale: String, expected: String) {
        let result = call("decimal", number(n), number(scale))
        #expect(result.value == number(expected), "\(result)")
    }

    @Test func decimalOfADivisionIsExact() {
        let third = FEELNumber(1).divided(by: FEELNumber(3))!
        #expect(call("decimal", .number(third), number(2)).value.description == "0.33")
        #expect(call("decimal", .number(FEELNumber(15).divided(by: FEELNumber(7))!), number(3)).value.description == "2.143")
        #expect(call("decimal", named: ["n": number("0.385"), "scale": number(2)]).value == number("0.38"))
    }

    @Test func decimalErrors() {
        #expect(call("decimal", .null, number(1)).isError)
        #expect(call("decimal", number(1), .null).problem == "decimal: scale is null")
        #expect(call("decimal", .string("1"), number(1)).isError)
        #expect(call("decimal", number(1)).isError)
        #expect(call("decimal", number(1), number(6177)).problem == "decimal: scale 6177 is out of range (-6111 to 6176)")
    }

    // MARK: floor, ceiling

    @Test(arguments: [
        ("1.5", nil, "1", "2"), ("-1.5", nil, "-2", "-1"), ("0.3333", nil, "0", "1"), ("-0.3333", nil, "-1", "0"),
        ("1.56", "1", "1.5", "1.6"), ("-1.56", "1", "-1.6", "-1.5"), ("5", nil, "5", "5"), ("155", "-1", "150", "160"),
        ("-155", "-1", "-160", "-150"),
    ] as [(String, String?, String, String)])
    func floorAndCeiling(n: String, scale: String?, floor: String, ceiling: String) {
        let arguments = [number(n)] + (scale.map { [number($0)] } ?? [])
        #expect(BuiltinHarness.call("floor", arguments).value == number(floor))
        #expect(BuiltinHarness.call("ceiling", arguments).value == number(ceiling))
    }

    @Test func floorAndCeilingErrors() {
        for name in ["floor", "ceiling"] {
            #expect(call(name, .null, number(1)).isError)
            #expect(call(name, number("1.56"), .null).isError)
            #expect(call(name, named: ["n": .null, "scale": number(1)]).isError)
            #expect(call(name, named: ["n": number("1.56"), "scale": .null]).isError)
            #expect(call(name).isError)
            #expect(call(name, number("1.5"), number(1), number(2)).isError)
            #expect(call(name, named: ["n": number("1.5"), "scal": number(1)]).isError)
            #expect(call(name, .string("1.5")).isError)
            #expect(call(name, number("1.5"), .string("1")).isError)
            #expect(call(name, number("1.5"), number(-6112)).isError)
        }
        #expect(call("floor", named: ["n": number("1.56"), "scale": number(1)]).value == number("1.5"))
        #expect(call("ceiling", named: ["n": number("1.56")]).value == number(2))
    }

    // MARK: round up, round down, round half up, round half down

    @Test(arguments: [
        ("5.5", 0, "6", "5", "6", "5"),
        ("-5.5", 0, "-6", "-5", "-6", "-5"),
        ("1.121", 2, "1.13", "1.12", "1.12", "1.12"),
        ("-1.126", 2, "-1.13", "-1.12", "-1.13", "-1.13"),
        ("1.125", 2, "1.13", "1.12", "1.13", "1.12"),
        ("-1.125", 2, "-1.13", "-1.12", "-1.13", "-1.12"),
        ("5.5", 6176, "5.5", "5.5", "5.5", "5.5"),
        ("1250", -2, "1300", "1200", "1300", "1200"),
        ("5", 0, "5", "5", "5", "5"),
        ("0.0001", 2, "0.01", "0", "0", "0"),
    ] as [(String, Int, String, String, String, String)])
    func rounding(n: String, scale: Int, up: String, down: String, halfUp: String, halfDown: String) {
        #expect(call("round up", number(n), number(scale)).value == number(up))
        #expect(call("round down", number(n), number(scale)).value == number(down))
        #expect(call("round half up", number(n), number(scale)).value == number(halfUp))
        #expect(call("round half down", number(n), number(scale)).value == number(halfDown))
    }

    @Test func roundingToAHugeNegativeScale() {
        #expect(call("round down", number("5.5"), number(-6111)).value == number(0))
        #expect(call("round half up", number("5.5"), number(-6111)).value == number(0))
        #expect(call("round up", number("5.5"), number(-6111)).isError)
    }

    @Test func roundingErrors() {
        for name in ["round up", "round down", "round half up", "round half down"] {
            #expect(call(name).isError)
            #expect(call(name, number("5.5")).isError)
            #expect(call(name, .null, number(0)).isError)
            #expect(call(name, number("1234.12"), .null).isError)
            #expect(call(name, number("1234.12"), number(1), number(2)).isError)
            #expect(call(name, named: ["n": number("5.5"), "scale": number(0)]).value != .null)
            #expect(call(name, named: ["scale": number(0)]).isError)
            #expect(call(name, named: ["n": number("5.5"), "scale": number(0), "foo": number(123)]).isError)
            #expect(call(name, .string("123"), number(0)).isError)
            #expect(call(name, number("5.5"), .string("0")).isError)
            #expect(call(name, number("5.5"), number(-6112)).isError)
            #expect(call(name, number("5.5"), number(6177)).isError)
        }
    }

    // MARK: abs

    @Test func abs() {
        #expect(call("abs", number(1)).value == number(1))
        #expect(call("abs", number("-1.5")).value == number("1.5"))
        #expect(call("abs", number(0)).value == number(0))
        #expect(call("abs", named: ["n": number(-1)]).value == number(1))
        #expect(call("abs", named: ["number": number(-1)]).isError)
        #expect(call("abs").isError)
        #expect(call("abs", number(1), number(1)).isError)
        #expect(call("abs", .null).isError)
        #expect(call("abs", .string("-1")).isError)
        #expect(call("abs", .boolean(true)).isError)
    }

    // MARK: modulo

    @Test(arguments: [
        ("10", "4", "2"), ("10", "-4", "-2"), ("-10", "4", "2"), ("0", "4", "0"), ("12", "5", "2"), ("-12", "5", "3"),
        ("12", "-5", "-3"), ("-12", "-5", "-2"), ("10.1", "4.5", "1.1"), ("-10.1", "4.5", "3.4"), ("10.1", "-4.5", "-3.4"),
        ("-10.1", "-4.5", "-1.1"), ("1", "0.3", "0.1"), ("-8", "4", "0"),
    ])
    func modulo(dividend: String, divisor: String, expected: String) {
        let result = call("modulo", number(dividend), number(divisor))
        #expect(result.value == number(expected), "\(result)")
    }

    @Test func moduloErrors() {
        #expect(call("modulo", number(10), number(0)).problem == "modulo: divisor is zero")
        #expect(call("modulo").isError)
        #expect(call("modulo", number(4)).isError)
        #expect(call("modulo", number(4), number(4), number(4)).isError)
        #expect(call("modulo", named: ["dividend": number(10), "divisor": number(4)]).value == number(2))
        #expect(call("modulo", named: ["dividend": number(10), "foo": number(4)]).isError)
        #expect(call("modulo", .null, .null).isError)
        #expect(call("modulo", number(10), .null).isError)
        #expect(call("modulo", .null, number(4)).isError)
        #expect(call("modulo", .string("10"), .string("4")).isError)
        #expect(call("modulo", .boolean(true), .boolean(true)).isError)
    }

    // MARK: sqrt, log, exp

    @Test func sqrt() {
        #expect(call("sqrt", number(4)).value.description == "2")
        #expect(call("sqrt", number(0)).value == number(0))
        #expect(call("sqrt", number("0.04")).value.description == "0.2")
        #expect(call("sqrt", number(2)).value.description == "1.414213562373095048801688724209698")
        #expect(call("sqrt", number("1E+100")).value == number("1E+50"))
        #expect(call("sqrt", named: ["number": number(16)]).value == number(4))
        #expect(call("sqrt", named: ["n": number(4)]).isError)
        #expect(call("sqrt", number(-1)).problem == "sqrt: number -1 is negative")
        #expect(call("sqrt").isError)
        #expect(call("sqrt", number(4), number(4)).isError)
        #expect(call("sqrt", .null).isError)
        #expect(call("sqrt", .string("4")).isError)
        #expect(call("sqrt", .boolean(true)).isError)
    }

    @Test func logAndExp() throws {
        let log4 = try #require(call("log", number(4)).value.number)
        #expect((log4 - FEELNumber("1.3862943611198906")!).absolute < FEELNumber("1E-15")!)
        let exp4 = try #require(call("exp", number(4)).value.number)
        #expect((exp4 - FEELNumber("54.598150033144236")!).absolute < FEELNumber("1E-13")!)
        let expMinusOne = try #require(call("exp", number(-1)).value.number)
        #expect((expMinusOne - FEELNumber("0.36787944117144233")!).absolute < FEELNumber("1E-16")!)
        #expect(call("exp", number(0)).value.description == "1")
        #expect(call("log", number(1)).value.description == "0")
        #expect(call("log", named: ["number": number(1)]).value == number(0))
        #expect(call("exp", named: ["number": number(0)]).value == number(1))
    }

    @Test func logAndExpErrors() {
        #expect(call("log", number(0)).problem == "log: number 0 is not positive")
        #expect(call("log", number(-1)).isError)
        #expect(call("exp", number(1000)).problem == "exp: e to the power 1000 is out of range")
        for name in ["log", "exp"] {
            #expect(call(name).isError)
            #expect(call(name, number(4), number(4)).isError)
            #expect(call(name, named: ["n": number(4)]).isError)
            #expect(call(name, .null).isError)
            #expect(call(name, .string("4")).isError)
            #expect(call(name, .boolean(true)).isError)
        }
    }

    // MARK: odd, even

    @Test(arguments: [(2, true), (1, false), (-2, true), (-1, false), (0, true), (1_000_000_000_001, false)])
    func oddAndEven(n: Int, even: Bool) {
        #expect(call("even", number(n)).value == .boolean(even))
        #expect(call("odd", number(n)).value == .boolean(!even))
    }

    @Test func oddAndEvenErrors() {
        #expect(call("even", number("4.5")).problem == "even: number 4.5 is not a whole number")
        #expect(call("odd", number("4.5")).isError)
        for name in ["odd", "even"] {
            #expect(call(name, named: ["number": number(4)]).value != .null)
            #expect(call(name, named: ["n": number(4)]).isError)
            #expect(call(name).isError)
            #expect(call(name, number(4), number(4)).isError)
            #expect(call(name, .null).isError)
            #expect(call(name, .string("4")).isError)
            #expect(call(name, .boolean(true)).isError)
        }
    }

    // MARK: exact arithmetic underneath (FEELNumber+Math)

    @Test(arguments: [
        (FEELNumber.RoundingRule.floor, ["2", "-3", "2", "-3", "2", "-3", "3", "-4"]),
        (.ceiling, ["3", "-2", "3", "-2", "3", "-2", "4", "-3"]),
        (.up, ["3", "-3", "3", "-3", "3", "-3", "4", "-4"]),
        (.down, ["2", "-2", "2", "-2", "2", "-2", "3", "-3"]),
        (.halfUp, ["3", "-3", "3", "-3", "2", "-2", "4", "-4"]),
        (.halfDown, ["2", "-2", "3", "-3", "2", "-2", "3", "-3"]),
        (.halfEven, ["2", "-2", "3", "-3", "2", "-2", "4", "-4"]),
    ])
    func roundingRules(rule: FEELNumber.RoundingRule, expected: [String]) {
        let inputs = ["2.5", "-2.5", "2.51", "-2.51", "2.49", "-2.49", "3.5", "-3.5"]
        let results = inputs.map { FEELNumber($0)!.rounded(toScale: 0, rule)?.description ?? "nil" }
        #expect(results == expected)
    }

    @Test func exactQuotientIsCorrectlyRounded() {
        func quotient(_ a: String, _ b: String) -> String? { FEELNumber(a)!.exactQuotient(FEELNumber(b)!)?.description }
        #expect(quotient("1", "3") == "0.3333333333333333333333333333333333")
        #expect(quotient("2", "3") == "0.6666666666666666666666666666666667")
        #expect(quotient("-7", "3") == "-2.333333333333333333333333333333333")
        #expect(quotient("1", "4") == "0.25")
        #expect(quotient("-10", "-4") == "2.5")
        #expect(quotient("0", "7") == "0")
        #expect(quotient("1", "0") == nil)
        // Foundation's Decimal division gets this one wrong from the 8th digit on.
        #expect(quotient("6548779915754621143256937442409508E+20", "809245322245029794726236393.33034") == "809245322245029794726236393.3302287")
    }

    @Test func squareRootIsCorrectlyRounded() {
        #expect(FEELNumber("123456789012345678901234567890")!.squareRoot()?.description == "351364182882014.4253111222381698126")
        #expect(FEELNumber("10")!.squareRoot()?.description == "3.162277660168379331998893544432719")
        #expect(FEELNumber("0.1")!.squareRoot()?.description == "0.3162277660168379331998893544432719")
        #expect(FEELNumber("1.44")!.squareRoot()?.description == "1.2")
        #expect(FEELNumber("-1")!.squareRoot() == nil)
    }

    @Test func naturalNumbers() throws {
        let a = try #require(Natural(digits: "123456789012345678901234567890123456789012345678901234567890"))
        let b = try #require(Natural(digits: "987654321098765432109876543210"))
        #expect(a.description == "123456789012345678901234567890123456789012345678901234567890")
        #expect((a * b).description == "121932631137021795226185032733744855963374485596337448559633622923332237463801111263526900")
        let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
        #expect(quotient.description == "124999998860937500014238281249")
        #expect(remainder.description == "935329860093532986009353298600")
        #expect(a.squareRoot().description == "351364182882014425311122238169")
        #expect(((a + b) - b) == a)
        #expect(Natural(digits: "") == nil)
        #expect(Natural(digits: "12a") == nil)
        #expect(Natural.power(ofTen: 20).description == "100000000000000000000")
    }
}

extension FEELValue {
    fileprivate var number: FEELNumber? {
        if case .number(let value) = self { return value }
        return nil
    }
}
