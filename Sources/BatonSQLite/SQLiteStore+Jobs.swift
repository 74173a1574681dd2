public import BatonEngine
import GRDB

/// Job locks beyond acquiring them (`acquireJobs` is in `SQLiteStore.swift`): reading,
/// extending and releasing one job's lock, for external-task workers.
extension SQLiteStore {
    public func jobLock(instance: ProcessInstanceID, job: JobKey) throws(StoreError) -> JobLock? {
        let row = try readDatabase { db in
            try Row.fetchOne(
                db, sql: "SELECT type, lockOwner, lockExpiry FROM job WHERE instanceID = ? AND key = ?", arguments: [instance.rawValue, job.rawValue])
        }
        guard let row else { return nil }
        return JobLock(type: row["type"], owner: row["lockOwner"], expiry: (row["lockExpiry"] as Int64?).map { EngineInstant(millisecondsSinceEpoch: $0) })
    }

    public func extendJobLock(instance: ProcessInstanceID, job: JobKey, owner: String, now: EngineInstant, until: EngineInstant) throws(StoreError) -> Bool {
        try writeDatabase { db in
            try db.execute(
                sql: "UPDATE job SET lockExpiry = ? WHERE instanceID = ? AND key = ? AND lockOwner = ? AND lockExpiry > ?",
                arguments: [until.millisecondsSinceEpoch, instance.rawValue, job.rawValue, owner, now.millisecondsSinceEpoch])
            return db.changesCount == 1
        }
    }

    public func releaseJobLock(instance: ProcessInstanceID, job: JobKey, owner: String?) throws(StoreError) -> Bool {
        try writeDatabase { db in
            try db.execute(
                sql: "UPDATE job SET lockOwner = NULL, lockExpiry = NULL WHERE instanceID = ? AND key = ? AND (? IS NULL OR lockOwner = ?)",
                arguments: [instance.rawValue, job.rawValue, owner, owner])
            return db.changesCount == 1
        }
    }
}
