import ArgumentParser
import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

/// `baton bench external`: external-task throughput through the Swift API: N instances
/// each waiting at one service task, then concurrent workers fetching and locking batches
/// and completing them.
struct ExternalBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external",
        abstract: "Measure external tasks: workers fetching, locking and completing N tasks (tasks/s, batch latency).",
        discussion: "Build with -c release for meaningful figures: swift build -c release --product baton; .build/release/baton bench external")

    @Option(name: .long, help: "Concurrent workers.")
    var workers = 4

    @Option(name: .long, help: "Tasks (instances waiting at a service task) to do.")
    var tasks = 20_000

    @Option(name: .long, help: "The most tasks a worker fetches at once.")
    var maxTasks = 100

    @Option(name: .long, help: "full (synchronous=FULL, default) or relaxed.")
    var durability = "full"

    @Flag(name: .long, help: "Complete each task on its own (a transaction each) instead of a fetched batch in one transaction.")
    var perTask = false

    @Option(name: .long, help: ArgumentHelp("The new database (default: a temporary file, removed afterwards).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="bench" targetNamespace="urn:baton:bench">
          <bpmn:process id="externalBench" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="invoice"/>
            <bpmn:serviceTask id="invoice" baton:connector="billing" baton:operation="invoice.create"/>
            <bpmn:sequenceFlow id="f2" sourceRef="invoice" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    func validate() throws {
        guard workers > 0, tasks > 0, maxTasks > 0 else { throw ValidationError("--workers, --tasks and --max-tasks must be positive.") }
        guard let _ = SQLiteStore.Durability(rawValue: durability) else { throw ValidationError("--durability must be full or relaxed, not '\(durability)'.") }
    }

    func run() throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-external-\(UUID().uuidString).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let store = GroupCommitStore(store: try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full))
        var runtime = try Runtime(store: store)
        try runtime.deploy(xml: Self.model, fileName: "external-bench.bpmn")
        let shared = runtime
        let count = tasks
        // Starting is not measured; eight threads, their saves committed in groups.
        Self.inParallel(8) { thread in
            for index in stride(from: thread, to: count, by: 8) {
                _ = try? shared.start(processID: "externalBench", id: ProcessInstanceID("E-\(index)"), variables: ["amount": .number(FEELNumber(index))])
            }
        }
        let service = ExternalTaskService(runtime: runtime)
        let recorder = Recorder()
        let topic = FetchTopic(name: "billing", lockDuration: 600_000)
        let batch = maxTasks, oneByOne = perTask
        let began = ContinuousClock.now
        Self.inParallel(workers) { worker in
            let id = "worker-\(worker)"
            while true {
                let fetchStart = ContinuousClock.now
                guard let fetched = try? service.fetchAndLock(workerId: id, topics: [topic], maxTasks: batch), !fetched.isEmpty else { return }
                let completeStart = ContinuousClock.now
                var failures = 0
                if oneByOne {
                    for task in fetched where (try? service.complete(task.id, workerId: id, variables: ["invoiceId": .string("INV-\(task.instance)")])) == nil {
                        failures += 1
                    }
                } else {
                    let results = service.complete(fetched.map { ExternalTaskCompletion(id: $0.id, variables: ["invoiceId": .string("INV-\($0.instance)")]) }, workerId: id)
                    failures = results.filter { if case .failure = $0 { true } else { false } }.count
                }
                let end = ContinuousClock.now
                recorder.add(fetch: completeStart - fetchStart, complete: end - completeStart, tasks: fetched.count - failures)
            }
        }
        let elapsed = Self.seconds(ContinuousClock.now - began)
        let completed = try runtime.instances(.completed).count
        let (fetches, completes, rounds, done) = recorder.results()
        guard completed == tasks, done == tasks else { throw RuntimeError("only \(completed) of \(tasks) instances completed (\(done) completions acknowledged)") }
        let perSecond = Double(tasks) / elapsed
        func ms(_ values: [Double], _ quantile: Double) -> String {
            String(format: "%.2f", values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * quantile))] * 1000)
        }
        let mode = perTask ? "per-task" : "batch"
        if json {
            print(#"{"tasks":\#(tasks),"workers":\#(workers),"maxTasks":\#(maxTasks),"durability":"\#(durability)","complete":"\#(mode)","seconds":\#(String(format: "%.3f", elapsed)),"tasksPerSecond":\#(Int(perSecond)),"batchP50Ms":\#(ms(rounds, 0.5)),"batchP99Ms":\#(ms(rounds, 0.99)),"fetchP50Ms":\#(ms(fetches, 0.5)),"fetchP99Ms":\#(ms(fetches, 0.99)),"completeP50Ms":\#(ms(completes, 0.5)),"completeP99Ms":\#(ms(completes, 0.99))}"#)
        } else {
            print("\(tasks) external tasks, \(workers) workers fetching up to \(maxTasks), durability \(durability), \(mode) completion: \(String(format: "%.3f", elapsed)) s")
            print("  \(Int(perSecond)) tasks/s; per batch (fetch + complete) p50 \(ms(rounds, 0.5)) ms, p99 \(ms(rounds, 0.99)) ms over \(rounds.count) batches")
            print("  fetch-and-lock p50 \(ms(fetches, 0.5)) ms, p99 \(ms(fetches, 0.99)) ms; complete p50 \(ms(completes, 0.5)) ms, p99 \(ms(completes, 0.99)) ms")
        }
    }

    static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

    static func inParallel(_ threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let finished = DispatchGroup()
        for thread in 0..<threads {
            finished.enter()
            Thread {
                body(thread)
                finished.leave()
            }.start()
        }
        finished.wait()
    }

    /// Batch timings from the worker threads.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var fetches: [Double] = [], completes: [Double] = [], rounds: [Double] = []
        private var done = 0

        func add(fetch: Duration, complete: Duration, tasks: Int) {
            lock.withLock {
                fetches.append(ExternalBenchCommand.seconds(fetch))
                completes.append(ExternalBenchCommand.seconds(complete))
                rounds.append(ExternalBenchCommand.seconds(fetch + complete))
                done += tasks
            }
        }

        func results() -> (fetches: [Double], completes: [Double], rounds: [Double], done: Int) {
            lock.withLock { (fetches.sorted(), completes.sorted(), rounds.sorted(), done) }
        }
    }
}
