import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// The task lifecycle and the inbox, with every denial.
@Suite struct TaskServiceTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="quote" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approveQuote"/>
            <bpmn:userTask id="approveQuote" name="Approve quote" baton:candidateGroups="sales-managers" baton:dueDate="=due" baton:priority="=prio">
              <bpmn:extensionElements><baton:formField id="approved" type="boolean" required="true"/></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="approveQuote" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    struct World {
        let service: TaskService
        let alice: UserRecord, mia: UserRecord, max: UserRecord, root: UserRecord
        let ids: [String]
    }

    func world(_ database: TemporaryDatabase, instances: Int = 3) throws -> World {
        var runtime = try database.runtime()
        try runtime.deploy(xml: Self.model, fileName: "quote.bpmn")
        let store = try SQLiteStore(path: database.path)
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("alice", roles: ["sales"])
        try directory.addUser("mia", roles: ["sales-managers"])
        try directory.addUser("max", roles: ["sales-managers", "finance"])
        try directory.addUser("root", roles: ["admin"])
        var ids: [String] = []
        for index in 0..<instances {
            let state = try runtime.start(processID: "quote", id: ProcessInstanceID("q\(index)"), variables: [
                "due": .string("2026-12-0\(5 - index)T12:00:00Z"), "prio": .number(FEELNumber(index)),
            ])
            ids.append("\(state.id)/\(try #require(state.userTasks.keys.first).rawValue)")
        }
        let service = TaskService(runtime: runtime, directory: directory, tasks: store)
        return World(
            service: service, alice: try directory.user("alice"), mia: try directory.user("mia"), max: try directory.user("max"),
            root: try directory.user("root"), ids: ids)
    }

    @Test func onlyCandidatesMayClaimAndTheDenialSaysWhy() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        #expect(throws: RuntimeError("task 'approveQuote' is offered to sales-managers; alice has sales", kind: .forbidden)) {
            try world.service.claim(world.ids[0], as: world.alice)
        }
        try world.service.claim(world.ids[0], as: world.mia)
        #expect(throws: RuntimeError("task 'approveQuote' is already claimed by mia", kind: .conflict)) { try world.service.claim(world.ids[0], as: world.max) }
        #expect(try world.service.task(world.ids[0]).task.assignee == "mia")
    }

    @Test func onlyTheAssigneeCompletesAndTheFormIsChecked() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        #expect(throws: RuntimeError("task 'approveQuote' is not claimed; claim it before you complete it", kind: .conflict)) {
            try world.service.complete(world.ids[0], variables: ["approved": .boolean(true)], as: world.mia)
        }
        try world.service.claim(world.ids[0], as: world.mia)
        #expect(throws: RuntimeError("task 'approveQuote' is assigned to mia; only mia may complete it", kind: .forbidden)) {
            try world.service.complete(world.ids[0], variables: ["approved": .boolean(true)], as: world.max)
        }
        #expect(throws: RuntimeError("user task 'approveQuote' needs the required form field 'approved'", kind: .invalid, fieldErrors: [FieldError(field: "approved", message: "required")])) {
            try world.service.complete(world.ids[0], variables: [:], as: world.mia)
        }
        let state = try world.service.complete(world.ids[0], variables: ["approved": .boolean(true)], as: world.mia)
        #expect(state.status == .completed)
        #expect(throws: RuntimeError("task '\(world.ids[0])' was completed already by mia", kind: .conflict)) {
            try world.service.complete(world.ids[0], variables: ["approved": .boolean(true)], as: world.mia)
        }
        #expect(throws: RuntimeError("task '\(world.ids[0])' is not open (it was completed or cancelled, or never existed)", kind: .notFound)) {
            try world.service.task(world.ids[0])
        }
        #expect(throws: RuntimeError("task 'q0/99' is not open (it was completed or cancelled, or never existed)", kind: .notFound)) {
            try world.service.claim("q0/99", as: world.mia)
        }
        let history = try world.service.runtime.history(of: "q0").map(\.event)
        #expect(history.contains(.userTaskAssigned(UserTaskKey(4), assignee: "mia", owner: nil, action: "claim", by: "mia")))
        #expect(history.contains(.userTaskCompleted(UserTaskKey(4), user: "mia")))
    }

    /// The world with its first task claimed by mia and delegated to alice; that task's id.
    func delegated(_ database: TemporaryDatabase) throws -> (World, String) {
        let world = try world(database)
        try world.service.claim(world.ids[0], as: world.mia)
        try world.service.delegate(world.ids[0], to: "alice", as: world.mia)
        return (world, world.ids[0])
    }

    @Test func delegateResolveUnclaimAndAdminReassign() throws {
        let database = try TemporaryDatabase()
        let (world, id) = try delegated(database)
        #expect(try world.service.task(id).task.assignee == "alice")
        #expect(try world.service.task(id).task.owner == "mia")
        try world.service.resolve(id, as: world.alice)
        #expect(try world.service.task(id).task.assignee == "mia")
        #expect(throws: RuntimeError("task 'approveQuote' is assigned to mia; only mia may unclaim it", kind: .forbidden)) { try world.service.unclaim(id, as: world.max) }
        try world.service.unclaim(id, as: world.mia)
        #expect(try world.service.task(id).task.assignee == nil)
        #expect(throws: RuntimeError("only an admin may reassign task 'approveQuote'; mia is not one", kind: .forbidden)) { try world.service.reassign(id, to: "max", as: world.mia) }
        try world.service.reassign(id, to: "max", as: world.root)
        #expect(try world.service.task(id).task.assignee == "max")
    }

    @Test func aTaskIsSeenByItsCandidatesAssigneeOwnerAndAdminsOnly() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        let id = world.ids[0]
        let denied = RuntimeError("task 'approveQuote' is offered to sales-managers; alice has sales", kind: .forbidden)
        #expect(throws: denied) { try world.service.task(id, visibleTo: world.alice) }
        // Every action says the same to someone who may not see the task, before saying more.
        #expect(throws: denied) { try world.service.complete(id, variables: ["approved": .boolean(true)], as: world.alice) }
        #expect(throws: denied) { try world.service.unclaim(id, as: world.alice) }
        #expect(try world.service.task(id, visibleTo: world.max).task.element == "approveQuote")
        #expect(try world.service.task(id, visibleTo: world.root).task.element == "approveQuote")
        try world.service.claim(id, as: world.mia)
        try world.service.delegate(id, to: "alice", as: world.mia)
        #expect(try world.service.task(id, visibleTo: world.alice).task.assignee == "alice", "the delegate sees it")
        #expect(try world.service.task(id, visibleTo: world.mia).task.owner == "mia", "so does its owner")
    }

    @Test func resolvingSetsVariablesWithTheHandBackInOneStep() throws {
        let database = try TemporaryDatabase()
        let (world, id) = try delegated(database)
        let state = try world.service.resolve(id, variables: ["note": .string("checked the margin")], as: world.alice)
        #expect(state.variables["note"] == .string("checked the margin"))
        #expect(state.userTasks.values.first?.assignee == "mia")
        // A refused resolve changes nothing, variables included.
        #expect(throws: RuntimeError.self) { try world.service.resolve(id, variables: ["note": .string("again")], as: world.alice) }
        #expect(try world.service.runtime.instance("q0").variables["note"] == .string("checked the margin"))
    }

    @Test func aCancelledTaskIsAConflictAndEveryTaskIsForAdminsOnly() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        try world.service.runtime.execute(.cancel, on: "q1")
        #expect(throws: RuntimeError("task '\(world.ids[1])' was cancelled", kind: .conflict)) { try world.service.claim(world.ids[1], as: world.mia) }
        var everything = InboxQuery(user: nil, roles: [])
        everything.everything = true
        #expect(throws: RuntimeError("only an admin may list every task; alice is not one", kind: .forbidden)) {
            try world.service.inbox(of: world.alice, everything)
        }
        #expect(try world.service.inbox(of: world.root, everything).map(\.instance.rawValue) == ["q2", "q0"])
        try world.service.runtime.start(processID: "quote", id: "qb", businessKey: "B-7", variables: ["due": .string("2026-12-09T12:00:00Z"), "prio": .number(FEELNumber(1))])
        var byKey = InboxQuery(user: nil, roles: [])
        byKey.businessKey = "B-7"
        #expect(try world.service.inbox(of: world.mia, byKey).map(\.instance.rawValue) == ["qb"])
    }

    @Test func theInboxListsAssignedAndOfferedTasksByDueDate() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        // Due dates: q0 Dec 5, q1 Dec 4, q2 Dec 3
        #expect(try world.service.inbox(of: world.mia, InboxQuery(user: nil, roles: [])).map(\.instance.rawValue) == ["q2", "q1", "q0"])
        #expect(try world.service.inbox(of: world.alice, InboxQuery(user: nil, roles: [])).isEmpty)
        try world.service.claim(world.ids[1], as: world.max)
        #expect(try world.service.inbox(of: world.mia, InboxQuery(user: nil, roles: [])).map(\.instance.rawValue) == ["q2", "q0"])
        var assigned = InboxQuery(user: nil, roles: [])
        assigned.assignedOnly = true
        #expect(try world.service.inbox(of: world.max, assigned).map(\.instance.rawValue) == ["q1"])
        var byPriority = InboxQuery(user: nil, roles: [])
        byPriority.sort = .priority
        #expect(try world.service.inbox(of: world.max, byPriority).map(\.instance.rawValue) == ["q2", "q1", "q0"])
        var page = InboxQuery(user: nil, roles: [])
        page.limit = 1
        page.offset = 1
        #expect(try world.service.inbox(of: world.max, page).map(\.instance.rawValue) == ["q1"])
        var overdue = InboxQuery(user: nil, roles: [])
        overdue.dueBefore = SQLiteStore.instant(iso: "2026-12-04T13:00:00Z")
        #expect(try world.service.inbox(of: world.max, overdue).map(\.instance.rawValue) == ["q2", "q1"])
    }

    /// 120 tasks with one due date, made in one millisecond, started in shuffled id order:
    /// the pages follow the inbox's full order (then the task id), none overlaps and none
    /// skips a task — also for the pages the index cuts short.
    @Test func pagesOfTiedTasksFollowTheTaskIdAndNeitherOverlapNorSkip() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: Self.model, fileName: "quote.bpmn")
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<120).map { String(format: "t%03d", $0) }
        for id in ids.shuffled(using: &generator) {
            try runtime.start(processID: "quote", id: ProcessInstanceID(id), variables: ["due": .string("2026-12-05T12:00:00Z"), "prio": .number(FEELNumber(1))])
        }
        let store = try SQLiteStore(path: database.path)
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("mia", roles: ["sales-managers"])
        let service = TaskService(runtime: runtime, directory: directory, tasks: store)
        for sort in [InboxQuery.Sort.due, .priority, .created] {
            var seen: [String] = []
            for offset in stride(from: 0, to: 150, by: 50) {
                var page = InboxQuery(user: nil, roles: [])
                page.sort = sort
                page.limit = 50
                page.offset = offset
                seen += try service.inbox(of: try directory.user("mia"), page).map(\.instance.rawValue)
            }
            #expect(seen == ids, "sorted by \(sort): every task once, in id order")
        }
    }
}

