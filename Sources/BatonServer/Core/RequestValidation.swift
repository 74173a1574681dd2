import BatonFEEL
import HTTPTypes

/// The rules every JSON request body follows, beyond being JSON: numbers within the
/// range the API promises (zero, or a magnitude from 1e-100 to 1e100), and — for bodies
/// with a fixed set of fields — no field the route does not know (a typo such as
/// `varaibles` is an error, not silently ignored).
enum RequestValidation {
    static let smallest = FEELNumber("1e-100")!, largest = FEELNumber("1e100")!

    /// The path and text of the first number outside the API's range, if any.
    static func numberOutOfRange(in value: FEELValue, at path: String = "") -> (path: String, number: String)? {
        switch value {
        case .number(let number):
            let magnitude = number < .zero ? .zero - number : number
            if magnitude == .zero || (magnitude >= smallest && magnitude <= largest) { return nil }
            return (path, number.description)
        case .list(let items):
            for (index, item) in items.enumerated() {
                if let found = numberOutOfRange(in: item, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .context(let object):
            for (key, item) in object.entries {
                if let found = numberOutOfRange(in: item, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// 400 when `value` holds a number outside the API's range.
    static func checkNumbers(_ value: FEELValue) throws(Problem) {
        guard let (path, number) = numberOutOfRange(in: value) else { return }
        let field = path.isEmpty ? "body" : path
        throw Problem(
            .badRequest, "'\(field)' is \(number): numbers must be 0 or have a magnitude from 1e-100 to 1e100",
            errors: [(field, "out of range")])
    }
}

extension FEELContext {
    /// 400 naming every field that is not one of `fields`.
    func allowOnly(_ fields: Set<String>) throws(Problem) {
        let unknown = keys.filter { !fields.contains($0) }
        guard !unknown.isEmpty else { return }
        let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
        throw Problem(
            .badRequest, "unknown field\(unknown.count == 1 ? "" : "s") \(names); this body takes \(fields.sorted().joined(separator: ", "))",
            errors: unknown.map { ($0, "unknown field") })
    }
}
