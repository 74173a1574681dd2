import ArgumentParser
import BatonFEEL
import BatonModel
import BatonSQLite
import BatonTesting
import BatonXML
import Foundation

/// `baton bench`: micro- and macro-benchmarks; figures go to `Docs/performance.md`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Baton's performance.",
        subcommands: [
            ProcessBenchCommand.self, StateBenchCommand.self, WaitingBenchCommand.self, InboxBenchCommand.self, FEELBenchCommand.self,
            DispatchBenchCommand.self, ExternalBenchCommand.self,
        ],
        defaultSubcommand: ProcessBenchCommand.self
    )
}

/// `baton bench FILE --scenario S.json`: runs many instances of a scenario and prints
/// instances per second and microseconds per flow node.
struct ProcessBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run N instances of a scenario and report instances/s and µs per flow node.",
        discussion: "Build with -c release for meaningful figures: swift run -c release baton bench FILE --scenario S.json"
    )

    @Argument(help: ArgumentHelp("The BPMN file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The process to run (default: the first executable process).", valueName: "id"))
    var process: String?

    @Option(name: .long, help: ArgumentHelp("The scenario JSON file; it must complete.", valueName: "file"))
    var scenario: String

    @Option(name: .long, help: "Instances to run (after a warm-up of a tenth as many).")
    var instances = 10_000

    @Option(name: .long, help: "Where instances live: memory, durable (SQLite, synchronous=FULL) or durable-relaxed (synchronous=NORMAL).")
    var mode = "memory"

    @Option(name: .long, help: ArgumentHelp("The database for durable modes (default: a new temporary file, removed afterwards).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Concurrent starters for durable modes; above 1 their saves are committed in groups.")
    var concurrency = 1

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard instances > 0 else { throw ValidationError("--instances must be positive.") }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive.") }
        guard ["memory", "durable", "durable-relaxed"].contains(mode) else {
            throw ValidationError("--mode must be memory, durable or durable-relaxed, not '\(mode)'.")
        }
    }

    func run() throws {
        let scenarioValue = try RunCommand.readScenario(scenario)
        let runner: ScenarioRunner
        do {
            runner = try ScenarioRunner(file: file, processID: process.map { ElementID($0) })
        } catch {
            printError("\(file): error: \(error)")
            throw ExitCode(2)
        }
        let measurement: ScenarioBenchmark.Measurement
        let benchmark = ScenarioBenchmark(runner: runner, scenario: scenarioValue)
        do {
            if mode == "memory" {
                measurement = try benchmark.measureInMemory(instances: instances)
            } else {
                let temporary = db == nil ? FileManager.default.temporaryDirectory.appendingPathComponent("baton-bench-\(UUID().uuidString).sqlite").path : nil
                defer { if let temporary { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) } } }
                let store = try SQLiteStore(path: db ?? temporary!, durability: mode == "durable" ? .full : .relaxed)
                if concurrency > 1 {
                    let group = GroupCommitStore(store: store)
                    var measured = try benchmark.measureDurable(instances: instances, store: group, mode: mode, concurrency: concurrency)
                    measured.batchSizes = group.batchSizes
                    measurement = measured
                } else {
                    measurement = try benchmark.measureDurable(instances: instances, store: store, mode: mode)
                }
            }
        } catch let error as ScenarioError {
            printError("\(scenario): error: \(error.description)")
            throw ExitCode(1)
        } catch {
            printError("baton: error: \(error)")
            throw ExitCode(1)
        }
        if json {
            print(measurement.json)
        } else {
            print("\(file): \(measurement.instances) instances in \(String(format: "%.3f", measurement.seconds)) s (\(measurement.mode))")
            print("  \(String(format: "%.0f", measurement.instancesPerSecond)) instances/s, \(String(format: "%.2f", measurement.microsPerNode)) µs per flow node (\(measurement.nodesPerInstance) nodes per instance)")
        }
    }
}

/// `baton bench state FILE --scenario S.json`: what saving and restoring an instance's
/// state costs (JSON), measured on the state at the instance's first wait states.
struct StateBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Measure saving and restoring an instance's state (JSON encode and decode).",
        discussion: "Build with -c release for meaningful figures: swift run -c release baton bench state FILE --scenario S.json"
    )

    @Argument(help: ArgumentHelp("The BPMN file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The process to run (default: the first executable process).", valueName: "id"))
    var process: String?

    @Option(name: .long, help: ArgumentHelp("The scenario JSON file (its variables start the instance).", valueName: "file"))
    var scenario: String

    @Option(name: .long, help: "Saves and restores to time.")
    var iterations = 10_000

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
    }

    func run() throws {
        let scenarioValue = try RunCommand.readScenario(scenario)
        let runner: ScenarioRunner
        do {
            runner = try ScenarioRunner(file: file, processID: process.map { ElementID($0) })
        } catch {
            printError("\(file): error: \(error)")
            throw ExitCode(2)
        }
        let result = try ScenarioBenchmark(runner: runner, scenario: scenarioValue).measureStateRoundTrip(iterations: iterations)
        if json {
            print(result.json)
        } else {
            print("\(file): state of \(result.bytes) bytes as JSON")
            print("  save \(String(format: "%.2f", result.microsPerSave)) µs, restore \(String(format: "%.2f", result.microsPerRestore)) µs (\(result.iterations) each)")
        }
    }
}