/// The inbox filtered on process variables.
@Suite struct InboxFilterTests {
    @Test func onlyTasksWhoseVariablesSatisfyTheConditionAreListed() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: TaskServiceTests.model, fileName: "quote.bpmn")
        let store = try SQLiteStore(path: database.path)
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("mia", roles: ["sales-managers"])
        for (index, amount) in [500, 1500, 2500, 700, 9000].enumerated() {
            try runtime.start(processID: "quote", id: ProcessInstanceID("q\(index)"), variables: [
                "due": .string("2026-12-0\(index + 1)T12:00:00Z"), "prio": .number(FEELNumber(1)), "amount": .number(FEELNumber(amount)),
            ])
        }
        let service = TaskService(runtime: runtime, directory: directory, tasks: store)
        let mia = try directory.user("mia")
        var query = InboxQuery(user: nil, roles: [])
        #expect(try service.inbox(of: mia, query, where: "amount > 1000").map(\.instance.rawValue) == ["q1", "q2", "q4"])
        query.limit = 1
        query.offset = 1
        #expect(try service.inbox(of: mia, query, where: "amount > 1000").map(\.instance.rawValue) == ["q2"])
        #expect(throws: RuntimeError("--where 'amount >> 1' is not a FEEL condition: unexpected '>' (column 9)", kind: .invalid)) {
            try service.inbox(of: mia, query, where: "amount >> 1")
        }
    }
}

