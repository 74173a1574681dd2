/// FEEL's equality and ordering, shared by operators and built-ins (`=`, `<`,
/// `list contains`, `sort`, `min`, ...).
public enum FEELSemantics {
    /// FEEL `=`: `nil` when the two values cannot be compared (FEEL: null), e.g. a string
    /// with a number. `null = null` is true.
    public static func equal(_ lhs: FEELValue, _ rhs: FEELValue) -> Bool? {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) {
                guard let same = equal(x, y) else { return nil }
                if !same { return false }
            }
            return true
        case (.context(let a), .context(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a.entries {
                guard let other = b[key] else { return false }
                guard let same = equal(value, other) else { return nil }
                if !same { return false }
            }
            return true
        case (.range(let a), .range(let b)):
            return a.startIncluded == b.startIncluded && a.endIncluded == b.endIncluded
                && optionalEqual(a.start, b.start) && optionalEqual(a.end, b.end)
        case (.function(let a), .function(let b)):
            return a == b
        default:
            return TemporalOperations.equal(lhs, rhs)
        }
    }

    private static func optionalEqual(_ a: FEELValue?, _ b: FEELValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): equal(x, y) == true
        default: false
        }
    }

    /// FEEL ordering: negative, zero or positive; `nil` when the values are not comparable
    /// (different types, booleans, lists, contexts).
    public static func compare(_ lhs: FEELValue, _ rhs: FEELValue) -> Int? {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default: return TemporalOperations.compare(lhs, rhs)
        }
    }
}
