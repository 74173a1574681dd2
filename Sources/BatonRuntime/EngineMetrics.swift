public import BatonEngine
import Foundation

/// Counters of what this process's runtimes committed: instances started, completed and
/// cancelled, jobs completed and failed, incidents raised and resolved. `/metrics` exposes
/// them; they count from the process's start.
public final class EngineMetrics: @unchecked Sendable {
    /// The counters every runtime in this process adds to.
    public static let shared = EngineMetrics()

    /// One counter's name and value.
    public struct Counter: Hashable, Sendable {
        public var name: String
        public var help: String
        public var value: Int
    }

    private let lock = NSLock()
    private var started = 0, completed = 0, cancelled = 0, jobsCompleted = 0, jobsFailed = 0, incidentsRaised = 0, incidentsResolved = 0

    public init() {}

    /// Counts the events of one committed save.
    public func record(_ events: [EngineEvent]) {
        var delta = (0, 0, 0, 0, 0, 0, 0)
        var counted = false
        for event in events {
            switch event {
            case .processInstanceStarted: delta.0 += 1
            case .processInstanceCompleted: delta.1 += 1
            case .processInstanceCancelled: delta.2 += 1
            case .jobCompleted: delta.3 += 1
            case .jobFailed: delta.4 += 1
            case .incidentRaised: delta.5 += 1
            case .incidentResolved: delta.6 += 1
            default: continue
            }
            counted = true
        }
        guard counted else { return }
        lock.withLock {
            started += delta.0
            completed += delta.1
            cancelled += delta.2
            jobsCompleted += delta.3
            jobsFailed += delta.4
            incidentsRaised += delta.5
            incidentsResolved += delta.6
        }
    }

    /// Every counter, in a stable order.
    public var counters: [Counter] {
        lock.withLock {
            [
                Counter(name: "baton_process_instances_started_total", help: "Process instances started.", value: started),
                Counter(name: "baton_process_instances_completed_total", help: "Process instances that reached their end.", value: completed),
                Counter(name: "baton_process_instances_cancelled_total", help: "Process instances cancelled.", value: cancelled),
                Counter(name: "baton_jobs_completed_total", help: "Jobs completed (connector calls, continuations, external tasks).", value: jobsCompleted),
                Counter(name: "baton_jobs_failed_total", help: "Job attempts that failed.", value: jobsFailed),
                Counter(name: "baton_incidents_raised_total", help: "Incidents raised.", value: incidentsRaised),
                Counter(name: "baton_incidents_resolved_total", help: "Incidents resolved.", value: incidentsResolved),
            ]
        }
    }
}
