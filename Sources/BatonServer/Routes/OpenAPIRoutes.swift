import Hummingbird

/// `GET /openapi.yaml`: the OpenAPI 3.1 document describing every route (any
/// authenticated user). The file is `Resources/openapi.yaml`, compiled into the binary; a
/// test keeps it and the router in step.
struct OpenAPIRoutes {
    func register(on router: Router<BatonRequestContext>) {
        router.get("openapi.yaml") { _, context -> Response in
            _ = try context.requireActor()
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.yaml)))
        }
    }
}

/// The OpenAPI document as compiled in.
public enum OpenAPIDocument {
    /// Its UTF-8 bytes.
    public static var yaml: [UInt8] { PackageResources.openapi_yaml }
}
