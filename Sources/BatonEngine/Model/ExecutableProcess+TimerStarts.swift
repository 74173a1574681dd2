import BatonFEEL
public import BatonModel

extension ExecutableProcess {
    /// When the process's timer start events fire, from `start` on (usually the moment
    /// the process was deployed): one moment for a date or a duration, each repetition
    /// for a cycle (`R3/PT1H`: three; `R/P1D`: until `limit`). At most `limit` moments,
    /// in order. The host starts an instance at each (with `start(..., startEvent:)`);
    /// a timer whose value cannot be read gives none, with the reason in `problems`.
    public func timerStartTimes(from start: EngineInstant, limit: Int) -> (times: [(startEvent: ElementID, at: EngineInstant)], problems: [String]) {
        var times: [(startEvent: ElementID, at: EngineInstant)] = []
        var problems: [String] = []
        for event in startEvents {
            guard let node = nodes[event.id], let timer = node.timer else { continue }
            let role = "timer of \(event.displayName)"
            let value = timer.value.evaluate(FEELContext(), now: start.dateTime)
            if let problem = value.problem {
                problems.append("the \(role) failed: \(problem)")
                continue
            }
            do {
                var (due, cycle) = try TimerDue.schedule(of: value.value, timer: timer, now: start.dateTime, role: role)
                times.append((event.id, due))
                while let current = cycle, current.remaining != 0, times.count < limit * 2,
                    let next = TimerDue.add(current.interval, to: due), current.end.map({ next <= $0 }) ?? true
                {
                    times.append((event.id, next))
                    due = next
                    cycle = TimerCycle(interval: current.interval, remaining: current.remaining.map { $0 - 1 }, end: current.end)
                }
            } catch {
                problems.append(error.reason)
            }
        }
        times.sort { ($0.at, $0.startEvent) < ($1.at, $1.startEvent) }
        return (Array(times.prefix(limit)), problems)
    }
}
