import Testing

@testable import BatonFEEL

/// Cases from the DMN 1.4 range function examples, written with these shorthands:
/// `closed(1, 10)` is `[1..10]`, `open` is `(1..10)`, `openStart` is `(1..10]`, `openEnd` is `[1..10)`.
@Suite struct RangeFunctionTests: BuiltinTesting {
    private func check(_ name: String, _ a: FEELValue, _ b: FEELValue, _ expected: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = call(name, a, b)
        #expect(outcome.value == .boolean(expected), "\(name)(\(a.literal), \(b.literal)) gave \(outcome)", sourceLocation: sourceLocation)
    }

    @Test func before() {
        check("before", number(1), number(10), true)
        check("before", number(10), number(1), false)
        check("before", number(1), closed(1, 10), false)
        check("before", number(1), openStart(1, 10), true)
        check("before", number(1), closed(5, 10), true)
        check("before", closed(1, 10), number(10), false)
        check("before", openEnd(1, 10), number(10), true)
        check("before", closed(1, 10), number(15), true)
        check("before", closed(1, 10), closed(15, 20), true)
        check("before", closed(1, 10), closed(10, 20), false)
        check("before", openEnd(1, 10), closed(10, 20), true)
        check("before", closed(1, 10), openStart(10, 20), true)
    }

    @Test func after() {
        check("after", number(10), number(5), true)
        check("after", number(5), number(10), false)
        check("after", number(12), closed(2, 5), true)
        check("after", number(10), openEnd(1, 10), true)
        check("after", number(10), closed(1, 10), false)
        check("after", closed(11, 20), number(12), false)
        check("after", closed(11, 20), number(10), true)
        check("after", openStart(11, 20), number(11), true)
        check("after", closed(11, 20), number(11), false)
        check("after", closed(11, 20), closed(1, 10), true)
        check("after", closed(1, 10), closed(11, 20), false)
        check("after", closed(11, 20), closed(1, 11), false)
        check("after", openStart(11, 20), closed(1, 11), true)
    }

    @Test func meetsAndMetBy() {
        check("meets", closed(1, 5), closed(5, 10), true)
        check("meets", closed(1, 5), openStart(5, 10), false)
        check("meets", openEnd(1, 5), closed(5, 10), false)
        check("meets", closed(1, 5), closed(6, 10), false)
        check("met by", closed(5, 10), closed(1, 5), true)
        check("met by", closed(5, 10), openEnd(1, 5), false)
        check("met by", openStart(5, 10), closed(1, 5), false)
        check("met by", closed(6, 10), closed(1, 5), false)
    }

    @Test func overlaps() {
        check("overlaps", closed(1, 5), closed(3, 8), true)
        check("overlaps", closed(3, 8), closed(1, 5), true)
        check("overlaps", closed(1, 8), closed(3, 5), true)
        check("overlaps", closed(3, 5), closed(1, 8), true)
        check("overlaps", closed(1, 5), closed(6, 8), false)
        check("overlaps", closed(6, 8), closed(1, 5), false)
        check("overlaps", closed(1, 5), closed(5, 8), true)
        check("overlaps", closed(1, 5), openStart(5, 8), false)
        check("overlaps", openEnd(1, 5), closed(5, 8), false)
        check("overlaps", openEnd(1, 5), openStart(5, 8), false)
        check("overlaps", closed(5, 8), closed(1, 5), true)
        check("overlaps", openStart(5, 8), closed(1, 5), false)
        check("overlaps", closed(5, 8), openEnd(1, 5), false)
    }

    @Test func overlapsBeforeAndAfter() {
        check("overlaps before", closed(1, 5), closed(3, 8), true)
        check("overlaps before", closed(1, 5), closed(6, 8), false)
        check("overlaps before", closed(1, 5), closed(5, 8), true)
        check("overlaps before", closed(1, 5), openStart(5, 8), false)
        check("overlaps before", openEnd(1, 5), closed(5, 8), false)
        check("overlaps before", openEnd(1, 5), openStart(1, 5), true)
        check("overlaps before", closed(1, 5), openStart(1, 5), true)
        check("overlaps before", openEnd(1, 5), closed(1, 5), false)
        check("overlaps before", closed(1, 5), closed(1, 5), false)
        check("overlaps after", closed(3, 8), closed(1, 5), true)
        check("overlaps after", closed(6, 8), closed(1, 5), false)
        check("overlaps after", closed(5, 8), closed(1, 5), true)
        check("overlaps after", openStart(5, 8), closed(1, 5), false)
        check("overlaps after", closed(5, 8), openEnd(1, 5), false)
        check("overlaps after", openStart(1, 5), openEnd(1, 5), true)
        check("overlaps after", openStart(1, 5), closed(1, 5), true)
        check("overlaps after", closed(1, 5), openStart(1, 5), false)
        check("overlaps after", closed(1, 5), closed(1, 5), false)
    }

