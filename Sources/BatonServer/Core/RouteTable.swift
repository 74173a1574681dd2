import Foundation
import HTTPTypes

/// The router's paths and the methods each answers, so that a request with a method its
/// path does not answer gets 405 and `Allow` rather than 404. Filled once, after every
/// route is registered.
public final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var patterns: [(segments: [Substring], methods: Set<HTTPRequest.Method>)] = []

    public init() {}

    /// Records the routes (`{name}` segments match any one segment).
    func fill(_ routes: [(HTTPRequest.Method, String)]) {
        var byPath: [String: Set<HTTPRequest.Method>] = [:]
        for (method, path) in routes { byPath[path, default: []].insert(method) }
        lock.withLock { patterns = byPath.map { (segments: $0.key.split(separator: "/"), methods: $0.value) } }
    }

    /// The methods `path` answers, or nil when no route has this path.
    func methods(for path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/")
        let found = lock.withLock {
            patterns.filter { pattern in
                pattern.segments.count == segments.count
                    && zip(pattern.segments, segments).allSatisfy { expected, actual in expected.hasPrefix("{") || expected == actual }
            }
        }
        guard !found.isEmpty else { return nil }
        return found.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
    }
}
