import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Call activities: a child process inside the instance, and the variables passed in
/// and out.
@Suite struct CallActivityTests {
    /// A child process `child` that sets `b = a + 1` and `fromChild`.
    static let child = """
        <bpmn:process id="child" isExecutable="true">
          <bpmn:startEvent id="cStart"/>
          <bpmn:sequenceFlow id="c1" sourceRef="cStart" targetRef="cWork"/>
          <bpmn:scriptTask id="cWork" baton:resultVariable="b"><bpmn:script>a + 1</bpmn:script></bpmn:scriptTask>
          <bpmn:sequenceFlow id="c2" sourceRef="cWork" targetRef="cMark"/>
          <bpmn:scriptTask id="cMark" baton:resultVariable="fromChild"><bpmn:script>true</bpmn:script></bpmn:scriptTask>
          <bpmn:sequenceFlow id="c3" sourceRef="cMark" targetRef="cEnd"/>
          <bpmn:endEvent id="cEnd"/>
        </bpmn:process>
        """

    /// Process `p` calling through `callActivity` (written by the test).
    static func parent(_ callActivity: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
        \(callActivity)
        <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    /// Runs process `p` of the document with `extra` (child processes) through a scenario.
    static func runParent(_ callActivity: String, extra: String = child, scenario: String = #"{"variables": {"a": 1}}"#) throws -> ScenarioResult {
        let loaded = try loadDocument(bpmnDocument(parent(callActivity), extra: extra))
        return runScenario(loaded, try Scenario(json: scenario), processID: "p")
    }

    @Test func callsAProcessOfTheSameFileAndContinuesAfterIt() throws {
        let driver = try InstanceDriver(Self.parent(#"<bpmn:callActivity id="call" calledElement="child"/>"#), extra: Self.child, variables: ["a": number(1)])
        #expect(driver.state.status == .completed)
        // The child's nodes complete before the call activity
        #expect(driver.path == ["start", "cStart", "cWork", "cMark", "cEnd", "call", "end"])
        #expect(driver.state.definitions.map(\.id) == ["p", "child"])
        let started = driver.events.contains { if case .calledProcessStarted(let reference, _, _) = $0 { reference.id == "child" } else { false } }
        let completed = driver.events.contains { if case .calledProcessCompleted(let reference, _) = $0 { reference.id == "child" } else { false } }
        #expect(started && completed)
    }

    @Test func passesAllVariablesInAndOutByDefault() throws {
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="child"/>"#)
        #expect(result.status == .completed)
        #expect(result.variable("a") == number(1))
        #expect(result.variable("b") == number(2))
        #expect(result.variable("fromChild") == .boolean(true))
    }

    @Test func parallelCollectingInstancesKeepTheirChildsResultsApart() throws {
        // Given a parallel multi-instance call activity collecting what each child computes
        let call = """
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><baton:input name="a" value="=item.a"/></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics baton:inputCollection="=items" baton:inputElement="item" baton:outputCollection="bs" baton:outputElement="=b"/>
            </bpmn:callActivity>
            """
        let result = try Self.runParent(call, scenario: #"{"variables": {"items": [{"a": 1}, {"a": 10}]}}"#)
        // Then each result is its own, and nothing of the instances leaks into the process
        #expect(result.status == .completed)
        #expect(result.variable("bs") == .list([number(2), number(11)]))
        #expect(result.variables.keys.sorted() == ["bs", "items"])
    }

    @Test func whatTheCallActivitysLocalsPassedInEndsWithIt() throws {
        // Given a sequential multi-instance without an output collection, with an input mapping
        let call = """
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><baton:input name="a" value="=item"/></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics isSequential="true" baton:inputCollection="=[1, 2]" baton:inputElement="item"/>
            </bpmn:callActivity>
            """
        let result = try Self.runParent(call, scenario: "{}")
        // Then the child's results go out, its copies of item, loopCounter and a do not
        #expect(result.status == .completed)
        #expect(result.variable("b") == number(3))
        #expect(result.variables.keys.sorted() == ["b", "fromChild"])
    }

    @Test func childVariablesReachTheParentOnlyWhenTheChildEnds() throws {
        // Given a child that sets a variable, then waits at a user task
        var driver = try InstanceDriver(Self.parent(#"<bpmn:callActivity id="call" calledElement="waiting"/>"#), extra: """
            <bpmn:process id="waiting" isExecutable="true">
              <bpmn:startEvent id="wStart"/>
              <bpmn:sequenceFlow id="w1" sourceRef="wStart" targetRef="wSet"/>
              <bpmn:scriptTask id="wSet" baton:resultVariable="draft"><bpmn:script>"v1"</bpmn:script></bpmn:scriptTask>
              <bpmn:sequenceFlow id="w2" sourceRef="wSet" targetRef="wTask"/>
              <bpmn:userTask id="wTask"/>
              <bpmn:sequenceFlow id="w3" sourceRef="wTask" targetRef="wEnd"/>
              <bpmn:endEvent id="wEnd"/>
            </bpmn:process>
            """)
        #expect(driver.variable("draft") == nil)
        #expect(driver.instance("call")?.waitingFor != nil)
        try driver.completeUserTask("wTask", ["final": .boolean(true)])
        #expect(driver.variable("draft") == .string("v1"))
        #expect(driver.variable("final") == .boolean(true))
        #expect(driver.state.status == .completed)
    }

    // MARK: Narrowing what passes in

    @Test func batonInputNarrowsWhatPassesIn() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><baton:input name="a" value="=base * 10"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """, scenario: #"{"variables": {"base": 4, "a": 1}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("b") == number(41))
    }

    @Test func childDoesNotSeeParentVariablesThatAreNotMapped() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><baton:input name="x" value="=a"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(result.status == .error)
        #expect(result.incidents.first?.element == "cWork")
        #expect(result.incidents.first?.reason.hasPrefix("the script failed: unknown variable 'a'") == true)
    }

    @Test func camundaInNarrowsWhatPassesIn() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><camunda:in source="start" target="a"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """, scenario: #"{"variables": {"start": 100, "a": 1}}"#)
        #expect(result.variable("b") == number(101))
    }

    @Test func zeebeInputMappingNarrowsWhatPassesIn() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call">
              <bpmn:extensionElements>
                <zeebe:calledElement processId="child"/>
                <zeebe:ioMapping><zeebe:input source="=a * 2" target="a"/></zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:callActivity>
            """, scenario: #"{"variables": {"a": 5}}"#)
        #expect(result.variable("b") == number(11))
    }

    @Test func propagateAllParentVariablesPassesEverythingDespiteInputs() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child" baton:propagateAllParentVariables="true">
              <bpmn:extensionElements><baton:input name="unused" value="=0"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(result.status == .completed)
        #expect(result.variable("b") == number(2))
    }

    // MARK: Narrowing what passes out

    @Test func outputMappingsNarrowWhatPassesOut() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><baton:output name="result" value="=b"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(result.variable("result") == number(2))
        #expect(result.variable("b") == nil)
        #expect(result.variable("fromChild") == nil)
    }

    @Test func propagateAllChildVariablesPassesEverythingBesideTheOutputs() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child" baton:propagateAllChildVariables="true">
              <bpmn:extensionElements><baton:output name="result" value="=b"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(result.variable("result") == number(2))
        #expect(result.variable("b") == number(2))
        #expect(result.variable("fromChild") == .boolean(true))
    }

    @Test func camundaOutNarrowsAndCamundaOutAllPassesEverything() throws {
        let narrowed = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><camunda:out source="b" target="result"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(narrowed.variable("result") == number(2))
        #expect(narrowed.variable("b") == nil)
        let all = try Self.runParent("""
            <bpmn:callActivity id="call" calledElement="child">
              <bpmn:extensionElements><camunda:out variables="all"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(all.variable("b") == number(2))
        #expect(all.variable("fromChild") == .boolean(true))
    }

    @Test func zeebePropagateAllChildVariablesFalsePassesNothingOut() throws {
        let result = try Self.runParent("""
            <bpmn:callActivity id="call">
              <bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="false"/></bpmn:extensionElements>
            </bpmn:callActivity>
            """)
        #expect(result.status == .completed)
        #expect(result.variable("b") == nil)
        #expect(result.variables == ["a": number(1)])
    }

    @Test func childUpdatesAParentVariableItReceived() throws {
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="bump"/>"#, extra: """
            <bpmn:process id="bump" isExecutable="true">
              <bpmn:startEvent id="bStart"/>
              <bpmn:sequenceFlow id="b1" sourceRef="bStart" targetRef="bInc"/>
              <bpmn:scriptTask id="bInc" baton:resultVariable="a"><bpmn:script>a + 100</bpmn:script></bpmn:scriptTask>
              <bpmn:sequenceFlow id="b2" sourceRef="bInc" targetRef="bEnd"/>
              <bpmn:endEvent id="bEnd"/>
            </bpmn:process>
            """)
        #expect(result.variable("a") == number(101))
    }

    @Test func terminateEndEventInTheChildEndsOnlyTheChild() throws {
        let driver = try InstanceDriver(Self.parent(#"<bpmn:callActivity id="call" calledElement="quitter"/>"#), extra: """
            <bpmn:process id="quitter" isExecutable="true">
              <bpmn:startEvent id="qStart"/>
              <bpmn:sequenceFlow id="q1" sourceRef="qStart" targetRef="qFork"/>
              <bpmn:parallelGateway id="qFork"/>
              <bpmn:sequenceFlow id="q2" sourceRef="qFork" targetRef="qTask"/>
              <bpmn:sequenceFlow id="q3" sourceRef="qFork" targetRef="qKill"/>
              <bpmn:userTask id="qTask"/>
              <bpmn:endEvent id="qKill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            </bpmn:process>
            """)
        #expect(driver.terminated == ["qTask"])
        #expect(driver.path == ["start", "qStart", "qFork", "qKill", "call", "end"])
        #expect(driver.state.status == .completed)
    }

    @Test func childWaitingForASignalIsReachedByABroadcast() throws {
        var driver = try InstanceDriver(Self.parent(#"<bpmn:callActivity id="call" calledElement="listener"/>"#), extra: """
            <bpmn:signal id="sig" name="release"/>
            <bpmn:process id="listener" isExecutable="true">
              <bpmn:startEvent id="lStart"/>
              <bpmn:sequenceFlow id="l1" sourceRef="lStart" targetRef="lWait"/>
              <bpmn:intermediateCatchEvent id="lWait"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>
              <bpmn:sequenceFlow id="l2" sourceRef="lWait" targetRef="lEnd"/>
              <bpmn:endEvent id="lEnd"/>
            </bpmn:process>
            """)
        try driver.saveAndRestore()
        try driver.execute(.broadcastSignal(name: "release", variables: ["released": .boolean(true)]))
        #expect(driver.state.status == .completed)
        #expect(driver.variable("released") == .boolean(true))
    }

    // MARK: Failures

    @Test func callingAProcessThatIsNotDeployedRaisesAnIncidentNamingIt() throws {
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="chld"/>"#)
        #expect(result.status == .error)
        #expect(result.steps == ["start"])
        let incident = try #require(result.incidents.first)
        #expect(incident.element == "call")
        #expect(incident.reason == "callActivity 'call' calls process 'chld', which is not deployed (did you mean 'child'?)")
    }

    @Test func calledElementExpressionChoosesTheProcess() throws {
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="=target"/>"#, scenario: #"{"variables": {"a": 1, "target": "child"}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("b") == number(2))
    }

    @Test func calledElementExpressionThatIsNotAStringRaisesAnIncident() throws {
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="=target"/>"#, scenario: #"{"variables": {"target": 7}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason == "the called element of callActivity 'call' is 7, not a process id")
    }

    @Test func childThatFailsStopsWithTheIncidentOnTheChildsNode() throws {
        // Given a child whose script fails (no `a` is passed)
        let result = try Self.runParent(#"<bpmn:callActivity id="call" calledElement="child"/>"#, scenario: "{}")
        // Then the run ends in error at the child's node; the call activity has not completed
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["cWork"])
        #expect(result.steps == ["start", "cStart"])
        #expect(!result.steps.contains("call"))
    }

    @Test func resolvingTheChildsIncidentCompletesTheCallActivity() throws {
        var driver = try InstanceDriver(Self.parent(#"<bpmn:callActivity id="call" calledElement="child"/>"#), extra: Self.child)
        #expect(driver.incidents.map(\.element) == ["cWork"])
        // The variable must be set in the child's scope, where the script looks
        let childRoot = try #require(driver.state.elements.values.first { $0.isProcessRoot && $0.parent != nil })
        try driver.execute(.setVariables(["a": number(9)], scope: childRoot.key))
        try driver.resolveIncident()
        #expect(driver.state.status == .completed)
        #expect(driver.variable("b") == number(10))
        #expect(driver.path.suffix(2) == ["call", "end"])
    }
}
