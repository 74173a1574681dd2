import BatonFEEL
import BatonModel
import BatonXML
import Foundation

/// Reads an `<http>` element, a connector's or an operation's override, into an
/// ``HTTPBinding``, collecting every problem with its line and column (a FEEL mistake in a
/// body or response mapping at its own position in the file).
struct HTTPBindingReader {
    let bytes: [UInt8]
    let connector: String
    /// The secrets the connector's `<http>` declares; any template of the connector may use them.
    let declaredSecrets: Set<String>
    private(set) var problems: [(message: String, location: SourceLocation)] = []

    init(bytes: [UInt8], connector: String, declaredSecrets: Set<String>) {
        self.bytes = bytes
        self.connector = connector
        self.declaredSecrets = declaredSecrets
    }

    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    /// Headers Baton sets itself.
    static let reservedHeaders = ["Idempotency-Key", "Baton-Attempt", "Baton-Signature", "Content-Type", "Content-Length", "Host"]

    private mutating func problem(_ message: String, _ location: SourceLocation) {
        problems.append((message, location))
    }

    /// The connector's `<http>`: a URL is required; secrets and signing live here.
    mutating func binding(_ element: RawElement) -> HTTPBinding? {
        let before = problems.count
        let request = read(element, where: "<http> of connector '\(connector)'", isOperation: false)
        guard let url = request.override.url else {
            // An invalid url was reported already.
            if element.attribute("url") == nil { problem("<http> of connector '\(connector)' needs a url", element.location) }
            return nil
        }
        guard problems.count == before else { return nil }
        var binding = HTTPBinding(method: request.override.method ?? "POST", url: url, secrets: request.secrets, signingSecret: request.signingSecret)
        binding.headers = request.override.headers
        binding.body = request.override.body ?? .variables
        binding.response = request.override.response
        binding.businessErrors = request.override.businessErrors ?? []
        binding.retryStatuses = request.override.retryStatuses ?? .defaultRetry
        return binding
    }

    /// An operation's `<http>`: changes to the connector's request.
    mutating func override(_ element: RawElement, operation: String) -> HTTPOverride? {
        let before = problems.count
        let request = read(element, where: "<http> of operation '\(operation)' of connector '\(connector)'", isOperation: true)
        return problems.count == before ? request.override : nil
    }

    private mutating func read(_ element: RawElement, where place: String, isOperation: Bool) -> (override: HTTPOverride, secrets: [HTTPSecret], signingSecret: String?) {
        var request = HTTPOverride()
        var secrets: [HTTPSecret] = []
        var signingSecret: String?
        if let method = element.attribute("method") {
            if Self.methods.contains(method.uppercased()) {
                request.method = method.uppercased()
            } else {
                problem("method=\"\(method)\" of \(place) is not one of \(Self.methods.joined(separator: ", "))", element.location(ofAttribute: "method"))
            }
        }
        if let url = element.attribute("url") {
            let location = element.location(ofAttribute: "url")
            let lowered = url.lowercased()
            if !lowered.hasPrefix("http://") && !lowered.hasPrefix("https://") {
                problem("url=\"\(url)\" of \(place) is not an http:// or https:// URL", location)
            } else if checkTemplate(url, what: "url of \(place)", at: location) {
                request.url = url
            }
        }
        var seen: Set<String> = []
        for child in element.children {
            guard child.namespace == ConnectorBindings.namespace else { continue }
            let single = ["body", "response", "retry", "sign"]
            if single.contains(child.name), !seen.insert(child.name).inserted {
                problem("\(place) has more than one <\(child.name)>", child.location)
                continue
            }
            switch child.name {
            case "secret" where !isOperation:
                if let secret = readSecret(child, place: place) {
                    if secrets.contains(where: { $0.name == secret.name }) {
                        problem("secret '\(secret.name)' of connector '\(connector)' is declared twice", child.location)
                    } else {
                        secrets.append(secret)
                    }
                }
            case "sign" where !isOperation:
                guard let name = child.attribute("secret"), !name.isEmpty else {
                    problem("<sign> of connector '\(connector)' needs the secret that signs: <sign secret=\"name\"/>", child.location)
                    continue
                }
                if checkSecret(name, usedBy: "<sign>", at: child.location(ofAttribute: "secret")) { signingSecret = name }
            case "header":
                if let header = readHeader(child, place: place) { request.headers.append(header) }
            case "body":
                if child.text.allSatisfy(\.isWhitespace) {
                    request.body = HTTPBody.none
                } else if let expression = feel(child, what: "<body> of \(place)") {
                    request.body = .expression(expression)
                }
            case "response":
                guard !child.text.allSatisfy(\.isWhitespace) else {
                    problem("<response> of \(place) is empty; write a FEEL context over status, headers and body, or leave it out", child.location)
                    continue
                }
                request.response = feel(child, what: "<response> of \(place)")
            case "businessError":
                if let error = readBusinessError(child, place: place) { request.businessErrors = (request.businessErrors ?? []) + [error] }
            case "retry":
                request.retryStatuses = statuses(child, place: "<retry> of \(place)")
            default:
                let allowed = isOperation ? "<header>, <body>, <response>, <businessError>, <retry>" : "<secret>, <header>, <body>, <response>, <businessError>, <retry>, <sign>"
                let note = isOperation && ["secret", "sign"].contains(child.name) ? " (declare <\(child.name)> on the connector's <http>)" : ""
                problem("unknown element <\(child.qualifiedName)> in \(place)\(note); it may have \(allowed)", child.location)
            }
        }
        return (request, secrets, signingSecret)
    }

