import Foundation
import Testing

/// The durability promise, tested the hard way: `baton` processes starting instances,
/// firing timers and running jobs (asynchronous continuations) are killed with SIGKILL at
/// random moments; afterwards every
/// acknowledged start exists, every instance reaches its end exactly once, and its history
/// agrees with its state.
///
/// `BATON_CRASH_STARTS` (default 30) sets how many starts are attempted and
/// `BATON_CRASH_SEED` the random seed, for longer runs than CI's.
@Suite(.timeLimit(.minutes(5))) final class CrashSafetyTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A small deterministic generator, so a failing run can be repeated with its seed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 33) % bound
        }
    }

    /// Runs `baton` with `arguments`; when `killAfter` is set, sends SIGKILL after that
    /// many microseconds. Returns nil when the process was killed.
    func baton(_ arguments: [String], killAfter: UInt32? = nil) throws -> Baton.Result? {
        let process = Process()
        process.executableURL = Baton.executable
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let killAfter {
            usleep(killAfter)
            kill(process.processIdentifier, SIGKILL)
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return nil }
        return Baton.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func killedProcessesLoseNothingAcknowledgedAndDuplicateNothing() throws {
        let environment = ProcessInfo.processInfo.environment
        let starts = Int(environment["BATON_CRASH_STARTS"] ?? "") ?? 30
        var random = Random(state: UInt64(environment["BATON_CRASH_SEED"] ?? "") ?? 20261129)
        let deploy = try #require(try baton(["deploy", "--db", db, Baton.fixture("durable/crash-drill.bpmn")]))
        // Every start below is acknowledged or killed; jobs run with short locks
        #expect(deploy.status == 0, "\(deploy.stderr)")

        var acknowledged: [String: Int] = [:]
        var kills = 0
        for index in 0..<starts {
            let arguments = ["start", "--db", db, "drill", "--var", "n=\(index)"]
            if index % 3 != 0 {
                if try baton(arguments, killAfter: UInt32(random.next(60_000))) == nil { kills += 1 }
            } else {
                let result = try #require(try baton(arguments))
                #expect(result.status == 0, "\(result.stderr)")
                acknowledged[result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)] = index
            }
        }
        // Fire the timers and run the jobs, killing some of the runs part way; a killed
        // run's jobs stay locked for a second, then others take them
        var rounds = 0
        while rounds < 60 {
            rounds += 1
            if rounds % 2 == 1, try baton(["jobs", "run", "--db", db, "--lock-duration", "PT1S"], killAfter: UInt32(random.next(60_000))) == nil {
                kills += 1
                continue
            }
            let run = try #require(try baton(["jobs", "run", "--db", db, "--lock-duration", "PT1S"]))
            #expect(run.status == 0, "\(run.stderr)")
            if run.stdout == "0 due timers fired\n" {
                let active = try #require(try baton(["instances", "--db", db, "--state", "active"]))
                if active.stdout == "no process instances\n" { break }
                usleep(1_100_000)  // a lock left by a killed run expires
            }
        }
        // More kills while nothing is due, until the drill has had at least twenty
        while kills < 20 {
            if try baton(["jobs", "run", "--db", db], killAfter: UInt32(random.next(25_000))) == nil { kills += 1 }
        }

        let listing = try #require(try baton(["instances", "--db", db, "--json"]))
        let instances = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        let ids = instances.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count, "an instance is listed twice")
        for id in acknowledged.keys { #expect(ids.contains(id), "acknowledged instance \(id) was lost") }
        print("crash drill: \(starts) starts, \(kills) processes killed, \(acknowledged.count) starts acknowledged, \(ids.count) instances stored")
        for instance in instances {
            let id = try #require(instance["id"] as? String)
            #expect(instance["status"] as? String == "completed", "instance \(id) is \(instance["status"] ?? "?")")
            let shown = try #require(try baton(["instance", "--db", db, id, "--json"]))
            let state = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let variables = try #require(state["variables"] as? [String: Any])
            let n = try #require(variables["n"] as? Int)
            if let expected = acknowledged[id] { #expect(n == expected) }
            #expect(variables["total"] as? Int == n * 2 + 1, "instance \(id) computed \(variables["total"] ?? "nothing")")
            // History agrees: every element completed exactly once, the instance once
            let history = try #require(try baton(["history", "--db", db, id])).stdout.split(separator: "\n")
                .map { $0.components(separatedBy: "  ").dropFirst().joined(separator: "  ") }
            for element in ["start", "fork", "wait", "compute", "join", "finish", "end"] {
                #expect(history.filter { $0 == "completed \(element)" }.count == 1, "instance \(id): \(element) completed \(history.filter { $0 == "completed \(element)" }.count) times")
            }
            #expect(history.filter { $0 == "completed" }.count == 1, "instance \(id) completed more or less than once")
        }
    }
}
