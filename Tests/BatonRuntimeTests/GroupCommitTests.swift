import BatonEngine
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Group commit: saves from many threads share transactions, and each caller gets its own
/// result (a conflict fails that save only).
@Suite struct GroupCommitTests {
    @Test func concurrentStartsAreAllStoredInSharedTransactions() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let store = GroupCommitStore(store: try SQLiteStore(path: database.path))
        let grouped = try Runtime(store: store, clock: ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)))
        let failures = Failures()
        let finished = DispatchGroup()
        for worker in 0..<16 {
            finished.enter()
            Thread {
                for index in 0..<10 {
                    do { try grouped.start(processID: "order", id: ProcessInstanceID("w\(worker)-\(index)")) } catch { failures.add("\(error)") }
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        #expect(failures.all.isEmpty)
        #expect(try runtime.instances().count == 160)
        let sizes = store.batchSizes
        #expect(sizes.reduce(0) { $0 + $1.key * $1.value } == 160)
        #expect(sizes.keys.contains { $0 > 1 }, "16 threads never shared a transaction: \(sizes)")
    }

    @Test func aConflictInABatchFailsOnlyThatSave() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let first = try runtime.start(processID: "order", id: "a")
        let second = try runtime.start(processID: "order", id: "b")
        let store = try SQLiteStore(path: database.path)
        let at = EngineInstant(millisecondsSinceEpoch: 0)
        let results = store.saveBatch([
            SaveRequest(state: first, expectedRevision: 1, history: [], at: at),
            SaveRequest(state: second, expectedRevision: 7, history: [], at: at),
            SaveRequest(state: first, expectedRevision: nil, history: [], at: at),
        ])
        #expect((try? results[0].get()) == 2)
        #expect(results[1] == .failure(.conflict("b")))
        #expect(results[2] == .failure(.duplicate("a")))
        #expect(try store.instance("a")?.revision == 2)
        #expect(try store.instance("b")?.revision == 1)
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