/// `baton bench waiting`: many instances waiting on a message and a timer at once, then
/// every one correlated: µs per correlation, memory per waiting instance.
struct WaitingBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waiting",
        abstract: "Keep N instances waiting on a message and a timer, then correlate them all.",
        discussion: "Build with -c release for meaningful figures: swift run -c release baton bench waiting --instances 100000"
    )

    @Argument(help: ArgumentHelp("The BPMN file (its instances must wait for the message).", valueName: "file"))
    var file = "Benchmarks/models/wait-message-timer.bpmn"

    @Option(name: .long, help: "Instances to start and keep waiting.")
    var instances = 100_000

    @Option(name: .long, help: "The message the instances wait for.")
    var message = "paymentReceived"

    @Option(name: .long, help: "The variable that holds each instance's correlation key.")
    var keyVariable = "orderId"

    @Option(name: .long, help: "memory: instances kept in memory; durable: instances in a new database (--db), loaded to correlate.")
    var mode = "memory"

    @Option(name: .long, help: ArgumentHelp("The new database for --mode durable (removed afterwards unless given).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Threads starting and correlating, for --mode durable.")
    var concurrency = 16

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard instances > 0 else { throw ValidationError("--instances must be positive.") }
        guard mode == "memory" || mode == "durable" else { throw ValidationError("--mode must be memory or durable, not '\(mode)'.") }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive.") }
    }

    func run() throws {
        if mode == "durable" {
            let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("baton-waiting-\(UUID().uuidString).sqlite").path
            defer { if db == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
            let result = try WaitingDurableBench.measure(
                file: file, db: path, instances: instances, concurrency: concurrency, message: message, keyVariable: keyVariable)
            print(result.json)
            return
        }
        let loaded: LoadedDefinitions
        do {
            loaded = try BPMNLoader().load(file: file)
        } catch {
            printError("\(file): error: \(error)")
            throw ExitCode(2)
        }
        guard loaded.isValid else {
            for diagnostic in loaded.errors { printError(diagnostic.description) }
            throw ExitCode(1)
        }
        let result = try WaitingBenchmark(definitions: loaded.definitions, message: message, keyVariable: keyVariable).measure(instances: instances)
        if json {
            print(result.json)
        } else {
            print("\(file): \(result.instances) instances waiting (\(result.subscriptionsPerInstance) subscriptions each)")
            print("  start \(String(format: "%.2f", result.microsPerStart)) µs, correlate \(String(format: "%.2f", result.microsPerCorrelation)) µs per instance")
            print("  resident memory per waiting instance: \(Int(result.residentBytesPerInstance)) bytes (\(Int(result.residentBytesPerSubscription)) per subscription)")
        }
    }
}

/// `baton bench feel`: compile once, evaluate many, for the expressions FEEL's targets
/// name (a typical condition; a path, filter and sum over a 100-item list).
struct FEELBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feel",
        abstract: "Measure FEEL evaluation: nanoseconds per evaluation of typical expressions.",
        discussion: "Build with -c release for meaningful figures: swift run -c release baton bench feel"
    )

    @Option(name: .long, help: "Evaluations per expression (after a warm-up of a tenth as many).")
    var iterations = 200_000

    @Option(name: .long, help: "Run only the benchmarks whose name contains this text.")
    var only: String?

    @Flag(name: .long, help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
    }

    func run() throws {
        var variables = FEELContext()
        variables["amount"] = .number(FEELNumber("1200.50")!)
        variables["region"] = .string("EU")
        for index in 0..<18 { variables["field\(index)"] = .number(FEELNumber(index)) }
        var items: [FEELValue] = []
        for index in 0..<100 {
            items.append(.context([
                "sku": .string("SKU-\(index)"), "price": .number(FEELNumber("\(index % 20).95")!),
                "quantity": .number(FEELNumber(index % 7 + 1)),
            ]))
        }
        let cases: [(name: String, expression: String, variables: FEELContext)] = [
            ("condition, 20 variables", #"amount > 1000 and region = "EU""#, variables),
            ("path + filter + sum, 100 items", "sum(order.items[price > 10].price)", ["order": .context(["items": .list(items)])]),
        ]
        var results: [(String, String, Double, String)] = []
        for benchmark in cases where only.map({ benchmark.name.contains($0) }) ?? true {
            let compiled = try FEELExpression(benchmark.expression)
            let expected = compiled.evaluate(benchmark.variables)
            for _ in 0..<max(1, iterations / 10) { _ = compiled.evaluate(benchmark.variables) }
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<iterations { _ = compiled.evaluate(benchmark.variables) }
            let elapsed = clock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            results.append((benchmark.name, benchmark.expression, nanoseconds / Double(iterations), expected.value.literal))
        }
        if json {
            let rows = results.map { name, expression, perEvaluation, _ in
                #"{"name":"\#(name)","expression":\#(FEELValue.string(expression).json),"nanosecondsPerEvaluation":\#(Int(perEvaluation.rounded()))}"#
            }
            print(#"{"iterations":\#(iterations),"results":[\#(rows.joined(separator: ","))]}"#)
        } else {
            for (name, expression, perEvaluation, value) in results {
                print("\(name): \(Int(perEvaluation.rounded())) ns per evaluation  [\(expression) = \(value)]")
            }
        }
    }
}
