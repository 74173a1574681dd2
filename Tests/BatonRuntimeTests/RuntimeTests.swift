import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// A fresh database file in a temporary folder, removed afterwards.
final class TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs `sql` on the file with the `sqlite3` tool (as another program would); its exit status.
    func runSQL(_ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func runtime(at clock: ManualClock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))) throws -> Runtime {
        try Runtime(store: SQLiteStore(path: path), clock: clock)
    }
}

let orderModel = """
    <?xml version="1.0" encoding="UTF-8"?>
    <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="urn:test">
      <bpmn:message id="paid" name="paymentReceived" baton:correlationKey="=orderId"/>
      <bpmn:process id="order" isExecutable="true">
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
        <bpmn:userTask id="approve"/>
        <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="book"/>
        <bpmn:serviceTask id="book" baton:connector="erp" baton:operation="salesOrder.create"/>
        <bpmn:sequenceFlow id="f3" sourceRef="book" targetRef="waitPayment"/>
        <bpmn:receiveTask id="waitPayment" messageRef="paid"/>
        <bpmn:boundaryEvent id="overdue" attachedToRef="waitPayment"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f4" sourceRef="waitPayment" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        <bpmn:sequenceFlow id="f5" sourceRef="overdue" targetRef="lateEnd"/>
        <bpmn:endEvent id="lateEnd"/>
      </bpmn:process>
    </bpmn:definitions>
    """

@Suite struct RuntimeTests {
    @Test func deployingTheSameTextTwiceChangesNothingAndChangedTextIsANewVersion() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        #expect(try runtime.deploy(xml: orderModel, fileName: "order.bpmn") == .deployed([ProcessReference(id: "order", version: 1)]))
        #expect(try runtime.deploy(xml: orderModel, fileName: "order.bpmn") == .unchanged)
        let running = try runtime.start(processID: "order", variables: ["orderId": .string("O-1")])
        let changed = orderModel.replacingOccurrences(of: "<bpmn:userTask id=\"approve\"/>", with: "<bpmn:userTask id=\"approve\" name=\"Approve\"/>")
        #expect(try runtime.deploy(xml: changed, fileName: "order.bpmn") == .deployed([ProcessReference(id: "order", version: 2)]))
        // After a restart: new instances get version 2, the running one keeps version 1
        let reopened = try database.runtime()
        #expect(reopened.latestProcesses.map(\.version) == [2])
        #expect(try reopened.start(processID: "order").process.version == 2)
        #expect(try reopened.instance(running.id).process.version == 1)
    }

    @Test func aModelWithErrorsIsNotDeployed() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        let broken = orderModel.replacingOccurrences(of: "targetRef=\"book\"", with: "targetRef=\"bok\"")
        #expect(throws: RuntimeError.self) { try runtime.deploy(xml: broken, fileName: "order.bpmn") }
        #expect(try database.runtime().latestProcesses.isEmpty)
    }

    @Test func anInstanceContinuesAfterARestartAndItsHistoryIsKept() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let started = try runtime.start(processID: "order", businessKey: "B-1", variables: ["orderId": .string("O-1")])
        // Restart: a new runtime on the same file finds the instance waiting at the user task
        let afterRestart = try database.runtime()
        var state = try afterRestart.instance(started.id)
        let task = try #require(state.userTasks.values.first)
        state = try afterRestart.execute(.completeUserTask(task.key, variables: ["approved": .boolean(true)]), on: started.id)
        let job = try #require(state.jobs.values.first)
        #expect(job.type == "erp")
        state = try afterRestart.execute(.completeJob(job.key, variables: ["salesOrderId": .string("SO-1")]), on: started.id)
        #expect(state.subscriptions.count == 2)
        let reached = try afterRestart.correlate(message: "paymentReceived", correlationKey: "O-1", variables: ["paid": .boolean(true)])
        #expect(reached == [started.id])
        let final = try database.runtime().instance(started.id)
        #expect(final.status == .completed)
        #expect(final.variables["salesOrderId"] == .string("SO-1"))
        let completed = try afterRestart.history(of: started.id).compactMap { entry -> String? in
            if case .elementCompleted(_, let element) = entry.event { return element.rawValue }
            return nil
        }
        #expect(completed == ["start", "approve", "book", "waitPayment", "end"])
    }

    @Test func timersDueWhileBatonWasDownFireOnTheNextRun() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let id = try runtime.start(processID: "order", variables: ["orderId": .string("O-2")]).id
        var state = try runtime.execute(.completeUserTask(try #require(try runtime.instance(id).userTasks.values.first).key), on: id)
        state = try runtime.execute(.completeJob(try #require(state.jobs.values.first).key), on: id)
        #expect(try runtime.runDueTimers() == 0)
        clock.advance(byMilliseconds: 8 * 86_400_000)
        let later = try database.runtime(at: clock)
        #expect(try later.runDueTimers() == 1)
        let final = try later.instance(id)
        #expect(final.status == .completed)
        #expect(try later.history(of: id).contains { if case .elementCompleted(_, "lateEnd") = $0.event { true } else { false } })
    }

    @Test func messagesFindInstancesByBusinessKeyOrCorrelationKey() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        for (order, business) in [("O-1", "B-1"), ("O-2", "B-2")] {
            let id = try runtime.start(processID: "order", businessKey: business, variables: ["orderId": .string(order)]).id
            let state = try runtime.execute(.completeUserTask(try #require(try runtime.instance(id).userTasks.values.first).key), on: id)
            try runtime.execute(.completeJob(try #require(state.jobs.values.first).key), on: id)
        }
        let byBusinessKey = try runtime.correlate(message: "paymentReceived", businessKey: "B-2")
        #expect(byBusinessKey.count == 1)
        #expect(try runtime.instance(byBusinessKey[0]).variables["orderId"] == .string("O-2"))
        #expect(throws: RuntimeError("no process instance waits for message 'paymentReceived' with correlation key 'O-9'", kind: .notFound)) {
            try runtime.correlate(message: "paymentReceived", correlationKey: "O-9")
        }
        #expect(try runtime.instances(.completed).count == 1)
        #expect(try runtime.instances(.active).count == 1)
    }

    @Test func aStaleRevisionIsRefusedNotOverwritten() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let started = try runtime.start(processID: "order")
        let store = try SQLiteStore(path: database.path)
        let stored = try #require(try store.instance(started.id))
        try store.save(stored.state, expectedRevision: stored.revision, history: [], at: EngineInstant(millisecondsSinceEpoch: 0))
        #expect(throws: StoreError.conflict(started.id)) {
            try store.save(stored.state, expectedRevision: stored.revision, history: [], at: EngineInstant(millisecondsSinceEpoch: 0))
        }
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let database = try TemporaryDatabase()
        try Data("this is not SQLite, just text that happens to be long enough to look like a header".utf8).write(to: URL(fileURLWithPath: database.path))
        #expect(throws: StoreError.unusable("\(database.path): not a Baton database (the file is not SQLite, or is damaged)")) {
            _ = try SQLiteStore(path: database.path)
        }
    }

    @Test func aDatabaseFromANewerBatonIsRefused() throws {
        let database = try TemporaryDatabase()
        _ = try SQLiteStore(path: database.path)
        // Simulate a newer Baton: a migration this version does not know.
        #expect(try database.runSQL("INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") == 0)
        #expect(throws: StoreError.unusable("\(database.path): the database was written by a newer version of Baton; upgrade Baton to open it")) {
            _ = try SQLiteStore(path: database.path)
        }
    }

    @Test func historyOfFinishedInstancesCanBeRemoved() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        let finished = try runtime.start(processID: "order")
        try runtime.execute(.cancel, on: finished.id)
        let running = try runtime.start(processID: "order")
        clock.advance(byMilliseconds: 91 * 86_400_000)
        let store = try SQLiteStore(path: database.path)
        let removed = try store.deleteHistory(ofInstancesEndedBefore: clock.now().advanced(byMilliseconds: -90 * 86_400_000))
        #expect(removed > 0)
        #expect(try runtime.history(of: finished.id).isEmpty)
        #expect(!(try runtime.history(of: running.id).isEmpty))
    }
}

