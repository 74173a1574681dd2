import BatonRuntime
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPTransport {
    /// Sends `request` and waits for the whole answer, at most `timeoutMilliseconds`. A
    /// refused connection, a network error or the timeout is a retryable failure.
    static func perform(_ request: URLRequest, timeoutMilliseconds: Int64, call: String, redact: Redactor) throws(JobFailure) -> Answer {
        switch BlockingHTTP.send(request, timeoutMilliseconds: timeoutMilliseconds) {
        case .timedOut:
            throw JobFailure(redact("\(call) did not answer within \(timeoutMilliseconds) ms"), retryable: true)
        case .failed(let reason):
            throw JobFailure(redact("\(call) failed: \(reason)"), retryable: true)
        case .answer(let status, let headers, let body):
            return Answer(status: status, headers: headers, body: body)
        }
    }
}
