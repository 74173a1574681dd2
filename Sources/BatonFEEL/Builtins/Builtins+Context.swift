/// Context functions (DMN 1.4 §10.3.4.8 and DMN 1.5): reading, building and updating contexts.
extension BuiltinLibrary {
    static let contextFunctions: [BuiltinFunction] = [
        // A missing key is null without an error, like a path to a missing entry.
        .define("get value", [.required("m"), .required("key")]) { call throws(BuiltinError) in
            let context = try call.feelContext(0)
            return context[try call.string(1)] ?? .null
        },
        .define("get entries", [.required("m")]) { call throws(BuiltinError) in
            let context = try call.feelContext(0)
            return .list(context.entries.map { .context(["key": .string($0.key), "value": $0.value]) })
        },
        .define("context", [.required("entries")]) { call throws(BuiltinError) in
            var result = FEELContext()
            for (offset, entry) in try call.list(0).enumerated() {
                guard case .context(let pair) = entry else {
                    throw BuiltinError("entry \(offset + 1) is \(entry.isNull ? "null" : "a \(entry.typeName)"), not a context with key and value")
                }
                guard case .string(let key)? = pair["key"] else {
                    throw BuiltinError("entry \(offset + 1) needs a string 'key', not \(pair["key"]?.literal ?? "nothing")")
                }
                guard let value = pair["value"] else { throw BuiltinError("entry \(offset + 1) has no 'value'") }
                guard result[key] == nil else { throw BuiltinError("key \(key.debugDescription) appears more than once") }
                result[key] = value
            }
            return .context(result)
        },
        // Positional calls take this first signature: a string is one key, a list a path of keys.
        .define("context put", [.required("context"), .required("keys"), .required("value")]) { call throws(BuiltinError) in
            let context = try call.feelContext(0)
            let keys: [String]
            switch call[1] {
            case .string(let key): keys = [key]
            case .list(let items):
                keys = try items.enumerated().map { (offset, item) throws(BuiltinError) -> String in
                    guard case .string(let key) = item else {
                        throw BuiltinError("keys item \(offset + 1) is \(item.isNull ? "null" : "a \(item.typeName)"), not a string")
                    }
                    return key
                }
                guard !keys.isEmpty else { throw BuiltinError("keys is empty") }
            case .null: throw BuiltinError("key is null")
            case let other: throw BuiltinError("key must be a string or a list of strings, not \(other.typeName)")
            }
            return .context(try ContextSupport.put(call[2], at: keys[...], in: context))
        },
        .define("context put", [.required("context"), .required("key"), .required("value")]) { call throws(BuiltinError) in
            var context = try call.feelContext(0)
            guard case .string(let key) = call[1] else { throw call.typeError(1, expected: "a string") }
            context[key] = call[2]
            return .context(context)
        },
        .define("context merge", [.required("contexts")]) { call throws(BuiltinError) in
            var result = FEELContext()
            for (offset, item) in try call.list(0).enumerated() {
                guard case .context(let context) = item else {
                    throw BuiltinError("contexts item \(offset + 1) is \(item.isNull ? "null" : "a \(item.typeName)"), not a context")
                }
                for (key, value) in context.entries { result[key] = value }
            }
            return .context(result)
        },
    ]
}

enum ContextSupport {
    /// `context` with `value` at the path `keys`; every context on the way must exist.
    static func put(_ value: FEELValue, at keys: ArraySlice<String>, in context: FEELContext) throws(BuiltinError) -> FEELContext {
        guard let key = keys.first else { return context }
        var result = context
        if keys.count == 1 {
            result[key] = value
            return result
        }
        guard case .context(let nested)? = context[key] else {
            let found = context[key].map { "a \($0.typeName)" } ?? "missing"
            throw BuiltinError("the entry \(key.debugDescription) on the keys path is \(found), not a context")
        }
        result[key] = .context(try put(value, at: keys.dropFirst(), in: nested))
        return result
    }
}
