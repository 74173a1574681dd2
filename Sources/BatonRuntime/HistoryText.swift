public import BatonEngine
import BatonFEEL

extension EngineEvent {
    /// The event as one line of an instance's history (`baton history`, the HTTP API).
    public var historyText: String {
        switch self {
        case .processInstanceStarted(let process, _): "started \(process.id) version \(process.version)"
        case .elementActivated(_, let element): "entered \(element)"
        case .elementCompleted(_, let element): "completed \(element)"
        case .elementTerminated(_, let element): "terminated \(element)"
        case .sequenceFlowTaken(let flow, _): "took \(flow)"
        case .variableSet(_, let name, let value, let previous):
            "set variable \(name) = \(value.literal)" + (previous.map { " (was \($0.literal))" } ?? "")
        case .userTaskCreated(let task): "opened user task \(task.element)"
        case .userTaskCompleted(let key, let user): "completed user task \(key)" + (user.map { " by \($0)" } ?? "")
        case .jobCreated(let job): "created job \(job.key) for \(job.element) (\(job.type))"
        case .jobFailed(let key, let message, let left): "job \(key) failed (\(left) retries left): \(message)"
        case .incidentRaised(let incident): "incident at \(incident.element): \(incident.reason)"
        case .incidentResolved(let key): "resolved incident \(key)"
        case .processInstanceCompleted: "completed"
        case .processInstanceCancelled: "cancelled"
        default: String(describing: self)
        }
    }
}
