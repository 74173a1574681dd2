import GRDB

/// The ERP's demo data: eight debtors (seven linked to CRM customers, one of them with a
/// different tax number than the CRM holds, plus a walk-in account; CRM-1008 is missing on
/// purpose), fourteen articles of a pump maker with two-level BOMs and a few stock
/// shortages, and one shipped, invoiced order from earlier for complaints to refer to.
enum ERPSeed {
    /// Debtor number, CRM id, name, tax number, e-mail, phone, street, zip, city, country,
    /// class, credit limit, open items from before.
    static let debtors: [(String, String?, String, String, String, String, String, String, String, String, String, String, String)] = [
        ("D-10001", "CRM-1001", "Nordwind Maschinenbau GmbH", "DE811234567", "einkauf@nordwind-mb.de", "+49 40 3344 1200", "Hafenstraße 12", "20457", "Hamburg", "DE", "KEY", "50000.00", "12400.00"),
        ("D-10002", "CRM-1002", "Aquaterra Water Services Ltd", "GB123456789", "procurement@aquaterra.co.uk", "+44 161 496 0011", "12 Canal Street", "M1 3HE", "Manchester", "GB", "KEY", "80000.00", "31250.00"),
        ("D-10003", "CRM-1003", "Brasserie du Lac SARL", "FR40123456789", "achats@brasseriedulac.fr", "+33 4 50 12 34 56", "8 Quai de la Tournette", "74000", "Annecy", "FR", "STD", "5000.00", "0.00"),
        ("D-10004", "CRM-1004", "Polderpomp B.V.", "NL853746210B01", "inkoop@polderpomp.nl", "+31 20 555 0142", "Dijkweg 44", "1013 AB", "Amsterdam", "NL", "STD", "20000.00", "4300.00"),
        ("D-10005", "CRM-1005", "Alpenhof Hotels AG", "ATU12345678", "technik@alpenhof.at", "+43 512 58 90 10", "Maria-Theresien-Straße 3", "6020", "Innsbruck", "AT", "STD", "10000.00", "0.00"),
        ("D-10006", "CRM-1006", "Iberflow Industrial S.L.", "ESB87654321", "compras@iberflow.es", "+34 96 123 45 67", "Avenida del Puerto 210", "46023", "Valencia", "ES", "KEY", "15000.00", "4800.00"),
        ("D-10007", "CRM-1007", "Vistula Agro Sp. z o.o.", "PL5261040828", "zakupy@vistula-agro.pl", "+48 22 555 01 77", "ul. Rolnicza 5", "02-001", "Warszawa", "PL", "STD", "8000.00", "1200.00"),
        ("D-10008", nil, "Cash sales (walk-in)", "n/a", "", "", "Werkstraße 1", "70173", "Stuttgart", "DE", "STD", "0.00", "0.00"),
    ]

    /// Article number, description, list price, procurement, lead time (days), on hand.
    static let articles: [(String, String, String, String, Int, Int)] = [
        ("FG-PUMP-100", "Centrifugal pump CP-100, cast iron, 5.5 kW", "1850.00", "MAKE", 10, 2),
        ("FG-PUMP-200", "Centrifugal pump CP-200, stainless, 5.5 kW", "3200.00", "MAKE", 15, 0),
        ("FG-CTRL-10", "Pump controller PC-10", "640.00", "MAKE", 5, 12),
        ("FG-KIT-SVC", "Service kit (seals and bearings)", "189.90", "MAKE", 2, 25),
        ("SA-MOTOR-55", "Motor assembly 5.5 kW", "720.00", "MAKE", 4, 1),
        ("SA-HOUSING-SS", "Stainless pump housing, machined", "610.00", "MAKE", 6, 0),
        ("PC-HOUSING-CI", "Cast iron pump housing", "240.00", "BUY", 14, 8),
        ("PC-IMPELLER-100", "Impeller 100 mm, bronze", "95.00", "BUY", 10, 10),
        ("PC-IMPELLER-200", "Impeller 200 mm, stainless", "180.00", "BUY", 21, 0),
        ("PC-SEAL-KIT", "Mechanical seal kit", "38.50", "BUY", 7, 40),
        ("PC-BEARING-6205", "Deep groove ball bearing 6205", "6.80", "BUY", 5, 30),
        ("PC-MOTOR-55", "IE3 motor 5.5 kW", "410.00", "BUY", 14, 3),
        ("PC-PCB-10", "Controller board PC-10", "120.00", "BUY", 28, 3),
        ("PC-CASTING-SS", "Stainless steel casting, raw", "290.00", "BUY", 30, 0),
    ]

