public import BatonEngine
import GRDB

/// The schedules of timer start events (``TimerStartStore``), table `timer_start`.
extension SQLiteStore: TimerStartStore {
    public func replaceTimerStarts(of processID: String, with schedules: [TimerStartSchedule]) throws(StoreError) {
        try writeDatabase { db in
            try db.execute(sql: "DELETE FROM timer_start WHERE processID = ?", arguments: [processID])
            for schedule in schedules where schedule.processID == processID {
                try db.execute(
                    sql: "INSERT INTO timer_start (processID, startEvent, version, dueAt, anchor) VALUES (?, ?, ?, ?, ?)",
                    arguments: [processID, schedule.startEvent, schedule.version, schedule.dueAt.millisecondsSinceEpoch, schedule.anchor.millisecondsSinceEpoch])
            }
        }
    }

    public func dueTimerStarts(at now: EngineInstant, limit: Int) throws(StoreError) -> [TimerStartSchedule] {
        try readDatabase { db in
            try Row.fetchAll(
                db, sql: "SELECT processID, startEvent, version, dueAt, anchor FROM timer_start WHERE dueAt <= ? ORDER BY dueAt, processID, startEvent LIMIT ?",
                arguments: [now.millisecondsSinceEpoch, limit]
            ).map { row in
                TimerStartSchedule(
                    processID: row[0], version: row[2], startEvent: row[1], dueAt: EngineInstant(millisecondsSinceEpoch: row[3]),
                    anchor: EngineInstant(millisecondsSinceEpoch: row[4]))
            }
        }
    }

    public func advanceTimerStart(_ schedule: TimerStartSchedule, to next: TimerStartSchedule?) throws(StoreError) -> Bool {
        try writeDatabase { db in
            let current = [schedule.processID, schedule.startEvent, schedule.version, schedule.dueAt.millisecondsSinceEpoch] as [any DatabaseValueConvertible]
            if let next {
                try db.execute(
                    sql: "UPDATE timer_start SET dueAt = ? WHERE processID = ? AND startEvent = ? AND version = ? AND dueAt = ?",
                    arguments: StatementArguments([next.dueAt.millisecondsSinceEpoch] + current))
            } else {
                try db.execute(
                    sql: "DELETE FROM timer_start WHERE processID = ? AND startEvent = ? AND version = ? AND dueAt = ?", arguments: StatementArguments(current))
            }
            return db.changesCount == 1
        }
    }
}

/// The group-commit store passes timer-start calls to its SQLite store.
extension GroupCommitStore: TimerStartStore {
    public func replaceTimerStarts(of processID: String, with schedules: [TimerStartSchedule]) throws(StoreError) {
        try store.replaceTimerStarts(of: processID, with: schedules)
    }
    public func dueTimerStarts(at now: EngineInstant, limit: Int) throws(StoreError) -> [TimerStartSchedule] {
        try store.dueTimerStarts(at: now, limit: limit)
    }
    public func advanceTimerStart(_ schedule: TimerStartSchedule, to next: TimerStartSchedule?) throws(StoreError) -> Bool {
        try store.advanceTimerStart(schedule, to: next)
    }
}
