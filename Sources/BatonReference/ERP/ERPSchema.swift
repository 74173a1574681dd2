import GRDB

/// The ERP's tables, as ordered migrations that are never edited once shipped. Money is
/// integer cents; quantities are whole units.
enum ERPSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE debtor (
                        debtor_no TEXT PRIMARY KEY, crm_ref TEXT UNIQUE, name TEXT NOT NULL, tax_no TEXT NOT NULL,
                        email TEXT, phone TEXT, street TEXT NOT NULL, zip TEXT NOT NULL, city TEXT NOT NULL,
                        country_code TEXT NOT NULL, customer_class TEXT NOT NULL, credit_limit_cents INTEGER NOT NULL,
                        prior_open_items_cents INTEGER NOT NULL DEFAULT 0, currency TEXT NOT NULL, changed_at TEXT NOT NULL);
                    CREATE TABLE article (
                        article_no TEXT PRIMARY KEY, description TEXT NOT NULL, uom TEXT NOT NULL, list_price_cents INTEGER NOT NULL,
                        currency TEXT NOT NULL, procurement TEXT NOT NULL, lead_time_days INTEGER NOT NULL,
                        on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE bom_line (
                        parent TEXT NOT NULL REFERENCES article, component TEXT NOT NULL REFERENCES article,
                        qty_per INTEGER NOT NULL, PRIMARY KEY (parent, component));
                    CREATE TABLE sales_order (
                        order_no TEXT PRIMARY KEY, order_type TEXT NOT NULL, debtor_no TEXT NOT NULL REFERENCES debtor,
                        customer_reference TEXT, status TEXT NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE sales_order_line (
                        order_no TEXT NOT NULL REFERENCES sales_order, line_no INTEGER NOT NULL, article_no TEXT NOT NULL REFERENCES article,
                        qty INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL, reserved_qty INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (order_no, line_no));
                    CREATE TABLE purchase_requisition (
                        req_no TEXT PRIMARY KEY, article_no TEXT NOT NULL REFERENCES article, qty INTEGER NOT NULL,
                        reference TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE production_order (
                        prod_no TEXT PRIMARY KEY, article_no TEXT NOT NULL REFERENCES article, qty INTEGER NOT NULL,
                        planned_date TEXT NOT NULL, work_center TEXT NOT NULL, order_ref TEXT, status TEXT NOT NULL,
                        produced_qty INTEGER NOT NULL DEFAULT 0, received INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE shipment (
                        shipment_no TEXT PRIMARY KEY, order_no TEXT NOT NULL REFERENCES sales_order, carrier TEXT NOT NULL,
                        tracking_no TEXT NOT NULL, status TEXT NOT NULL, dispatched_at TEXT);
                    CREATE TABLE invoice (
                        invoice_no TEXT PRIMARY KEY, order_no TEXT NOT NULL REFERENCES sales_order, debtor_no TEXT NOT NULL,
                        net_amount_cents INTEGER NOT NULL, currency TEXT NOT NULL, due_date TEXT NOT NULL, status TEXT NOT NULL,
                        corrects TEXT, correction_reason TEXT);
                    CREATE TABLE credit_note (
                        note_no TEXT PRIMARY KEY, invoice_no TEXT NOT NULL REFERENCES invoice, amount_cents INTEGER NOT NULL,
                        currency TEXT NOT NULL, reason TEXT NOT NULL);
                    CREATE TABLE number_range (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
                    CREATE TABLE idempotency_key (
                        key TEXT PRIMARY KEY, request TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL);
                    """)
        }
        return migrator
    }
}
