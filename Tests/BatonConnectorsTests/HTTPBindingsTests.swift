import BatonConnectors
import BatonFEEL
import BatonModel
import Testing

@Suite struct HTTPBindingsTests {
    func load(_ body: String) throws -> (ConnectorBindings, [String]) {
        let text = #"<?xml version="1.0"?>"# + "\n" + #"<connectors xmlns="urn:baton:connectors:1">"# + "\n" + body + "\n</connectors>"
        let (bindings, diagnostics) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        return (bindings, diagnostics.map(\.description))
    }

    @Test func readsAFullHTTPBindingWithAnOperationOverride() throws {
        let (bindings, problems) = try load("""
            <connector name="erp">
              <http method="post" url="https://erp.example/api/orders/{orderId}?key={secrets.apiKey}">
                <secret name="erpToken" env="ERP_TOKEN"/>
                <secret name="apiKey" file="/run/secrets/erp-key"/>
                <secret name="hmacKey" env="ERP_HMAC"/>
                <header name="Authorization" value="Bearer {secrets.erpToken}"/>
                <header name="X-Tenant" value="{tenant}"/>
                <body>{ customer: customerId, amount: total }</body>
                <response>{ orderNumber: body.id }</response>
                <businessError statuses="409 422" code="ORDER_REJECTED"/>
                <businessError statuses="451" code="=body.reason" message="=body.text"/>
                <retry statuses="429, 502-504"/>
                <sign secret="hmacKey"/>
              </http>
              <operation name="salesOrder.cancel" timeout="PT5S">
                <http method="DELETE" url="https://erp.example/api/orders/{orderId}"><body/><header name="X-Tenant" value="all"/></http>
              </operation>
            </connector>
            """)
        #expect(problems == [])
        guard case .http(let http)? = bindings.connectors["erp"]?.transport else {
            Issue.record("expected an http binding")
            return
        }
        #expect(http.method == "POST")
        #expect(http.url == "https://erp.example/api/orders/{orderId}?key={secrets.apiKey}")
        #expect(http.secrets == [
            HTTPSecret(name: "erpToken", source: .environment("ERP_TOKEN")), HTTPSecret(name: "apiKey", source: .file("/run/secrets/erp-key")),
            HTTPSecret(name: "hmacKey", source: .environment("ERP_HMAC")),
        ])
        #expect(http.headers.map(\.name) == ["Authorization", "X-Tenant"])
        #expect(http.body == .expression(try FEELExpression("{ customer: customerId, amount: total }")))
        #expect(http.response == (try FEELExpression("{ orderNumber: body.id }")))
        #expect(http.businessErrors.map(\.statuses.description) == ["409 422", "451"])
        #expect(http.businessErrors.first?.code == .literal("ORDER_REJECTED"))
        #expect(http.retryStatuses.description == "429 502-504")
        #expect(http.signingSecret == "hmacKey")
        let cancel = http.resolved(for: "salesOrder.cancel")
        #expect(cancel.method == "DELETE" && cancel.body == .none && cancel.url == "https://erp.example/api/orders/{orderId}")
        #expect(cancel.headers == [HTTPHeaderTemplate(name: "Authorization", value: "Bearer {secrets.erpToken}"), HTTPHeaderTemplate(name: "X-Tenant", value: "all")])
        #expect(cancel.response == http.response)
        #expect(http.resolved(for: "salesOrder.create") == http)
        #expect(bindings.connectors["erp"]?.settings(for: "salesOrder.cancel").timeoutMilliseconds == 5_000)
        // Defaults: POST, every variable as the body, 408 429 500-599 retried
        let (plain, _) = try load(#"<connector name="shop"><http url="https://shop.example/orders"/></connector>"#)
        #expect(plain.connectors["shop"]?.transport == .http(HTTPBinding(method: "POST", url: "https://shop.example/orders", body: .variables, retryStatuses: .defaultRetry)))
    }

    @Test func httpMistakesAreReportedWithTheirPositions() throws {
        let (_, problems) = try load("""
            <connector name="erp">
              <http method="FETCH" url="ftp://erp.example/orders">
                <secret name="token"/>
                <header name="Authorization" value="Bearer {secrets.erpToken}"/>
                <header name="Idempotency-Key" value="x"/>
                <body>{ customer: customerId, amount: }</body>
                <response>
                  { id: body.id
                </response>
                <businessError statuses="409 abc" code="X"/>
                <businessError statuses="422"/>
                <retry statuses="500-450"/>
                <sign secret="hmacKey"/>
                <timeout/>
              </http>
              <operation name="x"><http url="https://erp.example/{open"><secret name="y" env="Y"/></http></operation>
            </connector>
            <connector name="cmd"><command program="/bin/true"/><operation name="a"><http method="GET"/></operation></connector>
            <connector name="bare"><http/></connector>
            """)
        #expect(problems == [
            "connectors.xml:4:9: error: method=\"FETCH\" of <http> of connector 'erp' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
            "connectors.xml:4:24: error: url=\"ftp://erp.example/orders\" of <http> of connector 'erp' is not an http:// or https:// URL",
            "connectors.xml:5:5: error: secret 'token' of connector 'erp' needs exactly one of env=\"VARIABLE\" or file=\"/path\"; secret values never go in the bindings file",
            "connectors.xml:6:34: error: header 'Authorization' of <http> of connector 'erp' uses secret 'erpToken', which connector 'erp' does not declare; add <secret name=\"erpToken\" env=\"VARIABLE\"/> to its <http>",
            "connectors.xml:7:13: error: header 'Idempotency-Key' of <http> of connector 'erp' is set by Baton and cannot be configured",
            // The column of the FEEL mistake itself, inside <body>
            "connectors.xml:8:43: error: <body> of <http> of connector 'erp' is not valid FEEL: unexpected '}'",
            "connectors.xml:11:5: error: <response> of <http> of connector 'erp' is not valid FEEL: the expression ends too early, expected '}' to close the context",
            "connectors.xml:12:20: error: 'abc' in statuses of <businessError> of <http> of connector 'erp' is not an HTTP status (100-599) or a range of them (500-599)",
            "connectors.xml:13:5: error: <businessError> of <http> of connector 'erp' needs a code (the BPMN error code, or =FEEL over status, headers and body)",
            "connectors.xml:14:12: error: '500-450' in statuses of <retry> of <http> of connector 'erp' is not an HTTP status (100-599) or a range of them (500-599)",
            "connectors.xml:15:11: error: <sign> uses secret 'hmacKey', which connector 'erp' does not declare; add <secret name=\"hmacKey\" env=\"VARIABLE\"/> to its <http>",
            "connectors.xml:16:5: error: unknown element <timeout> in <http> of connector 'erp'; it may have <secret>, <header>, <body>, <response>, <businessError>, <retry>, <sign>",
            "connectors.xml:18:29: error: url of <http> of operation 'x' of connector 'erp' has a '{' without its '}'",
            "connectors.xml:18:61: error: unknown element <secret> in <http> of operation 'x' of connector 'erp' (declare <secret> on the connector's <http>); it may have <header>, <body>, <response>, <businessError>, <retry>",
            "connectors.xml:20:73: error: operation 'a' of connector 'cmd' has an <http> request, but the connector uses the command transport",
            "connectors.xml:21:24: error: <http> of connector 'bare' needs a url",
        ])
    }
}