    @Test func finishesAndFinishedBy() {
        check("finishes", number(10), closed(1, 10), true)
        check("finishes", number(10), openEnd(1, 10), false)
        check("finishes", closed(5, 10), closed(1, 10), true)
        check("finishes", closed(5, 10), openEnd(1, 10), false)
        check("finishes", closed(5, 10), closed(1, 10), true)
        check("finishes", closed(1, 10), closed(1, 10), true)
        check("finishes", openStart(1, 10), closed(1, 10), true)
        check("finished by", closed(1, 10), number(10), true)
        check("finished by", openEnd(1, 10), number(10), false)
        check("finished by", closed(1, 10), closed(5, 10), true)
        check("finished by", openEnd(1, 10), closed(5, 10), false)
        check("finished by", openEnd(1, 10), openEnd(5, 10), true)
        check("finished by", closed(1, 10), closed(1, 10), true)
        check("finished by", closed(1, 10), openStart(1, 10), true)
    }

    @Test func includesAndDuring() {
        check("includes", closed(1, 10), number(5), true)
        check("includes", closed(1, 10), number(12), false)
        check("includes", closed(1, 10), number(1), true)
        check("includes", closed(1, 10), number(10), true)
        check("includes", openStart(1, 10), number(1), false)
        check("includes", openEnd(1, 10), number(10), false)
        check("includes", closed(1, 10), closed(4, 6), true)
        check("includes", closed(1, 10), closed(1, 5), true)
        check("includes", openStart(1, 10), openStart(1, 5), true)
        check("includes", closed(1, 10), openStart(1, 10), true)
        check("includes", openEnd(1, 10), openEnd(5, 10), true)
        check("includes", closed(1, 10), open(1, 10), true)
        check("includes", closed(1, 10), closed(1, 10), true)
        check("includes", open(1, 10), closed(1, 10), false)
        check("during", number(5), closed(1, 10), true)
        check("during", number(12), closed(1, 10), false)
        check("during", number(1), closed(1, 10), true)
        check("during", number(10), closed(1, 10), true)
        check("during", number(1), openStart(1, 10), false)
        check("during", number(10), openEnd(1, 10), false)
        check("during", closed(4, 6), closed(1, 10), true)
        check("during", closed(1, 5), closed(1, 10), true)
        check("during", openStart(1, 5), openStart(1, 10), true)
        check("during", openStart(1, 10), closed(1, 10), true)
        check("during", openEnd(5, 10), openEnd(1, 10), true)
        check("during", open(1, 10), closed(1, 10), true)
        check("during", closed(1, 10), closed(1, 10), true)
        check("during", closed(1, 10), open(1, 10), false)
    }

    @Test func startsAndStartedBy() {
        check("starts", number(1), closed(1, 10), true)
        check("starts", number(1), openStart(1, 10), false)
        check("starts", number(2), closed(1, 10), false)
        check("starts", closed(1, 5), closed(1, 10), true)
        check("starts", openStart(1, 5), openStart(1, 10), true)
        check("starts", openStart(1, 5), closed(1, 10), false)
        check("starts", closed(1, 5), openStart(1, 10), false)
        check("starts", closed(1, 10), closed(1, 10), true)
        check("starts", closed(1, 10), openEnd(1, 10), false)
        check("starts", openEnd(1, 10), closed(1, 10), true)
        check("started by", closed(1, 10), number(1), true)
        check("started by", openStart(1, 10), number(1), false)
        check("started by", closed(1, 10), number(2), false)
        check("started by", closed(1, 10), closed(1, 5), true)
        check("started by", openStart(1, 10), openStart(1, 5), true)
        check("started by", closed(1, 10), openStart(1, 5), false)
        check("started by", openStart(1, 10), closed(1, 5), false)
        check("started by", closed(1, 10), closed(1, 10), true)
        check("started by", closed(1, 10), openEnd(1, 10), true)
        check("started by", openEnd(1, 10), closed(1, 10), false)
    }

    @Test func coincides() {
        check("coincides", number(5), number(5), true)
        check("coincides", number(3), number(4), false)
        check("coincides", number(5), number("5.0"), true)
        check("coincides", closed(1, 5), closed(1, 5), true)
        check("coincides", openStart(1, 5), closed(1, 5), false)
        check("coincides", closed(1, 5), closed(2, 6), false)
    }

