public import BatonEngine
public import Hummingbird

/// The request context of Baton's routes: who is asking (set by the authentication
/// middleware).
public struct BatonRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user; nil only on `/health`.
    public var actor: UserRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }

    /// Request bodies up to 16 MiB (a large BPMN file); more is refused with 413.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The actor, or 401 (routes behind authentication always have one).
    public func requireActor() throws -> UserRecord {
        guard let actor else { throw Problem(.unauthorized, "authentication required") }
        return actor
    }

    /// The actor if an admin, else 403.
    public func requireAdmin() throws -> UserRecord {
        let actor = try requireActor()
        guard actor.roles.contains("admin") else { throw Problem(.forbidden, "\(actor.name) is not an admin; this needs the admin role") }
        return actor
    }
}
