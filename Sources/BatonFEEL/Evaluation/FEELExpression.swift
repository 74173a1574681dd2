import Foundation

/// A FEEL expression compiled once and evaluated many times.
///
/// ```swift
/// let condition = try FEELExpression("amount > 1000 and region = \"EU\"")
/// let result = condition.evaluate(["amount": .number(1200), "region": .string("EU")])
/// result.value     // .boolean(true)
/// ```
///
/// A leading `=` (Zeebe style) is accepted. Syntax errors throw ``FEELSyntaxError`` with
/// the line and column. Evaluation never throws: FEEL's type mismatches yield `null`, and
/// ``FEELResult/problem`` says why.
public struct FEELExpression: Sendable, Hashable {
    public let source: String
    public let root: FEELNode

    /// Parses `source`. `knownNames` are variable names that may contain spaces or
    /// symbols (`Monthly Salary`, `loan-to-value`), so they are read as one name.
    public init(_ source: String, knownNames: [String] = []) throws(FEELSyntaxError) {
        self.source = source
        var text = source
        // Zeebe writes expressions as `=expr`; keep columns right by blanking the `=`.
        if let first = text.firstIndex(where: { !$0.isWhitespace }), text[first] == "=" {
            text.replaceSubrange(first...first, with: " ")
        }
        var parser = try FEELParser(text, knownNames: knownNames)
        root = try parser.parse()
    }

    /// How many steps (nodes evaluated, values iterated) one evaluation may take before it
    /// stops with null: far beyond any business rule, short of hanging the engine.
    public static let defaultStepLimit = 20_000_000

    /// Evaluates against `variables`. `now` fixes the clock for `now()` and `today()`
    /// (default: the current time in UTC); `stepLimit` bounds the work.
    public func evaluate(
        _ variables: FEELContext = FEELContext(), now: FEELDateTime? = nil, stepLimit: Int = FEELExpression.defaultStepLimit
    ) -> FEELResult {
        var evaluator = FEELEvaluator(variables: variables, now: now)
        evaluator.maxSteps = stepLimit
        let value = evaluator.evaluate(root)
        return FEELResult(value: value, problem: value.isNull ? evaluator.problem : nil)
    }
}

/// The outcome of evaluating a ``FEELExpression``: the value, and when it is `null`
/// because something went wrong, the first reason (`unknown variable 'amout' (did you
/// mean 'amount'?)`).
public struct FEELResult: Sendable, Hashable {
    public var value: FEELValue
    public var problem: String?

    public init(value: FEELValue, problem: String? = nil) {
        self.value = value
        self.problem = problem
    }
}

/// Reads the wall clock as a FEEL date and time in UTC.
enum FEELClock {
    static func currentUTC() -> FEELDateTime {
        let seconds = Date().timeIntervalSince1970
        let whole = Int(seconds.rounded(.down))
        let nanos = Int((seconds - Double(whole)) * 1_000_000_000)
        var days = whole / 86_400
        var secondOfDay = whole % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        return FEELDateTime(
            date: TemporalCalendar.date(epochDay: days),
            time: FEELTime(
                hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60, nanosecond: nanos,
                zone: .offset(seconds: 0)))
    }
}
