import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonServer
import BatonSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A server on a fresh database with three people: `ann` (admin, by API token), `bob`
/// (role `sales`, by password) and `carl` (no roles, by password). Requests go over real
/// HTTP (`.live`).
final class ServerHarness: Sendable {
    let folder: URL
    let host: EngineHost
    let adminToken: String
    static let bobPassword = "bob-secret-1", carlPassword = "carl-secret-1"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sqlite = try SQLiteStore(path: folder.appendingPathComponent("baton.sqlite").path)
        host = try EngineHost(sqlite: sqlite)
        var directory = host.directory
        directory.passwordCost = 1_024
        try directory.addUser("ann", roles: ["admin"])
        try directory.addUser("bob", roles: ["sales"], password: Self.bobPassword)
        try directory.addUser("carl", password: Self.carlPassword)
        adminToken = try directory.createToken(for: "ann")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var admin: HTTPFields { [.authorization: "Bearer \(adminToken)"] }
    var bob: HTTPFields { Self.basic("bob", Self.bobPassword) }
    var carl: HTTPFields { Self.basic("carl", Self.carlPassword) }

    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    /// Runs `test` against a live server on a free port, both on the tests' own threads.
    func test(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = buildApplication(host: host, port: 0)
        try await withTaskExecutorPreference(DedicatedExecutor.shared) {
            try await app.test(.live) { client in try await test(client) }
        }
    }
}

extension TestResponse {
    /// The body as a JSON value (a test failure when it is not JSON).
    var json: FEELValue {
        (try? FEELValue(json: String(buffer: body))) ?? .string("not JSON: \(String(buffer: body))")
    }

    /// A field of a JSON object body.
    subscript(_ name: String) -> FEELValue? {
        if case .context(let object) = json { return object[name] }
        return nil
    }
}

extension ByteBuffer {
    init(json text: String) { self.init(string: text) }
}

/// A small process: a user task for `sales`, then a service task for the ERP.
let orderModel = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
      <bpmn:process id="order" name="Order" isExecutable="true">
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
        <bpmn:userTask id="approve" baton:candidateGroups="sales"/>
        <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
        <bpmn:endEvent id="end"/>
      </bpmn:process>
      <bpmn:process id="straight" isExecutable="true">
        <bpmn:startEvent id="s2"/>
        <bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="calc"/>
        <bpmn:scriptTask id="calc" scriptFormat="feel" baton:resultVariable="total"><bpmn:script>amount * 2</bpmn:script></bpmn:scriptTask>
        <bpmn:sequenceFlow id="g2" sourceRef="calc" targetRef="e2"/>
        <bpmn:endEvent id="e2"/>
      </bpmn:process>
    </bpmn:definitions>
    """
