import BatonModel
import BatonXML
import Foundation
import Testing

@Suite struct ValidationTests {
    @Test func reportsAllThreeMistakesWithTheirLines() throws {
        let name = "invalid/three-mistakes.bpmn"
        let loaded = try Fixture.load(name)
        let errors = loaded.errors
        #expect(errors.map(\.code) == [.unknownReference, .invalidTimer, .duplicateID])
        #expect(errors[0].location == SourceLocation(line: try Fixture.line(of: "targetRef=\"shipOrdr\"", in: name), column: 55))
        #expect(errors[0].message == "sequenceFlow 'f2': targetRef 'shipOrdr' does not exist (did you mean 'shipOrder'?)")
        #expect(errors[1].location.line == (try Fixture.line(of: "<bpmn:timeDuration>P2H", in: name)))
        #expect(errors[1].message.hasPrefix("intermediateCatchEvent 'waitForPayment': invalid timeDuration: 'H' is not a duration unit here"))
        #expect(errors[2].location.line == (try Fixture.line(of: "id=\"checkOrder\"", in: name, occurrence: 2)))
        #expect(errors[2].message == "duplicate id 'checkOrder': endEvent reuses the id of the userTask on line 7")
        #expect(errors.allSatisfy { $0.file == Fixture.path(name) })
    }

    @Test func executableProcessNeedsAStartEvent() throws {
        let loaded = try load(bpmnDocument("<bpmn:task id=\"t\"/>"))
        #expect(loaded.messages(.missingStartEvent) == ["executable process 'p' has no start event"])
    }

