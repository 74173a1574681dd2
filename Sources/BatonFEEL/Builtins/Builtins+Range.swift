/// Range functions (DMN 1.4 §10.3.4.9): how points and ranges lie relative to each other,
/// as defined in the spec's table of range function semantics (after HL7 CQL).
///
/// Each function has several signatures (`before(point1, point2)`, `before(point, range)`,
/// `before(range, point)`, `before(range1, range2)`); they all share one implementation that
/// looks at the argument kinds, since positional calls always take the first signature. A
/// missing range end (`< 5`) is unbounded; an explicit null end is an error, as is a pair of
/// values that cannot be compared.
///
/// `before(point, range)` and `before(range, point)` share their parameter names, so a call
/// by name (`before(range: r, point: p)`) binds to whichever of the two the evaluator picks.
extension BuiltinLibrary {
    static let rangeFunctions: [BuiltinFunction] = RangeSupport.relations.flatMap { relation in
        relation.signatures.map { names in
            BuiltinFunction.define(relation.name, names.map { .required($0) }) { call throws(BuiltinError) in
                try RangeSupport.evaluate(relation, call)
            }
        }
    }
}

enum RangeSupport {
    /// One range function: its name, its signatures' parameter names, and its test for each
    /// combination of kinds it accepts.
    struct Relation: Sendable {
        var name: String
        var signatures: [[String]]
        var points: (@Sendable (Point, Point) -> Bool)?
        var pointRange: (@Sendable (Point, Interval) -> Bool)?
        var rangePoint: (@Sendable (Interval, Point) -> Bool)?
        var ranges: (@Sendable (Interval, Interval) -> Bool)?
    }

    static let pointPoint = ["point1", "point2"]
    static let pointRange = ["point", "range"]
    static let rangePoint = ["range", "point"]
    static let rangeRange = ["range1", "range2"]

