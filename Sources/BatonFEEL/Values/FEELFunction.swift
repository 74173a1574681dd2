/// A FEEL function value: a built-in (`string length`) or one defined in an expression
/// (`function(x) x + 1`), with the context it closes over.
public struct FEELFunction: Sendable, Hashable {
    /// What runs when the function is called.
    public enum Body: Sendable, Hashable {
        case builtin
        case lambda(FEELNode, captured: FEELContext)
    }

    public var name: String
    public var parameters: [String]
    public var body: Body

    public init(name: String, parameters: [String], body: Body) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }
}
