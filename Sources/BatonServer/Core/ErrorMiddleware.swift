import BatonConnectors
import BatonEngine
import BatonRuntime
public import Hummingbird
import Logging

/// Turns every error into `application/problem+json`: runtime errors by their kind
/// (404, 403, 409, 422; 400 with per-field `errors` for a refused form), Hummingbird's own
/// errors with their status (a method a path does not answer: 405 with `Allow`), and
/// anything unexpected as a 500 whose detail names no internals (the log has them).
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = BatonRequestContext
    let routes: RouteTable

    public init(routes: RouteTable = RouteTable()) { self.routes = routes }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as RuntimeError {
            throw Self.problem(for: error)
        } catch let error as ExternalTaskError {
            throw Self.problem(for: error)
        } catch let error as HTTPError {
            if error.status == .notFound, error.body == nil, let allowed = routes.methods(for: request.uri.path), !allowed.contains(request.method) {
                let names = allowed.map { (method: HTTPRequest.Method) in method.rawValue }.sorted().joined(separator: ", ")
                throw Problem(.methodNotAllowed, "\(request.uri.path) answers \(names), not \(request.method.rawValue)", headers: [.allow: names])
            }
            throw Problem(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as any HTTPResponseError {
            throw Problem(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw Problem(.internalServerError, "the request failed inside Baton; the server log has the details (request \(context.id))")
        }
    }

    static func problem(for error: RuntimeError) -> Problem {
        // A form that refused the values: 400 with each field's problem.
        if !error.fieldErrors.isEmpty { return Problem(.badRequest, error.message, errors: error.fieldErrors.map { ($0.field, $0.message) }) }
        return switch error.kind {
        case .notFound: Problem(.notFound, error.message)
        case .forbidden: Problem(.forbidden, error.message)
        case .conflict: Problem(.conflict, error.message)
        case .invalid: Problem(.unprocessableContent, error.message)
        case .failed: Problem(.internalServerError, error.message)
        }
    }

    static func problem(for error: ExternalTaskError) -> Problem {
        switch error.kind {
        case .notFound: Problem(.notFound, error.message)
        case .lockLost: Problem(.conflict, error.message)
        case .invalidArgument: Problem(.badRequest, error.message)
        case .refused: Problem(.unprocessableContent, error.message)
        case .unavailable: Problem(.serviceUnavailable, error.message)
        }
    }
}
