import Foundation

/// What `baton demo` prints, and the shell helpers it writes beside the databases
/// (`demo.sh`: the server address, each user's API token, and `act`, `crm` and `erp`
/// functions), so that the walkthrough's commands are short.
public enum DemoWalkthrough {
    /// Writes `demo.sh` into the demo's folder (readable by its owner only: it holds the
    /// tokens and the ERP secret) and returns its path. `baton` is the program to call.
    public static func writeScript(for environment: DemoEnvironment, baton: String) throws -> String {
        let settings = environment.settings
        var lines = [
            "# Baton demo helpers: source this file in bash or zsh.",
            "# act USER ARGS...   run `baton ARGS...` as USER through the server (its API token)",
            "# crm METHOD PATH [JSON], erp METHOD PATH [JSON]   call the reference CRM and ERP (erp calls are signed)",
            "export BATON_SERVER=\(quoted(settings.batonURL))",
            "export BATON_ERP_SECRET=\(quoted(settings.erpSecret))",
            "BATON_DEMO_PROGRAM=\(quoted(baton))",
            "BATON_DEMO_CRM_TOKEN=\(quoted(settings.crmToken))",
        ]
        for user in environment.users { lines.append("BATON_DEMO_TOKEN_\(user.name)=\(quoted(user.token))") }
        lines += [
            #"baton() { "$BATON_DEMO_PROGRAM" "$@"; }"#,
            #"act() { local who=$1; shift; local var="BATON_DEMO_TOKEN_$who"; eval "local token=\${$var:-}"; if [ -z "$token" ]; then echo "act: no demo user '$who'" >&2; return 2; fi; BATON_TOKEN=$token "$BATON_DEMO_PROGRAM" "$@"; }"#,
            "crm() { curl -s -X \"$1\" \"\(settings.crmURL)$2\" -H \"Authorization: Bearer $BATON_DEMO_CRM_TOKEN\" -H 'Content-Type: application/json' ${3:+--data-raw \"$3\"}; echo; }",
            #"erp() { local t sig; t=$(date +%s); sig=$(printf '%s.%s' "$t" "${3:-}" | openssl dgst -sha256 -hmac "$BATON_ERP_SECRET" -hex | sed 's/^.* //'); "#
                + "curl -s -X \"$1\" \"\(settings.erpURL)$2\" -H \"Baton-Signature: t=$t,v1=$sig\" -H 'Content-Type: application/json' ${3:+--data-raw \"$3\"}; echo; }",
        ]
        let path = URL(fileURLWithPath: settings.folder).appendingPathComponent("demo.sh").path
        guard FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw DemoError("cannot write \(path)") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// The banner, the users and the walkthrough.
    public static func text(for environment: DemoEnvironment, script: String) -> String {
        let settings = environment.settings
        let userLines = environment.users.map { user in
            "  \(pad(user.name, 12)) \(pad(user.roles.joined(separator: ", "), 20)) \(pad(user.password, 13)) \(user.job)"
        }
        return """
            Baton demo is running; Ctrl-C stops everything.

              Baton  \(settings.batonURL)          API reference: \(settings.batonURL)/openapi.yaml
              ERP    \(settings.erpURL)/erp/v1   calls signed with BATON_ERP_SECRET (see demo.sh)
              CRM    \(settings.crmURL)/crm/v1   Authorization: Bearer \(settings.crmToken)
              files  \(settings.folder)  (baton.sqlite, erp.sqlite, crm.sqlite, demo.sh)
              models \(environment.processes.joined(separator: ", "))

            Users (name, roles, password, job; their API tokens are in demo.sh):
            \(userLines.joined(separator: "\n"))

            Walkthrough, in another terminal (needs curl and openssl):

              source \(script)      # BATON_SERVER, act USER ..., crm ..., erp ...

            1. Opportunity to invoice. Sam wins opportunity OPP-2001 (4 pumps, 2 in stock) in the CRM;
               the CRM tells Baton, and opportunity-to-order starts: customer synced to the ERP,
               credit checked, sales order booked, stock reserved, the 2 missing pumps to production.
                 crm POST /crm/v1/opportunities/OPP-2001/win
                 act ada instances
            2. The production planner schedules the batch (ID: the task id `tasks` prints):
                 act pia tasks
                 act pia claim ID && act pia complete ID --vars '{"plannedDate": "2026-12-14", "line": "line-1"}'
            3. The shop floor completes the production order in the ERP, which tells Baton;
               quality inspects the batch:
                 erp GET /erp/v1/production-orders
                 erp POST /erp/v1/production-orders/PO-20001/complete '{"produced_qty": 2}'
                 act quinn tasks
                 act quinn claim ID && act quinn complete ID --var passed=true
            4. The warehouse ships; Baton invoices in the ERP, closes the opportunity in the CRM and logs it:
                 erp GET /erp/v1/sales-orders
                 erp POST /erp/v1/sales-orders/SO-50001/ship '{"carrier": "DHL"}'
                 erp GET /erp/v1/invoices
                 crm GET /crm/v1/opportunities/OPP-2001
            5. Master data and a credit decision. OPP-2003's customer has another tax id in the ERP than
               in the CRM: the master-data steward decides which is right. The order then takes the
               customer over its credit limit (by less than a quarter), so a sales manager decides;
               left for a day, it goes to the sales directors as well (OPP-2007 is another such order).
                 crm POST /crm/v1/opportunities/OPP-2003/win
                 act max tasks
                 act max claim ID && act max complete ID --vars '{"keep": "crm"}'
                 act maria tasks
                 act maria claim ID && act maria complete ID --vars '{"approved": true, "approvalComment": "long-standing customer"}'
            6. Complaint to closure. A customer reports leaking seals through the portal; support triages,
               quality finds a defect and proposes a refund, finance prepares it, and as it is over 500
               two different people in finance must agree (four eyes: fay reviews, finn approves):
                 crm POST /crm/v1/portal/complaints '{"customerId": "CRM-1003", "subject": "Leaking seals", "description": "Kettle pump 2 leaks", "salesOrderId": "SO-40017", "sku": "FG-KIT-SVC"}'
                 act sue tasks
                 act sue claim ID && act sue complete ID --vars '{"category": "product-defect", "severity": "medium"}'
                 act quinn claim ID && act quinn complete ID --vars '{"remedy": "refund", "findings": "seal batch defect"}'
                 act fay claim ID && act fay complete ID --vars '{"invoiceId": "INV-60017", "refundAmount": 1139.40}'
                 act fay claim ID && act fay complete ID --var approved=true     # the review
                 act fay tasks                                                   # her own approval is not offered to her
                 act finn claim ID && act finn complete ID --var approved=true   # the approval
                 erp GET /erp/v1/credit-notes
               The customer is notified; the case closes itself after 7 days unless they object
               (crm POST /crm/v1/cases/CASE-3003/object '{"objection": "still leaking"}' sends it back to triage).
            7. Look around: act ada incidents, act ada history ID, curl \(settings.batonURL)/metrics,
               crm GET /crm/v1/interactions?customerId=CRM-1001. Docs/models/ explains every model.

            """
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `text` in single quotes for the shell.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}
