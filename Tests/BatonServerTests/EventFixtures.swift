import BatonFEEL
import BatonRuntime
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
#if canImport(Glibc)
import Glibc
#endif

/// Service tasks for external workers (topics `invoices` and `shipping`), a receive task
/// keyed by order id, and a signal catch event.
let eventModel = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
      <bpmn:message id="paid" name="paymentReceived" baton:correlationKey="=orderId"/>
      <bpmn:signal id="go" name="go"/>
      <bpmn:error id="refused" errorCode="REFUSED"/>
      <bpmn:process id="invoice" isExecutable="true">
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="create"/>
        <bpmn:serviceTask id="create" baton:connector="invoices" baton:operation="invoice.create">
          <bpmn:extensionElements><baton:retries count="3" backoff="PT1M"/></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="f2" sourceRef="create" targetRef="done"/>
        <bpmn:endEvent id="done"/>
        <bpmn:boundaryEvent id="onRefused" attachedToRef="create"><bpmn:errorEventDefinition errorRef="refused"/></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="onRefused" targetRef="refusedEnd"/>
        <bpmn:endEvent id="refusedEnd"/>
      </bpmn:process>
      <bpmn:process id="shipping" isExecutable="true">
        <bpmn:startEvent id="s2"/>
        <bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="ship"/>
        <bpmn:serviceTask id="ship" baton:connector="shipping"/>
        <bpmn:sequenceFlow id="g2" sourceRef="ship" targetRef="e2"/>
        <bpmn:endEvent id="e2"/>
      </bpmn:process>
      <bpmn:process id="pay" isExecutable="true">
        <bpmn:startEvent id="s3"/>
        <bpmn:sequenceFlow id="h1" sourceRef="s3" targetRef="waitPayment"/>
        <bpmn:receiveTask id="waitPayment" messageRef="paid"/>
        <bpmn:sequenceFlow id="h2" sourceRef="waitPayment" targetRef="e3"/>
        <bpmn:endEvent id="e3"/>
      </bpmn:process>
      <bpmn:process id="signalled" isExecutable="true">
        <bpmn:startEvent id="s4"/>
        <bpmn:sequenceFlow id="i1" sourceRef="s4" targetRef="waitGo"/>
        <bpmn:intermediateCatchEvent id="waitGo"><bpmn:signalEventDefinition signalRef="go"/></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="i2" sourceRef="waitGo" targetRef="e4"/>
        <bpmn:endEvent id="e4"/>
      </bpmn:process>
    </bpmn:definitions>
    """

extension ServerHarness {
    /// Adds a user with `roles` and returns Bearer headers for a new token of theirs.
    func user(_ name: String, roles: [String]) throws -> HTTPFields {
        try host.directory.addUser(name, roles: roles)
        return [.authorization: "Bearer \(try host.directory.createToken(for: name))"]
    }

    /// Deploys ``eventModel``.
    func deployEvents(_ client: any TestClientProtocol) async throws {
        let deployed = try await client.execute(uri: "/v1/deployments", method: .post, headers: admin, body: ByteBuffer(string: eventModel))
        precondition(deployed.status == .created, "deploying the event model failed: \(String(buffer: deployed.body))")
    }

    /// Starts `process` (as the admin) and returns the instance id.
    func start(_ client: any TestClientProtocol, _ process: String, _ body: String = "{}") async throws -> String {
        let started = try await client.execute(uri: "/v1/process-definitions/\(process)/start", method: .post, headers: admin, body: ByteBuffer(string: body))
        guard case .string(let id)? = started["id"] else { throw HTTPError(.internalServerError, message: "no id: \(String(buffer: started.body))") }
        return id
    }
}

extension TestClientProtocol {
    /// POSTs a JSON body.
    func post(_ uri: String, _ headers: HTTPFields, _ body: String = "{}") async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

/// A plain TCP connection to 127.0.0.1, for a client that sends a request and goes away
/// without reading the answer.
final class RawConnection {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw HTTPError(.internalServerError, message: "cannot connect to port \(port)") }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
    }

    func close() { Glibc.close(socket) }
}

extension TestResponse {
    /// The `id` of each object of a JSON array body (fetched tasks).
    var ids: [String] {
        guard case .list(let items) = json else { return [] }
        return items.compactMap { item in
            guard case .context(let object) = item, case .string(let id)? = object["id"] else { return nil }
            return id
        }
    }
}
