import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonSQLite
import Hummingbird

/// `/v1/deployments`: deploy BPMN XML (admin), list and read deployments.
struct DeploymentRoutes {
    let host: EngineHost

    func register(on v1: RouterGroup<BatonRequestContext>) {
        let host = self.host
        // POST the XML as the body (?fileName= names it in listings and diagnostics), or as
        // the file of a multipart/form-data upload (its filename names it).
        v1.post("deployments") { request, context -> Response in
            _ = try context.requireAdmin()
            var fileName = try request.parameter("fileName") ?? "deployment.bpmn"
            var xml = try await request.text(context: context)
            if let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data") {
                let form = try MultipartForm(contentType: contentType, body: Array(xml.utf8))
                guard let file = form.file else { throw Problem(.badRequest, "the multipart body has no file part (a part with a filename, or named 'file')") }
                xml = String(decoding: file.body, as: UTF8.self)
                fileName = file.fileName ?? fileName
            }
            guard !xml.allSatisfy(\.isWhitespace) else { throw Problem(.badRequest, "the body must be the BPMN XML to deploy") }
            let text = xml, name = fileName
            let outcome = try await host.run { host in try host.deploy(xml: text, fileName: name) }
            switch outcome {
            case .unchanged:
                return jsonResponse(.context(FEELContext([("unchanged", .boolean(true)), ("processes", .list([]))])))
            case .deployed(let references):
                return jsonResponse(.context(FEELContext([("unchanged", .boolean(false)), ("processes", .list(references.map(Views.reference)))])), status: .created)
            }
        }
        v1.get("deployments") { _, context -> Response in
            _ = try context.requireAdmin()
            let records = try await host.run { host in try Runtime.storeCall { () throws(StoreError) in try host.store.deployments() } }
            return jsonResponse(.list(records.map(Views.deployment)))
        }
        v1.get("deployments/{id}") { _, context -> Response in
            _ = try context.requireAdmin()
            let id = try context.parameters.require("id", as: Int.self)
            let records = try await host.run { host in try Runtime.storeCall { () throws(StoreError) in try host.store.deployments() } }
            guard let record = records.first(where: { $0.id == id }) else { throw Problem(.notFound, "no deployment \(id)") }
            return jsonResponse(Views.deployment(record))
        }
    }
}
