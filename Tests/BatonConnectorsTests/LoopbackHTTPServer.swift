import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny real HTTP/1.1 server on 127.0.0.1 for tests: an OS-chosen port, every request
/// recorded, answers scripted per request, `Connection: close` on each.
///
/// Thread-safe; each connection is served on its own thread, so a slow answer does not
/// hold up the next request. ``stop()`` closes the listening socket (clients then get
/// "connection refused", an outage); ``start()`` listens again on the same port.
///
/// ```swift
/// let server = try LoopbackHTTPServer()
/// server.enqueue(.init(status: 503, headers: ["Retry-After": "1"]), .init(status: 200, body: #"{"id": 7}"#))
/// // ... calls to server.baseURL ...
/// #expect(server.requests.map(\.path) == ["/orders", "/orders"])
/// ```
final class LoopbackHTTPServer: @unchecked Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        /// The request target: path and query.
        var path: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: Data
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// One scripted answer.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        /// Seconds to wait before answering (for timeout tests).
        var delay: TimeInterval

        init(status: Int = 200, headers: [String: String] = [:], body: String = "", delay: TimeInterval = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        /// A JSON answer.
        static func json(_ body: String, status: Int = 200) -> Response {
            Response(status: status, headers: ["Content-Type": "application/json"], body: body)
        }
    }

    private let lock = NSLock()
    private var listener: Int32 = -1
    private var generation = 0
    private var recorded: [Request] = []
    private var queue: [Response] = []
    private var handler: (@Sendable (Request) -> Response)?
    private(set) var port: UInt16 = 0

    /// Starts listening on an OS-chosen port.
    init() throws { try start() }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    var requests: [Request] { lock.withLock { recorded } }

    /// Answers the next requests with these, in order; after them, the handler (or 200 `{}`).
    func enqueue(_ responses: Response...) { lock.withLock { queue += responses } }

    /// Answers requests for which nothing is queued.
    func setHandler(_ handler: @escaping @Sendable (Request) -> Response) { lock.withLock { self.handler = handler } }

    /// Forgets recorded requests and queued answers.
    func reset() { lock.withLock { recorded = []; queue = [] } }

    /// Listens (again): on the OS-chosen port the first time, then on the same port.
    func start() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError(message: "socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            close(fd)
            throw ServerError(message: "bind/listen on port \(port): errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let current = lock.withLock { () -> Int in
            listener = fd
            port = UInt16(bigEndian: address.sin_port)
            generation += 1
            return generation
        }
        let thread = Thread { [self] in acceptLoop(fd: fd, generation: current) }
        thread.start()
    }

    /// Stops listening: new connections are refused until ``start()``.
    func stop() {
        let fd = lock.withLock { () -> Int32 in
            let fd = listener
            listener = -1
            generation += 1
            return fd
        }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func acceptLoop(fd: Int32, generation mine: Int) {
        while lock.withLock({ generation == mine }) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            guard lock.withLock({ generation == mine }) else { return }
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = read(connection) else { return }
        let response = lock.withLock { () -> Response in
            recorded.append(request)
            if !queue.isEmpty { return queue.removeFirst() }
            return handler?(request) ?? .json("{}")
        }
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        let body = Data(response.body.utf8)
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        write(connection, Data(head.utf8) + body)
    }

    /// Reads one request: the head up to the blank line, then Content-Length bytes.
    private func read(_ connection: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headEnd = buffer.range(of: separator)
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" { write(connection, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(buffer[headEnd.upperBound...])
        while body.count < length {
            let count = recv(connection, &chunk, min(chunk.count, length - body.count), 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private func write(_ connection: Int32, _ data: Data) {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(connection, raw.baseAddress! + offset, raw.count - offset, flags)
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// The server could not listen.
    struct ServerError: Error {
        var message: String
    }
}
