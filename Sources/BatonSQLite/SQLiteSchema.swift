import GRDB

/// The embedded store's schema: ordered migrations, never edited once shipped (add a new
/// one instead). History keeps one row per command: the command's events, in order, as
/// a JSON array. A database that has migrations this Baton does not know was written by
/// a newer Baton and is refused.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: deployments, instances, subscriptions, history") { db in
            try db.execute(sql: """
                CREATE TABLE deployment (
                    id INTEGER PRIMARY KEY,
                    fileName TEXT NOT NULL,
                    xml TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    processes TEXT NOT NULL,
                    deployedAt INTEGER NOT NULL
                );
                CREATE TABLE instance (
                    id TEXT PRIMARY KEY,
                    processID TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    businessKey TEXT,
                    status TEXT NOT NULL,
                    incidents INTEGER NOT NULL DEFAULT 0,
                    revision INTEGER NOT NULL,
                    state BLOB NOT NULL,
                    startedAt INTEGER NOT NULL,
                    endedAt INTEGER
                );
                CREATE INDEX instance_status ON instance (status, startedAt);
                CREATE INDEX instance_businessKey ON instance (businessKey);
                CREATE TABLE subscription (
                    instanceID TEXT NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
                    key INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT,
                    correlationKey TEXT,
                    dueAt INTEGER,
                    PRIMARY KEY (instanceID, key)
                );
                CREATE INDEX subscription_due ON subscription (kind, dueAt);
                CREATE INDEX subscription_name ON subscription (kind, name, correlationKey);
                CREATE TABLE history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    instanceID TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    events BLOB NOT NULL
                );
                CREATE INDEX history_instance ON history (instanceID, seq);
                """)
        }
        migrator.registerMigration("v2: jobs with locks") { db in
            try db.execute(sql: """
                CREATE TABLE job (
                    instanceID TEXT NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
                    key INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    element TEXT NOT NULL,
                    retries INTEGER NOT NULL,
                    dueAt INTEGER NOT NULL,
                    lockOwner TEXT,
                    lockExpiry INTEGER,
                    PRIMARY KEY (instanceID, key)
                );
                CREATE INDEX job_due ON job (type, dueAt);
                """)
        }
        migrator.registerMigration("v3: users, roles, tokens") { db in
            try db.execute(sql: """
                CREATE TABLE user (
                    name TEXT PRIMARY KEY,
                    displayName TEXT,
                    passwordHash TEXT,
                    createdAt INTEGER NOT NULL
                );
                CREATE TABLE user_role (
                    user TEXT NOT NULL REFERENCES user (name) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    PRIMARY KEY (user, role)
                );
                CREATE INDEX user_role_role ON user_role (role);
                CREATE TABLE token (
                    sha256 TEXT PRIMARY KEY,
                    user TEXT NOT NULL REFERENCES user (name) ON DELETE CASCADE,
                    label TEXT,
                    createdAt INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4: the inbox") { db in
            try db.execute(sql: """
                CREATE TABLE task (
                    instanceID TEXT NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
                    key INTEGER NOT NULL,
                    element TEXT NOT NULL,
                    name TEXT,
                    processID TEXT NOT NULL,
                    assignee TEXT,
                    dueAt INTEGER,
                    priority INTEGER,
                    createdAt INTEGER NOT NULL,
                    PRIMARY KEY (instanceID, key)
                );
                CREATE INDEX task_assignee ON task (assignee, dueAt, createdAt);
                CREATE INDEX task_due ON task (dueAt, createdAt);
                CREATE TABLE task_candidate (
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    instanceID TEXT NOT NULL,
                    key INTEGER NOT NULL,
                    assigned INTEGER NOT NULL,
                    dueAt INTEGER,
                    createdAt INTEGER NOT NULL,
                    PRIMARY KEY (kind, name, instanceID, key)
                );
                CREATE INDEX task_candidate_open ON task_candidate (kind, name, assigned, dueAt, createdAt);
                CREATE INDEX task_candidate_instance ON task_candidate (instanceID, key);
                """)
        }
        migrator.registerMigration("v5: process variables beside the state") { db in
            try db.execute(sql: "ALTER TABLE instance ADD COLUMN variables BLOB")
        }
        migrator.registerMigration("v6: processed message ids, buffered messages") { db in
            try db.execute(sql: """
                CREATE TABLE message_id (
                    id TEXT PRIMARY KEY,
                    receivedAt INTEGER NOT NULL,
                    keepUntil INTEGER NOT NULL
                );
                CREATE INDEX message_id_keep ON message_id (keepUntil);
                CREATE TABLE message_buffer (
                    key INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    correlationKey TEXT,
                    businessKey TEXT,
                    variables TEXT NOT NULL,
                    expiresAt INTEGER NOT NULL
                );
                CREATE INDEX message_buffer_name ON message_buffer (name, key);
                CREATE INDEX message_buffer_expiry ON message_buffer (expiresAt);
                """)
        }
        // The inbox reads each source as one index range in the page's full order (due
        // date, creation, then the task's own id), so a page stops after its rows even when
        // thousands of tasks share a due date and a creation millisecond, and the pages of
        // tied tasks never overlap or skip.
        migrator.registerMigration("v7: inbox indexes in the inbox's full order") { db in
            try db.execute(sql: """
                DROP INDEX task_assignee;
                DROP INDEX task_due;
                DROP INDEX task_candidate_open;
                CREATE INDEX task_assignee ON task (assignee, dueAt, createdAt, instanceID, key);
                CREATE INDEX task_due ON task (dueAt, createdAt, instanceID, key);
                CREATE INDEX task_candidate_open ON task_candidate (kind, name, assigned, dueAt, createdAt, instanceID, key);
                """)
        }
        // Timer start events: each one's next firing, per process (the latest version's).
        migrator.registerMigration("v8: timer start schedules") { db in
            try db.execute(sql: """
                CREATE TABLE timer_start (
                    processID TEXT NOT NULL,
                    startEvent TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    dueAt INTEGER NOT NULL,
                    anchor INTEGER NOT NULL,
                    PRIMARY KEY (processID, startEvent)
                );
                CREATE INDEX timer_start_due ON timer_start (dueAt);
                """)
        }
        return migrator
    }
}
