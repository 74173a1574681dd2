public import BatonModel
public import BatonRuntime
import BatonXML

/// What `connectors.xml` says: for each connector name a model uses
/// (`baton:connector="erp"`), the transport that does its work, and per-operation
/// settings. Replacing a system changes this file, never the process models.
///
/// ```xml
/// <connectors xmlns="urn:baton:connectors:1">
///   <connector name="erp">
///     <command program="/usr/bin/python3"><argument>erp.py</argument></command>
///     <operation name="salesOrder.create" timeout="PT30S"/>
///   </connector>
///   <connector name="crm"><handler/></connector>
///   <connector name="shop">
///     <http method="POST" url="https://shop.example/api/orders/{orderId}">
///       <secret name="token" env="SHOP_TOKEN"/>
///       <header name="Authorization" value="Bearer {secrets.token}"/>
///     </http>
///   </connector>
/// </connectors>
/// ```
public struct ConnectorBindings: Hashable, Sendable {
    public var connectors: [String: ConnectorBinding]
    public init(connectors: [String: ConnectorBinding] = [:]) { self.connectors = connectors }

    /// The namespace of bindings files.
    public static let namespace = "urn:baton:connectors:1"
}

/// One connector: its transport and its operations' settings.
public struct ConnectorBinding: Hashable, Sendable {
    public var name: String
    public var transport: ConnectorTransport
    public var operations: [String: OperationSettings]
    public var location: SourceLocation

    public init(name: String, transport: ConnectorTransport, operations: [String: OperationSettings] = [:], location: SourceLocation) {
        self.name = name
        self.transport = transport
        self.operations = operations
        self.location = location
    }

    /// The settings for `operation`, or the defaults.
    public func settings(for operation: String?) -> OperationSettings {
        operation.flatMap { operations[$0] } ?? operations[""] ?? OperationSettings()
    }
}

/// How a connector's work is done.
public enum ConnectorTransport: Hashable, Sendable {
    /// An in-process Swift step handler registered by the integrator.
    case handler
    /// A local program: the call as JSON on stdin, the result as JSON on stdout.
    case command(program: String, arguments: [String])
    /// An external-task topic workers fetch over HTTP.
    case external(topic: String)
    /// A REST endpoint: the request template, secrets and answer handling.
    case http(HTTPBinding)

    /// `handler`, `command`, `external`, `http`.
    public var name: String {
        switch self {
        case .handler: "handler"
        case .command: "command"
        case .external: "external"
        case .http: "http"
        }
    }
}

/// Per-operation settings.
public struct OperationSettings: Hashable, Sendable {
    /// How long one call may take, in milliseconds.
    public var timeoutMilliseconds: Int64 = 30_000
    /// Attempts in all before an incident, for tasks whose model names no `baton:retries`.
    public var retries: Int?
    /// The first retry's wait, in milliseconds (doubling with each attempt).
    public var retryBackoffMilliseconds: Int64?
    public init() {}

    /// The retry part, when the bindings set any.
    public var retryPolicy: ConnectorRetryPolicy? {
        retries == nil && retryBackoffMilliseconds == nil ? nil : ConnectorRetryPolicy(retries: retries, backoffMilliseconds: retryBackoffMilliseconds)
    }
}
