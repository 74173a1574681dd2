import BatonFEEL
import Foundation

// libFuzzer target for BatonFEEL: each input, read as UTF-8 text (invalid bytes become
// U+FFFD), is parsed as a FEEL expression and, when it parses, evaluated against a small
// fixed context with a fixed clock and a step limit; the same text also goes through the
// JUEL translator and the JSON reader. Everything that produces text is rendered, as the
// engine and `baton` would. See Docs/Fuzzing.md.

/// Names with spaces or symbols are only read as one name when the parser is told them.
private let knownNames = ["Monthly Salary", "loan-to-value", "order items"]

private let variables: FEELContext = {
    func number(_ text: String) -> FEELValue { .number(FEELNumber(text)!) }
    let items: [FEELValue] = [
        .context(["name": .string("pen"), "price": number("1.5"), "quantity": number("10")]),
        .context(["name": .string("paper"), "price": number("4.25"), "quantity": number("2")]),
        .context(["name": .string("ink"), "price": number("12"), "quantity": .null]),
    ]
    return [
        "amount": number("1200.50"),
        "count": number("3"),
        "rate": number("-0.075"),
        "big": number("12345678901234567890.123456789"),
        "Monthly Salary": number("10000"),
        "loan-to-value": number("0.8"),
        "name": .string("Ada Lovelace"),
        "region": .string("EU"),
        "empty": .string(""),
        "flag": .boolean(true),
        "nothing": .null,
        "items": .list(items),
        "order items": .list(items),
        "numbers": .list([number("1"), number("2"), number("3")]),
        "customer": .context(["name": .string("Ada"), "age": number("36"), "vip": .boolean(false)]),
        "birthday": .date(FEELDate(year: 1815, month: 12, day: 10)),
        "due": .dateTime(FEELDateTime(
            date: FEELDate(year: 2026, month: 12, day: 24),
            time: FEELTime(hour: 18, minute: 30, second: 0, zone: .region("Europe/Berlin")))),
        "grace": .daysTimeDuration(DaysTimeDuration(seconds: 3 * 86_400)),
        "term": .yearsMonthsDuration(YearsMonthsDuration(months: 18)),
    ]
}()

private let now = FEELDateTime(
    date: FEELDate(year: 2026, month: 11, day: 29),
    time: FEELTime(hour: 12, minute: 0, second: 0, zone: .offset(seconds: 0)))

/// `BATON_FUZZ_SKIP_KNOWN=1` skips inputs that would only find a known, unfixed failure
/// again (see crashes/README.md), so a long run can go on to find something new:
/// a non-ASCII character that Swift counts as a number (`٣`, `½`, `1` + a combining mark)
/// makes FEELLexer.tokenize loop forever (crashes/timeout-feel-lexer-non-ascii-digit*).
private let skipKnown = ProcessInfo.processInfo.environment["BATON_FUZZ_SKIP_KNOWN"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if skipKnown && text.contains(where: { $0.isNumber && !$0.isASCII }) { return -1 }

    do {
        let expression = try FEELExpression(text, knownNames: knownNames)
        // A small step limit: no single input may run long (the default is 20,000,000).
        let result = expression.evaluate(variables, now: now, stepLimit: 200_000)
        _ = result.value.description
        _ = result.value.literal
        _ = result.value.json
        _ = result.problem
    } catch {
        _ = error.description
        _ = error.caretDisplay(in: text)
    }

    do {
        _ = try JUELTranslator.translate(text)
    } catch {
        _ = error.description
    }

    do {
        let value = try FEELValue(json: text)
        _ = value.description
        _ = value.json
    } catch {
        _ = error.description
    }
    return 0
}
