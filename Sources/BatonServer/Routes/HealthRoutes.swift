import BatonFEEL
import Hummingbird

/// `GET /health`: the only route without authentication.
struct HealthRoutes {
    func register(on router: Router<BatonRequestContext>) {
        router.get("health") { _, _ in jsonResponse(.context(FEELContext([("status", .string("up"))]))) }
    }
}
