public import BatonFEEL
public import BatonModel

/// One activation of a flow node, a subprocess or a process inside an instance's state.
///
/// Scopes (the process, subprocesses, called processes) count the tokens inside them
/// and hold the tokens waiting at their joining gateways; any element instance can hold
/// local variables (from input mappings or a subprocess's own variables).
public struct ElementInstance: Hashable, Sendable {
    public var key: ElementInstanceKey
    /// The scope the element runs in; nil for the instance's root.
    public var parent: ElementInstanceKey?
    public var element: ElementID
    /// Index into ``ProcessInstanceState/definitions``: which process the element is of.
    public var definition: Int
    /// For scopes: element instances inside plus tokens waiting at joins.
    public var tokens: Int
    /// Variables local to this element instance.
    public var variables: FEELContext?
    /// What the element waits for while `active`.
    public var waitingFor: WaitReason?
    /// The incident holding this element, if any.
    public var incident: IncidentKey?
    public var state: ElementLifecycle.State
    /// True for the root of a process (the instance's, or a called process's): variable
    /// lookup stops here.
    public var isProcessRoot: Bool
    /// True for the body of a multi-instance or standard loop activity: the instances of
    /// the activity run inside it.
    public var isLoopBody: Bool
    /// True for one instance of a looping activity, inside its body.
    public var isLoopInstance: Bool
    /// For a scope: an interrupting event subprocess has started in it, so no other event
    /// subprocess of the scope starts (BPMN allows one interruption per scope activation).
    public var isInterrupted: Bool
    /// What few element instances need, kept out of line so the common instance stays
    /// small (instances are moved in and out of the state's dictionary on every step).
    private var rare: RareBox?

    public init(key: ElementInstanceKey, element: ElementID, definition: Int, parent: ElementInstanceKey?, isProcessRoot: Bool = false) {
        self.key = key
        self.element = element
        self.definition = definition
        self.parent = parent
        self.state = .activating
        self.tokens = 0
        self.isProcessRoot = isProcessRoot
        self.isLoopBody = false
        self.isLoopInstance = false
        self.isInterrupted = false
    }

    /// For scopes: tokens waiting at joining gateways, by gateway and incoming flow.
    public var joinArrivals: [ElementID: [ElementID: Int]]? {
        get { rare?.fields.joinArrivals }
        set { updateRare { $0.joinArrivals = newValue } }
    }

    /// Subscriptions held for this element's boundary events, its event subprocesses
    /// (when it is a scope), or the events an event-based gateway waits for.
    public var eventSubscriptions: [SubscriptionKey]? {
        get { rare?.fields.eventSubscriptions }
        set { updateRare { $0.eventSubscriptions = newValue } }
    }

    /// The event it waited for has already happened (an event-based gateway chose it):
    /// it completes at once. For an event-based gateway: the event that won; for the
    /// root: the start event the instance was started at.
    public var triggeredBy: ElementID? {
        get { rare?.fields.triggeredBy }
        set { updateRare { $0.triggeredBy = newValue } }
    }

    /// For a multi-instance body over a collection: the items, read once when it started.
    public var loopItems: [FEELValue]? {
        get { rare?.fields.loopItems }
        set { updateRare { $0.loopItems = newValue } }
    }

    /// The `asyncBefore` continuation has run: the element may start.
    public var passedAsyncBefore: Bool {
        get { rare?.fields.passedAsyncBefore ?? false }
        set { updateRare { $0.passedAsyncBefore = newValue } }
    }

    /// The `asyncAfter` continuation has run: the element may complete.
    public var passedAsyncAfter: Bool {
        get { rare?.fields.passedAsyncAfter ?? false }
        set { updateRare { $0.passedAsyncAfter = newValue } }
    }

    /// Changes the out-of-line fields, copying them first when they are shared.
    private mutating func updateRare(_ change: (inout RareFields) -> Void) {
        if rare == nil {
            rare = RareBox(RareFields())
        } else if !isKnownUniquelyReferenced(&rare!) {
            rare = RareBox(rare!.fields)
        }
        change(&rare!.fields)
        if rare!.fields == RareFields() { rare = nil }
    }

    /// Moves to `next`, as the lifecycle table allows.
    mutating func move(to next: ElementLifecycle.State, waitingFor reason: WaitReason? = nil) {
        assert(ElementLifecycle.canMove(from: state, to: next), "element instance \(key): \(state) -> \(next) is not in the lifecycle table")
        state = next
        waitingFor = reason
    }

    /// A token left this scope; true when it was the last and the scope now completes.
    mutating func removeToken() -> Bool {
        tokens -= 1
        guard tokens == 0, state == .active else { return false }
        move(to: .completing)
        return true
    }
}

/// The out-of-line fields of an ``ElementInstance``.
private struct RareFields: Hashable {
    var joinArrivals: [ElementID: [ElementID: Int]]?
    var eventSubscriptions: [SubscriptionKey]?
    var triggeredBy: ElementID?
    var loopItems: [FEELValue]?
    var passedAsyncBefore = false
    var passedAsyncAfter = false
}

/// A copy-on-write box for ``RareFields``: changed only while uniquely referenced.
private final class RareBox: Hashable, @unchecked Sendable {
    var fields: RareFields
    init(_ fields: RareFields) { self.fields = fields }
    static func == (lhs: RareBox, rhs: RareBox) -> Bool { lhs === rhs || lhs.fields == rhs.fields }
    func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// What an active element instance waits for.
public enum WaitReason: Hashable, Sendable {
    case job(JobKey)
    case userTask(UserTaskKey)
    case subscription(SubscriptionKey)
    /// A call activity waits for the process it started (the child's root element).
    case calledProcess(ElementInstanceKey)
    /// A subprocess or process (or a loop body) waits for its content.
    case content
    /// An event-based gateway waits for the first of its events.
    case events
}
