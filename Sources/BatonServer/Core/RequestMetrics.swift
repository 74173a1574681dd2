import Foundation
public import HTTPTypes
public import Hummingbird

/// Request counts and latency histograms by method, route and status, for `/metrics`.
public final class RequestMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    struct Series {
        var counts: [Int] = Array(repeating: 0, count: RequestMetrics.buckets.count)
        var count = 0
        var sum = 0.0
    }

    private let lock = NSLock()
    private var series: [Key: Series] = [:]

    public init() {}

    func observe(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route, status: status)
        lock.withLock {
            var entry = series[key] ?? Series()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { entry.counts[index] += 1 }
            entry.count += 1
            entry.sum += seconds
            series[key] = entry
        }
    }

    /// The histogram in Prometheus text format.
    func exposition() -> String {
        let snapshot = lock.withLock { series }
        var text = "# HELP baton_http_request_duration_seconds Time to answer HTTP requests, by method, route and status.\n"
        text += "# TYPE baton_http_request_duration_seconds histogram\n"
        for (key, entry) in snapshot.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            let labels = #"method="\#(key.method)",route="\#(Self.escape(key.route))",status="\#(key.status)""#
            for (index, bound) in Self.buckets.enumerated() {
                text += "baton_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(entry.counts[index])\n"
            }
            text += "baton_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(entry.count)\n"
            text += "baton_http_request_duration_seconds_sum{\(labels)} \(String(format: "%.6f", entry.sum))\n"
            text += "baton_http_request_duration_seconds_count{\(labels)} \(entry.count)\n"
        }
        return text
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Times every request into ``RequestMetrics``, labelled with the route pattern (not the
/// concrete path, so ids do not explode the series), and gives each request an id in the
/// `X-Request-Id` answer header and the log.
public struct MetricsMiddleware: RouterMiddleware {
    public typealias Context = BatonRequestContext
    let metrics: RequestMetrics

    public init(metrics: RequestMetrics) { self.metrics = metrics }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let began = ContinuousClock.now
        func seconds() -> Double {
            let elapsed = (ContinuousClock.now - began).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            metrics.observe(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code, seconds: seconds())
            return response
        } catch let error as any HTTPResponseError {
            metrics.observe(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: error.status.code, seconds: seconds())
            throw error
        } catch {
            metrics.observe(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: 500, seconds: seconds())
            throw error
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the id Baton gives every request, in the answer and in the log.
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
