import BatonFEEL
import Testing

@Suite struct JSONBridgeTests {
    @Test func numbersStayExactBothWays() throws {
        let value = try FEELValue(json: #"{"amount": 1200.50, "tiny": 0.1, "big": 12345678901234567890.123456789, "neg": -3e2}"#)
        #expect(value.json == #"{"amount":1200.5,"tiny":0.1,"big":12345678901234567890.123456789,"neg":-300}"#)
        guard case .context(let context) = value else {
            Issue.record("not a context")
            return
        }
        #expect(context["tiny"] == .number(FEELNumber("0.1")!))
        #expect(context.keys == ["amount", "tiny", "big", "neg"])
    }

    /// Zero written with decimals (an ERP's `"0.00"` through `number()`) prints `0`, and
    /// survives being written and read again: it once printed `0.0`, then nothing, and the
    /// instance state holding it could no longer be read.
    @Test func zeroWithDecimalsPrintsAsZero() throws {
        for text in ["0.00", "0.0", "-0.00", "0", "0e5"] {
            let number = try #require(FEELNumber(text))
            #expect(number.description == "0", "\(text)")
            let written = FEELValue.context(["openBalance": .number(number)]).json
            #expect(written == #"{"openBalance":0}"#)
            #expect(try FEELValue(json: written) == .context(["openBalance": .number(.zero)]))
        }
        #expect(FEELNumber("0.50")?.description == "0.5" && FEELNumber("10.00")?.description == "10")
    }

    @Test func stringsListsAndEscapes() throws {
        let value = try FEELValue(json: #"["a\"b", "\u00e9\ud83d\ude00", true, null, [], {}]"#)
        #expect(value == .list([.string("a\"b"), .string("é😀"), .boolean(true), .null, .list([]), .context(FEELContext())]))
        #expect(value.json == #"["a\"b","é😀",true,null,[],{}]"#)
    }

    @Test func everyCharacterJSONMustEscapeIsEscapedAndTheRestCopied() throws {
        let text = "q\"b\\s\nn\rr\tt\u{01}\u{1F}é😀/end"
        let json = FEELValue.string(text).json
        #expect(json == #""q\"b\\s\nn\rr\tt\u0001\u001fé😀/end""#)
        #expect(FEELValue.string(text).jsonBytes == Array(json.utf8))
        #expect(try FEELValue(json: json) == .string(text))
        #expect(FEELValue.context(FEELContext([("k\"ey", .string(""))])).json == #"{"k\"ey":""}"#)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"abc", "tru", "[1] 2", "{\"a\":\"\u{01}\"}"])
    func malformedJSONIsRejected(text: String) {
        #expect(throws: FEELJSONError.self) { try FEELValue(json: text) }
    }

    @Test func deepNestingIsRejected() {
        #expect(throws: FEELJSONError.self) { try FEELValue(json: String(repeating: "[", count: 10_000)) }
    }

    @Test func evaluatesAgainstJSONVariables() throws {
        guard case .context(let variables) = try FEELValue(json: #"{"price": 19.99, "quantity": 3}"#) else {
            Issue.record("not a context")
            return
        }
        #expect(try FEELExpression("price * quantity").evaluate(variables).value == .number(FEELNumber("59.97")!))
    }
}
