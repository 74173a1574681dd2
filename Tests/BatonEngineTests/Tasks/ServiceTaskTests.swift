import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Testing

/// Service tasks: jobs for workers and connectors, their results, failures and errors.
@Suite struct ServiceTaskTests {
    static func process(_ task: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
        \(task)
        <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    // MARK: The job

    @Test func batonConnectorCreatesAJobWithOperationRetriesAndHeaders() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work" baton:connector="erp" baton:operation="salesOrder.create">
              <bpmn:extensionElements>
                <baton:retries count="5" backoff="PT10S"/>
                <baton:header name="region" value="EU"/>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        let job = try #require(driver.job("work"))
        #expect(job.type == "erp")
        #expect(job.operation == "salesOrder.create")
        #expect(job.retries == 5)
        #expect(job.retryBackoff == "PT10S")
        #expect(job.headers == [NamedValue(name: "region", value: "EU")])
        #expect(job.idempotencyKey == "test/\(job.elementInstance)")
        #expect(driver.instance("work")?.waitingFor == .job(job.key))
        #expect(driver.events.contains(.jobCreated(job)))
    }

    @Test func zeebeTaskDefinitionCreatesAJobOfItsType() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="crm-sync" retries="2"/>
                <zeebe:taskHeaders><zeebe:header key="mode" value="full"/></zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        let job = try #require(driver.job("work"))
        #expect(job.type == "crm-sync")
        #expect(job.operation == nil)
        #expect(job.retries == 2)
        #expect(job.headers == [NamedValue(name: "mode", value: "full")])
    }

    @Test func camundaExternalTopicCreatesAJobOnThatTopic() throws {
        let driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="invoice">
              <bpmn:extensionElements>
                <camunda:failedJobRetryTimeCycle>R4/PT1M</camunda:failedJobRetryTimeCycle>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        let job = try #require(driver.job("work"))
        #expect(job.type == "invoice")
        #expect(job.retries == 4)
        #expect(job.retryBackoff == "PT1M")
    }

    @Test func unboundServiceTaskGetsAnUntypedJobWithDefaultRetries() throws {
        let driver = try InstanceDriver(Self.process(#"<bpmn:serviceTask id="work"/>"#))
        let job = try #require(driver.job("work"))
        #expect(job.type == "")
        #expect(job.retries == 3)
    }

    // MARK: Completing

    @Test func completingTheJobStoresItsResultAndMovesOn() throws {
        var driver = try InstanceDriver(Self.process(#"<bpmn:serviceTask id="work" baton:connector="erp"/>"#))
        let key = try #require(driver.job("work")).key
        try driver.completeJob("work", ["salesOrderId": .string("SO-1")])
        #expect(driver.state.status == .completed)
        #expect(driver.variable("salesOrderId") == .string("SO-1"))
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.events.contains(.jobCompleted(key)))
        #expect(driver.path == ["start", "work", "end"])
    }

    @Test func scenarioAnswersAndStubsServiceTasks() throws {
        let content = Self.process(#"<bpmn:serviceTask id="work" baton:connector="erp"/>"#)
        let answered = try run(content, scenario: #"{"serviceTasks": {"work": {"id": 7}}}"#)
        #expect(answered.status == .completed)
        #expect(answered.variable("id") == number(7))
        #expect(answered.stubbed.isEmpty)
        let stubbed = try run(content)
        #expect(stubbed.status == .completed)
        #expect(stubbed.stubbed == ["work"])
    }

    // MARK: Failing

    @Test func failingWithRetriesLeftKeepsTheJobOpenWithABackoff() throws {
        var driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work" baton:connector="erp">
              <bpmn:extensionElements><baton:retries count="3" backoff="PT10S"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        let key = try #require(driver.job("work")).key
        try driver.execute(.failJob(key, message: "ERP down"))
        let job = try #require(driver.state.jobs[key])
        #expect(job.retries == 2)
        #expect(job.lastError == "ERP down")
        let wait = try #require(job.retryAt).millisecondsSinceEpoch - InstanceDriver.epoch.millisecondsSinceEpoch
        #expect((7_500...10_000).contains(wait), "the backoff, shortened by at most a quarter of jitter")
        #expect(driver.events.last == .jobFailed(key, message: "ERP down", retriesLeft: 2))
        #expect(driver.incidents.isEmpty)
    }

    @Test func retryBackoffWrittenAsAnExpressionIsEvaluated() throws {
        // Given a backoff written as an expression (documented, and accepted by the validator)
        var driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work" baton:connector="erp">
              <bpmn:extensionElements><baton:retries count="3" backoff="=duration(&quot;PT5S&quot;) * attempts"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            """), variables: ["attempts": number(2)])
        let key = try #require(driver.job("work")).key
        // When an attempt fails
        try driver.execute(.failJob(key, message: "busy"))
        // Then the next attempt waits for the computed backoff
        let wait = try #require(driver.state.jobs[key]?.retryAt).millisecondsSinceEpoch - InstanceDriver.epoch.millisecondsSinceEpoch
        #expect((7_500...10_000).contains(wait), "the computed backoff, shortened by at most a quarter of jitter")
    }

    @Test func failingTheLastRetryRaisesAnIncidentAndResolvingCreatesANewJob() throws {
        // Given a job with two attempts
        var driver = try InstanceDriver(Self.process("""
            <bpmn:serviceTask id="work" baton:connector="erp">
              <bpmn:extensionElements><baton:retries count="2"/></bpmn:extensionElements>
            </bpmn:serviceTask>
            """))
        let first = try #require(driver.job("work"))
        // When both attempts fail
        try driver.execute(.failJob(first.key, message: "timeout"))
        try driver.execute(.failJob(first.key, message: "still down"))
        // Then the job is gone and an incident holds the task
        #expect(driver.state.jobs.isEmpty)
        let incident = try #require(driver.incidents.first)
        #expect(incident.element == "work")
        #expect(incident.reason == "serviceTask 'work' failed and has no retries left: still down")
        #expect(driver.instance("work")?.incident == incident.key)
        // When the incident is resolved, a new job with the model's retries opens
        try driver.resolveIncident()
        let second = try #require(driver.job("work"))
        #expect(second.key != first.key)
        #expect(second.retries == 2)
        #expect(second.idempotencyKey == first.idempotencyKey)
        #expect(driver.events.contains(.incidentResolved(incident.key)))
        // And completing it finishes the instance
        try driver.completeJob("work")
        #expect(driver.state.status == .completed)
    }

    @Test func failingWithZeroRetriesRaisesAnIncidentAtOnce() throws {
        var driver = try InstanceDriver(Self.process(#"<bpmn:serviceTask id="work" baton:connector="erp"/>"#))
        let key = try #require(driver.job("work")).key
        try driver.execute(.failJob(key, message: "bad request", retries: 0))
        #expect(driver.incidents.map(\.reason) == ["serviceTask 'work' failed and has no retries left: bad request"])
        #expect(driver.events.contains(.jobCancelled(key)))
    }

    // MARK: BPMN errors

    @Test func uncaughtBPMNErrorFromTheWorkerRaisesAnIncident() throws {
        var driver = try InstanceDriver(Self.process(#"<bpmn:serviceTask id="work" baton:connector="crm"/>"#))
        let key = try #require(driver.job("work")).key
        try driver.execute(.throwJobError(key, errorCode: "CREDIT_REFUSED", message: "limit exceeded"))
        #expect(driver.state.jobs.isEmpty)
        #expect(driver.events.contains(.jobErrorThrown(key, errorCode: "CREDIT_REFUSED")))
        let incident = try #require(driver.incidents.first)
        #expect(incident.element == "work")
        #expect(incident.reason.contains("unhandled BPMN error 'CREDIT_REFUSED'"))
        #expect(incident.reason.contains("serviceTask 'work'"))
        #expect(incident.reason.contains("limit exceeded"))
        // Resolving it runs the task again
        try driver.resolveIncident()
        #expect(driver.job("work") != nil)
    }

    @Test func scenarioBPMNErrorEndsTheRunInError() throws {
        let result = try run(
            Self.process(#"<bpmn:serviceTask id="work" baton:connector="crm"/>"#),
            scenario: #"{"serviceTasks": {"work": {"bpmnError": "CREDIT_REFUSED"}}}"#)
        #expect(result.status == .error)
        #expect(result.incidents.map(\.element) == ["work"])
        #expect(result.incidents.first?.reason.contains("'CREDIT_REFUSED'") == true)
        #expect(result.steps == ["start"])
    }

    // MARK: Other elements that run as jobs

    @Test func sendTaskAndThrowEventsWithAConnectorRunAsJobs() throws {
        var driver = try InstanceDriver("""
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify"/>
            <bpmn:sendTask id="notify" baton:connector="mail" baton:operation="send"/>
            <bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="publish"/>
            <bpmn:intermediateThrowEvent id="publish" baton:connector="bus"><bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="publish" targetRef="end"/>
            <bpmn:endEvent id="end" baton:connector="audit"><bpmn:messageEventDefinition/></bpmn:endEvent>
            """)
        #expect(driver.job("notify")?.type == "mail")
        try driver.completeJob("notify")
        #expect(driver.job("publish")?.type == "bus")
        try driver.completeJob("publish")
        #expect(driver.job("end")?.type == "audit")
        try driver.completeJob("end")
        #expect(driver.state.status == .completed)
        #expect(!driver.events.contains { if case .messageSent = $0 { true } else { false } })
    }
}