/// Damaged files and full disks: clear errors, nothing half written.
@Suite struct StoreFailureTests {
    @Test func aTruncatedDatabaseIsAClearErrorNotACrash() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: orderModel, fileName: "order.bpmn")
        for index in 0..<20 { try runtime.start(processID: "order", id: ProcessInstanceID("i\(index)")) }
        // Checkpoint the WAL into the main file, then cut the file in half
        _ = try SQLiteStore(path: database.path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: database.path))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size / 2)
        try handle.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        do {
            let reopened = try Runtime(store: SQLiteStore(path: database.path))
            _ = try reopened.instances()
            Issue.record("a truncated database opened and listed instances")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix(database.path))
        } catch let error as RuntimeError {
            #expect(error.message.hasPrefix(database.path))
        }
    }

    @Test func aFullDiskFailsTheCommandAndKeepsWhatWasCommitted() throws {
        let database = try TemporaryDatabase()
        var setup = try database.runtime()
        try setup.deploy(xml: orderModel, fileName: "order.bpmn")
        let first = try setup.start(processID: "order", id: "first", variables: ["orderId": .string("O-1")])
        let used = try FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int ?? 0
        // The same file, now allowed to grow by almost nothing
        let runtime = try Runtime(store: SQLiteStore(path: database.path, maximumBytes: max(used, 8192) + 4096))
        var failure: String?
        for index in 0..<200 {
            do {
                try runtime.start(processID: "order", id: ProcessInstanceID("more-\(index)"), variables: ["orderId": .string(String(repeating: "x", count: 2000))])
            } catch {
                failure = error.message
                break
            }
        }
        #expect(failure?.hasSuffix("the disk is full; nothing was written") == true, "\(failure ?? "no failure")")
        // What was committed before is intact and usable
        let stored = try runtime.instance(first.id)
        #expect(stored == first)
        #expect(try runtime.instances().allSatisfy { $0.status == .active })
    }
}
