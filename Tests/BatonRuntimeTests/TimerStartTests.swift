import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Timer start events in the durable engine: scheduled when deployed, fired by
/// `runDueTimers`, once for times missed while down, kept across a restart, replaced by a
/// new version.
@Suite struct TimerStartTests {
    static func model(cycle: String, version: String = "1") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d\(version)" targetNamespace="urn:test">
          <bpmn:process id="sync" isExecutable="true">
            <bpmn:startEvent id="hourly"><bpmn:timerEventDefinition><bpmn:timeCycle>\(cycle)</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="hourly" targetRef="work"/>
            <bpmn:userTask id="work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """
    }

    static let hour: Int64 = 3_600_000

    @Test func aCycleStartsAnInstanceEachTimeAndOnceForTimesMissed() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: Self.model(cycle: "R5/PT1H"), fileName: "sync.bpmn")
        #expect(try runtime.runDueTimers() == 0, "nothing before the first hour")
        clock.advance(byMilliseconds: Self.hour)
        #expect(try runtime.runDueTimers() == 1)
        #expect(try runtime.runDueTimers() == 0, "fired once")
        let first = try runtime.instances()
        #expect(first.count == 1 && first[0].process.id == "sync")
        #expect(try runtime.instance(first[0].id).userTasks.values.map(\.element) == ["work"])

        // Down for three hours: one instance for the missed times, then on the hour again.
        clock.advance(byMilliseconds: 3 * Self.hour + 1)
        let restarted = try database.runtime(at: clock)
        #expect(try restarted.runDueTimers() == 1)
        #expect(try restarted.instances().count == 2)
        clock.advance(byMilliseconds: Self.hour)
        #expect(try restarted.runDueTimers() == 1, "the fifth and last repetition")
        clock.advance(byMilliseconds: 10 * Self.hour)
        #expect(try restarted.runDueTimers() == 0, "R5 is over")
        #expect(try restarted.instances().count == 3)
    }

    @Test func aNewVersionReplacesTheSchedule() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock(at: EngineInstant(millisecondsSinceEpoch: 1_780_000_000_000))
        var runtime = try database.runtime(at: clock)
        try runtime.deploy(xml: Self.model(cycle: "R/PT1H"), fileName: "sync.bpmn")
        clock.advance(byMilliseconds: Self.hour / 2)
        try runtime.deploy(xml: Self.model(cycle: "R/P1D", version: "2"), fileName: "sync.bpmn")
        clock.advance(byMilliseconds: Self.hour)
        #expect(try runtime.runDueTimers() == 0, "version 1's hourly timer is gone")
        clock.advance(byMilliseconds: 24 * Self.hour)
        #expect(try runtime.runDueTimers() == 1)
        let started = try runtime.instance(try #require(try runtime.instances().first).id)
        #expect(started.process.version == 2)
    }
}
