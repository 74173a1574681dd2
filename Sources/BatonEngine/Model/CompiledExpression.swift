public import BatonFEEL
public import BatonModel

/// An expression of the model, parsed once when the process is deployed.
///
/// Conditions and scripts are always expressions (FEEL, or Camunda's JUEL `${...}`
/// translated to FEEL). Mapping sources, timer values and assignments are expressions
/// only when written `=...` or `${...}`; otherwise they are literal text.
public struct CompiledExpression: Sendable {
    enum Form: Sendable {
        case feel(FEELExpression)
        case literal(FEELValue)
    }

    /// The text as written in the model, for incidents.
    public let text: String
    public let location: SourceLocation
    let form: Form

    /// An expression that must be evaluated (a condition or script).
    public static func expression(_ expression: FormalExpression) throws(EngineModelError) -> CompiledExpression {
        try CompiledExpression(text: expression.body, location: expression.location, alwaysExpression: true)
    }

    /// An expression when written `=...` or `${...}`, literal text otherwise.
    public static func value(_ expression: FormalExpression) throws(EngineModelError) -> CompiledExpression {
        try CompiledExpression(text: expression.body, location: expression.location, alwaysExpression: false)
    }

    /// A literal or computed value from an attribute (assignee, due date, ...).
    public static func value(_ text: String, at location: SourceLocation) throws(EngineModelError) -> CompiledExpression {
        try CompiledExpression(text: text, location: location, alwaysExpression: false)
    }

    init(text: String, location: SourceLocation, alwaysExpression: Bool) throws(EngineModelError) {
        self.text = text
        self.location = location
        let trimmed = text.trimmingWhitespace()
        let computed = trimmed.hasPrefix("=") || JUELTranslator.isJUEL(trimmed)
        guard alwaysExpression || computed else {
            form = .literal(.string(text))
            return
        }
        do {
            let source = JUELTranslator.isJUEL(trimmed) ? try JUELTranslator.translate(trimmed) : trimmed
            form = .feel(try FEELExpression(source))
        } catch {
            throw EngineModelError(message: "invalid expression '\(trimmed)': \(error.message)", location: location)
        }
    }

    /// True when the value is literal text rather than an expression.
    public var isLiteral: Bool { if case .literal = form { true } else { false } }

    /// Evaluates against `variables` at `now`. A null result comes with the reason when
    /// evaluation went wrong.
    public func evaluate(_ variables: FEELContext, now: FEELDateTime) -> FEELResult {
        switch form {
        case .literal(let value): FEELResult(value: value)
        case .feel(let expression): expression.evaluate(variables, now: now, stepLimit: Self.stepLimit)
        }
    }

    /// The most steps one evaluation inside the engine may take (see
    /// ``FEELExpression/defaultStepLimit``): far beyond any business rule.
    static let stepLimit = 1_000_000
}

/// A model the engine cannot run: an expression that does not parse, a missing start
/// event, a called process that is not deployed. Validation normally reports these first.
public struct EngineModelError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }
    public var description: String { location.line > 0 ? "\(location.line):\(location.column): \(message)" : message }
}
