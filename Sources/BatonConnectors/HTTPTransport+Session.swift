import BatonRuntime
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPTransport {
    /// One session for every HTTP connector: nothing cached, no cookies, redirects not
    /// followed (a 3xx is an answer like any other, so credentials never go elsewhere).
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }()

    /// Sends `request` and waits for the whole answer, at most `timeoutMilliseconds`. A
    /// refused connection, a network error or the timeout is a retryable failure.
    static func perform(_ request: URLRequest, timeoutMilliseconds: Int64, call: String, redact: Redactor) throws(JobFailure) -> Answer {
        let exchange = Exchange()
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, response: response, error: error)
        }
        task.resume()
        guard exchange.wait(milliseconds: timeoutMilliseconds) else {
            task.cancel()
            throw JobFailure(redact("\(call) did not answer within \(timeoutMilliseconds) ms"), retryable: true)
        }
        let (data, response, error) = exchange.result()
        if let error {
            throw JobFailure(redact("\(call) failed: \(describe(error))"), retryable: true)
        }
        guard let response = response as? HTTPURLResponse else {
            throw JobFailure(redact("\(call) failed: the answer is not HTTP"), retryable: true)
        }
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            guard let name = name as? String else { continue }
            headers[name.lowercased()] = "\(value)"
        }
        return Answer(status: response.statusCode, headers: headers, body: data ?? Data())
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
        default: return "network error \(error.code.rawValue)"
        }
    }

    /// The outcome of one data task, handed from URLSession's queue to the caller.
    private final class Exchange: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private var data: Data?
        private var response: URLResponse?
        private var error: (any Error)?

        func finish(data: Data?, response: URLResponse?, error: (any Error)?) {
            lock.withLock {
                self.data = data
                self.response = response
                self.error = error
            }
            done.signal()
        }

        /// False when the time ran out first.
        func wait(milliseconds: Int64) -> Bool {
            done.wait(timeout: .now() + .milliseconds(Int(milliseconds))) == .success
        }

        func result() -> (Data?, URLResponse?, (any Error)?) {
            lock.withLock { (data, response, error) }
        }
    }

    /// Answers every redirect with "do not follow".
    private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
            completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
