import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Foundation
import Testing

/// Multi-instance activities: a body holding `nrOfInstances`, `nrOfCompletedInstances`
/// and `nrOfActiveInstances`, running one instance per item (or `loopCardinality` times)
/// in parallel or one after another; each instance has `loopCounter` and its item; the
/// output collection gathers each instance's output element at its position; the
/// completion condition cancels the instances still running.
@Suite struct MultiInstanceTests {
    /// start → `activity` (id `work`) → end.
    static func process(_ activity: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        \(activity)
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    /// A `kind` element `work` with multi-instance characteristics `attributes` and `inner` content.
    static func activity(_ attributes: String = "", kind: String = "userTask", sequential: Bool = false, inner: String = "", body: String = "") -> String {
        """
        <bpmn:\(kind) id="work"\(kind == "scriptTask" ? #" baton:resultVariable="log""# : "")>
          <bpmn:multiInstanceLoopCharacteristics isSequential="\(sequential)" \(attributes)>\(inner)</bpmn:multiInstanceLoopCharacteristics>
          \(body)
        </bpmn:\(kind)>
        """
    }

    static let overItems = #"baton:inputCollection="=items" baton:inputElement="item""#

    // MARK: Sequential and parallel

    @Test func sequentialInstancesRunInOrderWithTheirLoopCounter() throws {
        let task = Self.activity(Self.overItems, kind: "scriptTask", sequential: true, body: #"<bpmn:script>append(log, string(loopCounter) + ":" + item)</bpmn:script>"#)
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": ["a", "b", "c"], "log": []}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("log") == json(#"["1:a", "2:b", "3:c"]"#))
        // The activity is in the path once per instance, the body completes once
        #expect(result.steps == ["start", "work", "work", "work", "end"])
        #expect(result.loopsCompleted == ["work"])
    }

    @Test func sequentialUserTasksOpenOneAfterAnother() throws {
        var driver = try InstanceDriver(Self.process(Self.activity(Self.overItems, sequential: true)), variables: ["items": json(#"["a", "b"]"#)])
        let body = try #require(driver.instances("work").first { $0.isLoopBody })
        #expect(driver.openUserTasks == ["work"])
        #expect(body.variables?["nrOfInstances"] == number(2))
        #expect(body.variables?["nrOfActiveInstances"] == number(1))
        #expect(body.variables?["nrOfCompletedInstances"] == number(0))
        let first = try #require(driver.instances("work").first { !$0.isLoopBody })
        #expect(first.parent == body.key)
        #expect(first.variables?["loopCounter"] == number(1))
        #expect(first.variables?["item"] == .string("a"))
        try driver.completeUserTask("work")
        let second = try #require(driver.instances("work").first { !$0.isLoopBody })
        #expect(second.variables?["loopCounter"] == number(2))
        #expect(second.variables?["item"] == .string("b"))
        #expect(driver.state.elements[body.key]?.variables?["nrOfCompletedInstances"] == number(1))
        try driver.completeUserTask("work")
        #expect(driver.state.status == .completed)
    }

    @Test func parallelInstancesAllStartAtOnce() throws {
        let driver = try InstanceDriver(Self.process(Self.activity(Self.overItems)), variables: ["items": json(#"["a", "b", "c"]"#)])
        #expect(driver.openUserTasks == ["work", "work", "work"])
        let body = try #require(driver.instances("work").first { $0.isLoopBody })
        #expect(body.variables?["nrOfActiveInstances"] == number(3))
        let inner = driver.instances("work").filter { !$0.isLoopBody }
        #expect(inner.map { $0.variables?["item"] } == [.string("a"), .string("b"), .string("c")])
        #expect(inner.map { $0.variables?["loopCounter"] } == [number(1), number(2), number(3)])
    }

    // MARK: How many

    @Test func emptyCollectionCompletesTheBodyAtOnce() throws {
        let task = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="results" baton:outputElement="=item""#)
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": []}}"#)
        #expect(result.status == .completed)
        #expect(result.steps == ["start", "end"])
        #expect(result.loopsCompleted == ["work"])
        #expect(result.variable("results") == json("[]"))
    }

    @Test(arguments: [("3", 3), ("=n * 2", 4), ("${n}", 2), ("0", 0)])
    func loopCardinality(expression: String, instances: Int) throws {
        let task = Self.activity(kind: "serviceTask", inner: "<bpmn:loopCardinality>\(expression)</bpmn:loopCardinality>")
        let result = try run(Self.process(task), scenario: #"{"variables": {"n": 2}}"#)
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "work" }.count == instances)
    }

    @Test func cardinalityThatIsNotAWholeNumberRaisesAnIncident() throws {
        let task = Self.activity(kind: "serviceTask", inner: "<bpmn:loopCardinality>n</bpmn:loopCardinality>")
        let negative = try run(Self.process(task), scenario: #"{"variables": {"n": -1}}"#)
        #expect(negative.status == .error)
        #expect(negative.incidents.first?.reason == "the loop cardinality of serviceTask 'work' is -1, not a whole number of 0 or more")
        let text = try run(Self.process(task), scenario: #"{"variables": {"n": "two"}}"#)
        #expect(text.incidents.first?.reason == #"the loop cardinality of serviceTask 'work' is "two", not a whole number of 0 or more"#)
    }

    @Test func inputCollectionThatIsNotAListRaisesAnIncident() throws {
        let result = try run(Self.process(Self.activity(Self.overItems)), scenario: #"{"variables": {"items": "abc"}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["work"])
        #expect(result.incidents.first?.reason == #"the input collection of userTask 'work' is "abc", not a list"#)
    }

    // MARK: Output collection

    @Test func outputCollectionKeepsTheOrderOfTheItems() throws {
        // Given parallel jobs over three items collecting `score`
        let task = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="scores" baton:outputElement="=score""#, kind: "serviceTask")
        var driver = try InstanceDriver(Self.process(task), variables: ["items": json("[10, 20, 30]")])
        // When they complete in reverse order
        for job in driver.jobs("work").reversed() {
            let item = driver.state.elements[job.elementInstance]?.variables?["item"]
            guard case .number(let value)? = item else { throw CommandRejection(.invalidArgument, "no item") }
            try driver.execute(.completeJob(job.key, variables: ["score": .number(value + FEELNumber(1))]))
        }
        // Then each score is at its item's position, and the instances' results stay theirs
        #expect(driver.variable("scores") == json("[11, 21, 31]"))
        #expect(driver.variable("score") == nil)
        #expect(driver.state.status == .completed)
    }

    @Test func outputElementDefaultsToTheInputElementWhenNotGiven() throws {
        let task = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="seen""#)
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": ["x", "y"]}, "userTasks": {"work": {"other": 1}}}"#)
        #expect(result.variable("seen") == json(#"["x", "y"]"#))
    }

    // MARK: Completion condition

    @Test func completionConditionStopsAParallelBodyAfterTwoOfFive() throws {
        // Given five parallel instances that stop once two are done
        let task = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="results" baton:outputElement="=item * 10""#, kind: "serviceTask",
            inner: "<bpmn:completionCondition>nrOfCompletedInstances >= 2</bpmn:completionCondition>")
        var driver = try InstanceDriver(Self.process(task), variables: ["items": json("[1, 2, 3, 4, 5]")])
        #expect(driver.jobs("work").count == 5)
        // When two complete
        try driver.completeJob("work")
        #expect(driver.state.status == .active)
        try driver.completeJob("work")
        // Then the other three are cancelled and the body completes
        #expect(driver.cancelledJobs == 3)
        #expect(driver.terminated == ["work", "work", "work"])
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.path == ["start", "work", "work", "end"])
        #expect(driver.loopsCompleted == ["work"])
        #expect(driver.variable("results") == json("[10, 20, null, null, null]"))
        #expect(driver.state.status == .completed)
        // The same through a scenario
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": [1, 2, 3, 4, 5]}}"#)
        #expect(result.steps == ["start", "work", "work", "end"])
        #expect(result.variable("results") == json("[10, 20, null, null, null]"))
    }

    @Test func completionConditionStopsASequentialBodyBeforeTheNextInstance() throws {
        let task = Self.activity(Self.overItems, kind: "scriptTask", sequential: true, inner: "<bpmn:completionCondition>=item = \"stop\"</bpmn:completionCondition>",
            body: "<bpmn:script>append(log, item)</bpmn:script>")
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": ["a", "stop", "c"], "log": []}}"#)
        #expect(result.variable("log") == json(#"["a", "stop"]"#))
        #expect(result.steps == ["start", "work", "work", "end"])
    }

    // MARK: Variables

    @Test func instanceVariablesAreNotVisibleAfterTheBody() throws {
        let task = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="results" baton:outputElement="=answer""#)
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": [1, 2]}, "userTasks": {"work": {"answer": "yes"}}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("results") == json(#"["yes", "yes"]"#))
        for name in ["item", "loopCounter", "nrOfInstances", "nrOfCompletedInstances", "nrOfActiveInstances", "answer"] {
            #expect(result.variable(name) == nil, "\(name) leaked out of the body")
        }
    }

    @Test func inputMappingsApplyToEachInstance() throws {
        let task = Self.activity(Self.overItems, kind: "serviceTask",
            body: #"<bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=item + 100" target="amount"/></zeebe:ioMapping></bpmn:extensionElements>"#)
        let driver = try InstanceDriver(Self.process(task), variables: ["items": json("[1, 2]")])
        let amounts = driver.jobs("work").map { driver.state.elements[$0.elementInstance]?.variables?["amount"] }
        #expect(amounts == [number(101), number(102)])
    }

    @Test func multiInstanceSubProcessRunsItsContentPerInstance() throws {
        // `twice` is made local to each instance by an input mapping (as Zeebe advises),
        // so the parallel instances do not share one variable
        let sub = Self.activity(#"baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="doubled" baton:outputElement="=twice""#, kind: "subProcess",
            body: """
                <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=null" target="twice"/></zeebe:ioMapping></bpmn:extensionElements>
                <bpmn:startEvent id="subStart"/>
                <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="double"/>
                <bpmn:scriptTask id="double" baton:resultVariable="twice"><bpmn:script>item * 2</bpmn:script></bpmn:scriptTask>
                <bpmn:sequenceFlow id="s2" sourceRef="double" targetRef="subEnd"/>
                <bpmn:endEvent id="subEnd"/>
                """)
        let result = try run(Self.process(sub), scenario: #"{"variables": {"items": [1, 2, 3]}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("doubled") == json("[2, 4, 6]"))
        #expect(result.steps.filter { $0 == "work" }.count == 3)
    }

    // MARK: Dialects

    @Test(arguments: [
        #"<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"#,
        #"<bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="${items}" camunda:elementVariable="item"/>"#,
        #"<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopDataInputRef>items</bpmn:loopDataInputRef><bpmn:inputDataItem id="item"/></bpmn:multiInstanceLoopCharacteristics>"#,
    ])
    func collectionsInEveryDialect(loop: String) throws {
        let task = """
            <bpmn:scriptTask id="work" baton:resultVariable="log">\(loop)<bpmn:script>append(log, item)</bpmn:script></bpmn:scriptTask>
            """
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": ["a", "b"], "log": []}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("log") == json(#"["a", "b"]"#))
    }

    @Test func inputCollectionIsReadOnceWhenTheBodyStarts() throws {
        // Each instance appends to the collection; the number of instances does not change
        let task = Self.activity(Self.overItems, kind: "scriptTask", sequential: true, body: "<bpmn:script>append(items, item)</bpmn:script>")
            .replacingOccurrences(of: #"baton:resultVariable="log""#, with: #"baton:resultVariable="items""#)
        let result = try run(Self.process(task), scenario: #"{"variables": {"items": ["a", "b"]}}"#)
        #expect(result.status == .completed)
        #expect(result.steps.filter { $0 == "work" }.count == 2)
        #expect(result.variable("items") == json(#"["a", "b", "a", "b"]"#))
    }
}
