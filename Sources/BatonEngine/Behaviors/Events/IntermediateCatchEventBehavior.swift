import BatonFEEL
import BatonModel

/// `intermediateCatchEvent`: waits for its message (by name and correlation key), its
/// signal or its timer. A link catch event passes its token on (it is entered by the
/// link throw event of the same name).
struct IntermediateCatchEventBehavior: ElementBehavior {
    func activate(_ node: CompiledNode, _ key: ElementInstanceKey, _ execution: inout Execution) throws(ElementFailure) -> ActivationResult {
        if execution.state.elements[key]?.triggeredBy != nil { return .completed }
        switch node.eventKind {
        case .message?, .signal?, .timer?:
            guard let subscription = try execution.openSubscription(for: node, owner: key, catchElement: nil) else { return .completed }
            return .waiting(.subscription(subscription))
        case .link?, nil:
            return .completed
        default:
            throw ElementFailure("\(node.node.displayName) cannot be executed by this version of Baton", location: node.node.location)
        }
    }
}

/// When a timer is due, from its definition and the current time.
enum TimerDue {
    /// When the timer first fires, and for a cycle, how it repeats.
    static func schedule(of timer: CompiledTimer, at key: ElementInstanceKey, role: String, _ execution: inout Execution) throws(ElementFailure) -> (due: EngineInstant, cycle: TimerCycle?) {
        let value = try execution.evaluate(timer.value, at: key, role: role)
        return try schedule(of: value, timer: timer, now: execution.nowFEEL, role: role)
    }

    /// When a timer whose value is `value` first fires, counting from `now`, and for a
    /// cycle, how it repeats.
    static func schedule(of value: FEELValue, timer: CompiledTimer, now: FEELDateTime, role: String) throws(ElementFailure) -> (due: EngineInstant, cycle: TimerCycle?) {
        var target: FEELDateTime?
        var cycle: TimerCycle?
        switch value {
        case .dateTime(let moment): target = moment
        case .date(let day): target = FEELDateTime(date: day, time: FEELTime(hour: 0, minute: 0, second: 0, zone: .offset(seconds: 0)))
        case .daysTimeDuration, .yearsMonthsDuration: target = now.adding(value)
        case .string(let text):
            let schedule: TimerSchedule
            do { schedule = try TimerSchedule.parse(text, as: timer.type) } catch {
                throw ElementFailure("the \(role) '\(text)' is not a valid \(timer.type.rawValue): \(error.message)", expression: timer.value)
            }
            switch schedule {
            case .date(let moment): target = dateTime(moment)
            case .duration(let duration): target = add(duration, to: now)
            case .cycle(let repeating):
                // With a start (`R3/2027-07-01T00:00:00Z/P1D`) the first firing is at the
                // start, as in Camunda and Zeebe; without one, one interval from now.
                target = repeating.start.map(dateTime) ?? add(repeating.interval, to: now)
                let remaining = repeating.repetitions.map { $0 - 1 }
                let end = repeating.end.map(dateTime)?.epochMilliseconds.map { EngineInstant(millisecondsSinceEpoch: $0) }
                if remaining.map({ $0 > 0 }) ?? true { cycle = TimerCycle(interval: repeating.interval, remaining: remaining, end: end) }
            }
        default:
            break
        }
        guard let target, let milliseconds = target.epochMilliseconds else {
            throw ElementFailure("the \(role) is \(value.literal), not a date and time, a date or a duration", expression: timer.value)
        }
        return (EngineInstant(millisecondsSinceEpoch: milliseconds), cycle)
    }

    /// `instant` plus a duration, with calendar months and years.
    static func add(_ duration: ISO8601Duration, to instant: EngineInstant) -> EngineInstant? {
        add(duration, to: instant.dateTime)?.epochMilliseconds.map { EngineInstant(millisecondsSinceEpoch: $0) }
    }

    private static func dateTime(_ moment: ISO8601DateTime) -> FEELDateTime {
        FEELDateTime(
            date: FEELDate(year: moment.year, month: moment.month, day: moment.day),
            time: FEELTime(hour: moment.hour, minute: moment.minute, second: moment.second, nanosecond: moment.nanosecond,
                           zone: .offset(seconds: moment.utcOffsetSeconds ?? 0)))
    }

    private static func add(_ duration: ISO8601Duration, to start: FEELDateTime) -> FEELDateTime? {
        var result = start
        let months = duration.years * 12 + duration.months
        if months != 0 {
            guard let moved = result.adding(.yearsMonthsDuration(YearsMonthsDuration(months: months))) else { return nil }
            result = moved
        }
        let seconds = Int64(duration.weeks * 7 + duration.days) * 86_400 + Int64(duration.hours) * 3600 + Int64(duration.minutes) * 60 + Int64(duration.seconds)
        return result.adding(.daysTimeDuration(DaysTimeDuration(seconds: seconds, nanoseconds: Int32(duration.nanoseconds))))
    }
}