    @Test func nonExecutableProcessesAreCheckedForStructureOnly() throws {
        let loaded = try Fixture.load("valid/process-non-executable.bpmn")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.definitions.processes.first?.isExecutable == false)
        // ...but broken structure is still an error there.
        let broken = try load(bpmnDocument("<bpmn:sequenceFlow id=\"f\" sourceRef=\"a\" targetRef=\"b\"/>", executable: false))
        #expect(broken.errors.count == 2)
    }

    @Test func unsupportedElementIsNamedWithItsID() throws {
        let loaded = try Fixture.load("invalid/gateway-complex.bpmn")
        #expect(loaded.errors.map(\.message) == [
            "unsupported element 'complexGateway' (id 'G1') in an executable process; use an inclusive or exclusive gateway",
        ])
        #expect(loaded.errors.first?.code.isUnsupported == true)
        #expect(loaded.errors.first?.location.line == 6)
    }

    @Test(arguments: [
        ("<bpmn:transaction id=\"x\"/>", "unsupported element 'transaction' (id 'x')"),
        ("<bpmn:adHocSubProcess id=\"x\"/>", "unsupported element 'adHocSubProcess' (id 'x')"),
        ("<bpmn:task id=\"x\" isForCompensation=\"true\"/>", "compensation handler"),
        ("<bpmn:intermediateCatchEvent id=\"x\"><bpmn:conditionalEventDefinition/></bpmn:intermediateCatchEvent>", "unsupported element 'conditionalEventDefinition'"),
        ("<bpmn:intermediateThrowEvent id=\"x\"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>", "unsupported element 'compensateEventDefinition'"),
        ("<bpmn:callChoreography id=\"x\"/>", "unsupported element 'callChoreography' (id 'x')"),
    ])
    func elementsBatonDoesNotRunAreReportedAsUnsupported(element: String, message: String) throws {
        let loaded = try load(bpmnDocument("<bpmn:startEvent id=\"s\"/>\n" + element))
        #expect(loaded.errors.contains { $0.code.isUnsupported && $0.message.contains(message) }, "\(loaded.errors)")
    }

    @Test func referencesToUnknownIDs() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="orderPlaced"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
            <bpmn:exclusiveGateway id="g" default="f9"/>
            <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="t"/>
            <bpmn:userTask id="t"/>
            <bpmn:boundaryEvent id="b" attachedToRef="tt"><bpmn:errorEventDefinition errorRef="creditRefused"/></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="c"/>
            <bpmn:callActivity id="c" calledElement="billing"/>
            <bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="e"/>
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """, extra: "<bpmn:message id=\"orderPlacedMsg\" name=\"orderPlaced\"/><bpmn:error id=\"creditRefusedError\" errorCode=\"CR\"/>")
        let loaded = try load(text)
        #expect(loaded.errors.map(\.message) == [
            "startEvent 's': messageRef 'orderPlaced' does not name a message declared in this file (did you mean 'orderPlacedMsg'?)",
            "exclusiveGateway 'g': default flow 'f9' does not exist (did you mean 'f2'?)",
            "boundaryEvent 'b': attachedToRef 'tt' does not exist (did you mean 't'?)",
            "boundaryEvent 'b': errorRef 'creditRefused' does not name an error declared in this file (did you mean 'creditRefusedError'?)",
        ])
        #expect(loaded.errors[0].location == position(of: "<bpmn:messageEventDefinition", in: text))
        #expect(loaded.messages(.externalCall) == [
            "callActivity 'c' calls process 'billing', which is not defined in this file; deploy it before starting this process",
        ])
    }

    @Test func referenceToAnElementOfTheWrongKindOrScope() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="t"/></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="inner"/>
            <bpmn:task id="t" default="f1"/>
            <bpmn:subProcess id="sub"><bpmn:startEvent id="inner"/></bpmn:subProcess>
            <bpmn:boundaryEvent id="b" attachedToRef="s"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            """))
        let messages = loaded.errors.map(\.message)
        #expect(messages.contains("startEvent 's': signalRef 't' names a task, not a signal"))
        #expect(messages.contains { $0.hasPrefix("sequenceFlow 'f1': targetRef 'inner' is a startEvent on line") && $0.hasSuffix("in another scope; a sequence flow connects nodes of the same process or subprocess") })
        #expect(messages.contains("task 't': default flow 'f1' is not one of its outgoing sequence flows"))
        #expect(messages.contains("boundaryEvent 'b' is attached to startEvent 's'; boundary events attach to activities only"))
    }

    @Test func unreachableNodesAreWarnings() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:userTask id="t"/>
            <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="throwLink"/>
            <bpmn:intermediateThrowEvent id="throwLink"><bpmn:linkEventDefinition name="later"/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="catchLink"><bpmn:linkEventDefinition name="later"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="catchLink" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            <bpmn:task id="orphan"/>
            <bpmn:sequenceFlow id="f4" sourceRef="orphan" targetRef="orphanEnd"/>
            <bpmn:endEvent id="orphanEnd"/>
            <bpmn:subProcess id="handler" triggeredByEvent="true">
              <bpmn:startEvent id="hs"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent>
              <bpmn:task id="innerOrphan"/>
            </bpmn:subProcess>
            """, extra: "<bpmn:signal id=\"sig\" name=\"stop\"/>"))
        #expect(loaded.isValid, "\(loaded.errors)")
        #expect(loaded.warnings.filter { $0.code == .unreachableNode }.map(\.elementID) == ["orphan", "innerOrphan", "orphanEnd"].sorted { a, b in
            loaded.node(a.rawValue)!.location.line < loaded.node(b.rawValue)!.location.line
        })
    }

    @Test func gatewayFlowsWithoutConditionsAreWarnings() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
            <bpmn:exclusiveGateway id="g" default="f3"/>
            <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e"><bpmn:conditionExpression>x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e"/>
            <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="e"><bpmn:conditionExpression>true</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.isValid)
        #expect(loaded.messages(.missingCondition) == [
            "sequenceFlow 'f2' out of exclusiveGateway 'g' has no condition and is not the gateway's default flow; add a condition or make it the default",
        ])
        #expect(loaded.messages(.ignoredCondition) == ["sequenceFlow 'f3' is the default flow of exclusiveGateway 'g'; its condition is ignored"])
    }

    @Test(arguments: [
        ("timeDuration", "PT0.5S", nil),
        ("timeDuration", "=duration(\"PT1M\")", nil),
        ("timeDuration", "${delay}", nil),
        ("timeCycle", "R3/PT10H", nil),
        ("timeDate", "2026-12-24T10:00:00+01:00", nil),
        ("timeDuration", "\"PT1S\"", "write the value without quotes"),
        ("timeDuration", "5 minutes", "must start with 'P'"),
        ("timeDate", "tomorrow", "4-digit year"),
        ("timeCycle", "0 0/5 * * * ?", "cron expressions are not supported"),
        ("timeCycle", "", "a timer without a value"),
    ] as [(String, String, String?)])
    func timerValuesAreISO8601(element: String, value: String, problem: String?) throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:\(element)>\(value)</bpmn:\(element)></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        if let problem {
            #expect(loaded.errors.count == 1)
            #expect(loaded.errors.first?.message.contains(problem) == true, "\(loaded.errors)")
        } else {
            #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        }
    }

    @Test func eventDefinitionsMustNameWhatTheyCatch() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="m"/>
            <bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="m" targetRef="r"/>
            <bpmn:receiveTask id="r"/>
            <bpmn:sequenceFlow id="f3" sourceRef="r" targetRef="e"/>
            <bpmn:endEvent id="e"><bpmn:escalationEventDefinition/></bpmn:endEvent>
            """))
        #expect(loaded.messages(.invalidEventDefinition) == [
            "intermediateCatchEvent 'm' catches a message but names none; add messageRef",
            "receiveTask 'r' waits for a message but names none; add messageRef",
            "endEvent 'e' throws an escalation but names none; add escalationRef",
        ])
    }

    @Test func scriptsMustBeFEEL() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="py"/>
            <bpmn:scriptTask id="py" scriptFormat="python"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="py" targetRef="empty"/>
            <bpmn:scriptTask id="empty" scriptFormat="feel"/>
            <bpmn:sequenceFlow id="f3" sourceRef="empty" targetRef="e"><bpmn:conditionExpression language="groovy">x</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == [
            "unsupported script format 'python' on scriptTask 'py'; Baton runs FEEL scripts",
            "scriptTask 'empty' has no script; add <script> or zeebe:script",
            "unsupported expression language 'groovy' in the condition of sequenceFlow 'f3'; Baton evaluates FEEL (and Camunda's JUEL ${...})",
        ])
    }

    @Test func loopsMustSayWhenTheyEnd() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="forever"/>
            <bpmn:task id="forever"><bpmn:standardLoopCharacteristics/></bpmn:task>
            <bpmn:sequenceFlow id="f2" sourceRef="forever" targetRef="both"/>
            <bpmn:task id="both"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality><bpmn:loopDataInputRef>items</bpmn:loopDataInputRef></bpmn:multiInstanceLoopCharacteristics></bpmn:task>
            <bpmn:sequenceFlow id="f3" sourceRef="both" targetRef="neither"/>
            <bpmn:task id="neither"><bpmn:multiInstanceLoopCharacteristics isSequential="true"/></bpmn:task>
            <bpmn:sequenceFlow id="f4" sourceRef="neither" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == [
            "standard loop on task 'forever' has neither a loopCondition nor a loopMaximum, so it would never end",
            "multi-instance task 'neither' has neither a loopCardinality nor an input collection, so Baton cannot tell how many instances to run",
        ])
        #expect(loaded.warnings.map(\.message) == [
            "multi-instance task 'both' has both a loopCardinality and an input collection; the loopCardinality decides how many instances run",
        ])
    }

    @Test func flowRulesOfEventsAndGateways() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="eg"/>
            <bpmn:eventBasedGateway id="eg"/>
            <bpmn:sequenceFlow id="f2" sourceRef="eg" targetRef="t"/>
            <bpmn:task id="t"/>
            <bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="s"/>
            <bpmn:sequenceFlow id="f4" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            <bpmn:sequenceFlow id="f5" sourceRef="e" targetRef="t"/>
            """))
        #expect(loaded.messages(.invalidFlow) == [
            "startEvent 's' has incoming sequence flows; a start event cannot be entered",
            "eventBasedGateway 'eg' needs at least two outgoing flows to choose between events",
            "eventBasedGateway 'eg' leads to task 't'; after an event-based gateway come only intermediate catch events (message, timer, signal) or receive tasks",
            "endEvent 'e' has outgoing sequence flows; nothing continues after an end event",
        ])
    }

    @Test func diagramAndLaneProblemsAreWarnings() throws {
        let loaded = try load("""
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="d">
              <bpmn:process id="p" isExecutable="true">
                <bpmn:laneSet><bpmn:lane id="l"><bpmn:flowNodeRef>gone</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
                <bpmn:startEvent id="s"/>
              </bpmn:process>
              <bpmndi:BPMNDiagram><bpmndi:BPMNPlane id="pl" bpmnElement="renamed"/></bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """)
        #expect(loaded.isValid)
        #expect(loaded.warnings.map(\.message) == [
            "lane 'l': flowNodeRef 'gone' does not exist",
            "BPMNPlane 'pl': bpmnElement 'renamed' does not exist, so it draws nothing",
        ])
    }
}

@Suite struct ExpressionValidationTests {
    @Test func brokenExpressionsAreReportedWithLineAndExpressionColumn() throws {
        let name = "invalid/expression-syntax.bpmn"
        let loaded = try Fixture.load(name)
        #expect(loaded.errors.map(\.message) == [
            "invalid FEEL in the condition of sequenceFlow 'f2', column 9: unexpected '>'",
            "invalid FEEL in the mapping to 'x' of serviceTask 't', column 8: unexpected '(', expected a name after '.'",
        ])
        #expect(loaded.errors.map(\.code) == [.invalidExpression, .invalidExpression])
        #expect(loaded.errors[0].location.line == (try Fixture.line(of: "amount >> 1000", in: name)))
        #expect(loaded.errors[1].location.line == (try Fixture.line(of: "=order.(total", in: name)))
    }

    @Test func juelIsTranslatedOrReportedAsUnsupported() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
            <bpmn:exclusiveGateway id="g" default="f3"/>
            <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e"><bpmn:conditionExpression>${amount &gt; 1000 &amp;&amp; approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="e"><bpmn:conditionExpression>${execution.getVariable('x')}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == [
            "invalid JUEL in the condition of sequenceFlow 'f3', column 3: unsupported JUEL: method call 'execution.getVariable(...)'; Baton translates only operators, paths and literals",
        ])
    }

    @Test func nonExecutableProcessesAreNotParsedForExpressions() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"><bpmn:conditionExpression>x == 1</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:endEvent id="e"/>
            """, executable: false))
        #expect(loaded.diagnostics.isEmpty)
    }
}
