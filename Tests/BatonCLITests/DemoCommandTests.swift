import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `baton demo` as a newcomer runs it: everything comes up, the walkthrough's first step
/// works (a won opportunity in the CRM starts opportunity-to-order in Baton), and Ctrl-C
/// stops it all cleanly.
@Suite(.serialized, .timeLimit(.minutes(3))) final class DemoCommandTests {
    let folder: URL
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ProcessModels").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-demo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A port nobody listens on now (the kernel's pick for port 0).
    static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func request(_ method: String, _ url: String, bearer: String?) async -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return (0, "") }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of `NAME='value'` in demo.sh.
    static func scriptValue(_ name: String, in script: String) -> String? {
        guard let line = script.split(separator: "\n").first(where: { $0.hasPrefix(name + "=") || $0.hasPrefix("export " + name + "=") }) else { return nil }
        return line.split(separator: "=", maxSplits: 1).last.map { String($0.dropFirst().dropLast()) }
    }

    @Test func theDemoComesUpRunsTheWalkthroughsFirstStepAndStopsOnCtrlC() async throws {
        let (port, erpPort, crmPort) = (Self.freePort(), Self.freePort(), Self.freePort())
        let process = Process()
        process.executableURL = Baton.executable
        process.arguments = [
            "demo", "--db", folder.appendingPathComponent("baton.sqlite").path, "--models", Self.models, "--port", "\(port)", "--erp-port", "\(erpPort)",
            "--crm-port", "\(crmPort)",
        ]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BATON_") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let log = Log()
        output.fileHandleForReading.readabilityHandler = { handle in log.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }

        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, !log.text.contains("Baton demo is running"), process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let banner = log.text
        try #require(banner.contains("Baton demo is running"), "no banner: \(banner)")
        for expected in ["sam ", "maria ", "pia ", "quinn ", "sue ", "fay ", "finn ", "opportunityToOrder", "complaintToResolution", "source "] {
            #expect(banner.contains(expected), "the banner names \(expected)")
        }
        let script = try String(contentsOfFile: folder.appendingPathComponent("demo.sh").path, encoding: .utf8)
        let permissions = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("demo.sh").path)[.posixPermissions] as? Int
        #expect(permissions == 0o600, "demo.sh holds tokens: its owner's only")
        let admin = try #require(Self.scriptValue("BATON_DEMO_TOKEN_ada", in: script))
        let crmToken = try #require(Self.scriptValue("BATON_DEMO_CRM_TOKEN", in: script))
        #expect(!banner.contains(admin), "tokens are not printed")

        let base = "http://127.0.0.1:\(port)"
        #expect(await Self.request("GET", "\(base)/health", bearer: nil).status == 200)
        let definitions = await Self.request("GET", "\(base)/v1/process-definitions", bearer: admin)
        for key in ["opportunityToOrder", "orderToProduction", "complaintToResolution", "approvalFourEyes", "customerMasterDataSync", "scheduledCustomerSync", "slaEscalation"] {
            #expect(definitions.body.contains(#""key":"\#(key)""#), "\(key) deployed: \(definitions.body)")
        }

        // Step 1: OPP-2004 (in stock, within the credit limit) is won in the CRM; the CRM tells
        // Baton, the instance syncs the customer, books the order in the ERP and waits for shipment.
        let won = await Self.request("POST", "http://127.0.0.1:\(crmPort)/crm/v1/opportunities/OPP-2004/win", bearer: crmToken)
        #expect(won.status == 200, "\(won.body)")
        var waiting = false
        let started = Date().addingTimeInterval(60)
        while Date() < started, !waiting {
            let instances = await Self.request("GET", "\(base)/v1/process-instances?businessKey=OPP-2004", bearer: admin)
            if let id = instances.body.range(of: #""id":"[^"]+""#, options: .regularExpression).map({ String(instances.body[$0].dropFirst(6).dropLast()) }) {
                let instance = await Self.request("GET", "\(base)/v1/process-instances/\(id)", bearer: admin)
                waiting = instance.body.contains("waitForShipment") || instance.body.contains("shipmentDispatched")
            }
            if !waiting { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(waiting, "opportunity-to-order reached the shipment wait: \(log.text)")

        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(log.text)")
    }

    @Test func withoutItsModelsFolderItSaysWhereToRunIt() throws {
        let result = try Baton.run(["demo", "--models", folder.appendingPathComponent("nowhere").path, "--port", "\(Self.freePort())"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no models folder") && result.stderr.contains("--models"), "\(result.stderr)")
    }
}

/// Output collected from a pipe's handler thread.
private final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""
    func append(_ data: Data) { lock.withLock { collected += String(decoding: data, as: UTF8.self) } }
    var text: String { lock.withLock { collected } }
}
