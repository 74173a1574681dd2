import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

/// `baton bench dispatch`: the overhead of the job executor per in-process handler call:
/// job acquired (locked), instance loaded, handler run, outcome committed with the
/// instance. The handler itself does nothing, so what is measured is Baton's share.
struct DispatchBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Start N instances waiting at a service task, then let executors run every job with a no-op handler.",
        discussion: "Build with -c release: swift build -c release --product baton && .build/release/baton bench dispatch --instances 20000"
    )

    @Option(name: .long, help: "Instances (one job each).")
    var instances = 20_000

    @Option(name: .long, help: "Executor threads running due jobs at once (each its own lock owner).")
    var executors = 1

    @Option(name: .long, help: "Jobs acquired per executor round.")
    var batch = 100

    @Option(name: .long, help: "Handler threads within one round.")
    var concurrency = 1

    @Option(name: .long, help: "full or relaxed (synchronous=NORMAL).")
    var durability = "full"

    @Option(name: .long, help: ArgumentHelp("The new database (removed afterwards unless given).", valueName: "path"))
    var db: String?

    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:bench">
          <bpmn:process id="dispatch" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
            <bpmn:serviceTask id="call" baton:connector="bench" baton:operation="noop"/>
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    func validate() throws {
        guard instances > 0, executors > 0, batch > 0 else { throw ValidationError("--instances, --executors and --batch must be positive.") }
        guard SQLiteStore.Durability(rawValue: durability) != nil else { throw ValidationError("--durability must be full or relaxed.") }
    }

    func run() throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-dispatch-\(UUID().uuidString).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let sqlite = try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full)
        var runtime = try Runtime(store: GroupCommitStore(store: sqlite))
        try runtime.deploy(xml: Self.model, fileName: "dispatch.bpmn")
        runtime.register(connector: "bench", operation: "noop") { call in ["attempt": .number(FEELNumber(call.attempt))] }
        let shared = runtime
        let starters = 16
        let started = DispatchGroup()
        for worker in 0..<starters {
            started.enter()
            Thread {
                for index in stride(from: worker, to: instances, by: starters) {
                    _ = try? shared.start(processID: "dispatch", id: ProcessInstanceID("D-\(index)"))
                }
                started.leave()
            }.start()
        }
        started.wait()

        let latencies = Latencies()
        let clock = ContinuousClock()
        let began = clock.now
        let finished = DispatchGroup()
        for executor in 0..<executors {
            finished.enter()
            Thread {
                while true {
                    let round = clock.now
                    guard let report = try? shared.runDueJobs(owner: "bench-\(executor)", limit: batch, concurrency: concurrency) else { break }
                    let handled = report.completed + report.failed + report.errorsThrown
                    if handled == 0 && report.skipped == 0 { break }
                    latencies.add(clock.now - round, jobs: handled)
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let completed = try runtime.instances(.completed).count
        guard completed == instances else { throw RuntimeError("only \(completed) of \(instances) instances completed") }
        let (p50, p99, jobs) = latencies.summary()
        print(String(
            format: #"{"instances":%d,"executors":%d,"concurrency":%d,"batch":%d,"durability":"%@","jobsPerSecond":%.0f,"microsPerJob":%.1f,"roundP50Millis":%.2f,"roundP99Millis":%.2f,"jobs":%d}"#,
            instances, executors, concurrency, batch, durability, Double(instances) / seconds, seconds * 1e6 / Double(instances), p50, p99, jobs))
    }
}

/// Round durations, collected from executor threads.
final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var millis: [Double] = []
    private var jobs = 0

    func add(_ duration: Duration, jobs count: Int) {
        let value = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        lock.withLock {
            millis.append(value)
            jobs += count
        }
    }

    /// p50 and p99 in milliseconds, and the jobs counted.
    func summary() -> (Double, Double, Int) {
        lock.withLock {
            let sorted = millis.sorted()
            guard !sorted.isEmpty else { return (0, 0, jobs) }
            return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)], jobs)
        }
    }
}
