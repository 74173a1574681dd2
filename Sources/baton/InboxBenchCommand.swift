import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation

/// `baton bench inbox`: a million open tasks, then inbox queries (p50/p99) and claim +
/// complete throughput.
struct InboxBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Generate many open tasks and measure inbox queries and claim + complete.",
        discussion: "Build with -c release: swift run -c release baton bench inbox --db /work/inbox.sqlite")

    @Option(name: .long, help: "Open tasks to generate.") var tasks = 1_000_000
    @Option(name: .long, help: "Roles the tasks are offered to.") var roles = 1_000
    @Option(name: .long, help: "Users.") var users = 10_000
    @Option(name: .long, help: "Instances the tasks belong to.") var instances = 50_000
    @Option(name: .long, help: "Roles per user.") var rolesPerUser = 5
    @Option(name: .long, help: "Inbox queries to time.") var queries = 1_000
    @Option(name: .long, help: "Tasks to claim and complete.") var cycles = 2_000
    @Option(name: .long, help: "Threads claiming and completing (their saves are committed in groups).") var concurrency = 16
    @Option(name: .long, help: ArgumentHelp("A new database file (default: temporary, removed afterwards).", valueName: "path")) var db: String?
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-inbox-\(UUID().uuidString).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let store = try SQLiteStore(path: path, durability: .full)
        let clock = ContinuousClock()
        func milliseconds(_ duration: Duration) -> Double { Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15 }
        let generationStart = clock.now
        let synthetic = try store.generateSyntheticInbox(
            tasks: tasks, roles: roles, users: users, instances: instances, rolesPerUser: rolesPerUser, seed: 29, now: SystemClock().now())
        let generation = clock.now - generationStart

        var latencies: [Double] = []
        var rows = 0
        for index in 0..<queries {
            let user = (index * 7919) % users
            var query = InboxQuery(user: "user-\(user)", roles: synthetic.userRoles[user])
            query.limit = 50
            let start = clock.now
            rows += try store.inbox(query).count
            latencies.append(milliseconds(clock.now - start))
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }

        // Claim + complete on real instances, by `concurrency` people at once
        let group = GroupCommitStore(store: store)
        var runtime = try Runtime(store: group)
        try runtime.deploy(xml: Self.model, fileName: "bench-approve.bpmn")
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("bench-approver", roles: ["bench-approvers"])
        let approver = try directory.user("bench-approver")
        let service = TaskService(runtime: runtime, directory: directory, tasks: store)
        var ids: [String] = []
        for index in 0..<cycles {
            let state = try runtime.start(processID: "benchApprove", id: ProcessInstanceID("ba-\(index)"))
            ids.append("\(state.id)/\(state.userTasks.keys.first!.rawValue)")
        }
        let cycleStart = clock.now
        let failures = FailureCount()
        let finished = DispatchGroup()
        let workers = max(1, concurrency), allIDs = ids
        for worker in 0..<workers {
            finished.enter()
            Thread {
                for index in stride(from: worker, to: allIDs.count, by: workers) {
                    do {
                        try service.claim(allIDs[index], as: approver)
                        try service.complete(allIDs[index], variables: ["approved": .boolean(true)], as: approver)
                    } catch {
                        failures.add()
                    }
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        let cycleTime = clock.now - cycleStart
        guard failures.count == 0 else { throw RuntimeError("\(failures.count) claim + complete cycles failed") }
        let cyclesPerSecond = Double(cycles) / (milliseconds(cycleTime) / 1000)
        let perTask = String(format: "%.1f", Double(rows) / Double(queries))
        if json {
            print(#"{"tasks":\#(tasks),"roles":\#(roles),"users":\#(users),"instances":\#(instances),"generationSeconds":\#(String(format: "%.1f", milliseconds(generation) / 1000)),"queries":\#(queries),"rowsPerQuery":\#(perTask),"p50Milliseconds":\#(String(format: "%.3f", percentile(0.5))),"p99Milliseconds":\#(String(format: "%.3f", percentile(0.99))),"maxMilliseconds":\#(String(format: "%.3f", latencies.last ?? 0)),"claimCompletePerSecond":\#(String(format: "%.0f", cyclesPerSecond))}"#)
        } else {
            print("\(tasks) open tasks over \(roles) roles, \(users) users, \(instances) instances (generated in \(String(format: "%.1f", milliseconds(generation) / 1000)) s)")
            print("inbox, first page of 50 by due date, \(queries) queries (\(perTask) rows each): p50 \(String(format: "%.3f", percentile(0.5))) ms, p99 \(String(format: "%.3f", percentile(0.99))) ms, max \(String(format: "%.3f", latencies.last ?? 0)) ms")
            print("claim + complete: \(String(format: "%.0f", cyclesPerSecond)) per second (\(cycles) tasks)")
        }
    }

    /// Counts failures from several threads.
    final class FailureCount: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:baton:bench">
          <bpmn:process id="benchApprove" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
            <bpmn:userTask id="approve" baton:candidateGroups="bench-approvers"/>
            <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """
}
