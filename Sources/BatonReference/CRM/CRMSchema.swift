import GRDB

/// The CRM's tables (accounts, contacts, opportunities, activities, service cases), in
/// its own vocabulary. `account.change_seq` numbers the changes the scheduled sync picks
/// up; `sync_cursor` keeps each consumer's acknowledged position.
enum CRMSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        account_id TEXT PRIMARY KEY, erp_number TEXT, legal_name TEXT NOT NULL, vat_id TEXT NOT NULL, email TEXT NOT NULL,
                        phone TEXT NOT NULL, street TEXT NOT NULL, postal_code TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL,
                        tier TEXT NOT NULL, modified_at TEXT NOT NULL, change_seq INTEGER NOT NULL);
                    CREATE TABLE contact (
                        contact_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES account, full_name TEXT NOT NULL,
                        email TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL);
                    CREATE TABLE opportunity (
                        opp_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES account, title TEXT NOT NULL, stage TEXT NOT NULL,
                        currency TEXT NOT NULL, owner TEXT NOT NULL, expected_close TEXT NOT NULL, sales_order_id TEXT, invoice_id TEXT);
                    CREATE TABLE opportunity_line (
                        opp_id TEXT NOT NULL REFERENCES opportunity, line_no INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
                        unit_price_cents INTEGER NOT NULL, PRIMARY KEY (opp_id, line_no));
                    CREATE TABLE activity (
                        activity_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES account, at TEXT NOT NULL, channel TEXT NOT NULL,
                        kind TEXT NOT NULL, summary TEXT NOT NULL, reference TEXT, idempotency_key TEXT UNIQUE);
                    CREATE TABLE service_case (
                        case_id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES account, subject TEXT NOT NULL, description TEXT NOT NULL,
                        channel TEXT NOT NULL, category TEXT, severity TEXT, status TEXT NOT NULL, resolution TEXT, sales_order_id TEXT,
                        sku TEXT, opened_at TEXT NOT NULL, idempotency_key TEXT UNIQUE);
                    CREATE TABLE sync_cursor (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);
                    CREATE TABLE number_range (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
                    """)
        }
        return migrator
    }

    /// The next change number of an account.
    static func nextChange(in db: Database) throws -> Int {
        try (Int.fetchOne(db, sql: "SELECT MAX(change_seq) FROM account") ?? 0) + 1
    }
}
