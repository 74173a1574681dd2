import BatonFEEL
import Crypto
import Foundation
import Hummingbird
import Logging

/// Refuses every request without `Authorization: Bearer <token>` (401, problem+json).
struct CRMTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            Self.equalInConstantTime(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces), token)
        else {
            return ReferenceHTTP.problem(
                ReferenceError(.unauthorized, "UNAUTHENTICATED", "the CRM API needs Authorization: Bearer with the CRM's token"),
                headers: [.wwwAuthenticate: "Bearer realm=\"reference-crm\""])
        }
        return try await next(request, context)
    }

    /// Compares the SHA-256 digests, so the time taken says nothing about the token.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(SHA256.hash(data: Array(a.utf8))), y = Array(SHA256.hash(data: Array(b.utf8)))
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The CRM's HTTP API under `/crm/v1`, in the canonical JSON shape.
struct CRMRoutes {
    let crm: ReferenceCRM
    let notifier: BatonNotifier?
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("crm/v1")
        v1.get("customers") { _, _ in await answer { .list(try crm.customers().map(\.feel)) } }
        v1.get("customers/:id") { _, context in
            await answer {
                let id = try context.parameter("id")
                guard case .context(var customer) = try crm.customer(id).feel else { return .null }
                customer["contacts"] = .list(try crm.contacts(of: id).map(\.feel))
                return .context(customer)
            }
        }
        v1.patch("customers/:id") { request, context in
            await answer { try crm.updateCustomer(context.parameter("id"), Self.changes(try await Self.object(request))).feel }
        }
        v1.get("opportunities") { _, _ in await answer { .list(try crm.opportunities().map(\.feel)) } }
        v1.get("opportunities/:id") { _, context in await answer { try crm.opportunity(context.parameter("id")).feel } }
        v1.post("opportunities/:id/win") { _, context in
            await answer {
                let opportunity = try crm.markWon(context.parameter("id"))
                notifier?.send(CRMNotifications.opportunityWon(opportunity.id))
                return opportunity.feel
            }
        }
        v1.get("interactions") { request, _ in
            await answer { .list(try crm.interactions(customerId: request.uri.queryParameters.get("customerId")).map(\.feel)) }
        }
        v1.get("cases") { _, _ in await answer { .list(try crm.serviceCases().map(\.feel)) } }
        v1.get("cases/:id") { _, context in await answer { try crm.serviceCase(context.parameter("id")).feel } }
        v1.post("cases/:id/object") { request, context in
            await answer {
                let objection = try Self.string(try await Self.object(request), "objection")
                let serviceCase = try crm.recordObjection(caseId: context.parameter("id"), objection: objection)
                notifier?.send(CRMNotifications.customerObjected(caseId: serviceCase.id, objection: objection))
                return serviceCase.feel
            }
        }
        v1.post("portal/complaints") { request, _ in
            await answer(status: 202) {
                let body = try await Self.object(request)
                let complaint = try crm.submitComplaint(
                    customerId: Self.string(body, "customerId"), subject: Self.string(body, "subject"), description: Self.optional(body, "description") ?? "",
                    salesOrderId: Self.optional(body, "salesOrderId"), sku: Self.optional(body, "sku"))
                notifier?.send(CRMNotifications.complaintSubmitted(complaint))
                return .context(["reference": .string(complaint.reference), "status": .string("submitted")])
            }
        }
    }

    /// Answers `work`'s value as JSON.
    private func answer(status: Int = 200, _ work: () async throws -> FEELValue) async -> Response {
        await ReferenceHTTP.guarded(logger: logger) { ReferenceHTTP.json(try await work().json, status: status) }
    }

    /// The request body as a JSON object.
    static func object(_ request: Request) async throws -> FEELContext {
        let text = String(decoding: try await ReferenceHTTP.body(of: request), as: UTF8.self)
        guard case .context(let object)? = try? FEELValue(json: text) else { throw ReferenceError.invalid("the body must be a JSON object") }
        return object
    }

    static func string(_ object: FEELContext, _ name: String) throws -> String {
        guard let value = try optional(object, name), !value.isEmpty else { throw ReferenceError.invalid("'\(name)' is required") }
        return value
    }

    static func optional(_ object: FEELContext, _ name: String) throws -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw ReferenceError.invalid("'\(name)' must be a string")
        }
    }

    /// A PATCH body (canonical Customer fields, `address` as an object) as changes.
    static func changes(_ body: FEELContext) throws -> CustomerChanges {
        let known: Set<String> = ["name", "taxId", "email", "phone", "address", "segment"]
        if let unknown = body.keys.first(where: { !known.contains($0) }) {
            throw ReferenceError.invalid("'\(unknown)' cannot be changed; send some of \(known.sorted().joined(separator: ", "))")
        }
        var address = FEELContext()
        switch body["address"] {
        case nil, .null?: break
        case .context(let value)?: address = value
        default: throw ReferenceError.invalid("'address' must be an object")
        }
        return CustomerChanges(
            name: try optional(body, "name"), taxId: try optional(body, "taxId"), email: try optional(body, "email"), phone: try optional(body, "phone"),
            street: try optional(address, "street"), postalCode: try optional(address, "postalCode"), city: try optional(address, "city"),
            country: try optional(address, "country"), segment: try optional(body, "segment"))
    }
}
