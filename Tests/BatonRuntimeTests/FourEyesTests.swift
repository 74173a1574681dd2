import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Four eyes: `baton:completerVariable` records who did the first step and
/// `baton:excludedUsers` keeps them from the second, in the inbox and in every action.
@Suite struct FourEyesTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="refund" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
            <bpmn:userTask id="review" baton:candidateGroups="finance" baton:completerVariable="reviewer"/>
            <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="approve"/>
            <bpmn:userTask id="approve" baton:candidateGroups="finance" baton:excludedUsers="=reviewer" baton:completerVariable="approver"/>
            <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """

    struct World {
        let service: TaskService
        let runtime: Runtime
        let fay: UserRecord, finn: UserRecord, root: UserRecord
    }

    func world(_ database: TemporaryDatabase) throws -> World {
        var runtime = try database.runtime()
        try runtime.deploy(xml: Self.model, fileName: "refund.bpmn")
        let store = try SQLiteStore(path: database.path)
        let directory = Directory(store: store, passwordCost: 16)
        try directory.addUser("fay", roles: ["finance"])
        try directory.addUser("finn", roles: ["finance"])
        try directory.addUser("root", roles: ["admin", "finance"])
        _ = try runtime.start(processID: "refund", id: "r1")
        return World(
            service: TaskService(runtime: runtime, directory: directory, tasks: store), runtime: runtime,
            fay: try directory.user("fay"), finn: try directory.user("finn"), root: try directory.user("root"))
    }

    func openTask(_ world: World) throws -> String {
        let state = try world.runtime.instance("r1")
        return "r1/\(try #require(state.userTasks.keys.first).rawValue)"
    }

    @Test func theReviewerCannotApproveAndNeverSeesTheApproval() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        let review = try openTask(world)
        try world.service.claim(review, as: world.fay)
        try world.service.complete(review, variables: [:], as: world.fay)
        let state = try world.runtime.instance("r1")
        #expect(state.variables["reviewer"] == .string("fay"))
        let approve = try openTask(world)
        let task = try #require(state.userTasks.values.first)
        #expect(task.element == "approve" && task.excludedUsers == ["fay"])

        // Not in fay's inbox; in finn's.
        #expect(try world.service.inbox(of: world.fay, InboxQuery(user: "fay", roles: ["finance"])).isEmpty)
        #expect(try world.service.inbox(of: world.finn, InboxQuery(user: "finn", roles: ["finance"])).map(\.element) == ["approve"])

        let refusal = RuntimeError("task 'approve' may not be done by fay: baton:excludedUsers excludes them (four eyes: someone else must do it)", kind: .forbidden)
        #expect(throws: refusal) { try world.service.claim(approve, as: world.fay) }
        // Nobody may hand it to her either, not even an admin.
        #expect(throws: RuntimeError(refusal.message, kind: .forbidden)) { try world.service.reassign(approve, to: "fay", as: world.root) }
        try world.service.claim(approve, as: world.finn)
        #expect(throws: RuntimeError(refusal.message, kind: .forbidden)) { try world.service.delegate(approve, to: "fay", as: world.finn) }

        try world.service.complete(approve, variables: [:], as: world.finn)
        let done = try world.runtime.instance("r1")
        #expect(done.status == .completed)
        #expect(done.variables["approver"] == .string("finn"))
    }

    @Test func theEngineRefusesAnExcludedCompleterToo() throws {
        let database = try TemporaryDatabase()
        let world = try world(database)
        let runtime = world.runtime
        let first = try runtime.instance("r1")
        let review = try #require(first.userTasks.keys.first)
        _ = try runtime.execute(.completeUserTask(review, user: "fay"), on: "r1")
        let second = try runtime.instance("r1")
        let approve = try #require(second.userTasks.keys.first)
        #expect(throws: RuntimeError.self) { try runtime.execute(.completeUserTask(approve, user: "fay"), on: "r1") }
        let unchanged = try runtime.instance("r1")
        #expect(unchanged.userTasks[approve] != nil)
    }
}
