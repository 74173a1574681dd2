public import BatonFEEL
public import Hummingbird

/// Reading JSON bodies as FEEL values (numbers stay exact) and writing JSON answers.
extension Request {
    /// The body as a JSON object; 400 naming the offset of a syntax error, or what else it
    /// was. An empty body is an empty object.
    public func jsonObject(context: BatonRequestContext) async throws -> FEELContext {
        var request = self
        let text = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        if text.allSatisfy(\.isWhitespace) { return FEELContext() }
        let value: FEELValue
        do { value = try FEELValue(json: text) } catch { throw Problem(.badRequest, "the body is not JSON: \(error.description)") }
        guard case .context(let object) = value else { throw Problem(.badRequest, "the body must be a JSON object, not \(value.typeName)") }
        try RequestValidation.checkNumbers(value)
        return object
    }

    /// The body as text (BPMN XML, JSON Lines).
    public func text(context: BatonRequestContext) async throws -> String {
        var request = self
        return String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
    }

    /// A query parameter as a whole number within `range`, or `defaultValue` when it is
    /// absent; 400 otherwise (also when it is empty).
    public func integerParameter(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try parameter(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw Problem(.badRequest, "query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// A query parameter's text, if given; 400 when it is given more than once.
    public func parameter(_ name: String) throws(Problem) -> String? {
        let values = uri.queryParameters[values: name[...]]
        guard values.count <= 1 else { throw Problem(.badRequest, "query parameter '\(name)' is given \(values.count) times; give it once") }
        return values.first.map(String.init)
    }
}

extension FEELContext {
    /// An optional field of a request body that must be an object.
    public func object(_ name: String) throws -> FEELContext? {
        switch self[name] {
        case nil, .null?: return nil
        case .context(let value)?: return value
        case let other?: throw Problem(.badRequest, "'\(name)' must be a JSON object, not \(other.typeName)", errors: [(name, "must be an object")])
        }
    }

    /// An optional text field of a request body.
    public func string(_ name: String) throws -> String? {
        switch self[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw Problem(.badRequest, "'\(name)' must be a string, not \(other.typeName)", errors: [(name, "must be a string")])
        }
    }

    /// An optional field of a request body that must be an array of strings (empty when
    /// absent).
    public func strings(_ name: String) throws -> [String] {
        switch self[name] {
        case nil, .null?: return []
        case .list(let items)?:
            return try items.map { item in
                guard case .string(let text) = item else {
                    throw Problem(.badRequest, "'\(name)' must be an array of strings, not one holding \(item.typeName)", errors: [(name, "must be an array of strings")])
                }
                return text
            }
        case let other?: throw Problem(.badRequest, "'\(name)' must be an array of strings, not \(other.typeName)", errors: [(name, "must be an array of strings")])
        }
    }
}

/// A JSON answer.
public func jsonResponse(_ value: FEELValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
}