    static let relations: [Relation] = [
        Relation(
            name: "before", signatures: [pointPoint, pointRange, rangePoint, rangeRange],
            points: { (p1, p2) in p1 < p2 },
            pointRange: { (p, r) in p < r.start || (p == r.start && !r.startIncluded) },
            rangePoint: { (r, p) in r.end < p || (r.end == p && !r.endIncluded) },
            ranges: { (r1, r2) in
                r1.end < r2.start || ((!r1.endIncluded || !r2.startIncluded) && (r1.end == r2.start))
            }),
        Relation(
            name: "after", signatures: [pointPoint, pointRange, rangePoint, rangeRange],
            points: { (p1, p2) in p1 > p2 },
            pointRange: { (p, r) in p > r.end || (p == r.end && !r.endIncluded) },
            rangePoint: { (r, p) in r.start > p || (r.start == p && !r.startIncluded) },
            ranges: { (r1, r2) in
                r1.start > r2.end || ((!r1.startIncluded || !r2.endIncluded) && (r1.start == r2.end))
            }),
        Relation(
            name: "meets", signatures: [rangeRange],
            ranges: { (r1, r2) in
                r1.endIncluded && r2.startIncluded && (r1.end == r2.start)
            }),
        Relation(
            name: "met by", signatures: [rangeRange],
            ranges: { (r1, r2) in
                r1.startIncluded && r2.endIncluded && (r1.start == r2.end)
            }),
        Relation(
            name: "overlaps", signatures: [rangeRange],
            ranges: { (r1, r2) in
                let endAfterStart = r1.end > r2.start || (r1.end == r2.start && r1.endIncluded && r2.startIncluded)
                let startBeforeEnd = r1.start < r2.end || (r1.start == r2.end && r1.startIncluded && r2.endIncluded)
                return endAfterStart && startBeforeEnd
            }),
        Relation(
            name: "overlaps before", signatures: [rangeRange],
            ranges: { (r1, r2) in overlapsBefore(r1, r2) }),
        Relation(
            name: "overlaps after", signatures: [rangeRange],
            ranges: { (r1, r2) in overlapsBefore(r2, r1) }),
        Relation(
            name: "finishes", signatures: [pointRange, rangeRange],
            pointRange: { (p, r) in r.endIncluded && r.end == p },
            ranges: { (r1, r2) in
                r1.endIncluded == r2.endIncluded && r1.end == r2.end
                    && (r1.start > r2.start || (r1.start == r2.start && (!r1.startIncluded || r2.startIncluded)))
            }),
        Relation(
            name: "finished by", signatures: [rangePoint, rangeRange],
            rangePoint: { (r, p) in r.endIncluded && r.end == p },
            ranges: { (r1, r2) in
                r1.endIncluded == r2.endIncluded && r1.end == r2.end
                    && (r1.start < r2.start || (r1.start == r2.start && (r1.startIncluded || !r2.startIncluded)))
            }),
        Relation(
            name: "includes", signatures: [rangePoint, rangeRange],
            rangePoint: { (r, p) in includes(r, p) },
            ranges: { (r1, r2) in includes(r1, r2) }),
        Relation(
            name: "during", signatures: [pointRange, rangeRange],
            pointRange: { (p, r) in includes(r, p) },
            ranges: { (r1, r2) in includes(r2, r1) }),
        Relation(
            name: "starts", signatures: [pointRange, rangeRange],
            pointRange: { (p, r) in r.startIncluded && r.start == p },
            ranges: { (r1, r2) in
                r1.startIncluded == r2.startIncluded && r1.start == r2.start
                    && (r1.end < r2.end || (r1.end == r2.end && (!r1.endIncluded || r2.endIncluded)))
            }),
        Relation(
            name: "started by", signatures: [rangePoint, rangeRange],
            rangePoint: { (r, p) in r.startIncluded && r.start == p },
            ranges: { (r1, r2) in
                r1.startIncluded == r2.startIncluded && r1.start == r2.start
                    && (r2.end < r1.end || (r2.end == r1.end && (!r2.endIncluded || r1.endIncluded)))
            }),
        Relation(
            name: "coincides", signatures: [pointPoint, rangeRange],
            points: { (p1, p2) in p1 == p2 },
            ranges: { (r1, r2) in
                r1.startIncluded == r2.startIncluded && r1.endIncluded == r2.endIncluded
                    && r1.start == r2.start && r1.end == r2.end
            }),
    ]

    static func overlapsBefore(_ r1: Interval, _ r2: Interval) -> Bool {
        let startsFirst = r1.start < r2.start || (r1.start == r2.start && r1.startIncluded && !r2.startIncluded)
        let reachesInto = r1.end > r2.start || (r1.end == r2.start && r1.endIncluded && r2.startIncluded)
        let endsFirst = r1.end < r2.end || (r1.end == r2.end && (!r1.endIncluded || r2.endIncluded))
        return startsFirst && reachesInto && endsFirst
    }

    static func includes(_ r: Interval, _ p: Point) -> Bool {
        (r.start < p && r.end > p) || (r.start == p && r.startIncluded) || (r.end == p && r.endIncluded)
    }

    static func includes(_ r1: Interval, _ r2: Interval) -> Bool {
        let startCovered = r1.start < r2.start || (r1.start == r2.start && (r1.startIncluded || !r2.startIncluded))
        let endCovered = r1.end > r2.end || (r1.end == r2.end && (r1.endIncluded || !r2.endIncluded))
        return startCovered && endCovered
    }

