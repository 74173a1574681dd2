import GRDB

/// The CRM's demo data: ten accounts (seven linked to ERP debtors; CRM-1008 won its first
/// deal but is not in the ERP yet; CRM-1006's VAT id differs from the ERP's; two
/// prospects), contacts, six open opportunities on ERP articles, history, and two open
/// service cases.
enum CRMSeed {
    /// Id, ERP number, name, VAT id, e-mail, phone, street, postal code, city, country, tier.
    static let accounts: [(String, String?, String, String, String, String, String, String, String, String, String)] = [
        ("CRM-1001", "D-10001", "Nordwind Maschinenbau GmbH", "DE811234567", "einkauf@nordwind-mb.de", "+49 40 3344 1200", "Hafenstraße 12", "20457", "Hamburg", "DE", "enterprise"),
        ("CRM-1002", "D-10002", "Aquaterra Water Services Ltd", "GB123456789", "procurement@aquaterra.co.uk", "+44 161 496 0011", "12 Canal Street", "M1 3HE", "Manchester", "GB", "enterprise"),
        ("CRM-1003", "D-10003", "Brasserie du Lac SARL", "FR40123456789", "achats@brasseriedulac.fr", "+33 4 50 12 34 56", "8 Quai de la Tournette", "74000", "Annecy", "FR", "smb"),
        ("CRM-1004", "D-10004", "Polderpomp B.V.", "NL853746210B01", "inkoop@polderpomp.nl", "+31 20 555 0142", "Dijkweg 44", "1013 AB", "Amsterdam", "NL", "smb"),
        ("CRM-1005", "D-10005", "Alpenhof Hotels AG", "ATU12345678", "technik@alpenhof.at", "+43 512 58 90 10", "Maria-Theresien-Straße 3", "6020", "Innsbruck", "AT", "smb"),
        ("CRM-1006", "D-10006", "Iberflow Industrial S.L.", "ESB12345674", "compras@iberflow.es", "+34 96 123 45 67", "Avenida del Puerto 210", "46023", "Valencia", "ES", "enterprise"),
        ("CRM-1007", "D-10007", "Vistula Agro Sp. z o.o.", "PL5261040828", "zakupy@vistula-agro.pl", "+48 22 555 01 77", "ul. Rolnicza 5", "02-001", "Warszawa", "PL", "smb"),
        ("CRM-1008", nil, "Kestrel Breweries Ltd", "IE6388047V", "ops@kestrelbrew.ie", "+353 1 555 0190", "Unit 4, Liffey Valley Park", "D22 X0Y3", "Dublin", "IE", "smb"),
        ("CRM-1009", nil, "Fjord Fisk AS", "NO923609016MVA", "innkjop@fjordfisk.no", "+47 55 55 01 23", "Bryggen 17", "5003", "Bergen", "NO", "smb"),
        ("CRM-1010", nil, "Helvetia Chemie AG", "CHE-123.456.789", "beschaffung@helvetia-chemie.ch", "+41 61 555 04 40", "Rheinstrasse 80", "4058", "Basel", "CH", "enterprise"),
    ]

    /// Id, account, name, e-mail, phone, role.
    static let contacts: [(String, String, String, String, String, String)] = [
        ("CT-1", "CRM-1001", "Jens Albers", "j.albers@nordwind-mb.de", "+49 40 3344 1210", "purchasing"),
        ("CT-2", "CRM-1001", "Karin Vogt", "k.vogt@nordwind-mb.de", "+49 40 3344 1250", "plant manager"),
        ("CT-3", "CRM-1002", "Oliver Grant", "o.grant@aquaterra.co.uk", "+44 161 496 0020", "procurement lead"),
        ("CT-4", "CRM-1003", "Camille Roux", "c.roux@brasseriedulac.fr", "+33 4 50 12 34 60", "brewmaster"),
        ("CT-5", "CRM-1004", "Sanne de Vries", "s.devries@polderpomp.nl", "+31 20 555 0150", "owner"),
        ("CT-6", "CRM-1005", "Lukas Hofer", "l.hofer@alpenhof.at", "+43 512 58 90 22", "facility manager"),
        ("CT-7", "CRM-1006", "Lucía Ortega", "l.ortega@iberflow.es", "+34 96 123 45 80", "purchasing"),
        ("CT-8", "CRM-1007", "Piotr Nowak", "p.nowak@vistula-agro.pl", "+48 22 555 01 80", "technical director"),
        ("CT-9", "CRM-1008", "Aoife Byrne", "a.byrne@kestrelbrew.ie", "+353 1 555 0191", "operations"),
        ("CT-10", "CRM-1009", "Ingrid Solberg", "i.solberg@fjordfisk.no", "+47 55 55 01 30", "farm manager"),
        ("CT-11", "CRM-1010", "Reto Meier", "r.meier@helvetia-chemie.ch", "+41 61 555 04 41", "engineering"),
    ]

