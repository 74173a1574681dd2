import BatonModel
import BatonXML
import Testing

/// Mistakes that must never pass in silence.
@Suite struct SilentMistakeTests {
    @Test func misspelledBPMNElementIsAnErrorAndFlowsToItStillResolve() throws {
        let text = bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="typo"/>
            <bpmn:serviceTsk id="typo"/>
            """, executable: false)
        let loaded = try load(text)
        #expect(loaded.errors.map(\.message) == ["unknown BPMN element 'serviceTsk' (did you mean 'serviceTask'?)"])
        #expect(loaded.errors.first?.code == .unknownElement)
        #expect(loaded.errors.first?.location == position(of: "<bpmn:serviceTsk", in: text))
    }

    @Test func eventDefinitionRefIsReportedInExecutableProcesses() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"><bpmn:eventDefinitionRef>td</bpmn:eventDefinitionRef></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == ["unsupported element 'eventDefinitionRef' in startEvent 's'; write the event definition inside the event"])
    }

    @Test(arguments: [
        ("<bpmn:startEvent id=\"x\"><bpmn:terminateEventDefinition/></bpmn:startEvent>", "startEvent 'x' cannot be a terminate event: a startEvent can have message, timer, signal, conditional definitions"),
        ("<bpmn:startEvent id=\"x\"><bpmn:errorEventDefinition/></bpmn:startEvent>", "startEvent 'x' cannot be an error event: error start events belong in event subprocesses"),
        ("<bpmn:endEvent id=\"x\"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:endEvent>", "endEvent 'x' cannot be a timer event"),
        ("<bpmn:task id=\"t\"/><bpmn:boundaryEvent id=\"x\" attachedToRef=\"t\"><bpmn:linkEventDefinition name=\"L\"/></bpmn:boundaryEvent>", "boundaryEvent 'x' cannot be a link event"),
        ("<bpmn:subProcess id=\"sp\"><bpmn:startEvent id=\"x\"><bpmn:signalEventDefinition signalRef=\"sig\"/></bpmn:startEvent></bpmn:subProcess>", "startEvent 'x' cannot be a signal event: the start event of an embedded subprocess has no trigger"),
    ])
    func eventDefinitionsMustSuitTheirEvent(element: String, message: String) throws {
        let loaded = try load(bpmnDocument("<bpmn:startEvent id=\"s\"/>\n" + element, extra: "<bpmn:signal id=\"sig\" name=\"s\"/>"))
        #expect(loaded.errors.contains { $0.code == .invalidEventDefinition && $0.message.hasPrefix(message) }, "\(loaded.errors)")
    }

    @Test func extensionsOnSequenceFlowsAndMessagesAreChecked() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" baton:bogus="1"/>
            <bpmn:endEvent id="e"/>
            """, extra: "<bpmn:message id=\"m\" name=\"m\" baton:correlationKey=\"=id\" baton:corelation=\"x\"/>"))
        #expect(loaded.errors.map(\.message) == [
            "unknown Baton attribute 'baton:corelation' on message 'm' (did you mean 'correlationKey'?)",
            "unknown Baton attribute 'baton:bogus' on sequenceFlow 'f1'",
        ])
        #expect(loaded.definitions.messages.first?.correlationKey?.body == "=id")
    }

    @Test func misplacedBatonElementIsAWarning() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:serviceTask id="t"><bpmn:extensionElements><baton:formField id="x"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.warnings.map(\.message) == ["'baton:formField' has no effect in serviceTask 't'; it applies to startEvent, userTask"])
        #expect(loaded.node("t")?.extensions.formFields.isEmpty == true)
    }

    @Test func retriesAreChecked() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
            <bpmn:serviceTask id="a"><bpmn:extensionElements><baton:retries count="-1"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
            <bpmn:serviceTask id="b"><bpmn:extensionElements><baton:retries count="3" backoff="10s"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c"/>
            <bpmn:serviceTask id="c"><bpmn:extensionElements><baton:retries count="many"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.errors.map(\.message) == [
            "baton:retries count=\"-1\" in serviceTask 'a' must be 0 or more",
            "baton:retries backoff=\"10s\" in serviceTask 'b' is not an ISO 8601 duration: a duration must start with 'P', as in 'PT10M' or 'P2D' (got '10s')",
            "baton:retries count=\"many\" is not a whole number",
        ])
    }

    @Test func camundaBusinessKeyMappingIsNamed() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c"/>
            <bpmn:callActivity id="c" calledElement="p"><bpmn:extensionElements><camunda:in businessKey="${key}"/></bpmn:extensionElements></bpmn:callActivity>
            <bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.messages(.unsupportedExtension) == ["camunda:in businessKey on callActivity 'c' is not supported by Baton and is ignored"])
    }

    @Test func zeebeJSONPathMappingsAreNamedNotMisread() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
            <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="a"/>
              <zeebe:ioMapping><zeebe:input source="$.a" target="$.foo"/><zeebe:output source="=ok" target="ok"/></zeebe:ioMapping>
            </bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
            <bpmn:endEvent id="e"/>
            """))
        #expect(loaded.messages(.unsupportedExtension) == [
            "zeebe:input with a JSONPath (Zeebe 0.x) source or target on serviceTask 't' is not supported by Baton and is ignored; write source=\"=a\" target=\"foo\""
        ])
        #expect(loaded.node("t")?.extensions.inputs.isEmpty == true)
        #expect(loaded.node("t")?.extensions.outputs.map(\.target) == ["ok"])
    }

    @Test func theFirstSyntaxErrorIsReportedNotItsEcho() {
        let text = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<process id=\"p\">\n<task id=\"t\">\n</process>\n</definitions>\n"
        do {
            _ = try load(text)
            Issue.record("accepted")
        } catch {
            #expect(error.location.line == 4)
            #expect(error.message.hasPrefix("Opening and ending tag mismatch: task line 3 and process"))
        }
    }
}
