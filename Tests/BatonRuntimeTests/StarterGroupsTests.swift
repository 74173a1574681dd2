import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// `baton:starterGroups`: who may start a process by hand.
@Suite struct StarterGroupsTests {
    /// `discount` may be started by `sales` and `sales-managers`; `open` by anyone.
    static let model = (try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/inbox/discount-starter-groups.bpmn"), encoding: .utf8)) ?? "missing fixture"

    static func user(_ name: String, _ roles: [String]) -> UserRecord {
        UserRecord(name: name, displayName: nil, roles: roles, passwordHash: nil, createdAt: EngineInstant(millisecondsSinceEpoch: 0))
    }

    @Test func onlyMembersOfAStarterGroupAndAdminsMayStart() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: Self.model, fileName: "discount.bpmn")
        #expect(try runtime.start(processID: "discount", startedBy: Self.user("bob", ["sales"])).status == .completed)
        #expect(try runtime.start(processID: "discount", startedBy: Self.user("ann", ["admin"])).status == .completed)
        #expect(try runtime.start(processID: "discount").status == .completed, "nobody named: the local command line, as before")
        #expect(try runtime.start(processID: "open", startedBy: Self.user("carl", [])).status == .completed)
        let refused = RuntimeError("process 'discount' may be started by sales, sales-managers (baton:starterGroups) and admins; carl has finance", kind: .forbidden)
        #expect(throws: refused) { try runtime.start(processID: "discount", startedBy: Self.user("carl", ["finance"])) }
        #expect(try runtime.instances().count == 4, "a refused start stores nothing")

        let batch = runtime.startBatch(processID: "discount", jsonLines: "{\"a\": 1}\n{\"a\": 2}", startedBy: Self.user("carl", ["finance"]))
        #expect(batch.started == 0 && batch.failures.map(\.error) == [refused.message, refused.message])
        #expect(runtime.startBatch(processID: "discount", jsonLines: "{\"a\": 1}", startedBy: Self.user("bob", ["sales"])).started == 1)
        #expect(throws: refused) { try runtime.requireStarter(Self.user("carl", ["finance"]), of: "discount") }
        try runtime.requireStarter(Self.user("carl", ["finance"]), of: "nothing-deployed")  // unknown: start says so
    }

    @Test func theLatestVersionDecides() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: Self.model, fileName: "discount.bpmn")
        try runtime.deploy(xml: Self.model.replacingOccurrences(of: #" baton:starterGroups="sales, sales-managers""#, with: ""), fileName: "discount.bpmn")
        #expect(try runtime.start(processID: "discount", startedBy: Self.user("carl", [])).status == .completed)
    }
}
