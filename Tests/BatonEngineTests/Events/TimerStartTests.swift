import BatonEngine
import BatonModel
import BatonXML
import Testing

/// When a process's timer start events fire: what a host schedules.
@Suite struct TimerStartTests {
    static let deployedAt = EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000)

    func process(_ timers: String) throws -> ExecutableProcess {
        let loaded = try loadDocument(bpmnDocument("""
            \(timers)
            <bpmn:startEvent id="manual"/>
            <bpmn:sequenceFlow id="f0" sourceRef="manual" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            """))
        var repository = ProcessRepository()
        return try #require(try repository.deploy(loaded.definitions).first)
    }

    static func timer(_ id: String, _ kind: String, _ value: String) -> String {
        """
        <bpmn:startEvent id="\(id)"><bpmn:timerEventDefinition><bpmn:\(kind)>\(value)</bpmn:\(kind)></bpmn:timerEventDefinition></bpmn:startEvent>
        <bpmn:sequenceFlow id="f_\(id)" sourceRef="\(id)" targetRef="end"/>
        """
    }

    @Test func aCycleFiresEachRepetitionFromItsStart() throws {
        let process = try process(Self.timer("hourly", "timeCycle", "R3/PT1H"))
        let (times, problems) = process.timerStartTimes(from: Self.deployedAt, limit: 10)
        #expect(problems.isEmpty)
        #expect(times.map(\.startEvent) == ["hourly", "hourly", "hourly"])
        #expect(times.map { ($0.at.millisecondsSinceEpoch - Self.deployedAt.millisecondsSinceEpoch) / 3_600_000 } == [1, 2, 3])
    }

    @Test func anEndlessCycleStopsAtTheLimitAndTimersMergeInOrder() throws {
        let process = try process(Self.timer("daily", "timeCycle", "R/P1D") + Self.timer("once", "timeDuration", "PT36H"))
        let (times, _) = process.timerStartTimes(from: Self.deployedAt, limit: 4)
        #expect(times.map(\.startEvent) == ["daily", "once", "daily", "daily"])
    }

    @Test func aCycleWithAStartDateFiresFirstAtTheStart() throws {
        let process = try process(Self.timer("window", "timeCycle", "R3/2027-01-01T00:00:00Z/PT12H"))
        let (times, _) = process.timerStartTimes(from: Self.deployedAt, limit: 10)
        #expect(times.map(\.at.description) == ["2027-01-01T00:00:00Z", "2027-01-01T12:00:00Z", "2027-01-02T00:00:00Z"])
    }

    @Test func aCycleWithAnEndFiresNoMoreAfterIt() throws {
        // Deployed 2026-05-28T20:26:40Z; every 12 hours until 2026-05-30T12:00:00Z
        let process = try process(Self.timer("until", "timeCycle", "R/PT12H/2026-05-30T12:00:00Z"))
        let (times, _) = process.timerStartTimes(from: Self.deployedAt, limit: 10)
        #expect(times.map(\.at.description) == ["2026-05-29T08:26:40Z", "2026-05-29T20:26:40Z", "2026-05-30T08:26:40Z"])
    }

    @Test func aTimerThatCannotBeReadIsReportedNotScheduled() throws {
        let process = try process(Self.timer("broken", "timeDuration", "=missing + duration(&quot;PT1H&quot;)"))
        let (times, problems) = process.timerStartTimes(from: Self.deployedAt, limit: 10)
        #expect(times.isEmpty)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("unknown variable 'missing'") == true)
    }
}
