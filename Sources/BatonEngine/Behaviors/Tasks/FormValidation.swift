import BatonFEEL
import BatonModel

/// Checks the variables a user task is completed with against its form fields: every
/// problem at once, one per field, in words (`amount`: `must be at least 1`).
enum FormValidation {
    /// The problems, in field order; empty when the variables fit.
    static func problems(_ variables: FEELContext, fields: [FormField]) -> [FieldError] {
        var problems: [FieldError] = []
        for field in fields {
            let name = field.id
            guard let value = variables[name], !value.isNull else {
                if field.required, field.defaultValue == nil { problems.append(FieldError(field: name, message: "required")) }
                continue
            }
            if let problem = problem(value, field) { problems.append(FieldError(field: name, message: problem)) }
        }
        return problems
    }

    private static func problem(_ value: FEELValue, _ field: FormField) -> String? {
        switch field.type?.lowercased() {
        case "number", "long", "integer", "double":
            guard case .number(let number) = value else { return "must be a number, not \(value.literal)" }
            if field.type?.lowercased() == "long" || field.type?.lowercased() == "integer", number.intValue == nil || FEELNumber(number.intValue!) != number {
                return "must be a whole number, not \(value.literal)"
            }
            if let minimum = field.minimum.flatMap(FEELNumber.init), number < minimum { return "must be at least \(minimum)" }
            if let maximum = field.maximum.flatMap(FEELNumber.init), number > maximum { return "must be at most \(maximum)" }
        case "boolean":
            guard case .boolean = value else { return "must be true or false, not \(value.literal)" }
        case "date":
            switch value {
            case .date, .dateTime: break
            case .string(let text) where (try? ISO8601DateTime.parse(text)) != nil: break
            default: return "must be a date (2026-12-01), not \(value.literal)"
            }
        case "enum":
            guard case .string(let text) = value, field.values.contains(text) else {
                return "must be one of \(field.values.joined(separator: ", ")), not \(value.literal)"
            }
        default:
            if field.type != nil, field.type?.lowercased() != "string" { return nil }
            guard case .string = value else { return "must be text, not \(value.literal)" }
        }
        if let pattern = field.pattern, case .string(let text) = value {
            let check = try? FEELExpression("matches(text, pattern)").evaluate(["text": .string(text), "pattern": .string("^(" + pattern + ")$")])
            if check?.value != .boolean(true) { return "must match the pattern \(pattern)" }
        }
        return nil
    }

    /// The variables with each missing field's default added (literal, or FEEL `=...`
    /// evaluated against `visible`).
    static func withDefaults(_ variables: FEELContext, fields: [FormField], visible: FEELContext, now: FEELDateTime) -> FEELContext {
        var result = variables
        for field in fields where (variables[field.id] ?? .null).isNull {
            guard let text = field.defaultValue else { continue }
            if text.trimmingWhitespace().hasPrefix("="), let expression = try? FEELExpression(text) {
                let value = expression.evaluate(visible, now: now).value
                if !value.isNull { result[field.id] = value }
            } else {
                switch field.type?.lowercased() {
                case "number", "long", "integer", "double": result[field.id] = FEELNumber(text).map(FEELValue.number) ?? .string(text)
                case "boolean": result[field.id] = .boolean(text == "true")
                default: result[field.id] = .string(text)
                }
            }
        }
        return result
    }
}
