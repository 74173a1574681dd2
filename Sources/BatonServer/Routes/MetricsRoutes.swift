import BatonEngine
import BatonRuntime
import BatonSQLite
import Hummingbird

/// `GET /metrics` (admin): Prometheus text format — the engine's counters, gauges read
/// from the database (open tasks, instances with incidents), and request latency
/// histograms.
struct MetricsRoutes {
    let host: EngineHost
    let metrics: RequestMetrics

    func register(on router: Router<BatonRequestContext>) {
        let host = self.host, metrics = self.metrics
        router.get("metrics") { _, context -> Response in
            _ = try context.requireAdmin()
            let gauges = try await host.run { host in try Runtime.storeCall { () throws(StoreError) in try host.sqlite.gauges() } }
            var text = ""
            for counter in EngineMetrics.shared.counters {
                text += "# HELP \(counter.name) \(counter.help)\n# TYPE \(counter.name) counter\n\(counter.name) \(counter.value)\n"
            }
            for (name, help, value) in [
                ("baton_user_tasks_open", "Open user tasks.", gauges.openTasks),
                ("baton_user_tasks_unassigned", "Open user tasks nobody has claimed.", gauges.unassignedTasks),
                ("baton_process_instances_active", "Active process instances.", gauges.activeInstances),
                ("baton_process_instances_with_incidents", "Process instances with an open incident.", gauges.instancesWithIncidents),
            ] {
                text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
            }
            text += metrics.exposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
