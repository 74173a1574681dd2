public import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// One HTTP exchange at a time, waited for: the session the `http` connector and the
/// command line's remote mode (`--server`) share. Nothing is cached, no cookies are kept,
/// and redirects are not followed (a 3xx is an answer like any other, so credentials
/// never go elsewhere).
public enum BlockingHTTP {
    /// What became of one request.
    public enum Outcome: Sendable {
        /// The server answered: status, headers (names in lower case), body.
        case answer(status: Int, headers: [String: String], body: Data)
        /// No answer: a refused connection, an unknown host, a TLS or network error, in words.
        case failed(String)
        /// No answer within the time allowed.
        case timedOut
    }

    private static let delegate = SessionDelegate()
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }()

    /// Sends `request` and waits for the whole answer, at most `timeoutMilliseconds`.
    public static func send(_ request: URLRequest, timeoutMilliseconds: Int64) -> Outcome {
        let exchange = Exchange()
        let task = session.dataTask(with: request)
        delegate.register(exchange, for: task)
        task.resume()
        guard exchange.wait(milliseconds: timeoutMilliseconds) else {
            task.cancel()
            delegate.forget(task)
            return .timedOut
        }
        let (data, response, error, challenged) = exchange.result()
        // A 401 with `WWW-Authenticate` raises a challenge, which is declined (the request
        // carried its credentials already); the 401 that arrived is the answer.
        if let error, !(challenged && (response as? HTTPURLResponse)?.statusCode == 401) { return .failed(describe(error)) }
        guard let response = response as? HTTPURLResponse else { return .failed("the answer is not HTTP") }
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            guard let name = name as? String else { continue }
            headers[name.lowercased()] = "\(value)"
        }
        return .answer(status: response.statusCode, headers: headers, body: data)
    }

    /// A network error in words.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? URLError else { return error.localizedDescription }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .timedOut: return "timed out"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateHasUnknownRoot:
            return "TLS failed (\(error.code.rawValue))"
        case .badServerResponse: return "the server's answer is not valid HTTP"
        case .unsupportedURL, .badURL: return "the address is not a URL it can call"
        default: return "network error \(error.code.rawValue)"
        }
    }

    /// The outcome of one data task, gathered on URLSession's queue for the caller.
    private final class Exchange: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        private var response: URLResponse?
        private var error: (any Error)?
        private var challenged = false

        func append(_ more: Data) { lock.withLock { data.append(more) } }

        func challenge() { lock.withLock { challenged = true } }

        func finish(response: URLResponse?, error: (any Error)?) {
            lock.withLock {
                self.response = response
                self.error = error
            }
            done.signal()
        }

        /// False when the time ran out first.
        func wait(milliseconds: Int64) -> Bool {
            done.wait(timeout: .now() + .milliseconds(Int(milliseconds))) == .success
        }

        func result() -> (Data, URLResponse?, (any Error)?, Bool) {
            lock.withLock { (data, response, error, challenged) }
        }
    }

    /// Hands each task's body and end to its exchange; follows no redirect; declines
    /// authentication challenges, since every request carries its own credentials.
    private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private var exchanges: [Int: Exchange] = [:]

        func register(_ exchange: Exchange, for task: URLSessionTask) { lock.withLock { exchanges[task.taskIdentifier] = exchange } }

        @discardableResult
        func forget(_ task: URLSessionTask) -> Exchange? { lock.withLock { exchanges.removeValue(forKey: task.taskIdentifier) } }

        private func exchange(of task: URLSessionTask) -> Exchange? { lock.withLock { exchanges[task.taskIdentifier] } }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            exchange(of: dataTask)?.append(data)
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            forget(task)?.finish(response: task.response, error: error)
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            exchange(of: task)?.challenge()
            #if canImport(FoundationNetworking)
            // Default handling without a credential leaves the task hanging here
            // (swift-corelibs-foundation#5456); declining ends it, with the 401 received.
            completionHandler(.cancelAuthenticationChallenge, nil)
            #else
            completionHandler(.performDefaultHandling, nil)
            #endif
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
            completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
