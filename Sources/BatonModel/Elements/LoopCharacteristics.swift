/// How an activity repeats: a standard loop or multi-instance.
public enum LoopCharacteristics: Hashable, Sendable, Codable {
    case standard(StandardLoop)
    case multiInstance(MultiInstanceLoop)
}

/// `<standardLoopCharacteristics>`: repeat while a condition holds.
public struct StandardLoop: Hashable, Sendable, Codable {
    public var testBefore: Bool
    public var loopMaximum: Int?
    public var loopCondition: FormalExpression?
    public var location: SourceLocation

    public init(testBefore: Bool = false, loopMaximum: Int? = nil, loopCondition: FormalExpression? = nil, location: SourceLocation) {
        self.testBefore = testBefore
        self.loopMaximum = loopMaximum
        self.loopCondition = loopCondition
        self.location = location
    }
}

/// `<multiInstanceLoopCharacteristics>`: one instance per item or a fixed count, in
/// parallel or in sequence.
///
/// The collection can be written in plain BPMN (`loopDataInputRef`/`inputDataItem` naming
/// process variables), as `baton:` attributes, as `zeebe:loopCharacteristics` or as
/// `camunda:collection`/`camunda:elementVariable`; the loader fills the same fields from
/// whichever is present.
public struct MultiInstanceLoop: Hashable, Sendable, Codable {
    public var isSequential: Bool
    public var loopCardinality: FormalExpression?
    public var completionCondition: FormalExpression?
    /// The collection to iterate (expression or variable name).
    public var inputCollection: FormalExpression?
    /// The variable that holds the current item in each instance.
    public var inputElement: String?
    /// The variable that collects the output of every instance.
    public var outputCollection: String?
    /// What each instance contributes to `outputCollection`.
    public var outputElement: FormalExpression?
    public var location: SourceLocation

    public init(
        isSequential: Bool = false, loopCardinality: FormalExpression? = nil,
        completionCondition: FormalExpression? = nil, inputCollection: FormalExpression? = nil,
        inputElement: String? = nil, outputCollection: String? = nil, outputElement: FormalExpression? = nil,
        location: SourceLocation
    ) {
        self.isSequential = isSequential
        self.loopCardinality = loopCardinality
        self.completionCondition = completionCondition
        self.inputCollection = inputCollection
        self.inputElement = inputElement
        self.outputCollection = outputCollection
        self.outputElement = outputElement
        self.location = location
    }
}
