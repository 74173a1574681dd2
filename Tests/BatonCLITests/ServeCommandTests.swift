import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `baton serve` as an operator runs it: it comes up on an existing database and says
/// where it listens, serves requests, and on SIGTERM stops taking connections, answers the
/// requests in hand, and exits 0 with the database closed and whole.
@Suite(.serialized, .timeLimit(.minutes(2))) final class ServeCommandTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
          <bpmn:process id="review" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
            <bpmn:userTask id="check"/>
            <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = folder.appendingPathComponent("review.bpmn").path
        try Data(Self.model.utf8).write(to: URL(fileURLWithPath: model))
        #expect(try Baton.run(["deploy", "--db", db, model]).status == 0)
        #expect(try Baton.run(["users", "add", "--db", db, "ann", "--role", "admin"]).status == 0)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A running `baton serve --port 0` and the port its log names.
    final class Server: @unchecked Sendable {
        let process = Process()
        let output = Pipe()
        private let lock = NSLock()
        private var text = ""

        init(db: String) throws {
            process.executableURL = Baton.executable
            process.arguments = ["serve", "--db", db, "--port", "0"]
            process.standardOutput = output
            process.standardError = output
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var log: String { lock.withLock { text } }

        /// The port from the "listening on 127.0.0.1:PORT" line, once it is there.
        func port(within seconds: Double = 30) -> Int? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let range = log.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                    return Int(log[range].split(separator: ":").last ?? "")
                }
                if !process.isRunning { return nil }
                usleep(10_000)
            }
            return nil
        }
    }

    /// One request; status and body, or the transport error.
    static func request(_ method: String, _ url: String, token: String?, body: String? = nil) async -> (status: Int, body: String, error: (any Error)?) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self), nil)
        } catch {
            return (0, "", error)
        }
    }

    func token() throws -> String {
        let created = try Baton.run(["tokens", "create", "--db", db, "--user", "ann"])
        #expect(created.status == 0)
        return created.stdout.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    @Test func itStartsOnAnExistingDatabaseAndSaysWhereItListens() async throws {
        let token = try token()
        let server = try Server(db: db)
        defer { if server.process.isRunning { server.process.terminate() }; server.process.waitUntilExit() }
        let port = try #require(server.port(), "no listening line in: \(server.log)")
        let health = await Self.request("GET", "http://127.0.0.1:\(port)/health", token: nil)
        #expect(health.status == 200 && health.body == #"{"status":"up"}"#)
        let definitions = await Self.request("GET", "http://127.0.0.1:\(port)/v1/process-definitions", token: token)
        #expect(definitions.status == 200 && definitions.body.contains(#""key":"review""#), "\(definitions.body)")
        #expect(!server.log.contains(token), "the token is never logged")
    }

    @Test func sigtermAnswersTheRequestsInHandThenExitsCleanly() async throws {
        let token = try token()
        let server = try Server(db: db)
        let port = try #require(server.port(), "no listening line in: \(server.log)")
        let base = "http://127.0.0.1:\(port)"
        // A start that waits 5 s for an end that does not come: in hand when SIGTERM lands,
        // which is once its instance is on disk (the start commits, then waits).
        async let waiting = Self.request("POST", "\(base)/v1/process-definitions/review/start", token: token, body: #"{"waitForCompletion": true, "timeoutMillis": 5000}"#)
        let inHand = Date().addingTimeInterval(30)
        while Date() < inHand, try !Baton.run(["instances", "--db", db]).stdout.contains("review") { try await Task.sleep(for: .milliseconds(50)) }
        kill(server.process.processIdentifier, SIGTERM)
        let answered = await waiting
        #expect(answered.status == 201, "\(answered.body) \(String(describing: answered.error))")
        #expect(answered.body.contains(#""completed":false"#))
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0, "\(server.log)")
        let after = await Self.request("GET", "\(base)/health", token: nil)
        #expect(after.status == 0 && after.error != nil, "no new connection after the shutdown")

        // The database is whole and holds the instance the drained request started.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0, "the write-ahead log was checkpointed at close")
        let instances = try Baton.run(["instances", "--db", db])
        #expect(instances.status == 0 && instances.stdout.contains("review"), "\(instances.stdout)\(instances.stderr)")
    }
}