    /// Runs `relation` on the call's two arguments, by their kinds.
    static func evaluate(_ relation: Relation, _ call: BuiltinCall) throws(BuiltinError) -> FEELValue {
        let first = try operand(call, 0)
        let second = try operand(call, 1)
        try requireComparable(first.points + second.points)
        let result: Bool
        switch (first, second) {
        case (.point(let p1), .point(let p2)):
            guard let test = relation.points else { throw kindError(relation, "two points") }
            result = test(p1, p2)
        case (.point(let p), .range(let r)):
            guard let test = relation.pointRange else { throw kindError(relation, "a point and a range") }
            result = test(p, r)
        case (.range(let r), .point(let p)):
            guard let test = relation.rangePoint else { throw kindError(relation, "a range and a point") }
            result = test(r, p)
        case (.range(let r1), .range(let r2)):
            guard let test = relation.ranges else { throw kindError(relation, "two ranges") }
            result = test(r1, r2)
        }
        return .boolean(result)
    }

    private static func kindError(_ relation: Relation, _ kinds: String) -> BuiltinError {
        let accepted = relation.signatures.map { "(\($0.joined(separator: ", ")))" }.joined(separator: " or ")
        return BuiltinError("cannot take \(kinds); it takes \(accepted)")
    }

    private enum Operand {
        case point(Point)
        case range(Interval)

        var points: [FEELValue] {
            switch self {
            case .point(let point): [point.value].compactMap { $0 }
            case .range(let range): [range.start.value, range.end.value].compactMap { $0 }
            }
        }
    }

    /// Every pair of the values must be ordered against each other.
    private static func requireComparable(_ values: [FEELValue]) throws(BuiltinError) {
        for (offset, a) in values.enumerated() {
            for b in values[(offset + 1)...] where FEELSemantics.compare(a, b) == nil {
                throw BuiltinError("cannot compare \(a.typeName) \(a.literal) with \(b.typeName) \(b.literal)")
            }
        }
    }

    private static func operand(_ call: BuiltinCall, _ index: Int) throws(BuiltinError) -> Operand {
        switch call[index] {
        case .null:
            throw call.error(index, "is null")
        case .range(let range):
            func endpoint(_ value: FEELValue?, _ infinity: Point, _ side: String) throws(BuiltinError) -> Point {
                guard let value else { return infinity }
                if value.isNull { throw call.error(index, "has a null \(side)") }
                return .value(value)
            }
            let start = try endpoint(range.start, .negativeInfinity, "start")
            let end = try endpoint(range.end, .positiveInfinity, "end")
            // An unbounded end includes nothing at infinity.
            return .range(
                Interval(
                    start: start, startIncluded: range.startIncluded && range.start != nil,
                    end: end, endIncluded: range.endIncluded && range.end != nil))
        case let value:
            guard FEELSemantics.compare(value, value) != nil else {
                throw call.error(index, "must be a range or an ordered point (number, string, date, time, duration), not \(value.typeName)")
            }
            return .point(.value(value))
        }
    }

    /// A point on the ordered line, or one of its ends (for unbounded ranges).
    enum Point: Sendable {
        case negativeInfinity
        case value(FEELValue)
        case positiveInfinity

        private var rank: Int {
            switch self {
            case .negativeInfinity: -1
            case .value: 0
            case .positiveInfinity: 1
            }
        }

        /// FEEL ordering, with the infinities at the ends. Operands are checked for
        /// comparability first (``requireComparable(_:)``), so a failure here cannot happen.
        static func order(_ lhs: Point, _ rhs: Point) -> Int {
            guard case .value(let a) = lhs, case .value(let b) = rhs else { return lhs.rank - rhs.rank }
            return FEELSemantics.compare(a, b) ?? 0
        }

        static func < (lhs: Point, rhs: Point) -> Bool { order(lhs, rhs) < 0 }
        static func > (lhs: Point, rhs: Point) -> Bool { order(lhs, rhs) > 0 }
        /// Equal in FEEL's order (so `1 == 1.0`).
        static func == (lhs: Point, rhs: Point) -> Bool { order(lhs, rhs) == 0 }

        var value: FEELValue? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    /// A range with its ends as ``Point``s.
    struct Interval: Sendable {
        var start: Point
        var startIncluded: Bool
        var end: Point
        var endIncluded: Bool
    }
}
