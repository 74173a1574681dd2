/// One finding about a model: an error that stops it from being deployed or run, or a
/// warning that does not.
///
/// Diagnostics print the way compilers do, so editors and CI logs can jump to them:
///
/// ```
/// order.bpmn:42:7: error: exclusiveGateway 'checkCredit': default flow 'f9' is not one of its outgoing flows
/// ```
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    /// A stable, machine-readable kind (see ``DiagnosticCode``).
    public var code: DiagnosticCode
    public var message: String
    /// The file as the user named it; `nil` for models built in memory.
    public var file: String?
    public var location: SourceLocation
    /// The element the diagnostic is about, when there is one.
    public var elementID: ElementID?

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String,
        at location: SourceLocation, element: ElementID? = nil, file: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.elementID = element
        self.file = file
    }

    public static func error(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation, element: ElementID? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, element: element)
    }

    public static func warning(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation, element: ElementID? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, element: element)
    }

    /// `file:line:col: severity: message`, leaving out what is not known.
    public var description: String {
        var prefix = file ?? "<input>"
        if location.line > 0 { prefix += ":\(location)" }
        return "\(prefix): \(severity.rawValue): \(message)"
    }
}

/// The machine-readable kind of a ``Diagnostic``; stable across releases so tools can
/// filter on it (`baton validate --json`).
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// True for the codes that mean "Baton does not support this yet" rather than "this
    /// model is wrong".
    public var isUnsupported: Bool { rawValue.hasPrefix("unsupported") }

    // Reading the file.
    public static let unreadableFile = DiagnosticCode(rawValue: "unreadable-file")
    public static let malformedXML = DiagnosticCode(rawValue: "malformed-xml")
    public static let forbiddenDoctype = DiagnosticCode(rawValue: "forbidden-doctype")
    public static let fileTooLarge = DiagnosticCode(rawValue: "file-too-large")
    public static let nestingTooDeep = DiagnosticCode(rawValue: "nesting-too-deep")
    public static let notBPMN = DiagnosticCode(rawValue: "not-bpmn")
    // Structure.
    public static let duplicateID = DiagnosticCode(rawValue: "duplicate-id")
    public static let missingAttribute = DiagnosticCode(rawValue: "missing-attribute")
    public static let invalidAttribute = DiagnosticCode(rawValue: "invalid-attribute")
    public static let unknownReference = DiagnosticCode(rawValue: "unknown-reference")
    public static let invalidReference = DiagnosticCode(rawValue: "invalid-reference")
    public static let unknownExtension = DiagnosticCode(rawValue: "unknown-extension")
    public static let unknownElement = DiagnosticCode(rawValue: "unknown-element")
    // Semantics of executable processes.
    public static let missingStartEvent = DiagnosticCode(rawValue: "missing-start-event")
    public static let unreachableNode = DiagnosticCode(rawValue: "unreachable-node")
    public static let invalidFlow = DiagnosticCode(rawValue: "invalid-flow")
    public static let missingCondition = DiagnosticCode(rawValue: "missing-condition")
    public static let ignoredCondition = DiagnosticCode(rawValue: "ignored-condition")
    public static let invalidTimer = DiagnosticCode(rawValue: "invalid-timer")
    public static let invalidExpression = DiagnosticCode(rawValue: "invalid-expression")
    public static let invalidEventDefinition = DiagnosticCode(rawValue: "invalid-event-definition")
    public static let missingScript = DiagnosticCode(rawValue: "missing-script")
    public static let externalCall = DiagnosticCode(rawValue: "external-call")
    // Not supported (yet).
    public static let unsupportedElement = DiagnosticCode(rawValue: "unsupported-element")
    public static let unsupportedExtension = DiagnosticCode(rawValue: "unsupported-extension")
    public static let unsupportedLanguage = DiagnosticCode(rawValue: "unsupported-language")
    public static let unsupportedTimer = DiagnosticCode(rawValue: "unsupported-timer")
}

extension Sequence where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
