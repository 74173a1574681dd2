/// Boolean functions (DMN 1.4 §10.3.4.2). `is defined(value)` is handled by the evaluator,
/// since it must see an unknown name without failing.
extension BuiltinLibrary {
    static let booleanFunctions: [BuiltinFunction] = [
        // Three-valued: not(null) is null; a non-boolean is an error.
        .define("not", [.required("negand")]) { call throws(BuiltinError) in
            switch call.scalar(0) {
            case .boolean(let value): return .boolean(!value)
            case .null: return .null
            default: throw call.typeError(0, expected: "a boolean")
            }
        },
    ]
}
