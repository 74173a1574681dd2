public import BatonModel
public import BatonXML
import Foundation

/// Reads `connectors.xml` with the same safe XML parser as process files, and reports
/// every problem with its line and column.
public struct BindingsLoader: Sendable {
    public init() {}

    /// The bindings and every diagnostic; `file` names the file in diagnostics.
    public func load(bytes: [UInt8], file: String) throws(XMLLoadError) -> (bindings: ConnectorBindings, diagnostics: [Diagnostic]) {
        let root = try SafeXMLParser().parse(bytes, sourceName: file)
        var diagnostics: [Diagnostic] = []
        var bindings = ConnectorBindings()
        var seen: [String: SourceLocation] = [:]
        func error(_ message: String, at location: SourceLocation) {
            var diagnostic = Diagnostic.error(DiagnosticCode(rawValue: "invalid-binding"), message, at: location)
            diagnostic.file = file
            diagnostics.append(diagnostic)
        }
        guard root.name == "connectors", root.namespace == ConnectorBindings.namespace else {
            error("a bindings file is a <connectors xmlns=\"\(ConnectorBindings.namespace)\"> document, not <\(root.qualifiedName)>", at: root.location)
            return (bindings, diagnostics)
        }
        for element in root.children {
            guard element.namespace == ConnectorBindings.namespace, element.name == "connector" else {
                error("unknown element <\(element.qualifiedName)> in <connectors>; write <connector name=\"...\">", at: element.location)
                continue
            }
            guard let name = element.attribute("name"), !name.isEmpty else {
                error("<connector> needs a name (the baton:connector value models use)", at: element.location)
                continue
            }
            if let earlier = seen[name] {
                error("connector '\(name)' is bound twice (first at line \(earlier.line))", at: element.location)
                continue
            }
            seen[name] = element.location
            var transports: [ConnectorTransport] = []
            var operations: [String: OperationSettings] = [:]
            var httpOverrides: [(operation: String, override: HTTPOverride, location: SourceLocation)] = []
            // A transport that was there but invalid: reported already, not counted as missing.
            var invalidTransport = false
            let declaredSecrets = element.children(in: ConnectorBindings.namespace, named: "http").first?
                .children(in: ConnectorBindings.namespace, named: "secret").compactMap { $0.attribute("name") } ?? []
            var http = HTTPBindingReader(bytes: bytes, connector: name, declaredSecrets: Set(declaredSecrets))
            for child in element.children where child.namespace == ConnectorBindings.namespace {
                switch child.name {
                case "handler":
                    transports.append(.handler)
                case "command":
                    guard let program = child.attribute("program"), !program.isEmpty else {
                        error("<command> of connector '\(name)' needs a program", at: child.location)
                        continue
                    }
                    transports.append(.command(program: program, arguments: child.children(in: ConnectorBindings.namespace, named: "argument").map(\.text)))
                case "external":
                    guard let topic = child.attribute("topic"), !topic.isEmpty else {
                        error("<external> of connector '\(name)' needs a topic", at: child.location)
                        continue
                    }
                    transports.append(.external(topic: topic))
                case "http":
                    if let binding = http.binding(child) { transports.append(.http(binding)) } else { invalidTransport = true }
                case "operation":
                    var settings = OperationSettings()
                    if let timeout = child.attribute("timeout") {
                        guard let seconds = (try? ISO8601Duration.parse(timeout))?.fixedSeconds, seconds > 0 else {
                            error("timeout=\"\(timeout)\" of connector '\(name)' is not a positive ISO 8601 duration (PT30S)", at: child.location(ofAttribute: "timeout"))
                            continue
                        }
                        settings.timeoutMilliseconds = Int64(seconds * 1000)
                    }
                    if let retries = child.attribute("retries") {
                        guard let count = Int(retries), count >= 1 else {
                            error("retries=\"\(retries)\" of connector '\(name)' is not a whole number of attempts, 1 or more", at: child.location(ofAttribute: "retries"))
                            continue
                        }
                        settings.retries = count
                    }
                    if let backoff = child.attribute("backoff") {
                        guard let seconds = (try? ISO8601Duration.parse(backoff))?.fixedSeconds, seconds > 0 else {
                            error("backoff=\"\(backoff)\" of connector '\(name)' is not a positive ISO 8601 duration (PT5S)", at: child.location(ofAttribute: "backoff"))
                            continue
                        }
                        settings.retryBackoffMilliseconds = Int64(seconds * 1000)
                    }
                    let operation = child.attribute("name") ?? ""
                    for request in child.children(in: ConnectorBindings.namespace) {
                        guard request.name == "http" else {
                            error("unknown element <\(request.qualifiedName)> in operation '\(operation)' of connector '\(name)'; an operation may have an <http> request", at: request.location)
                            continue
                        }
                        if let override = http.override(request, operation: operation) { httpOverrides.append((operation, override, request.location)) }
                    }
                    operations[operation] = settings
                default:
                    error("unknown element <\(child.qualifiedName)> in connector '\(name)'; a connector has one of <handler/>, <command>, <external>, <http>, and <operation> settings", at: child.location)
                }
            }
            for problem in http.problems { error(problem.message, at: problem.location) }
            if transports.isEmpty && invalidTransport { continue }
            guard transports.count + (invalidTransport ? 1 : 0) == 1, var transport = transports.first else {
                error("connector '\(name)' needs exactly one transport (<handler/>, <command>, <external> or <http>), not \(transports.count + (invalidTransport ? 1 : 0))", at: element.location)
                continue
            }
            for (operation, override, location) in httpOverrides {
                guard case .http(var binding) = transport else {
                    error("operation '\(operation)' of connector '\(name)' has an <http> request, but the connector uses the \(transport.name) transport", at: location)
                    continue
                }
                binding.operations[operation] = override
                transport = .http(binding)
            }
            bindings.connectors[name] = ConnectorBinding(name: name, transport: transport, operations: operations, location: element.location)
        }
        return (bindings, diagnostics)
    }

    /// The connectors `definitions` uses that `bindings` does not bind, as diagnostics at
    /// the service tasks.
    public static func unbound(in definitions: Definitions, by bindings: ConnectorBindings, file: String?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for process in definitions.executableProcesses {
            for node in process.allFlowNodes {
                guard let connector = node.extensions.taskDefinition?.type, !connector.isEmpty, bindings.connectors[connector] == nil else { continue }
                var diagnostic = Diagnostic.error(
                    DiagnosticCode(rawValue: "unbound-connector"),
                    "\(node.displayName) uses connector '\(connector)', which the bindings do not bind\(Suggestion.hint(for: connector, in: bindings.connectors.keys))",
                    at: node.location, element: node.id)
                diagnostic.file = file
                diagnostics.append(diagnostic)
            }
        }
        return diagnostics
    }
}
