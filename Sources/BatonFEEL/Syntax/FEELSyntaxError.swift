/// A FEEL expression that cannot be parsed: where (line and column of the expression,
/// 1-based) and why.
///
/// ```
/// amount >> 1000
///         ^
/// 1:9: error: unexpected '>'
/// ```
public struct FEELSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: error: message`.
    public var description: String { "\(line):\(column): error: \(message)" }

    /// The offending line of `source` with a caret under the column, for terminals.
    public func caretDisplay(in source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return description }
        let text = String(lines[line - 1])
        return text + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
