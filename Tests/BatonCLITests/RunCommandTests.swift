import Foundation
import Testing

/// `baton run`: the scenario format, the JSON output and the exit codes, exactly as
/// external tools rely on them.
@Suite(.timeLimit(.minutes(1))) struct RunCommandTests {
    static let model = Baton.fixture("run/order-approval.bpmn")

    /// Writes a scenario to a temporary file and runs `baton run` on the fixture model.
    func run(scenario: String, _ extra: [String] = ["--json"], model: String = RunCommandTests.model) throws -> Baton.Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-scenario-\(UInt32.random(in: 0...UInt32.max)).json").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(scenario.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Baton.run(["run", model, "--scenario", path] + extra)
    }

    @Test func completedRunPrintsExactlyTheDocumentedJSON() throws {
        let result = try Baton.run(["run", Self.model, "--scenario", Baton.fixture("run/approved.scenario.json"), "--json"])
        #expect(result.status == 0)
        #expect(result.stdout == #"{"status":"completed","path":["start","approve","gw","createSalesOrder","waitPayment","end"],"variables":{"amount":1200.5,"approved":true,"salesOrderId":"SO-1","paid":1200.5},"openTasks":[],"incidents":[],"stubbed":[],"clock":"PT0S"}"# + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func timersMoveTheVirtualClock() throws {
        let result = try run(scenario: #"{"userTasks": {"approve": {"approved": false}}}"#)
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""path":["start","approve","gw","cooldown","rejected"]"#))
        #expect(result.stdout.contains(#""clock":"PT48H""#))
    }

    @Test func anUnansweredUserTaskLeavesTheRunWaiting() throws {
        let result = try run(scenario: "{}")
        #expect(result.status == 2)
        #expect(result.stdout == #"{"status":"waiting","path":["start"],"variables":{},"openTasks":["approve"],"incidents":[],"stubbed":[],"clock":"PT0S"}"# + "\n")
    }

    @Test func aCatchWithoutAMessageIsOpen() throws {
        let result = try run(scenario: #"{"userTasks": {"*": {"approved": true}}, "serviceTasks": {"createSalesOrder": {}}}"#)
        #expect(result.status == 2)
        #expect(result.stdout.contains(#""openTasks":["waitPayment"]"#))
    }

    @Test func serviceTasksWithoutAnEntryAreStubbed() throws {
        let result = try run(scenario: #"{"userTasks": {"approve": {"approved": true}}, "messages": {"paymentReceived": [{}]}}"#)
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""stubbed":["createSalesOrder"]"#))
    }

    @Test func anUncaughtBPMNErrorIsAnIncident() throws {
        let result = try run(scenario: #"{"userTasks": {"approve": {"approved": true}}, "serviceTasks": {"createSalesOrder": {"bpmnError": "CREDIT_REFUSED"}}}"#)
        #expect(result.status == 1)
        #expect(result.stdout.contains(#""status":"error""#))
        #expect(result.stdout.contains(#"{"element":"createSalesOrder","reason":"unhandled BPMN error 'CREDIT_REFUSED' thrown by the worker of serviceTask 'createSalesOrder'; no error event catches it","expression":null"#))
    }

    @Test func aFailingConditionIsAnIncidentWithItsExpression() throws {
        let result = try run(scenario: #"{"userTasks": {"approve": {"approved": "yes"}}}"#)
        #expect(result.status == 1)
        #expect(result.stdout.contains(#""reason":"the condition of sequenceFlow 'f_yes' is string \"yes\", not true or false","expression":"approved""#))
    }

    @Test func readableOutputTracesTheRun() throws {
        let result = try Baton.run(["run", Self.model, "--scenario", Baton.fixture("run/approved.scenario.json")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("status: completed\n"))
        #expect(result.stdout.contains("path: start -> approve -> gw -> createSalesOrder -> waitPayment -> end\n"))
        #expect(result.stdout.contains("user task approve completed by the scenario"))
    }

    @Test func anInvalidModelIsReportedWithItsLineAndNotRun() throws {
        let result = try run(scenario: "{}", [], model: Baton.fixture("invalid/flow-missing-target.bpmn"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("flow-missing-target.bpmn:"))
        #expect(result.stderr.contains(": error: "))
        #expect(result.stderr.contains("not run: the model has errors"))
    }

    @Test func anUnknownProcessIsInvalidWithASuggestion() throws {
        let result = try run(scenario: "{}", ["--json", "--process", "orderAproval"])
        #expect(result.status == 1)
        #expect(result.stdout.contains(#""status":"invalid""#))
        #expect(result.stdout.contains("no executable process 'orderAproval' in the file (did you mean 'orderApproval'?)"))
    }

    @Test func scenarioMistakesNameTheField() throws {
        let unknown = try run(scenario: #"{"userTask": {}}"#)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("userTask: unknown field (did you mean 'userTasks'?)"))
        let wrongShape = try run(scenario: #"{"userTasks": {"review": [{"ok": true}, 3]}}"#)
        #expect(wrongShape.status == 2)
        #expect(wrongShape.stderr.contains("userTasks.review[1]: expected an object, not 3"))
        let badJSON = try run(scenario: #"{"variables": "#)
        #expect(badJSON.status == 2)
        #expect(badJSON.stderr.contains("invalid JSON at offset"))
    }

    @Test func maxStepsStopsAnEndlessRun() throws {
        let result = try run(scenario: #"{"userTasks": {"approve": {"approved": true}}, "maxSteps": 2}"#)
        #expect(result.status == 1)
        #expect(result.stdout.contains("the run reached maxSteps (2) before finishing"))
    }

    @Test func benchPrintsExactlyTheDocumentedJSONKeys() throws {
        let result = try Baton.run(["bench", Self.model, "--scenario", Baton.fixture("run/approved.scenario.json"), "--instances", "20", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["mode", "instances", "seconds", "instancesPerSecond", "microsPerNode"])
        #expect(object["mode"] as? String == "memory")
        #expect(object["instances"] as? Int == 20)
    }

    @Test func benchWaitingCorrelatesEveryInstance() throws {
        let model = Baton.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/models/wait-message-timer.bpmn").path
        let result = try Baton.run(["bench", "waiting", model, "--instances", "50", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["instances"] as? Int == 50)
        #expect(object["subscriptionsPerInstance"] as? Int == 2)
        #expect(object["microsPerCorrelation"] != nil)
    }

    @Test func benchRefusesAScenarioThatDoesNotComplete() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-bench-\(UInt32.random(in: 0...UInt32.max)).json").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{}".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Baton.run(["bench", Self.model, "--scenario", path, "--instances", "5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the scenario ends waiting, not completed"))
    }
}
