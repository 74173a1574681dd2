public import BatonEngine

/// An open incident and the instance it stopped (`baton incidents`, `GET /v1/incidents`).
public struct OpenIncident: Hashable, Sendable {
    public var instance: InstanceSummary
    public var incident: Incident

    public init(instance: InstanceSummary, incident: Incident) {
        self.instance = instance
        self.incident = incident
    }
}

extension Runtime {
    /// Every open incident: instances newest first, each instance's incidents by key.
    public func openIncidents() throws(RuntimeError) -> [OpenIncident] {
        var open: [OpenIncident] = []
        for summary in try instances(.incident) {
            let state = try storedAsWritten(summary.id).state
            for incident in state.incidents.values.sorted(by: { $0.key < $1.key }) {
                open.append(OpenIncident(instance: summary, incident: incident))
            }
        }
        return open
    }
}
