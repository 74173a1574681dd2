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
    @Flag(name: .long, help: "Create the tasks by running real instances (20 user tasks each) instead of writing the inbox tables directly; also times a filter on a process variable.")
    var throughEngine = false
    @Option(name: .customLong("where"), help: "The variable filter timed with --through-engine.") var filter = "amount > 500000"
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-inbox-\(UUID().uuidString).sqlite").path
        defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
        let store = try SQLiteStore(path: path, durability: .full)
        let clock = ContinuousClock()
        func milliseconds(_ duration: Duration) -> Double { Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15 }
        let generationStart = clock.now
        let synthetic: SQLiteStore.SyntheticInbox
        if throughEngine {
            synthetic = try generateThroughEngine(store)
        } else {
            synthetic = try store.generateSyntheticInbox(
                tasks: tasks, roles: roles, users: users, instances: instances, rolesPerUser: rolesPerUser, seed: 29, now: SystemClock().now())
        }
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
        var filtered: [Double] = []
        if throughEngine {
            let service = TaskService(runtime: try Runtime(store: store), directory: Directory(store: store, passwordCost: 16), tasks: store)
            for index in 0..<queries {
                let user = (index * 7919) % users
                var query = InboxQuery(user: "user-\(user)", roles: synthetic.userRoles[user])
                query.limit = 50
                let actor = UserRecord(name: "user-\(user)", displayName: nil, roles: synthetic.userRoles[user], passwordHash: nil, createdAt: SystemClock().now())
                let start = clock.now
                _ = try service.inbox(of: actor, query, where: filter)
                filtered.append(milliseconds(clock.now - start))
            }
            filtered.sort()
            print("inbox with --where '\(filter)', \(queries) queries: p50 \(String(format: "%.3f", filtered[filtered.count / 2])) ms, p99 \(String(format: "%.3f", filtered[min(filtered.count - 1, Int(Double(filtered.count) * 0.99))])) ms")
        }

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

    /// `instances` real instances, each with 20 open user tasks offered to random roles
    /// and due over 30 days, started by 16 threads through group commit.
    private func generateThroughEngine(_ store: SQLiteStore) throws -> SQLiteStore.SyntheticInbox {
        var random = SystemRandomNumberGenerator()
        let userRoles = (0..<users).map { _ in (0..<rolesPerUser).map { _ in "role-\(Int.random(in: 0..<roles, using: &random))" } }
        var runtime = try Runtime(store: GroupCommitStore(store: store))
        try runtime.deploy(xml: Self.wideModel, fileName: "bench-wide.bpmn")
        let shared = runtime, perInstance = max(1, tasks / instances), roleCount = roles
        let now = SystemClock().now().millisecondsSinceEpoch
        let finished = DispatchGroup()
        for worker in 0..<16 {
            finished.enter()
            Thread {
                var generator = SystemRandomNumberGenerator()
                for index in stride(from: worker, to: instances, by: 16) {
                    let roleList = (0..<perInstance).map { _ in FEELValue.string("role-\(Int.random(in: 0..<roleCount, using: &generator))") }
                    let dueList = (0..<perInstance).map { _ in FEELValue.string(EngineInstant(millisecondsSinceEpoch: now + Int64.random(in: 0..<(30 * 86_400_000), using: &generator)).description) }
                    _ = try? shared.start(processID: "benchWide", id: ProcessInstanceID("w-\(index)"), variables: [
                        "roles": .list(roleList), "due": .list(dueList), "amount": .number(FEELNumber(Int.random(in: 0..<1_000_000, using: &generator))),
                    ])
                }
                finished.leave()
            }.start()
        }
        finished.wait()
        return SQLiteStore.SyntheticInbox(userRoles: userRoles)
    }

    /// Start, a fork into 20 user tasks, each offered to `roles[i]` and due at `due[i]`.
    static let wideModel: String = {
        let tasks = (1...20).map { index in
            #"<bpmn:userTask id="t\#(index)" baton:candidateGroups="=roles[\#(index)]" baton:dueDate="=due[\#(index)]"/><bpmn:sequenceFlow id="f\#(index)" sourceRef="fork" targetRef="t\#(index)"/>"#
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:baton:bench">
              <bpmn:process id="benchWide" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork"/>
                <bpmn:parallelGateway id="fork"/>
                \(tasks)
              </bpmn:process>
            </bpmn:definitions>
            """
    }()

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