    /// Parent, component, quantity per parent.
    static let bom: [(String, String, Int)] = [
        ("FG-PUMP-100", "SA-MOTOR-55", 1), ("FG-PUMP-100", "PC-HOUSING-CI", 1), ("FG-PUMP-100", "PC-IMPELLER-100", 1), ("FG-PUMP-100", "PC-SEAL-KIT", 1),
        ("FG-PUMP-200", "SA-MOTOR-55", 1), ("FG-PUMP-200", "SA-HOUSING-SS", 1), ("FG-PUMP-200", "PC-IMPELLER-200", 1), ("FG-PUMP-200", "PC-SEAL-KIT", 1),
        ("SA-MOTOR-55", "PC-MOTOR-55", 1), ("SA-MOTOR-55", "PC-BEARING-6205", 2),
        ("SA-HOUSING-SS", "PC-CASTING-SS", 1),
        ("FG-CTRL-10", "PC-PCB-10", 1),
        ("FG-KIT-SVC", "PC-SEAL-KIT", 1), ("FG-KIT-SVC", "PC-BEARING-6205", 2),
    ]

    static func seed(_ db: Database, at now: String) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM debtor") == 0 else { return }
        for d in debtors {
            try db.execute(
                sql: """
                    INSERT INTO debtor (debtor_no, crm_ref, name, tax_no, email, phone, street, zip, city, country_code, customer_class,
                        credit_limit_cents, prior_open_items_cents, currency, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?)
                    """,
                arguments: [d.0, d.1, d.2, d.3, d.4, d.5, d.6, d.7, d.8, d.9, d.10, Money(d.11)?.cents, Money(d.12)?.cents, now])
        }
        for a in articles {
            try db.execute(
                sql: """
                    INSERT INTO article (article_no, description, uom, list_price_cents, currency, procurement, lead_time_days, on_hand)
                    VALUES (?, ?, 'PCS', ?, 'EUR', ?, ?, ?)
                    """, arguments: [a.0, a.1, Money(a.2)?.cents, a.3, a.4, a.5])
        }
        for line in bom {
            try db.execute(sql: "INSERT INTO bom_line (parent, component, qty_per) VALUES (?, ?, ?)", arguments: [line.0, line.1, line.2])
        }
        // An order from earlier, shipped and invoiced: what a complaint about service kits refers to.
        try db.execute(
            sql: """
                INSERT INTO sales_order (order_no, order_type, debtor_no, customer_reference, status, currency, created_at)
                    VALUES ('SO-40017', 'STANDARD', 'D-10003', 'OPP-1990', 'INVOICED', 'EUR', '2026-10-02T09:12:00Z');
                INSERT INTO sales_order_line (order_no, line_no, article_no, qty, unit_price_cents, reserved_qty)
                    VALUES ('SO-40017', 10, 'FG-KIT-SVC', 6, 18990, 0);
                INSERT INTO shipment (shipment_no, order_no, carrier, tracking_no, status, dispatched_at)
                    VALUES ('SH-40017', 'SO-40017', 'DHL', 'JD014600003921', 'DELIVERED', '2026-10-05T14:30:00Z');
                INSERT INTO invoice (invoice_no, order_no, debtor_no, net_amount_cents, currency, due_date, status)
                    VALUES ('INV-60017', 'SO-40017', 'D-10003', 113940, 'EUR', '2026-11-04', 'OPEN');
                """)
    }
}
