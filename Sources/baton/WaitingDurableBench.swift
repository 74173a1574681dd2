import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

/// `baton bench waiting --mode durable`: N instances waiting in the database, not in
/// memory; what they cost on disk and in resident memory, and what correlating each
/// costs when it has to be found and loaded.
enum WaitingDurableBench {
    struct Result {
        var instances: Int
        var startSeconds: Double
        var correlateSeconds: Double
        var residentGrowthBytes: Int
        var databaseBytes: Int

        var json: String {
            let perStart = startSeconds * 1e6 / Double(instances), perCorrelation = correlateSeconds * 1e6 / Double(instances)
            return #"{"mode":"durable","instances":\#(instances),"microsPerStart":\#(String(format: "%.2f", perStart)),"microsPerCorrelation":\#(String(format: "%.2f", perCorrelation)),"residentGrowthBytes":\#(residentGrowthBytes),"diskBytesPerInstance":\#(databaseBytes / max(1, instances))}"#
        }
    }

    static func measure(file: String, db: String, instances: Int, concurrency: Int, message: String, keyVariable: String) throws -> Result {
        let sqlite = try SQLiteStore(path: db)
        let store = GroupCommitStore(store: sqlite)
        var runtime = try Runtime(store: store)
        let outcome = try runtime.deploy(file: file)
        guard case .deployed(let processes) = outcome, let process = processes.first else {
            throw RuntimeError("\(file): expected a fresh database to deploy into")
        }
        let shared = runtime
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        func inParallel(_ body: @escaping @Sendable (Int) -> Void) {
            let finished = DispatchGroup()
            for worker in 0..<concurrency {
                finished.enter()
                Thread {
                    for index in stride(from: worker, to: instances, by: concurrency) { body(index) }
                    finished.leave()
                }.start()
            }
            finished.wait()
        }
        let residentBefore = residentBytes()
        let startBegan = clock.now
        inParallel { index in
            _ = try? shared.start(processID: process.id, id: ProcessInstanceID("O-\(index)"), variables: FEELContext([(keyVariable, .string("O-\(index)"))]))
        }
        let startTime = clock.now - startBegan
        let residentAfter = residentBytes()
        let databaseBytes = ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: db + suffix)[.size] as? Int) ?? 0)
        }
        let correlateBegan = clock.now
        inParallel { index in
            _ = try? shared.correlate(message: message, correlationKey: "O-\(index)", variables: ["paid": .boolean(true)])
        }
        let correlateTime = clock.now - correlateBegan
        let completed = try runtime.instances(.completed).count
        guard completed == instances else { throw RuntimeError("only \(completed) of \(instances) instances completed after their message") }
        return Result(
            instances: instances, startSeconds: seconds(startTime), correlateSeconds: seconds(correlateTime),
            residentGrowthBytes: residentAfter - residentBefore, databaseBytes: databaseBytes)
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
