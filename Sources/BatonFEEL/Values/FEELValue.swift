import Foundation

/// A FEEL value: what every expression evaluates to and every process variable holds.
///
/// Numbers are exact decimals (``FEELNumber``); temporal values keep their zone;
/// contexts keep their key order. `null` stands for "no value" and for FEEL's soft
/// errors (a type mismatch yields `null`, with the reason available from the evaluator).
///
/// ```swift
/// let order: FEELValue = .context(["total": .number(FEELNumber("1200.50")!)])
/// ```
public enum FEELValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case number(FEELNumber)
    case string(String)
    case date(FEELDate)
    // Large payloads are boxed so every FEELValue stays small and cheap to copy.
    indirect case time(FEELTime)
    indirect case dateTime(FEELDateTime)
    case daysTimeDuration(DaysTimeDuration)
    case yearsMonthsDuration(YearsMonthsDuration)
    case list([FEELValue])
    case context(FEELContext)
    indirect case range(FEELRange)
    indirect case function(FEELFunction)

    /// The FEEL type name, as `instance of` and error messages use it.
    public var typeName: String {
        switch self {
        case .null: "Null"
        case .boolean: "boolean"
        case .number: "number"
        case .string: "string"
        case .date: "date"
        case .time: "time"
        case .dateTime: "date and time"
        case .daysTimeDuration: "days and time duration"
        case .yearsMonthsDuration: "years and months duration"
        case .list: "list"
        case .context: "context"
        case .range: "range"
        case .function: "function"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as FEEL's `string()` writes it.
    public var description: String {
        switch self {
        case .null: "null"
        case .boolean(let value): value ? "true" : "false"
        case .number(let value): value.description
        case .string(let value): value
        case .date(let value): value.description
        case .time(let value): value.description
        case .dateTime(let value): value.description
        case .daysTimeDuration(let value): value.description
        case .yearsMonthsDuration(let value): value.description
        case .list(let items): "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case .context(let context): "{" + context.entries.map { "\($0.key): \($0.value.literal)" }.joined(separator: ", ") + "}"
        case .range(let range): range.description
        case .function(let function): "function \(function.name)"
        }
    }

    /// The value as FEEL source would write it (strings quoted), for nested output.
    public var literal: String {
        switch self {
        case .string(let value):
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default:
            description
        }
    }
}

/// A FEEL context: keys in insertion order, each with a value.
public struct FEELContext: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Keys and values in insertion order, in two arrays so a lookup scans keys without
    /// touching values; one shared, copy-on-write box so copying a context is one retain.
    private final class Storage: @unchecked Sendable {
        // Mutated only while uniquely referenced (copy-on-write), so the runtime's
        // exclusivity bookkeeping on every read is pure cost here.
        @exclusivity(unchecked) var keys: [String]
        @exclusivity(unchecked) var values: [FEELValue]
        @exclusivity(unchecked) var positions: [String: Int]

        init(keys: [String] = [], values: [FEELValue] = [], positions: [String: Int] = [:]) {
            self.keys = keys
            self.values = values
            self.positions = positions
        }

        func copy() -> Storage { Storage(keys: keys, values: values, positions: positions) }
    }

    private var storage: Storage

    public init() { storage = Storage() }

    public init(dictionaryLiteral elements: (String, FEELValue)...) {
        storage = Storage()
        for (key, value) in elements { self[key] = value }
    }

    public init(_ pairs: [(String, FEELValue)]) {
        storage = Storage()
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in insertion order.
    public var keys: [String] { storage.keys }

    /// The entries in insertion order.
    public var entries: [(key: String, value: FEELValue)] {
        zip(storage.keys, storage.values).map { (key: $0.0, value: $0.1) }
    }

    public var count: Int { storage.keys.count }

    /// Up to this many keys, lookups scan the keys (short keys compare as two machine
    /// words, which beats hashing); beyond it a dictionary of positions is kept.
    private static let scanLimit = 32

    private func position(of key: String) -> Int? {
        let keys = storage.keys
        if keys.count <= Self.scanLimit {
            var index = 0
            while index < keys.count {
                if keys[index] == key { return index }
                index += 1
            }
            return nil
        }
        return storage.positions[key]
    }

    /// The value under `key`; setting an existing key keeps its position.
    public subscript(key: String) -> FEELValue? {
        get { position(of: key).map { storage.values[$0] } }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            if let position = position(of: key) {
                if let newValue {
                    storage.values[position] = newValue
                } else {
                    storage.keys.remove(at: position)
                    storage.values.remove(at: position)
                    storage.positions = storage.keys.count > Self.scanLimit
                        ? Dictionary(uniqueKeysWithValues: storage.keys.enumerated().map { ($1, $0) }) : [:]
                }
            } else if let newValue {
                storage.keys.append(key)
                storage.values.append(newValue)
                if storage.keys.count > Self.scanLimit {
                    if storage.positions.isEmpty {
                        storage.positions = Dictionary(uniqueKeysWithValues: storage.keys.enumerated().map { ($1, $0) })
                    } else {
                        storage.positions[key] = storage.keys.count - 1
                    }
                }
            }
        }
    }

    public static func == (lhs: FEELContext, rhs: FEELContext) -> Bool {
        // FEEL context equality does not depend on key order.
        if lhs.storage === rhs.storage { return true }
        return lhs.count == rhs.count && zip(lhs.storage.keys, lhs.storage.values).allSatisfy { rhs[$0.0] == $0.1 }
    }

    public func hash(into hasher: inout Hasher) {
        for key in keys.sorted() {
            hasher.combine(key)
            hasher.combine(self[key])
        }
    }
}

/// A FEEL range (interval), such as `[1..10)` or the unary test `< 5`; a missing end
/// is unbounded.
public struct FEELRange: Sendable, Hashable, CustomStringConvertible {
    public var start: FEELValue?
    public var startIncluded: Bool
    public var end: FEELValue?
    public var endIncluded: Bool

    public init(start: FEELValue?, startIncluded: Bool, end: FEELValue?, endIncluded: Bool) {
        self.start = start
        self.startIncluded = startIncluded
        self.end = end
        self.endIncluded = endIncluded
    }

    public var description: String {
        switch (start, end) {
        case (nil, let end?): (endIncluded ? "<= " : "< ") + end.literal
        case (let start?, nil): (startIncluded ? ">= " : "> ") + start.literal
        default:
            (startIncluded ? "[" : "(") + (start?.literal ?? "null") + ".." + (end?.literal ?? "null") + (endIncluded ? "]" : ")")
        }
    }
}
