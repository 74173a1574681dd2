/// One signature of a FEEL built-in function.
///
/// Arguments arrive in parameter order (named arguments are matched to parameter names by
/// the evaluator; missing optional ones are absent from the array, so
/// `arguments.count` tells which were given). A built-in returns `.null` for FEEL's soft
/// errors and says why through ``FEELCallContext/fail(_:)``.
public struct BuiltinFunction: Sendable {
    /// A parameter: its FEEL name (used for named arguments), whether it may be left out,
    /// and whether it takes any number of further positional arguments.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var isOptional: Bool
        public var isVariadic: Bool

        public init(_ name: String, optional: Bool = false, variadic: Bool = false) {
            self.name = name
            self.isOptional = optional
            self.isVariadic = variadic
        }
    }

    public var name: String
    public var parameters: [Parameter]
    public var implementation: @Sendable (_ arguments: [FEELValue], _ context: inout FEELCallContext) -> FEELValue

    public init(
        _ name: String, _ parameters: [Parameter],
        _ implementation: @escaping @Sendable (_ arguments: [FEELValue], _ context: inout FEELCallContext) -> FEELValue
    ) {
        self.name = name
        self.parameters = parameters
        self.implementation = implementation
    }

    /// The number of required parameters.
    public var requiredCount: Int { parameters.filter { !$0.isOptional && !$0.isVariadic }.count }
    /// True when any number of arguments beyond the declared ones is accepted.
    public var isVariadic: Bool { parameters.last?.isVariadic == true }
}

/// What a built-in can ask of the evaluator while it runs: record why it returned null,
/// read the clock, and call a function value (for `sort` and friends).
public struct FEELCallContext {
    /// The first reason a null was produced, if any.
    public internal(set) var problem: String?
    private var fixedNow: FEELDateTime?
    /// The clock reading taken so far, if any (so one evaluation sees one instant).
    var clockReading: FEELDateTime? { fixedNow }
    /// The current instant, from the evaluator's injected clock (read from the wall
    /// clock on first use when none was injected).
    public var now: FEELDateTime {
        mutating get {
            if let fixedNow { return fixedNow }
            let reading = FEELClock.currentUTC()
            fixedNow = reading
            return reading
        }
    }
    /// Calls a function value with positional arguments.
    let invoke: (FEELFunction, [FEELValue], inout FEELCallContext) -> FEELValue

    init(now: FEELDateTime?, invoke: @escaping (FEELFunction, [FEELValue], inout FEELCallContext) -> FEELValue) {
        self.fixedNow = now
        self.invoke = invoke
    }

    /// Records why a null is returned (the first reason wins) and returns `.null`.
    @discardableResult
    public mutating func fail(_ reason: String) -> FEELValue {
        if problem == nil { problem = reason }
        return .null
    }

    /// Calls `function` with `arguments`.
    public mutating func call(_ function: FEELFunction, _ arguments: [FEELValue]) -> FEELValue {
        invoke(function, arguments, &self)
    }
}
