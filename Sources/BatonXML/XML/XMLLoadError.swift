public import BatonModel

/// Why a file could not be read as XML at all: malformed, too large, too deeply nested,
/// carrying a forbidden DOCTYPE, or not BPMN. Always names the file, line and column.
///
/// ```
/// order.bpmn:28:5: error: Opening and ending tag mismatch: task line 27 and process
/// ```
public struct XMLLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic

    public init(_ code: DiagnosticCode, _ message: String, file: String?, at location: SourceLocation) {
        diagnostic = Diagnostic(.error, code, message, at: location, file: file)
    }

    public var code: DiagnosticCode { diagnostic.code }
    public var message: String { diagnostic.message }
    public var location: SourceLocation { diagnostic.location }
    public var description: String { diagnostic.description }
}

/// The bounds the loader enforces on every document before and while parsing.
public struct XMLParsingLimits: Hashable, Sendable {
    /// The largest file accepted, in bytes (default 16 MiB).
    public var maxBytes: Int
    /// The deepest element nesting accepted (default 256; libxml2 refuses deeper anyway).
    public var maxDepth: Int

    public init(maxBytes: Int = 16 * 1024 * 1024, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = XMLParsingLimits()
}
