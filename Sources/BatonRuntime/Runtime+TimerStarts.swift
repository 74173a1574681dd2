public import BatonEngine
import BatonModel
import Foundation

/// Timer start events in the durable engine: deploying a version schedules its timer
/// start events (replacing the previous version's), and ``runDueTimerStarts(limit:)``
/// (part of ``Runtime/runDueTimers(limit:)``, so of `baton jobs run` and the server's job
/// executor) starts an instance at each that is due and moves it on to its next time.
extension Runtime {
    /// Schedules the timer start events of newly deployed `processes` (from `deployedAt`),
    /// replacing what earlier versions had scheduled; a process without any loses its
    /// schedules.
    func scheduleTimerStarts(of processes: [ExecutableProcess], deployedAt: EngineInstant) throws(RuntimeError) {
        guard let timers = store as? any TimerStartStore else { return }
        for process in processes {
            var firsts: [String: TimerStartSchedule] = [:]
            for (event, at) in process.timerStartTimes(from: deployedAt, limit: 64).times where firsts[event.rawValue] == nil {
                firsts[event.rawValue] = TimerStartSchedule(
                    processID: process.id.rawValue, version: process.version, startEvent: event.rawValue, dueAt: at, anchor: deployedAt)
            }
            let schedules = firsts.values.sorted { $0.startEvent < $1.startEvent }
            try Self.storeCall { () throws(StoreError) in try timers.replaceTimerStarts(of: process.id.rawValue, with: schedules) }
        }
    }

    /// Starts an instance for each timer start event that is due, then schedules its next
    /// time: the first one after now, so times missed while the engine was down start one
    /// instance, not one per missed repetition. Returns the instances started; a start that
    /// fails (its process's expressions, say) is skipped and its timer still moves on.
    @discardableResult
    public func runDueTimerStarts(limit: Int = 100) throws(RuntimeError) -> [ProcessInstanceID] {
        guard let timers = store as? any TimerStartStore else { return [] }
        let now = clock.now()
        let due = try Self.storeCall { () throws(StoreError) in try timers.dueTimerStarts(at: now, limit: limit) }
        var started: [ProcessInstanceID] = []
        for schedule in due {
            let process = engine.repository.process(ElementID(schedule.processID), version: schedule.version)
            let next = process.flatMap { Self.nextTime(of: schedule, in: $0, after: now) }
            let moved = next.map { var later = schedule; later.dueAt = $0; return later }
            // Claim the firing first: another engine on the same database fires it at most once.
            guard try Self.storeCall({ () throws(StoreError) in try timers.advanceTimerStart(schedule, to: moved) }), process != nil else { continue }
            let id = ProcessInstanceID(UUID().uuidString.lowercased())
            do {
                let (state, events) = try engine.start(
                    processID: ElementID(schedule.processID), version: schedule.version, id: id, startEvent: ElementID(schedule.startEvent))
                started.append(try commitStarted(state, events).id)
            } catch {
                continue
            }
        }
        return started
    }

    /// The schedule's first time after `now` (nil when its timer has no more).
    static func nextTime(of schedule: TimerStartSchedule, in process: ExecutableProcess, after now: EngineInstant) -> EngineInstant? {
        var limit = 64
        while true {
            let all = process.timerStartTimes(from: schedule.anchor, limit: limit).times
            let times = all.filter { $0.startEvent.rawValue == schedule.startEvent }.map(\.at)
            if let next = times.first(where: { $0 > now && $0 > schedule.dueAt }) { return next }
            // All the times so far are past: a longer list, unless the timers have no more.
            guard all.count == limit, limit < 1 << 20 else { return nil }
            limit *= 4
        }
    }
}