    private mutating func readSecret(_ element: RawElement, place: String) -> HTTPSecret? {
        guard let name = element.attribute("name"), !name.isEmpty else {
            problem("<secret> of connector '\(connector)' needs a name (templates write {secrets.name})", element.location)
            return nil
        }
        let env = element.attribute("env"), file = element.attribute("file")
        switch (env, file) {
        case (let env?, nil) where !env.isEmpty:
            return HTTPSecret(name: name, source: .environment(env))
        case (nil, let file?) where !file.isEmpty:
            return HTTPSecret(name: name, source: .file(file))
        default:
            problem("secret '\(name)' of connector '\(connector)' needs exactly one of env=\"VARIABLE\" or file=\"/path\"; secret values never go in the bindings file", element.location)
            return nil
        }
    }

    private mutating func readHeader(_ element: RawElement, place: String) -> HTTPHeaderTemplate? {
        guard let name = element.attribute("name"), !name.isEmpty, let value = element.attribute("value") else {
            problem("<header> of \(place) needs a name and a value", element.location)
            return nil
        }
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        guard name.unicodeScalars.allSatisfy(token.contains) else {
            problem("'\(name)' of \(place) is not a valid header name", element.location(ofAttribute: "name"))
            return nil
        }
        if let reserved = Self.reservedHeaders.first(where: { $0.lowercased() == name.lowercased() }) {
            problem("header '\(reserved)' of \(place) is set by Baton and cannot be configured", element.location(ofAttribute: "name"))
            return nil
        }
        guard checkTemplate(value, what: "header '\(name)' of \(place)", at: element.location(ofAttribute: "value")) else { return nil }
        return HTTPHeaderTemplate(name: name, value: value)
    }

    private mutating func readBusinessError(_ element: RawElement, place: String) -> HTTPBusinessError? {
        let what = "<businessError> of \(place)"
        guard let statuses = statuses(element, place: what) else { return nil }
        guard let code = element.attribute("code"), !code.isEmpty else {
            problem("\(what) needs a code (the BPMN error code, or =FEEL over status, headers and body)", element.location)
            return nil
        }
        guard let codeText = text(code, what: "code of \(what)", at: element.location(ofAttribute: "code")) else { return nil }
        var error = HTTPBusinessError(statuses: statuses, code: codeText)
        if let message = element.attribute("message") {
            guard let messageText = text(message, what: "message of \(what)", at: element.location(ofAttribute: "message")) else { return nil }
            error.message = messageText
        }
        return error
    }

    private mutating func statuses(_ element: RawElement, place: String) -> HTTPStatusSet? {
        guard let text = element.attribute("statuses") else {
            problem("\(place) needs statuses, such as statuses=\"409 422\" or \"500-599\"", element.location)
            return nil
        }
        switch HTTPStatusSet.parse(text) {
        case .success(let set):
            return set
        case .failure(let error):
            let word = error.word.isEmpty ? "statuses=\"\"" : "'\(error.word)'"
            problem("\(word) in statuses of \(place) is not an HTTP status (100-599) or a range of them (500-599)", element.location(ofAttribute: "statuses"))
            return nil
        }
    }

    /// Literal text, or `=FEEL`.
    private mutating func text(_ value: String, what: String, at location: SourceLocation) -> HTTPText? {
        guard value.trimmingCharacters(in: .whitespaces).hasPrefix("=") else { return .literal(value) }
        do {
            return .expression(try FEELExpression(value))
        } catch {
            problem("\(what) is not valid FEEL: \(error.message)", location)
            return nil
        }
    }

    /// The element's text as FEEL; a mistake is reported where it is in the file.
    private mutating func feel(_ element: RawElement, what: String) -> FEELExpression? {
        do {
            return try FEELExpression(element.text)
        } catch {
            let start = textStart(of: element)
            let location =
                error.line <= 1
                ? SourceLocation(line: start.line, column: start.column + max(error.column, 1) - 1)
                : SourceLocation(line: start.line + error.line - 1, column: error.column)
            problem("\(what) is not valid FEEL: \(error.message)", start.line > 0 ? location : element.location)
            return nil
        }
    }

    /// Checks a URL or header template's placeholders and that its secrets are declared.
    private mutating func checkTemplate(_ text: String, what: String, at location: SourceLocation) -> Bool {
        switch HTTPTemplate.parse(text) {
        case .failure(let error):
            problem("\(what) \(error.message)", location)
            return false
        case .success(let template):
            var valid = true
            for name in template.secretNames where !checkSecret(name, usedBy: what, at: location) { valid = false }
            return valid
        }
    }

    private mutating func checkSecret(_ name: String, usedBy what: String, at location: SourceLocation) -> Bool {
        guard declaredSecrets.contains(name) else {
            problem("\(what) uses secret '\(name)', which connector '\(connector)' does not declare; add <secret name=\"\(name)\" env=\"VARIABLE\"/> to its <http>", location)
            return false
        }
        return true
    }

    /// Where `element`'s text begins: just after its start tag (and a CDATA opener).
    func textStart(of element: RawElement) -> SourceLocation {
        guard element.location.line > 0 else { return element.location }
        var index = 0, line = 1, column = 1
        func advance() {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index >= bytes.count || bytes[index] != UInt8(ascii: "\n"))) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        while index < bytes.count, line < element.location.line || (line == element.location.line && column < element.location.column) { advance() }
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            advance()
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
        }
        if bytes[index...].starts(with: Array("<![CDATA[".utf8)) {
            for _ in 0..<9 { advance() }
        }
        return SourceLocation(line: line, column: column)
    }
}
