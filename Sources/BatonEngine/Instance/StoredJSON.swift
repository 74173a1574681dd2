import BatonFEEL
import BatonModel

/// Writes the compact JSON of stored state: objects, arrays, and fields that are left out
/// when nil.
struct StoredJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    mutating func open() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    /// Writes `"name":`; the next value follows without a comma.
    mutating func key(_ name: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "\":".utf8)
        afterKey = true
    }

    private var afterKey = false

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func array<T>(_ items: some Sequence<T>, _ write: (inout StoredJSONWriter, T) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
        for item in items { write(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    mutating func string(_ value: String) { raw(FEELValue.string(value).json) }

    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        raw(String(value))
    }

    mutating func field(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        raw(String(value))
    }

    mutating func flag(_ name: String, _ value: Bool) {
        guard value else { return }
        key(name)
        raw("true")
    }

    mutating func field(_ name: String, _ reference: ProcessReference) {
        key(name)
        write(reference)
    }

    mutating func write(_ reference: ProcessReference) {
        raw("[\(FEELValue.string(reference.id.rawValue).json),\(reference.version)]")
    }

    /// A context or list: its JSON when JSON can hold all of it, else its `=` literal as
    /// a string (unambiguous, since the value itself is never a string).
    mutating func value(_ value: FEELValue) {
        let text = value.storedText
        if text.hasPrefix("=") { string(text) } else { raw(text) }
    }

    mutating func field(_ name: String, _ location: SourceLocation?) {
        guard let location else { return }
        key(name)
        raw("[\(location.line),\(location.column)]")
    }
}

/// A JSON object of stored state being read, with the path for error messages.
struct StoredObject {
    let context: FEELContext
    let path: String

    init(_ context: FEELContext, path: String) {
        self.context = context
        self.path = path
    }

    func fail(_ key: String, _ expected: String) -> StoredStateError { StoredStateError("\(path).\(key): expected \(expected)") }

    static func int(_ value: FEELValue?) -> Int? {
        if case .number(let number)? = value { return number.intValue }
        return nil
    }

    func int(_ key: String) throws(StoredStateError) -> Int {
        guard let value = Self.int(context[key]) else { throw fail(key, "a whole number") }
        return value
    }

    func optionalInt(_ key: String) throws(StoredStateError) -> Int? {
        guard let value = context[key], !value.isNull else { return nil }
        guard let number = Self.int(value) else { throw fail(key, "a whole number") }
        return number
    }

    func int64(_ key: String) throws(StoredStateError) -> Int64 { Int64(try int(key)) }
    func optionalInt64(_ key: String) throws(StoredStateError) -> Int64? { try optionalInt(key).map(Int64.init) }

    func string(_ key: String) throws(StoredStateError) -> String {
        guard case .string(let value)? = context[key] else { throw fail(key, "text") }
        return value
    }

    func optionalString(_ key: String) throws(StoredStateError) -> String? {
        guard let value = context[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw fail(key, "text") }
        return text
    }

    func flag(_ key: String) -> Bool {
        if case .boolean(true)? = context[key] { return true }
        return false
    }

    func list(_ key: String) throws(StoredStateError) -> [FEELValue] {
        guard let value = context[key], !value.isNull else { return [] }
        guard case .list(let items) = value else { throw fail(key, "a list") }
        return items
    }

    func strings(_ key: String) throws(StoredStateError) -> [String] {
        try list(key).map { (value) throws(StoredStateError) in
            guard case .string(let text) = value else { throw fail(key, "a list of text") }
            return text
        }
    }

    func objects(_ key: String, allowEmpty: Bool = true) throws(StoredStateError) -> [StoredObject] {
        try list(key).enumerated().map { (index, value) throws(StoredStateError) in
            guard case .context(let context) = value else { throw fail("\(key)[\(index)]", "an object") }
            return StoredObject(context, path: "\(path).\(key)[\(index)]")
        }
    }

    func object(_ key: String) throws(StoredStateError) -> StoredObject? {
        guard let value = context[key], !value.isNull else { return nil }
        guard case .context(let context) = value else { throw fail(key, "an object") }
        return StoredObject(context, path: "\(path).\(key)")
    }

    func reference(_ key: String) throws(StoredStateError) -> ProcessReference {
        try Self.reference(context[key] ?? .null, path: "\(path).\(key)")
    }

    static func reference(_ value: FEELValue, path: String) throws(StoredStateError) -> ProcessReference {
        guard case .list(let pair) = value, pair.count == 2, case .string(let id) = pair[0], let version = int(pair[1]) else {
            throw StoredStateError("\(path): expected [process id, version]")
        }
        return ProcessReference(id: ElementID(id), version: version)
    }

    func location(_ key: String) throws(StoredStateError) -> SourceLocation? {
        guard let value = context[key], !value.isNull else { return nil }
        guard case .list(let pair) = value, pair.count == 2, let line = Self.int(pair[0]), let column = Self.int(pair[1]) else {
            throw fail(key, "[line, column]")
        }
        return SourceLocation(line: line, column: column)
    }

    /// A context or list written by ``StoredJSONWriter/value(_:)``.
    func value(_ key: String) throws(StoredStateError) -> FEELValue? {
        guard let value = context[key] else { return nil }
        return try Self.value(value, path: "\(path).\(key)")
    }

    static func value(_ value: FEELValue, path: String) throws(StoredStateError) -> FEELValue {
        guard case .string(let text) = value else { return value }
        do { return try FEELValue(storedText: text) } catch { throw StoredStateError("\(path): \(error.message)") }
    }
}