    @Test func unboundedRanges() {
        let belowFive = range(nil, number(5), startIncluded: false, endIncluded: false)
        let atLeastTen = range(number(10), nil, startIncluded: true, endIncluded: false)
        check("before", belowFive, number(5), true)
        check("before", belowFive, atLeastTen, true)
        check("before", number(11), atLeastTen, false)
        check("after", atLeastTen, number(9), true)
        check("includes", belowFive, number(-1_000_000), true)
        check("includes", atLeastTen, closed(10, 20), true)
        check("during", closed(10, 20), atLeastTen, true)
        check("overlaps", belowFive, atLeastTen, false)
        check("starts", range(nil, number(3), startIncluded: false), belowFive, true)
        check("finishes", number(5), belowFive, false)
        check("coincides", belowFive, range(nil, number(5), startIncluded: true, endIncluded: false), true)
    }

    @Test func otherPointTypes() {
        check("before", .string("a"), .string("b"), true)
        check("includes", range(.string("a"), .string("c")), .string("b"), true)
    }

    @Test func namedArguments() {
        #expect(call("before", named: ["point1": number(1), "point2": number(10)]).value == .boolean(true))
        #expect(call("before", named: ["range1": closed(1, 5), "range2": closed(6, 10)]).value == .boolean(true))
        #expect(call("before", named: ["point": number(1), "range": closed(2, 5)]).value == .boolean(true))
        #expect(call("meets", named: ["range1": closed(1, 5), "range2": closed(5, 10)]).value == .boolean(true))
        #expect(call("finishes", named: ["point": number(10), "range": closed(1, 10)]).value == .boolean(true))
        #expect(call("finished by", named: ["range": closed(1, 10), "point": number(10)]).value == .boolean(true))
        #expect(call("includes", named: ["range": closed(1, 10), "point": number(5)]).value == .boolean(true))
        #expect(call("during", named: ["point": number(5), "range": closed(1, 10)]).value == .boolean(true))
        #expect(call("starts", named: ["point": number(1), "range": closed(1, 10)]).value == .boolean(true))
        #expect(call("started by", named: ["range": closed(1, 10), "point": number(1)]).value == .boolean(true))
        #expect(call("coincides", named: ["point1": number(1), "point2": number(1)]).value == .boolean(true))
        #expect(call("meets", named: ["a": closed(1, 5), "b": closed(5, 10)]).isError)
    }

    @Test func signatures() {
        let expected: [String: [[String]]] = [
            "before": [["point1", "point2"], ["point", "range"], ["range", "point"], ["range1", "range2"]],
            "after": [["point1", "point2"], ["point", "range"], ["range", "point"], ["range1", "range2"]],
            "meets": [["range1", "range2"]], "met by": [["range1", "range2"]], "overlaps": [["range1", "range2"]],
            "overlaps before": [["range1", "range2"]], "overlaps after": [["range1", "range2"]],
            "finishes": [["point", "range"], ["range1", "range2"]], "finished by": [["range", "point"], ["range1", "range2"]],
            "includes": [["range", "point"], ["range1", "range2"]], "during": [["point", "range"], ["range1", "range2"]],
            "starts": [["point", "range"], ["range1", "range2"]], "started by": [["range", "point"], ["range1", "range2"]],
            "coincides": [["point1", "point2"], ["range1", "range2"]],
        ]
        for (name, signatures) in expected {
            #expect(BuiltinLibrary.byName[name]?.map { $0.parameters.map(\.name) } == signatures, "\(name)")
        }
    }

    @Test func wrongKinds() {
        #expect(call("meets", number(1), closed(1, 5)).problem == "meets: cannot take a point and a range; it takes (range1, range2)")
        #expect(call("finishes", closed(1, 5), number(5)).isError)
        #expect(call("includes", number(5), closed(1, 5)).isError)
        #expect(call("coincides", number(5), closed(1, 5)).isError)
    }

    @Test func nullsAndIncomparableValues() {
        #expect(call("before", .null, number(1)).problem == "before: point1 is null")
        #expect(call("before", number(1), .null).isError)
        #expect(call("before", number(1), .string("a")).problem == "before: cannot compare number 1 with string \"a\"")
        #expect(call("includes", closed(1, 5), .string("a")).isError)
        #expect(call("before", .boolean(true), .boolean(false)).isError)
        #expect(call("before", numbers(1), numbers(2)).isError)
        #expect(call("overlaps", range(.null, number(5)), closed(1, 2)).problem == "overlaps: range1 has a null start")
        #expect(call("before", number(1)).isError)
    }
}
