import BatonEngine
import BatonFEEL
public import BatonModel
import BatonXML
import Foundation

/// Many instances waiting at once, then every one of them woken by its message: what a
/// correlation costs and what a waiting instance weighs (`baton bench waiting`).
///
/// Each instance is started with a distinct value of `keyVariable`; the model's catch
/// correlates `message` on it. Correlating finds the instance through a dictionary from
/// correlation key to instance (what a store's index does) and runs the engine's
/// `correlateMessage` on it.
public struct WaitingBenchmark: Sendable {
    /// What one run measured.
    public struct Measurement: Sendable, Hashable {
        public var instances: Int
        /// Subscriptions open per waiting instance (message, timer, ...).
        public var subscriptionsPerInstance: Int
        public var startSeconds: Double
        public var correlateSeconds: Double
        /// Growth of resident memory while the instances waited, per instance (Linux).
        public var residentBytesPerInstance: Double

        public var microsPerStart: Double { startSeconds * 1e6 / Double(instances) }
        public var microsPerCorrelation: Double { correlateSeconds * 1e6 / Double(instances) }
        public var residentBytesPerSubscription: Double { residentBytesPerInstance / Double(max(1, subscriptionsPerInstance)) }

        public var json: String {
            func fixed(_ value: Double) -> String { String(format: "%.2f", value) }
            return #"{"instances":\#(instances),"subscriptionsPerInstance":\#(subscriptionsPerInstance),"microsPerStart":\#(fixed(microsPerStart)),"microsPerCorrelation":\#(fixed(microsPerCorrelation)),"residentBytesPerInstance":\#(Int(residentBytesPerInstance)),"residentBytesPerSubscription":\#(Int(residentBytesPerSubscription))}"#
        }
    }

    public let definitions: Definitions
    public var message: String
    public var keyVariable: String

    public init(definitions: Definitions, message: String, keyVariable: String) {
        self.definitions = definitions
        self.message = message
        self.keyVariable = keyVariable
    }

    /// Starts `instances` instances, keeps them all waiting in memory, then correlates a
    /// message to each. Throws when an instance does not wait or does not complete.
    public func measure(instances: Int) throws -> Measurement {
        var repository = ProcessRepository()
        let deployed = try repository.deploy(definitions)
        guard let process = deployed.first else { throw ScenarioError(field: nil, message: "the file has no executable process") }
        let engine = ProcessEngine(repository: repository, clock: ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)))
        let clock = ContinuousClock()
        var states: [ProcessInstanceState] = []
        states.reserveCapacity(instances)
        var byKey: [String: Int] = [:]
        byKey.reserveCapacity(instances)
        let residentBefore = Self.residentBytes()
        let startBegan = clock.now
        for index in 0..<instances {
            let key = "O-\(index)"
            let (state, _) = try engine.start(processID: process.id, id: ProcessInstanceID(key), variables: FEELContext([(keyVariable, .string(key))]))
            byKey[key] = states.count
            states.append(state)
        }
        let startTime = clock.now - startBegan
        let residentAfter = Self.residentBytes()
        let subscriptions = states.first?.subscriptions.count ?? 0
        guard subscriptions > 0 else { throw ScenarioError(field: nil, message: "the instances do not wait for anything") }
        let payload = FEELContext([("paid", .boolean(true))])
        let correlateBegan = clock.now
        for index in 0..<instances {
            let key = "O-\(index)"
            guard let position = byKey[key] else { continue }
            try engine.execute(.correlateMessage(name: message, correlationKey: key, variables: payload), on: &states[position])
        }
        let correlateTime = clock.now - correlateBegan
        guard states.allSatisfy({ $0.status == .completed }) else {
            throw ScenarioError(field: nil, message: "not every instance completed after its message")
        }
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        return Measurement(
            instances: instances, subscriptionsPerInstance: subscriptions, startSeconds: seconds(startTime), correlateSeconds: seconds(correlateTime),
            residentBytesPerInstance: Double(residentAfter - residentBefore) / Double(instances))
    }

    /// Resident memory of this process (Linux `/proc/self/statm`; 0 elsewhere).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
