// IN PROGRESS (temporal helper): replace every body below with the real implementation.

/// Operators and properties on temporal values, called by the evaluator and
/// ``FEELSemantics``. Each returns `nil` when its operands are not a temporal combination
/// it handles, so the caller can report a type mismatch.
enum TemporalOperations {
    /// FEEL `=` on two temporal values of the same kind (`nil`: not temporal / not comparable).
    static func equal(_ lhs: FEELValue, _ rhs: FEELValue) -> Bool? { nil }

    /// Ordering of two temporal values of the same kind (`nil`: not comparable).
    static func compare(_ lhs: FEELValue, _ rhs: FEELValue) -> Int? { nil }

    /// `lhs + rhs` for date/time/date-time/duration combinations.
    static func add(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { nil }

    /// `lhs - rhs` (including date-time minus date-time = duration).
    static func subtract(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { nil }

    /// `lhs * rhs` for a duration and a number (either order).
    static func multiply(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { nil }

    /// `lhs / rhs`: duration / number, duration / duration (same kind, gives a number).
    static func divide(_ lhs: FEELValue, _ rhs: FEELValue) -> FEELValue? { nil }

    /// A property such as `year`, `month`, `day`, `weekday`, `hour`, `minute`, `second`,
    /// `time offset`, `timezone`, `days`, `hours`, `minutes`, `seconds`, `years`, `months`.
    static func property(_ value: FEELValue, _ name: String) -> FEELValue? { nil }

    /// The value of an `@"..."` literal: a date, time, date-time or duration.
    static func parseLiteral(_ text: String) -> FEELValue? { nil }
}
