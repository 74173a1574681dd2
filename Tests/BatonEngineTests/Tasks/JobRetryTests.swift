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

    /// Whether each wait is its nominal backoff shortened by the jitter (at most a quarter).
    func jittered(_ waits: [Int64], _ nominal: [Int64]) -> Bool {
        waits.count == nominal.count && zip(waits, nominal).allSatisfy { wait, full in wait <= full && wait >= full - full / 4 }
    }

    @Test func theBackoffDoublesWithEachAttempt() throws {
        let waits = try waits(after: 4, #"<baton:retries count="5" backoff="PT10S"/>"#)
        #expect(jittered(waits, [10_000, 20_000, 40_000, 80_000]), "got \(waits)")
    }

    @Test func theBackoffIsCappedAtTenMinutes() throws {
        let waits = try waits(after: 4, #"<baton:retries count="9" backoff="PT4M"/>"#)
        #expect(jittered(waits, [240_000, 480_000, 600_000, 600_000]), "got \(waits)")
    }

    @Test func withoutABackoffTheFirstRetryWaitsOneSecond() throws {
        let waits = try waits(after: 2, #"<baton:retries count="3"/>"#)
        #expect(jittered(waits, [1_000, 2_000]), "got \(waits)")
    }

    @Test func theJitterIsFixedByTheJobSoAReplayWaitsTheSame() throws {
        let retries = #"<baton:retries count="5" backoff="PT10S"/>"#
        let first = try waits(after: 3, retries)
        #expect(try waits(after: 3, retries) == first)
        #expect(first != [10_000, 20_000, 40_000], "the waits are jittered at all")
    }

    @Test func theLastFailureIsAnIncidentNotAWait() throws {
        var driver = try InstanceDriver(Self.task(#"<baton:retries count="2" backoff="PT1S"/>"#))
        try driver.execute(.failJob(try #require(driver.job("call")).key, message: "first"))
        try driver.execute(.failJob(try #require(driver.job("call")).key, message: "second"))
        #expect(driver.job("call") == nil)
        #expect(driver.incidents.map(\.reason) == ["serviceTask 'call' failed and has no retries left: second"])
    }
}
