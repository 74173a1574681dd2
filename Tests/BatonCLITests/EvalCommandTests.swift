import Foundation
import Testing

@Suite(.timeLimit(.minutes(1))) struct EvalCommandTests {
    @Test func evaluatesWithExactJSONVariables() throws {
        let result = try Baton.run(["eval", "price * quantity", "--vars", #"{"price": 19.99, "quantity": 3}"#])
        #expect(result.status == 0)
        #expect(result.stdout == "59.97\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonOutputKeepsNumbersExact() throws {
        let result = try Baton.run(["eval", "--json", #"{total: 0.1 + 0.2, tags: ["a", "b"]}"#])
        #expect(result.status == 0)
        #expect(result.stdout == #"{"total":0.3,"tags":["a","b"]}"# + "\n")
    }

    @Test func syntaxErrorShowsTheColumnWithACaret() throws {
        let result = try Baton.run(["eval", "amount >> 1000"])
        #expect(result.status == 1)
        #expect(result.stderr == "amount >> 1000\n        ^\n1:9: error: unexpected '>'\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func explainsANullResult() throws {
        let result = try Baton.run(["eval", "amout * 2", "--vars", #"{"amount": 5}"#])
        #expect(result.status == 0)
        #expect(result.stdout == "null\n")
        #expect(result.stderr == "note: the result is null because unknown variable 'amout' (did you mean 'amount'?)\n")
    }

    @Test func invalidVariablesAreRejected() throws {
        let notObject = try Baton.run(["eval", "1", "--vars", "[1]"])
        #expect(notObject.status == 1)
        #expect(notObject.stderr.contains("--vars must be a JSON object"))
        let malformed = try Baton.run(["eval", "1", "--vars", "{"])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.hasPrefix("baton: error: --vars: invalid JSON at offset 1"))
    }

    @Test func leadingEqualsIsAccepted() throws {
        let result = try Baton.run(["eval", "= 2 ** 10"])
        #expect(result.stdout == "1024\n")
    }
}
