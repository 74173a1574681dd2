@testable import BatonFEEL
import Foundation
import Testing

/// Runs the DMN TCK's FEEL cases from `$BATON_CONFORMANCE_DIR/feel-tck/feel-tck.jsonl`
/// and checks the pass rate does not fall below what Baton has reached.
@Suite struct FEELTCKTests {
    /// The pass rate Baton has reached; the test fails if a change lowers it.
    static let minimumPassRate = 0.995

    static let file: String? = {
        let base = ProcessInfo.processInfo.environment["BATON_CONFORMANCE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance").path
        let path = base + "/feel-tck/feel-tck.jsonl"
        return FileManager.default.fileExists(atPath: base) ? path : nil
    }()

    @Test(.enabled(if: file != nil, "BATON_CONFORMANCE_DIR is not set and ../shared/conformance is absent"))
    func tckPassRate() throws {
        let path = try #require(Self.file)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var passed: [String: Int] = [:], total: [String: Int] = [:]
        var failures: [String] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = record["id"] as? String ?? "?"
            let category = String(id.split(separator: "/").first ?? "?")
            total[category, default: 0] += 1
            let outcome = Self.run(record)
            if outcome == nil {
                passed[category, default: 0] += 1
            } else if failures.count < 4000 {
                failures.append("\(id): \(outcome!)")
            }
        }
        let passCount = passed.values.reduce(0, +), totalCount = total.values.reduce(0, +)
        let rate = Double(passCount) / Double(max(totalCount, 1))
        var report = "FEEL TCK: \(passCount) of \(totalCount) passed (\(String(format: "%.1f", rate * 100)) %)\n"
        for category in total.keys.sorted() {
            report += "| \(category) | \(total[category]!) | \(passed[category] ?? 0) |\n"
        }
        if let reportPath = ProcessInfo.processInfo.environment["BATON_TCK_REPORT"] {
            try (report + "\nFailures:\n" + failures.joined(separator: "\n") + "\n").write(toFile: reportPath, atomically: true, encoding: .utf8)
        }
        print(report.split(separator: "\n").first.map(String.init) ?? "")
        #expect(totalCount == 3166)
        #expect(rate >= Self.minimumPassRate, "\(report)")
    }

    /// Runs one case; `nil` when it passes, else why not.
    static func run(_ record: [String: Any]) -> String? {
        guard let expression = record["expression"] as? String else { return "no expression" }
        let expectsError = record["error"] as? Bool ?? false
        var variables = FEELContext()
        for (name, typed) in (record["inputs"] as? [String: Any]) ?? [:] {
            guard let value = value(typed) else { return "cannot read input '\(name)'" }
            variables[name] = value
        }
        let compiled: FEELExpression
        do {
            compiled = try FEELExpression(expression, knownNames: variables.keys)
        } catch {
            return expectsError ? nil : "syntax error \(error)"
        }
        var result = compiled.evaluate(variables, now: FEELClock.currentUTC())
        if let type = record["resultType"] as? String { result.value = coerce(result.value, to: type) }
        if expectsError {
            return result.value.isNull ? nil : "expected an error, got \(result.value.literal)"
        }
        guard let expectedRecord = record["expected"], let expected = value(expectedRecord) else { return "cannot read expected" }
        return matches(result.value, expected) ? nil : "expected \(expected.literal), got \(result.value.literal)\(result.problem.map { " (\($0))" } ?? "")"
    }

    /// A TCK typed value as a FEEL value.
    static func value(_ typed: Any) -> FEELValue? {
        guard let object = typed as? [String: Any], let type = object["type"] as? String else { return nil }
        switch type {
        case "null": return .null
        case "boolean": return (object["value"] as? Bool).map { .boolean($0) }
        case "string": return (object["value"] as? String).map { .string($0) }
        case "number": return (object["value"] as? String).flatMap { FEELNumber($0) }.map { .number($0) }
        case "date", "time", "dateTime", "duration":
            return (object["value"] as? String).flatMap { TemporalOperations.parseLiteral($0) }
        case "list":
            let items = (object["items"] as? [Any]) ?? []
            let values = items.compactMap { value($0) }
            return values.count == items.count ? .list(values) : nil
        case "context":
            var context = FEELContext()
            for entry in (object["entries"] as? [[String: Any]]) ?? [] {
                guard let key = entry["key"] as? String, let item = entry["value"].flatMap({ value($0) }) else { return nil }
                context[key] = item
            }
            return .context(context)
        default: return nil
        }
    }

    /// DMN's conversion at a decision boundary: singleton lists to items and back, and
    /// null for a value that does not conform.
    static func coerce(_ value: FEELValue, to type: String) -> FEELValue {
        if type == "Any" || value.isNull { return value }
        let isListType = type.hasPrefix("list")
        if case .list(let items) = value, !isListType, items.count == 1 { return coerce(items[0], to: type) }
        if isListType, !{ if case .list = value { true } else { false } }() { return coerce(.list([value]), to: type) }
        // Conformance is FEEL's own `instance of`.
        guard let check = try? FEELExpression("value instance of \(type)") else { return value }
        return check.evaluate(["value": value]).value == .boolean(true) ? value : .null
    }

    /// FEEL equality, with numbers equal by value and a tolerance far below the TCK's
    /// printed precision for results of approximate functions (`sqrt`, `**` with a
    /// fractional exponent).
    static func matches(_ actual: FEELValue, _ expected: FEELValue) -> Bool {
        switch (actual, expected) {
        case (.number(let a), .number(let b)):
            if a == b { return true }
            let difference = (a - b).decimal.magnitude
            let scale = max(Decimal(1), b.decimal.magnitude)
            if difference <= scale * Decimal(string: "1e-12")! { return true }
            // The TCK prints results of approximate functions (`exp`, `log`) to 8 places;
            // compare at the expected value's precision when it has that many.
            let places = b.description.split(separator: ".").dropFirst().first?.count ?? 0
            guard places >= 8 else { return false }
            var actual = a.decimal
            var rounded = Decimal()
            NSDecimalRound(&rounded, &actual, places, .plain)
            return rounded == b.decimal
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case (.context(let a), .context(let b)):
            return a.count == b.count && a.entries.allSatisfy { entry in b[entry.key].map { matches(entry.value, $0) } ?? false }
        default:
            return FEELSemantics.equal(actual, expected) == true && actual.typeName == expected.typeName
        }
    }
}
