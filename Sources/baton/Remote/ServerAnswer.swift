import BatonFEEL

/// Reading the fields of a server's JSON answer; a missing or mistyped field is a clear
/// error rather than a wrong line of output.
extension FEELValue {
    /// A field of an object answer.
    func field(_ name: String) -> FEELValue? {
        guard case .context(let object) = self else { return nil }
        return object[name]
    }

    func text(_ name: String) throws(ServerClient.Failure) -> String {
        guard case .string(let value)? = field(name) else { throw Self.unexpected("no text '\(name)'") }
        return value
    }

    /// A text field that may be null or absent.
    func optionalText(_ name: String) -> String? {
        guard case .string(let value)? = field(name) else { return nil }
        return value
    }

    func integer(_ name: String) throws(ServerClient.Failure) -> Int {
        guard case .number(let number)? = field(name), let value = Int(number.description) else { throw Self.unexpected("no whole number '\(name)'") }
        return value
    }

    /// A list field, or the answer itself when `name` is nil.
    func items(_ name: String? = nil) throws(ServerClient.Failure) -> [FEELValue] {
        guard case .list(let items)? = name.map(field) ?? self else { throw Self.unexpected("no list '\(name ?? "[...]")'") }
        return items
    }

    /// A list field of texts (other items are skipped).
    func strings(_ name: String) throws(ServerClient.Failure) -> [String] {
        try items(name).compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    func object(_ name: String) throws(ServerClient.Failure) -> FEELContext {
        guard case .context(let object)? = field(name) else { throw Self.unexpected("no object '\(name)'") }
        return object
    }

    private static func unexpected(_ what: String) -> ServerClient.Failure {
        .failed("the Baton server's answer is not what this baton expects (\(what)); are the server and baton the same version?")
    }
}
