import BatonModel
import BatonXML
import Testing

@Suite struct ModelReaderTests {
    /// The same small process written with each prefix real tools use.
    @Test(arguments: ["bpmn", "bpmn2", "semantic", "model", ""])
    func readsBPMNWhateverThePrefix(prefix: String) throws {
        let p = prefix.isEmpty ? "" : "\(prefix):"
        let xmlns = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        let text = """
            <\(p)definitions \(xmlns)="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
              <\(p)process id="p" isExecutable="true">
                <\(p)startEvent id="s"/>
                <\(p)sequenceFlow id="f" sourceRef="s" targetRef="e"/>
                <\(p)endEvent id="e"/>
              </\(p)process>
            </\(p)definitions>
            """
        let loaded = try load(text)
        #expect(loaded.isValid)
        #expect(loaded.diagnostics.isEmpty)
        let process = try #require(loaded.definitions.processes.first)
        #expect(process.isExecutable)
        #expect(process.scope.flowNodes.map(\.id) == ["s", "e"])
        #expect(process.scope.flowNodes[0].outgoing == ["f"])
        #expect(process.scope.flowNodes[1].incoming == ["f"])
        #expect(process.scope.flowNodes[1].location == SourceLocation(line: 5, column: 5))
    }

    @Test func elementsInOtherNamespacesWithBPMNNamesAreNotBPMN() throws {
        // camunda:errorEventDefinition has the local name of a BPMN element, in another namespace.
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>
            <bpmn:endEvent id="e"><bpmn:extensionElements><camunda:endEvent id="x"/></bpmn:extensionElements></bpmn:endEvent>
            """, executable: false))
        #expect(loaded.definitions.processes[0].scope.flowNodes.count == 2)
    }

    @Test func readsEveryFlowNodeKind() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
            <bpmn:task id="t"/><bpmn:manualTask id="mt"/><bpmn:userTask id="ut"/>
            <bpmn:serviceTask id="st" implementation="##WebService"/>
            <bpmn:sendTask id="send" messageRef="m"/><bpmn:receiveTask id="rt" messageRef="m" instantiate="true"/>
            <bpmn:scriptTask id="sc" scriptFormat="feel"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:businessRuleTask id="br"/>
            <bpmn:exclusiveGateway id="xg"/><bpmn:parallelGateway id="pg"/><bpmn:inclusiveGateway id="ig"/>
            <bpmn:eventBasedGateway id="eg" instantiate="true" eventGatewayType="Parallel"/><bpmn:complexGateway id="cg"/>
            <bpmn:subProcess id="sp"><bpmn:startEvent id="inner"/></bpmn:subProcess>
            <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent></bpmn:subProcess>
            <bpmn:transaction id="tx"/><bpmn:adHocSubProcess id="ah"/>
            <bpmn:callActivity id="ca" calledElement="other"/>
            <bpmn:intermediateCatchEvent id="ice"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateThrowEvent id="ite"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>
            <bpmn:boundaryEvent id="be" attachedToRef="ut" cancelActivity="false"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
            <bpmn:endEvent id="end"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            <bpmn:endEvent id="link"><bpmn:linkEventDefinition name="L"/></bpmn:endEvent>
            """, executable: false, extra: """
            <bpmn:message id="m" name="order"/><bpmn:signal id="sig" name="alarm"/>
            <bpmn:error id="err" errorCode="E1"/><bpmn:escalation id="esc" escalationCode="ESC"/>
            """)
        let loaded = try load(text)
        let names = loaded.definitions.processes[0].allFlowNodes.map(\.elementName)
        #expect(names == [
            "startEvent", "task", "manualTask", "userTask", "serviceTask", "sendTask", "receiveTask", "scriptTask",
            "businessRuleTask", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
            "complexGateway", "subProcess", "startEvent", "subProcess", "startEvent", "transaction", "adHocSubProcess",
            "callActivity", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "endEvent", "endEvent",
        ])
        #expect(loaded.node("rt")?.kind == .receiveTask(MessageTask(messageRef: "m", instantiate: true)))
        guard case .boundaryEvent(let boundary)? = loaded.node("be")?.kind else {
            Issue.record("be is not a boundary event")
            return
        }
        #expect(boundary.attachedTo == "ut" && !boundary.cancelActivity)
        #expect(boundary.eventDefinitions.map(\.kind) == [.error(errorRef: "err")])
        #expect(boundary.eventDefinitions.first?.location == position(of: "<bpmn:errorEventDefinition", in: text))
        if case .subProcess(let sub)? = loaded.node("esp")?.kind {
            #expect(sub.triggeredByEvent)
            if case .startEvent(let start)? = sub.scope.flowNodes.first?.kind { #expect(!start.isInterrupting) }
        } else {
            Issue.record("esp is not a subprocess")
        }
        if case .intermediateCatchEvent(let event)? = loaded.node("ice")?.kind,
            case .timer(let timer) = event.eventDefinitions.first?.kind
        {
            #expect(timer.type == .cycle)
            #expect(timer.value?.body == "R3/PT1H")
        } else {
            Issue.record("ice has no timer")
        }
        #expect(loaded.definitions.errors.first?.errorCode == "E1")
        #expect(loaded.definitions.escalations.first?.escalationCode == "ESC")
        #expect(loaded.definitions.signals.first?.name == "alarm")
    }

    @Test func readsConditionsDefaultsAndLoops() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
            <bpmn:exclusiveGateway id="g" default="f2"/>
            <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="a">
              <bpmn:conditionExpression language="https://www.omg.org/spec/DMN/20191111/FEEL/">amount &gt; 1000</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="b"/>
            <bpmn:userTask id="a">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true">
                <bpmn:loopCardinality>3</bpmn:loopCardinality>
                <bpmn:completionCondition>done</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:task id="b"><bpmn:standardLoopCharacteristics testBefore="true" loopMaximum="5"><bpmn:loopCondition>again</bpmn:loopCondition></bpmn:standardLoopCharacteristics></bpmn:task>
            """, executable: false))
        let process = loaded.definitions.processes[0]
        #expect(loaded.node("g")?.defaultFlow == "f2")
        #expect(process.scope.sequenceFlow("f1")?.condition?.body == "amount > 1000")
        #expect(process.scope.sequenceFlow("f1")?.condition?.language == "https://www.omg.org/spec/DMN/20191111/FEEL/")
        guard case .multiInstance(let loop)? = loaded.node("a")?.loop else {
            Issue.record("a has no multi-instance loop")
            return
        }
        #expect(loop.isSequential)
        #expect(loop.loopCardinality?.body == "3")
        #expect(loop.completionCondition?.body == "done")
        guard case .standard(let standard)? = loaded.node("b")?.loop else {
            Issue.record("b has no standard loop")
            return
        }
        #expect(standard.testBefore && standard.loopMaximum == 5 && standard.loopCondition?.body == "again")
    }

    @Test func sequenceFlowsWithoutIDGetStableOnes() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow sourceRef="s" targetRef="e"/>
            <bpmn:sequenceFlow sourceRef="s" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.definitions.processes[0].scope.sequenceFlows.map(\.id) == ["flow_s_e", "flow_s_e_2"])
        #expect(loaded.node("e")?.incoming == ["flow_s_e", "flow_s_e_2"])
        #expect(loaded.isValid)
    }

    @Test func qualifiedReferencesResolveToLocalIDs() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="tns:invoice"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """, extra: "<bpmn:message id=\"invoice\" name=\"newInvoice\"/>"))
        #expect(loaded.isValid)
        #expect(loaded.node("s")?.eventDefinitions.first?.kind == .message(messageRef: "invoice"))
    }

    @Test func readsCollaborationLanesAndDiagram() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="urn:t">
              <bpmn:collaboration id="c">
                <bpmn:participant id="pool" name="Sales" processRef="p"/>
                <bpmn:participant id="customer" name="Customer"/>
                <bpmn:messageFlow id="mf" sourceRef="customer" targetRef="s"/>
              </bpmn:collaboration>
              <bpmn:process id="p" isExecutable="false">
                <bpmn:laneSet id="ls"><bpmn:lane id="lane1" name="Clerk"><bpmn:flowNodeRef>s</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
                <bpmn:startEvent id="s"/>
              </bpmn:process>
              <bpmndi:BPMNDiagram id="diagram">
                <bpmndi:BPMNPlane id="plane" bpmnElement="c">
                  <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="10" y="20.5" width="36" height="36"/></bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="mf_di" bpmnElement="mf"><di:waypoint x="1" y="2"/><di:waypoint x="3" y="4"/></bpmndi:BPMNEdge>
                </bpmndi:BPMNPlane>
              </bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """
        let loaded = try load(text)
        #expect(loaded.diagnostics.isEmpty)
        let collaboration = try #require(loaded.definitions.collaborations.first)
        #expect(collaboration.participants.map(\.processRef) == ["p", nil])
        #expect(collaboration.messageFlows.first?.target == "s")
        #expect(loaded.definitions.processes[0].scope.laneSets.first?.lanes.first?.flowNodeRefs == ["s"])
        let plane = try #require(loaded.definitions.diagrams.first?.planes.first)
        #expect(plane.shapes.first?.bounds == Bounds(x: 10, y: 20.5, width: 36, height: 36))
        #expect(plane.edges.first?.waypoints == [Point(x: 1, y: 2), Point(x: 3, y: 4)])
    }

    @Test func malformedAttributesAreReportedWithTheirColumn() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="b"/>
            <bpmn:boundaryEvent id="b" cancelActivity="maybe" attachedToRef="t"/>
            <bpmn:task id="t"><bpmn:standardLoopCharacteristics loopMaximum="many"/></bpmn:task>
            """, executable: false)
        let loaded = try load(text)
        let invalid = loaded.diagnostics.filter { $0.code == .invalidAttribute }
        #expect(invalid.map(\.message) == [
            "boundaryEvent cancelActivity=\"maybe\" is not a boolean; write true or false",
            "standardLoopCharacteristics loopMaximum=\"many\" is not a whole number",
        ])
        #expect(invalid.first?.location == position(of: "cancelActivity", in: text))
    }

    @Test func missingIDsAndEndsAreReported() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent/>
            <bpmn:sequenceFlow id="f" sourceRef="x"/>
            """, executable: false))
        #expect(loaded.messages(.missingAttribute) == [
            "startEvent has no id attribute",
            "sequenceFlow 'f' has no targetRef attribute",
        ])
    }
}

/// `baton:completerVariable` and `baton:excludedUsers` (four eyes) are read on user tasks.
@Suite struct FourEyesAttributeTests {
    @Test func theAttributesAreReadAndABadVariableNameIsAnError() throws {
        let text = bpmnDocument("""
            <bpmn:userTask id="a" baton:completerVariable="reviewer"/>
            <bpmn:userTask id="b" baton:excludedUsers="=reviewer" baton:completerVariable="=who"/>
            <bpmn:userTask id="c" baton:excludedUsers="ann, bob"/>
            """, executable: false)
        let loaded = try load(text)
        let nodes = Dictionary(uniqueKeysWithValues: loaded.definitions.processes[0].allFlowNodes.map { ($0.id.rawValue, $0) })
        #expect(nodes["a"]?.extensions.assignment?.completerVariable == "reviewer")
        #expect(nodes["b"]?.extensions.assignment?.excludedUsers == ["=reviewer"])
        #expect(nodes["c"]?.extensions.assignment?.excludedUsers == ["ann", "bob"])
        let invalid = loaded.diagnostics.filter { $0.code == .invalidAttribute }
        #expect(invalid.map(\.message) == [#"baton:completerVariable names the variable that receives the completing user, not "=who""#])
    }
}
