import BatonEngine
import BatonModel
import Testing

/// A failing job is retried after a backoff that doubles with each attempt, up to a cap.
@Suite struct JobRetryTests {
    static func task(_ retries: String) -> String {
        """
        <bpmn:startEvent id="start"/>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
        <bpmn:serviceTask id="call" baton:connector="erp">
          <bpmn:extensionElements>\(retries)</bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
        <bpmn:endEvent id="end"/>
        """
    }

    func waits(after failures: Int, _ retries: String) throws -> [Int64] {
        var driver = try InstanceDriver(Self.task(retries))
        var delays: [Int64] = []
        for attempt in 1...failures {
            let job = try #require(driver.job("call"))
            try driver.execute(.failJob(job.key, message: "ERP timeout \(attempt)"))
            guard let retryAt = driver.job("call")?.retryAt else { break }
            delays.append(retryAt.millisecondsSinceEpoch - InstanceDriver.epoch.millisecondsSinceEpoch)
        }
        return delays
    }

    @Test func theBackoffDoublesWithEachAttempt() throws {
        #expect(try waits(after: 4, #"<baton:retries count="5" backoff="PT10S"/>"#) == [10_000, 20_000, 40_000, 80_000])
    }

    @Test func theBackoffIsCappedAtTenMinutes() throws {
        #expect(try waits(after: 4, #"<baton:retries count="9" backoff="PT4M"/>"#) == [240_000, 480_000, 600_000, 600_000])
    }

    @Test func withoutABackoffTheFirstRetryWaitsOneSecond() throws {
        #expect(try waits(after: 2, #"<baton:retries count="3"/>"#) == [1_000, 2_000])
    }

    @Test func theLastFailureIsAnIncidentNotAWait() throws {
        var driver = try InstanceDriver(Self.task(#"<baton:retries count="2" backoff="PT1S"/>"#))
        try driver.execute(.failJob(try #require(driver.job("call")).key, message: "first"))
        try driver.execute(.failJob(try #require(driver.job("call")).key, message: "second"))
        #expect(driver.job("call") == nil)
        #expect(driver.incidents.map(\.reason) == ["serviceTask 'call' failed and has no retries left: second"])
    }
}
