/// The syntax tree of a FEEL expression, produced by ``FEELParser`` and evaluated by
/// ``FEELEvaluator``.
public indirect enum FEELNode: Sendable, Hashable {
    case literal(FEELValue)
    /// A variable or function name (may contain spaces: `Monthly Salary`).
    case name(String)
    /// `base.key`
    case path(FEELNode, String)
    /// `list[condition or index]`
    case filter(FEELNode, FEELNode)
    case call(FEELNode, [FEELArgument])
    case negate(FEELNode)
    case binary(FEELBinaryOperator, FEELNode, FEELNode)
    case between(FEELNode, FEELNode, FEELNode)
    /// `value in tests`: true when any positive unary test matches.
    case inTests(FEELNode, [FEELNode])
    case instanceOf(FEELNode, FEELTypeName)
    case ifThenElse(FEELNode, FEELNode, FEELNode)
    case forLoop([FEELIteration], FEELNode)
    case some([FEELIteration], FEELNode)
    case every([FEELIteration], FEELNode)
    case list([FEELNode])
    case context([FEELContextEntry])
    case range(start: FEELNode?, startIncluded: Bool, end: FEELNode?, endIncluded: Bool)
    /// `from..to` after `in` in `for`, `some` and `every`: counts up or down.
    case iterationRange(FEELNode, FEELNode)
    case function(parameters: [String], body: FEELNode)
    /// A unary test comparing the implicit input `?`: `< 5`, `>= 10`, `!= "x"`.
    case unaryComparison(FEELBinaryOperator, FEELNode)
    /// The input value `?` inside a unary test.
    case inputValue
    /// `-`: the unary test that matches anything.
    case anyValue
    /// `not(tests)`: negated unary tests.
    case notTests([FEELNode])
}

/// A call argument, positional or named.
public enum FEELArgument: Sendable, Hashable {
    case positional(FEELNode)
    case named(String, FEELNode)
}

/// `name in domain` in `for`, `some` and `every`.
public struct FEELIteration: Sendable, Hashable {
    public var name: String
    public var domain: FEELNode
}

/// `key: value` in a context literal.
public struct FEELContextEntry: Sendable, Hashable {
    public var key: String
    public var value: FEELNode
}

/// The binary operators.
public enum FEELBinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**"
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and, or
}

/// A type in `instance of`: `number`, `list<string>`, `context<a: number>`, `function<...>`.
public indirect enum FEELTypeName: Sendable, Hashable {
    case named(String)
    case list(FEELTypeName)
    case context([String: FEELTypeName])
    case range(FEELTypeName)
    case function([FEELTypeName], FEELTypeName)
}
