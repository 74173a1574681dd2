public import BatonFEEL
public import BatonModel

/// Something that happened to a process instance, in the past tense. The events of a
/// command describe every change it made; they feed history and persistence.
public enum EngineEvent: Hashable, Sendable, Codable {
    case processInstanceStarted(ProcessReference, businessKey: String?)
    /// A call activity started a process; `root` is the called process's element instance.
    case calledProcessStarted(ProcessReference, root: ElementInstanceKey, callActivity: ElementInstanceKey)
    case calledProcessCompleted(ProcessReference, root: ElementInstanceKey)
    case elementActivated(ElementInstanceKey, ElementID)
    case elementCompleted(ElementInstanceKey, ElementID)
    /// The body of a multi-instance or standard loop activity completed, after the
    /// activity's instances (each an `elementCompleted`).
    case loopCompleted(ElementInstanceKey, ElementID)
    case elementTerminated(ElementInstanceKey, ElementID)
    case sequenceFlowTaken(ElementID, scope: ElementInstanceKey)
    /// A variable was set; `previous` is its value before in that scope (nil when new).
    case variableSet(scope: ElementInstanceKey, name: String, value: FEELValue, previous: FEELValue?)
    case jobCreated(Job)
    case jobCompleted(JobKey)
    case jobFailed(JobKey, message: String, retriesLeft: Int)
    case jobErrorThrown(JobKey, errorCode: String)
    case jobCancelled(JobKey)
    case userTaskCreated(UserTask)
    case userTaskCompleted(UserTaskKey, user: String?)
    case userTaskCancelled(UserTaskKey)
    /// A user task's assignee (or owner) changed: `action` is claim, unclaim, delegate,
    /// resolve or reassign; `by` who did it.
    case userTaskAssigned(UserTaskKey, assignee: String?, owner: String?, action: String, by: String?)
    case subscriptionOpened(Subscription)
    case subscriptionTriggered(SubscriptionKey)
    case subscriptionClosed(SubscriptionKey)
    /// A send task or message throw event sent a message (the host delivers it).
    case messageSent(name: String, variables: FEELContext, element: ElementID)
    /// A signal throw event broadcast a signal. The elements of this instance that were
    /// waiting for it have already received it; the host delivers it to other instances.
    case signalThrown(name: String, element: ElementID)
    /// An escalation was thrown and nothing caught it; the flow goes on.
    case escalationThrown(code: String, element: ElementID)
    case incidentRaised(Incident)
    case incidentResolved(IncidentKey)
    case processInstanceCompleted(ProcessReference)
    case processInstanceCancelled(ProcessReference)
}