/// Inbox filters by role, process and assignment.
@Suite struct InboxNarrowingTests {
    @Test func roleProcessAndAssignmentFiltersNarrowTheInbox() throws {
        let database = try TemporaryDatabase()
        var runtime = try database.runtime()
        try runtime.deploy(xml: TaskServiceTests.model, fileName: "quote.bpmn")
        let other = TaskServiceTests.model.replacingOccurrences(of: #"process id="quote""#, with: #"process id="order""#)
            .replacingOccurrences(of: "sales-managers", with: "finance")
        try runtime.deploy(xml: other, fileName: "order.bpmn")
        let store = try SQLiteStore(path: database.path)
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("max", roles: ["sales-managers", "finance"])
        let variables: FEELContext = ["due": .string("2026-12-01T12:00:00Z"), "prio": .number(FEELNumber(1))]
        try runtime.start(processID: "quote", id: "q", variables: variables)
        try runtime.start(processID: "order", id: "o", variables: variables)
        try runtime.start(processID: "order", id: "o2", variables: variables)
        let service = TaskService(runtime: runtime, directory: directory, tasks: store)
        let max = try directory.user("max")
        try service.claim("o2/4", as: max)
        func ids(_ change: (inout InboxQuery) -> Void) throws -> [String] {
            var query = InboxQuery(user: nil, roles: [])
            change(&query)
            return try service.inbox(of: max, query).map(\.instance.rawValue).sorted()
        }
        #expect(try ids { _ in } == ["o", "o2", "q"])
        #expect(try ids { $0.roles = ["finance"] } == ["o", "o2"])
        #expect(try ids { $0.processID = "quote" } == ["q"])
        #expect(try ids { $0.unassignedOnly = true } == ["o", "q"])
        #expect(try ids { $0.assignedOnly = true } == ["o2"])
        #expect(try ids { $0.roles = ["not-mine"] } == ["o2"], "a role the user does not have narrows to nothing offered")
    }
}
