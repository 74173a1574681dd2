import Foundation
public import BatonEngine
import BatonModel

/// Runs many instances of one scenario and measures throughput: `baton bench`.
///
/// Every instance is started, run to its end and answered from the scenario (user
/// tasks, service tasks, messages, timers) exactly as ``ScenarioRunner`` does, minus
/// the readable trace. A warm-up of a tenth of the instances (at least one) runs first.
public struct ScenarioBenchmark: Sendable {
    /// What one benchmark run measured.
    public struct Measurement: Sendable, Hashable {
        public var mode: String
        public var instances: Int
        public var seconds: Double
        /// Flow nodes completed per instance (the length of the path).
        public var nodesPerInstance: Int
        /// With group commit: how many transactions held how many saves.
        public var batchSizes: [Int: Int]?
        public var instancesPerSecond: Double { Double(instances) / seconds }
        public var microsPerNode: Double { seconds * 1_000_000 / Double(instances * max(1, nodesPerInstance)) }

        /// `{"mode": ..., "instances": N, "seconds": ..., "instancesPerSecond": ..., "microsPerNode": ...}`
        public var json: String {
            func number(_ value: Double, _ digits: Int) -> String {
                var text = String(format: "%.\(digits)f", value)
                while text.contains("."), text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
                return text
            }
            var text = #"{"mode":"\#(mode)","instances":\#(instances),"seconds":\#(number(seconds, 6)),"instancesPerSecond":\#(number(instancesPerSecond, 1)),"microsPerNode":\#(number(microsPerNode, 3))"#
            if let batchSizes {
                let entries = batchSizes.keys.sorted().map { #""\#($0)":\#(batchSizes[$0]!)"# }
                text += #","batchSizes":{\#(entries.joined(separator: ","))}"#
            }
            return text + "}"
        }
    }

    public let runner: ScenarioRunner
    public let scenario: Scenario

    public init(runner: ScenarioRunner, scenario: Scenario) {
        self.runner = runner
        self.scenario = scenario
    }

    /// What saving and restoring one instance's state costs.
    public struct StateMeasurement: Sendable, Hashable {
        public var iterations: Int
        /// Size of the state as JSON.
        public var bytes: Int
        public var microsPerSave: Double
        public var microsPerRestore: Double

        /// `{"iterations": N, "bytes": ..., "microsPerSave": ..., "microsPerRestore": ...}`
        public var json: String {
            #"{"iterations":\#(iterations),"bytes":\#(bytes),"microsPerSave":\#(String(format: "%.2f", microsPerSave)),"microsPerRestore":\#(String(format: "%.2f", microsPerRestore))}"#
        }
    }

    /// Encodes and decodes (JSONEncoder/JSONDecoder) the state of an instance at its
    /// first wait states `iterations` times each.
    public func measureStateRoundTrip(iterations: Int) throws -> StateMeasurement {
        let state = try runner.startInstance(scenario)
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let data = try encoder.encode(state)
        let restored = try decoder.decode(ProcessInstanceState.self, from: data)
        guard restored == state else { throw ScenarioError(field: nil, message: "the state did not survive a save and restore unchanged") }
        let clock = ContinuousClock()
        func micros(_ duration: Duration) -> Double {
            (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12) / Double(iterations)
        }
        let saveStart = clock.now
        for _ in 0..<iterations { _ = try encoder.encode(state) }
        let saveTime = clock.now - saveStart
        let restoreStart = clock.now
        for _ in 0..<iterations { _ = try decoder.decode(ProcessInstanceState.self, from: data) }
        let restoreTime = clock.now - restoreStart
        return StateMeasurement(iterations: iterations, bytes: data.count, microsPerSave: micros(saveTime), microsPerRestore: micros(restoreTime))
    }

    /// Runs `instances` instances saving each to `store` after its start and after every
    /// command (one transaction each, with history), as the durable engine does. `mode`
    /// names the store's setting in the result.
    public func measureDurable(instances: Int, store: any ProcessStore, mode: String, concurrency: Int = 1) throws(ScenarioError) -> Measurement {
        var quiet = runner
        quiet.recordsTrace = false
        let prefix = "bench-\(UInt32.random(in: 0...UInt32.max))-"
        let probe = quiet.run(scenario, store: store, instanceID: ProcessInstanceID(prefix + "probe"))
        guard probe.status == .completed else {
            let why = probe.incidents.first.map { ": \($0.element): \($0.reason)" } ?? ""
            throw ScenarioError(field: nil, message: "the scenario ends \(probe.status.rawValue), not completed\(why); benchmark a scenario that completes")
        }
        for index in 0..<max(1, instances / 10) { _ = quiet.run(scenario, store: store, instanceID: ProcessInstanceID(prefix + "warm-\(index)")) }
        let clock = ContinuousClock()
        let start = clock.now
        let runner = quiet, scenario = self.scenario, workers = max(1, concurrency)
        // `concurrency` starters, each on its own thread, share the store.
        let finished = DispatchGroup()
        for worker in 0..<workers {
            finished.enter()
            let thread = Thread {
                for index in stride(from: worker, to: instances, by: workers) {
                    _ = runner.run(scenario, store: store, instanceID: ProcessInstanceID(prefix + "\(index)"))
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(mode: mode, instances: instances, seconds: seconds, nodesPerInstance: probe.path.count)
    }

    /// Runs `instances` instances in memory. Throws when the scenario does not complete
    /// (a benchmark of a failing run would measure nothing useful).
    public func measureInMemory(instances: Int) throws(ScenarioError) -> Measurement {
        var quiet = runner
        quiet.recordsTrace = false
        let probe = quiet.run(scenario)
        guard probe.status == .completed else {
            let why = probe.incidents.first.map { ": \($0.element): \($0.reason)" } ?? ""
            throw ScenarioError(field: nil, message: "the scenario ends \(probe.status.rawValue), not completed\(why); benchmark a scenario that completes")
        }
        for _ in 0..<max(1, instances / 10) { _ = quiet.run(scenario) }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<instances { _ = quiet.run(scenario) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(mode: "memory", instances: instances, seconds: seconds, nodesPerInstance: probe.path.count)
    }
}