    /// Id, account, title, stage, owner, expected close, lines (sku, quantity, unit price).
    static let opportunities: [(String, String, String, String, String, String, [(String, Int, String)])] = [
        ("OPP-2001", "CRM-1001", "CP-100 pumps for the line 3 retrofit", "open", "sam", "2026-12-15", [("FG-PUMP-100", 4, "1850.00"), ("FG-CTRL-10", 4, "640.00")]),
        ("OPP-2002", "CRM-1008", "Brewhouse transfer pumps", "open", "sam", "2026-12-20", [("FG-PUMP-200", 2, "3200.00")]),
        ("OPP-2003", "CRM-1006", "Irrigation pumps and service kits", "open", "sam", "2027-01-31", [("FG-PUMP-100", 6, "1850.00"), ("FG-KIT-SVC", 10, "189.90")]),
        ("OPP-2004", "CRM-1003", "Service kits 2027", "open", "sam", "2026-12-10", [("FG-KIT-SVC", 5, "189.90")]),
        ("OPP-2005", "CRM-1005", "Controller upgrade, spa pumps", "open", "sam", "2027-01-15", [("FG-CTRL-10", 3, "640.00")]),
        ("OPP-2006", "CRM-1009", "Fish farm circulation pump", "open", "sam", "2027-02-28", [("FG-PUMP-200", 1, "3200.00")]),
        // Over the credit limit by less than a quarter: the credit check asks a sales manager.
        ("OPP-2007", "CRM-1004", "Polder station stainless pumps", "open", "sam", "2027-01-20", [("FG-PUMP-200", 5, "3200.00")]),
        ("OPP-1990", "CRM-1003", "Service kits 2026", "closed", "sam", "2026-10-01", [("FG-KIT-SVC", 6, "189.90")]),
    ]

    /// Id, account, time, channel, kind, summary, reference.
    static let history: [(String, String, String, String, String, String, String?)] = [
        ("INT-1", "CRM-1001", "2026-10-14T09:30:00Z", "phone", "call", "Discussed the line 3 retrofit; needs 4 pumps with controllers", "OPP-2001"),
        ("INT-2", "CRM-1001", "2026-11-03T15:00:00Z", "email", "email", "Sent quote for CP-100 and PC-10", "OPP-2001"),
        ("INT-3", "CRM-1003", "2026-10-02T09:12:00Z", "erp", "order", "Order SO-40017: 6 service kits", "SO-40017"),
        ("INT-4", "CRM-1003", "2026-10-05T14:30:00Z", "erp", "invoice", "Invoice INV-60017 over 1139.40 EUR", "INV-60017"),
        ("INT-5", "CRM-1003", "2026-11-12T10:05:00Z", "phone", "call", "Brewmaster reports a leaking seal on kettle pump 2", "SO-40017"),
        ("INT-6", "CRM-1006", "2026-11-18T11:20:00Z", "email", "email", "Asked for financing options on the irrigation project", "OPP-2003"),
        ("INT-7", "CRM-1008", "2026-11-20T16:45:00Z", "manual", "note", "Trade fair lead; wants stainless pumps before the spring season", "OPP-2002"),
        ("INT-8", "CRM-1002", "2026-11-21T08:40:00Z", "email", "case", "Case CASE-3001 opened: delivery of SO-39950 incomplete", "CASE-3001"),
        ("INT-9", "CRM-1005", "2026-11-22T13:10:00Z", "phone", "call", "Spa pump controllers are end of life; upgrade proposed", "OPP-2005"),
        ("INT-10", "CRM-1004", "2026-11-24T09:00:00Z", "email", "case", "Case CASE-3002 opened: invoice address wrong", "CASE-3002"),
        ("INT-11", "CRM-1009", "2026-11-25T10:30:00Z", "manual", "note", "Site visit in Bergen planned for January", "OPP-2006"),
    ]

    static func seed(_ db: Database, at now: String) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account") == 0 else { return }
        for (index, a) in accounts.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO account (account_id, erp_number, legal_name, vat_id, email, phone, street, postal_code, city, country, tier, modified_at, change_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, a.8, a.9, a.10, now, index + 1])
        }
        for c in contacts {
            try db.execute(
                sql: "INSERT INTO contact (contact_id, account_id, full_name, email, phone, role) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [c.0, c.1, c.2, c.3, c.4, c.5])
        }
        for o in opportunities {
            try db.execute(
                sql: "INSERT INTO opportunity (opp_id, account_id, title, stage, currency, owner, expected_close) VALUES (?, ?, ?, ?, 'EUR', ?, ?)",
                arguments: [o.0, o.1, o.2, o.3, o.4, o.5])
            for (index, line) in o.6.enumerated() {
                try db.execute(
                    sql: "INSERT INTO opportunity_line (opp_id, line_no, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)",
                    arguments: [o.0, index + 1, line.0, line.1, Money(line.2)?.cents])
            }
        }
        try db.execute(sql: "UPDATE opportunity SET sales_order_id = 'SO-40017', invoice_id = 'INV-60017' WHERE opp_id = 'OPP-1990'")
        for h in history {
            try db.execute(
                sql: "INSERT INTO activity (activity_id, account_id, at, channel, kind, summary, reference) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [h.0, h.1, h.2, h.3, h.4, h.5, h.6])
        }
        try db.execute(
            sql: """
                INSERT INTO service_case (case_id, account_id, subject, description, channel, category, severity, status, sales_order_id, sku, opened_at)
                VALUES ('CASE-3001', 'CRM-1002', 'Delivery incomplete', 'Two of five controllers missing from the delivery of SO-39950.', 'email',
                        'delivery', 'medium', 'open', 'SO-39950', 'FG-CTRL-10', '2026-11-21T08:40:00Z'),
                       ('CASE-3002', 'CRM-1004', 'Invoice address wrong', 'The invoice went to our old address in Utrecht.', 'email',
                        'billing', 'low', 'open', NULL, NULL, '2026-11-24T09:00:00Z');
                INSERT INTO number_range (name, next) VALUES ('case', 3003), ('activity', 12);
                """)
    }
}
