import BatonFEEL
import BatonServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/metrics` in Prometheus text format (admins only), and a request id on every answer.
@Suite struct MetricsRouteTests {
    @Test func metricsCountTheEngineTheTasksAndTheRequests() async throws {
        let server = try ServerHarness()
        try await server.test { client in
            _ = try await client.execute(uri: "/v1/deployments", method: .post, headers: server.admin, body: ByteBuffer(string: orderModel))
            let started = try await client.execute(uri: "/v1/process-definitions/order/start", method: .post, headers: server.bob)
            #expect(started.status == .created)
            #expect(started.headers[.requestID]?.isEmpty == false)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: server.bob).status == .forbidden)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: server.admin)
            #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: metrics.body)
            #expect(text.contains("# TYPE baton_process_instances_started_total counter"))
            #expect(text.contains("\nbaton_user_tasks_open 1\n") && text.contains("\nbaton_user_tasks_unassigned 1\n"))
            #expect(text.contains("\nbaton_process_instances_active 1\n"))
            #expect(text.contains(#"baton_http_request_duration_seconds_count{method="POST",route="/v1/process-definitions/{key}/start",status="201"} 1"#))
            #expect(text.contains(#"baton_http_request_duration_seconds_count{method="GET",route="/metrics",status="403"} 1"#))
            let counter = text.split(separator: "\n").first { $0.hasPrefix("baton_process_instances_started_total ") }
            #expect((counter.flatMap { Int($0.split(separator: " ")[1]) } ?? 0) >= 1)
        }
    }
}
