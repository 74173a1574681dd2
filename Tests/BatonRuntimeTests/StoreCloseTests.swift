import BatonEngine
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// `SQLiteStore.close()`: the file alone holds everything afterwards, and the store
/// refuses further work in words.
@Suite struct StoreCloseTests {
    @Test func closingEmptiesTheWriteAheadLogIntoTheFile() throws {
        let database = try TemporaryDatabase()
        let store = try SQLiteStore(path: database.path)
        var runtime = try Runtime(store: store)
        try runtime.deploy(xml: TimerStartTests.model(cycle: "R/PT1H"), fileName: "sync.bpmn")
        let walSize = { (try? FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int) ?? 0 }
        #expect(walSize() > 0, "the deployment is in the write-ahead log")
        try store.close()
        #expect(walSize() == 0)
        #expect(throws: StoreError.self) { try store.deployments() }
        // Reopened, everything is there.
        #expect(try SQLiteStore(path: database.path).deployments().count == 1)
    }
}
