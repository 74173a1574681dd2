/// Where something was written in its source file: a 1-based line and column.
///
/// The column counts characters (Unicode scalars) from the start of the line; `0` means
/// the column is not known (libxml2 gives only a line for some positions).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int = 0) {
        self.line = line
        self.column = column
    }

    /// A location for elements built in code rather than read from a file.
    public static let unknown = SourceLocation(line: 0, column: 0)

    /// `line:column`, or just `line` when the column is not known.
    public var description: String { column > 0 ? "\(line):\(column)" : "\(line)" }
}
