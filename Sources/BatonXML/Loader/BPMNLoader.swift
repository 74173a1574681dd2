public import BatonModel
import BatonFEEL

/// Loads BPMN 2.0 files: safe XML parsing, the model, and validation, in one call.
///
/// ```swift
/// let loaded = try BPMNLoader().load(file: "ProcessModels/approval.bpmn")
/// for diagnostic in loaded.diagnostics { print(diagnostic) }   // file:line:col: error: ...
/// if loaded.isValid { deploy(loaded.definitions) }
/// ```
///
/// A file that is not well-formed XML, too large, too deep, carries a DOCTYPE or is not
/// BPMN throws ``BPMNLoadError``; everything else is returned as diagnostics, all of
/// them, sorted by position.
public struct BPMNLoader: Sendable {
    public var limits: XMLParsingLimits

    public init(limits: XMLParsingLimits = .default) { self.limits = limits }

    /// Reads and loads the file at `path`; `path` is also the name used in diagnostics.
    public func load(file path: String) throws(BPMNLoadError) -> LoadedDefinitions {
        let bytes: [UInt8]
        switch FileReader.read(path, maxBytes: limits.maxBytes) {
        case .success(let contents): bytes = contents
        case .failure(.tooLarge(let size)):
            throw .invalid(XMLLoadError(
                .fileTooLarge, "the file is \(size) bytes; the limit is \(limits.maxBytes) bytes",
                file: path, at: SourceLocation(line: 1, column: 1)))
        case .failure(.unreadable(let reason)):
            throw .unreadable(file: path, reason: reason)
        }
        do {
            return try load(bytes: bytes, sourceName: path)
        } catch {
            throw .invalid(error)
        }
    }

    /// Loads a document held in memory. `sourceName` is the file name for diagnostics.
    public func load(bytes: [UInt8], sourceName: String? = nil) throws(XMLLoadError) -> LoadedDefinitions {
        let root = try SafeXMLParser(limits: limits).parse(bytes, sourceName: sourceName)
        guard root.namespace == Namespace.bpmn, root.name == "definitions" else {
            throw XMLLoadError(.notBPMN, Self.notBPMNMessage(root), file: sourceName, at: root.location)
        }
        var diagnostics: [Diagnostic] = []
        let index = ElementIndex(root: root, diagnostics: &diagnostics)
        var reader = ModelReader(index: index)
        let definitions = reader.readDefinitions(root)
        diagnostics += reader.diagnostics
        diagnostics += ModelValidator().validate(definitions, index: index)
        diagnostics += ExpressionChecker.check(definitions)
        for position in diagnostics.indices { diagnostics[position].file = sourceName }
        let sorted = diagnostics.enumerated().sorted { left, right in
            let (a, b) = (left.element.location, right.element.location)
            return (a.line, a.column, left.offset) < (b.line, b.column, right.offset)
        }.map(\.element)
        return LoadedDefinitions(definitions: definitions, diagnostics: sorted, index: index)
    }

    private static func notBPMNMessage(_ root: RawElement) -> String {
        let namespace = root.namespace.map { "namespace '\($0)'" } ?? "no namespace"
        if root.name == "definitions", let uri = root.namespace, uri.uppercased().contains("DMN") {
            return "this is a DMN file (root <\(root.qualifiedName)> in \(namespace)), not BPMN"
        }
        if root.namespace == Namespace.bpmn {
            return "not a BPMN 2.0 document: the root element is <\(root.qualifiedName)>; a BPMN file's root is <definitions>"
        }
        return "not a BPMN 2.0 document: the root element <\(root.qualifiedName)> (\(namespace)) is not <definitions> in \(Namespace.bpmn)"
    }
}

/// The result of loading a file: the model, every diagnostic, and the id index.
public struct LoadedDefinitions: Sendable {
    public var definitions: Definitions
    /// Errors and warnings, sorted by line and column.
    public var diagnostics: [Diagnostic]
    public var index: ElementIndex

    /// True when no diagnostic is an error (warnings are allowed).
    public var isValid: Bool { !diagnostics.containsErrors }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Why a file could not be loaded at all.
public enum BPMNLoadError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission).
    case unreadable(file: String, reason: String)
    /// The file was read but is not a BPMN document Baton will parse.
    case invalid(XMLLoadError)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): error: cannot read the file: \(reason)"
        case .invalid(let error): error.description
        }
    }
}
