import Testing

@testable import BatonFEEL

@Suite struct ListFunctionTests: BuiltinTesting {
    // MARK: list contains, count

    @Test func listContains() {
        #expect(call("list contains", numbers(1, 2, 3), number(2)).value == .boolean(true))
        #expect(call("list contains", numbers(1, 2, 3), number("2.0")).value == .boolean(true))
        #expect(call("list contains", strings("a", "b"), strings("a", "b")).value == .boolean(false))
        #expect(call("list contains", list(strings("a", "b")), strings("a", "b")).value == .boolean(true))
        #expect(call("list contains", list(number(1), .null), .null).value == .boolean(true))
        #expect(call("list contains", numbers(1), .null).value == .boolean(false))
        #expect(call("list contains", numbers(1), .string("1")).value == .boolean(false))
        #expect(call("list contains", named: ["list": numbers(1, 2), "element": number(2)]).value == .boolean(true))
        #expect(call("list contains", .null, number(1)).problem == "list contains: list is null")
    }

    @Test func count() {
        #expect(call("count", numbers(1, 2, 3)).value == number(3))
        #expect(call("count", list()).value == number(0))
        #expect(call("count", list(number(1), numbers(2, 3))).value == number(2))
        #expect(call("count", named: ["list": numbers(1)]).value == number(1))
        #expect(call("count", .null).isError)
        #expect(call("count").isError)
    }

    // MARK: min, max

    @Test func minAndMax() {
        #expect(call("min", numbers(6, 14, -3)).value == number(-3))
        #expect(call("max", numbers(6, 14, -3)).value == number(14))
        #expect(call("min", number(1), number(2), number(3)).value == number(1))
        #expect(call("max", number(1), number(2), number(3)).value == number(3))
        #expect(call("min", number(1)).value == number(1))
        #expect(call("max", strings("a", "c", "b")).value == .string("c"))
        #expect(call("min", named: ["list": numbers(3, 1)]).value == number(1))
    }

    @Test func minAndMaxOfNothing() {
        #expect(call("min", list()).value == .null)
        #expect(call("min", list()).problem == nil)
        #expect(call("max", list()).problem == nil)
        #expect(call("max").isError)
        #expect(call("min", .null).isError)
    }

    @Test func minAndMaxNeedComparableItems() {
        #expect(call("min", list(number(1), .string("a"))).problem == "min: list mixes number and string, which cannot be compared")
        #expect(call("max", list(number(1), .null)).isError)
        #expect(call("max", list(.boolean(true), .boolean(false))).isError)
        #expect(call("min", list(.boolean(true))).isError)
    }

    // MARK: sum, mean, median, mode, stddev, product

    @Test func sumIsExact() {
        #expect(call("sum", decimals("0.1", "0.2")).value.description == "0.3")
        #expect(call("sum", numbers(6, 14, -3)).value == number(17))
        #expect(call("sum", number(1), number(2), number(3)).value == number(6))
        #expect(call("sum", number(1)).value == number(1))
        #expect(call("sum", decimals("1E+20", "0.000001")).value.description == "100000000000000000000.000001")
        #expect(call("sum", named: ["list": numbers(1, 2)]).value == number(3))
    }

    @Test func sumErrors() {
        #expect(call("sum", list()).value == .null)
        #expect(call("sum", list()).problem == nil)
        #expect(call("sum", list(number(1), .null)).problem == "sum: list item 2 is null, not a number")
        #expect(call("sum", list(number(1), .string("2"))).problem == "sum: list item 2 is a string, not a number")
        #expect(call("sum", .null).isError)
        #expect(call("sum").isError)
    }

    @Test func mean() {
        #expect(call("mean", numbers(1, 2, 3)).value == number(2))
        #expect(call("mean", number(11), number(2), number(10)).value.description == "7.666666666666666666666666666666667")
        #expect(call("mean", numbers(6, 14, -3)).value.description == "5.666666666666666666666666666666667")
        #expect(call("mean", decimals("0.1", "0.2")).value.description == "0.15")
        #expect(call("mean", number(1)).value == number(1))
        #expect(call("mean", list()).value == .null)
        #expect(call("mean", list(number(1), .string("a"))).isError)
        #expect(call("mean", .null).isError)
        #expect(call("mean", named: ["list": numbers(1, 2)]).value == number("1.5"))
    }

    @Test func median() {
        #expect(call("median", numbers(8, 2, 5, 3, 4)).value == number(4))
        #expect(call("median", numbers(8, 2, 5, 7)).value == number(6))
        #expect(call("median", numbers(6, 1, 2, 3)).value == number("2.5"))
        #expect(call("median", number(4)).value == number(4))
        #expect(call("median", number(8), number(2), number(5), number(3), number(4)).value == number(4))
        #expect(call("median", named: ["list": numbers(8, 2, 5, 7)]).value == number(6))
        let empty = call("median", list())
        #expect(empty.value == .null && empty.problem == nil)
    }

    @Test func medianErrors() {
        #expect(call("median").isError)
        #expect(call("median", .null).isError)
        #expect(call("median", list(number(1), number(2), .string("foo"), number(4))).isError)
        #expect(call("median", named: ["list": .null]).isError)
        #expect(call("median", named: ["l": numbers(2, 4)]).isError)
    }

    @Test func mode() {
        #expect(call("mode", numbers(6, 3, 9, 6, 6)).value == numbers(6))
        #expect(call("mode", numbers(3, 6, 1, 9, 6, 1, 3)).value == numbers(1, 3, 6))
        #expect(call("mode", decimals("2.5", "1", "2.50", "3")).value == decimals("2.5"))
        #expect(call("mode", list()).value == list())
        #expect(call("mode", number(6)).value == numbers(6))
        #expect(call("mode", number(6), number(3), number(9), number(6), number(6)).value == numbers(6))
        #expect(call("mode", named: ["list": numbers(6, 3, 6)]).value == numbers(6))
        #expect(call("mode").isError)
        #expect(call("mode", .null).isError)
        #expect(call("mode", list(number(1), .string("foo"))).isError)
    }

    @Test func stddev() {
        #expect(call("stddev", numbers(2, 4, 7, 5)).value.description == "2.081665999466132735282297706979931")
        #expect(call("stddev", number(2), number(4), number(7), number(5)).value == call("stddev", numbers(2, 4, 7, 5)).value)
        #expect(call("stddev", numbers(1, 1, 1)).value == number(0))
        #expect(call("stddev", numbers(1, 3)).value.description == "1.414213562373095048801688724209698")
        #expect(call("stddev", decimals("0.1", "0.3")).value.description == "0.1414213562373095048801688724209698")
        #expect(call("stddev", named: ["list": numbers(2, 4)]).value.description == "1.414213562373095048801688724209698")
    }

    @Test func stddevErrors() {
        #expect(call("stddev").isError)
        #expect(call("stddev", .null).isError)
        #expect(call("stddev", list(number(1), .string("foo"))).isError)
        #expect(call("stddev", list()).isError)
        #expect(call("stddev", number(47)).isError)
        #expect(call("stddev", numbers(47)).problem == "stddev: needs at least two numbers for a sample standard deviation, not 1")
        #expect(call("stddev", named: ["l": numbers(2, 4)]).isError)
    }

    @Test func product() {
        #expect(call("product", numbers(6, 3, 9, 6, 6)).value == number(5832))
        #expect(call("product", decimals("2.5", "1", "2.5", "3")).value == number("18.75"))
        #expect(call("product", number(2), number(3), number(4)).value == number(24))
        #expect(call("product", number(6)).value == number(6))
        #expect(call("product", decimals("0.1", "0.1", "0.1")).value.description == "0.001")
        #expect(call("product", named: ["list": numbers(2, 3)]).value == number(6))
        #expect(call("product", list()).problem == "product: needs at least one number")
        #expect(call("product", decimals("1E+100", "1E+100")).problem == "product: the result is out of range")
        #expect(call("product").isError)
        #expect(call("product", .null).isError)
        #expect(call("product", list(number(1), .null)).isError)
        #expect(call("product", named: ["l": numbers(2)]).isError)
    }

    // MARK: all, any

    @Test(arguments: [
        ([true, false, true], false, true), ([true, true, true], true, true), ([true, nil, true], nil, true),
        ([false, nil], false, nil), ([], true, false), ([false, false], false, false), ([nil], nil, nil),
    ] as [([Bool?], Bool?, Bool?)])
    func allAndAnyAreThreeValued(items: [Bool?], all: Bool?, any: Bool?) {
        let values = items.map { $0.map(FEELValue.boolean) ?? .null }
        let expectedAll = all.map(FEELValue.boolean) ?? .null
        let expectedAny = any.map(FEELValue.boolean) ?? .null
        #expect(call("all", .list(values)).value == expectedAll)
        #expect(call("any", .list(values)).value == expectedAny)
        #expect(call("all", .list(values)).problem == nil)
        if values.count > 1 {
            #expect(BuiltinHarness.call("all", values).value == expectedAll)
            #expect(BuiltinHarness.call("any", values).value == expectedAny)
        }
    }

    @Test func allAndAnySingleValues() {
        #expect(call("all", .boolean(true)).value == .boolean(true))
        #expect(call("all", .boolean(false)).value == .boolean(false))
        #expect(call("any", .boolean(true)).value == .boolean(true))
        #expect(call("all", named: ["list": list(.boolean(true), .null)]).value == .null)
        #expect(call("any", named: ["list": list(.null, .boolean(false))]).value == .null)
    }

    @Test func allAndAnyErrors() {
        for name in ["all", "any"] {
            #expect(call(name, list(.boolean(true), number(123))).isError)
            #expect(call(name, .null).isError)
            #expect(call(name, number(123)).isError)
            #expect(call(name).isError)
            #expect(call(name, .boolean(true), number(123)).isError)
            #expect(call(name, named: ["list": .null]).isError)
            #expect(call(name, named: ["l": list(.boolean(true))]).isError)
        }
        #expect(call("all", list(.boolean(true), number(123))).problem == "all: list item 2 is a number, not a boolean")
    }

    // MARK: sublist, append, concatenate, insert before, remove, reverse

    @Test func sublist() {
        #expect(call("sublist", numbers(4, 5, 6), number(1), number(2)).value == numbers(4, 5))
        #expect(call("sublist", strings("a", "b", "c"), number(-1), number(1)).value == strings("c"))
        #expect(call("sublist", numbers(4, 5, 6), number(2)).value == numbers(5, 6))
        #expect(call("sublist", numbers(4, 5, 6), number(-3), number(0)).value == list())
        #expect(call("sublist", numbers(4, 5, 6), number("2.7"), number("1.9")).value == numbers(5))
        #expect(call("sublist", named: ["list": numbers(4, 5, 6), "start position": number(3)]).value == numbers(6))
        #expect(call("sublist", named: ["list": numbers(4, 5, 6), "start position": number(1), "length": number(1)]).value == numbers(4))
    }

    @Test func sublistErrors() {
        #expect(call("sublist", numbers(4, 5, 6), number(0)).problem == "sublist: start position 0 is out of range for a list of 3 items")
        #expect(call("sublist", numbers(4, 5, 6), number(4)).isError)
        #expect(call("sublist", numbers(4, 5, 6), number(-4)).isError)
        #expect(call("sublist", numbers(4, 5, 6), number(2), number(3)).isError)
        #expect(call("sublist", numbers(4, 5, 6), number(2), number(-1)).isError)
        #expect(call("sublist", .null, number(1)).isError)
        #expect(call("sublist", numbers(1), .null).isError)
        #expect(call("sublist", numbers(1), .string("1")).isError)
    }

    @Test func append() {
        #expect(call("append", numbers(6, 14, -3), number(11), number(2)).value == numbers(6, 14, -3, 11, 2))
        #expect(call("append", strings("a"), strings("b", "c")).value == list(.string("a"), strings("b", "c")))
        #expect(call("append", numbers(1)).value == numbers(1))
        #expect(call("append", list(), .null).value == list(.null))
        #expect(call("append", named: ["list": numbers(1), "item": number(2)]).value == numbers(1, 2))
        #expect(call("append", .null, number(1)).isError)
        #expect(call("append").isError)
    }

    @Test func concatenate() {
        #expect(call("concatenate", strings("a", "b"), strings("c")).value == strings("a", "b", "c"))
        #expect(call("concatenate", numbers(1), list(), numbers(2, 3)).value == numbers(1, 2, 3))
        #expect(call("concatenate", list(numbers(1)), numbers(2)).value == list(numbers(1), number(2)))
        #expect(call("concatenate").value == list())
        #expect(call("concatenate", numbers(1), .null).problem == "concatenate: list is null")
    }

    @Test func insertBefore() {
        #expect(call("insert before", strings("x", "y", "z"), number(2), .string("OK")).value == strings("x", "OK", "y", "z"))
        #expect(call("insert before", numbers(1, 3), number(1), number(0)).value == numbers(0, 1, 3))
        #expect(call("insert before", numbers(1, 3), number(-1), number(2)).value == numbers(1, 2, 3))
        #expect(call("insert before", list(strings("o"), strings("p", "q")), number(2), strings("a")).value
            == list(strings("o"), strings("a"), strings("p", "q")))
        #expect(call("insert before", numbers(1), number(1), .null).value == list(.null, number(1)))
        #expect(call("insert before", named: ["list": numbers(2), "position": number(1), "newItem": number(1)]).value == numbers(1, 2))
        #expect(call("insert before", numbers(1, 3), number(3), number(4)).isError)
        #expect(call("insert before", numbers(1, 3), number(0), number(4)).isError)
        #expect(call("insert before", .null, number(1), number(4)).isError)
        #expect(call("insert before", numbers(1), .null, number(4)).isError)
    }

    @Test func remove() {
        #expect(call("remove", strings("x", "y", "z"), number(2)).value == strings("x", "z"))
        #expect(call("remove", strings("x", "y", "z"), number(-1)).value == strings("x", "y"))
        #expect(call("remove", named: ["list": numbers(1, 2), "position": number(1)]).value == numbers(2))
        #expect(call("remove", numbers(1, 2), number(3)).problem == "remove: position 3 is out of range for a list of 2 items")
        #expect(call("remove", list(), number(1)).isError)
        #expect(call("remove", .null, number(1)).isError)
        #expect(call("remove", numbers(1), .string("1")).isError)
    }

    @Test func reverse() {
        #expect(call("reverse", numbers(1, 2, 3)).value == numbers(3, 2, 1))
        #expect(call("reverse", list()).value == list())
        #expect(call("reverse", named: ["list": numbers(1, 2)]).value == numbers(2, 1))
        #expect(call("reverse", .null).isError)
    }

    // MARK: index of, union, distinct values, duplicate values, flatten

    @Test func indexOf() {
        #expect(call("index of", numbers(1, 2, 3, 2), number(2)).value == numbers(2, 4))
        #expect(call("index of", strings("x", "y", "z"), .string("OK")).value == list())
        #expect(call("index of", list(.null, number(1), .null), .null).value == numbers(1, 3))
        #expect(call("index of", named: ["list": numbers(5), "match": number(5)]).value == numbers(1))
        #expect(call("index of", .null, number(1)).isError)
    }

    @Test func union() {
        #expect(call("union", numbers(1, 2), numbers(2, 3)).value == numbers(1, 2, 3))
        #expect(call("union", numbers(1, 1), list(number("1.0"), .string("1"))).value == list(number(1), .string("1")))
        #expect(call("union").value == list())
        #expect(call("union", numbers(1), .null).isError)
    }

    @Test func distinctValues() {
        #expect(call("distinct values", numbers(1, 2, 3, 2, 1)).value == numbers(1, 2, 3))
        #expect(call("distinct values", list(numbers(1), numbers(1), .null, .null)).value == list(numbers(1), .null))
        #expect(call("distinct values", list(context(["a": number(1)]), context(["a": number("1.0")]))).value == list(context(["a": number(1)])))
        #expect(call("distinct values", named: ["list": numbers(1, 1)]).value == numbers(1))
        #expect(call("distinct values", .null).isError)
    }

    @Test func duplicateValues() {
        #expect(call("duplicate values", numbers(1, 2, 3, 2, 1, 1)).value == numbers(2, 1))
        #expect(call("duplicate values", numbers(1, 2, 3)).value == list())
        #expect(call("duplicate values", list(.string("a"), .null, .null)).value == list(.null))
        #expect(call("duplicate values", named: ["list": numbers(4, 4)]).value == numbers(4))
        #expect(call("duplicate values", .null).isError)
    }

    @Test func flatten() {
        #expect(call("flatten", list(strings("w", "x"), .string("y"), .string("z"))).value == strings("w", "x", "y", "z"))
        #expect(call("flatten", list(numbers(1, 2), list(numbers(3), list(list(number(4)))))).value == numbers(1, 2, 3, 4))
        #expect(call("flatten", list(list(), .null)).value == list(.null))
        #expect(call("flatten", named: ["list": list(numbers(1))]).value == numbers(1))
        #expect(call("flatten", .null).isError)
    }

    // MARK: sort

    @Test func sortNaturally() {
        #expect(call("sort", numbers(3, 1, 5, 4)).value == numbers(1, 3, 4, 5))
        #expect(call("sort", strings("a", "8", "Aa", "A", "10", "9")).value == strings("10", "8", "9", "A", "Aa", "a"))
        #expect(call("sort", list()).value == list())
        #expect(call("sort", numbers(2, 1), .null).value == numbers(1, 2))
        #expect(call("sort", list(number(1), .string("a"))).isError)
        #expect(call("sort", .null).isError)
    }

    @Test func sortWithPrecedes() {
        #expect(call("sort", numbers(3, 1, 5, 4), function("greater")).value == numbers(5, 4, 3, 1))
        #expect(call("sort", named: ["list": numbers(3, 1, 2), "precedes": function("less")]).value == numbers(1, 2, 3))
        let people = list(
            context(["name": .string("b"), "age": number(40)]), context(["name": .string("a"), "age": number(30)]),
            context(["name": .string("c"), "age": number(30)]))
        // Stable: a and c, equally old, keep their order.
        #expect(call("sort", people, function("younger")).value == list(
            context(["name": .string("a"), "age": number(30)]), context(["name": .string("c"), "age": number(30)]),
            context(["name": .string("b"), "age": number(40)])))
    }

    @Test func sortWithBadPrecedes() {
        #expect(call("sort", numbers(1, 2), .string("less")).problem == "sort: precedes must be a function, not string")
        #expect(call("sort", numbers(1, 2), function("number")).problem == "sort: precedes returned 1, not a boolean, for 2 and 1")
        // The function's own reason comes first.
        #expect(call("sort", numbers(1, 2), function("failing")).problem == "the test function failed")
        #expect(call("sort", numbers(1), function("failing")).value == numbers(1))
    }

    // MARK: list replace

    @Test func listReplaceAtPosition() {
        #expect(call("list replace", numbers(1, 2, 3), number(2), number(4)).value == numbers(1, 4, 3))
        #expect(call("list replace", numbers(1, 2, 3), number(-1), number(4)).value == numbers(1, 2, 4))
        #expect(call("list replace", numbers(1, 2, 3), number(3), .null).value == list(number(1), number(2), .null))
        #expect(call("list replace", numbers(1, 2, 3), number("2.5"), number(4)).value == numbers(1, 4, 3))
        #expect(call("list replace", numbers(1, 2, 3), number("-1.5"), number(4)).value == numbers(1, 2, 4))
        #expect(call("list replace", number(1), number(1), number(5)).value == numbers(5))
        #expect(call("list replace", named: ["position": number(2), "newItem": number(4), "list": numbers(1, 2, 3)]).value == numbers(1, 4, 3))
    }

    @Test func listReplaceMatching() {
        #expect(call("list replace", numbers(2, 4, 7, 8), function("item less than new"), number(5)).value == numbers(5, 5, 7, 8))
        #expect(call("list replace", numbers(1, 2, 3, 4), function("always"), number(5)).value == numbers(5, 5, 5, 5))
        #expect(call("list replace", named: ["match": function("always"), "newItem": number(4), "list": numbers(1)]).value == numbers(4))
        #expect(call("list replace", numbers(2, 4), function("number"), number(5)).isError)
        #expect(call("list replace", numbers(2, 4), function("one parameter"), number(5)).isError)
    }

    @Test func listReplaceErrors() {
        #expect(call("list replace", numbers(1, 2, 3), number(0), number(4)).isError)
        #expect(call("list replace", numbers(1, 2, 3), number(4), number(4)).isError)
        #expect(call("list replace", numbers(1, 2, 3), number(-4), number(4)).isError)
        #expect(call("list replace", .null, number(1), number(4)).isError)
        #expect(call("list replace", numbers(1, 2, 3), .null, number(4)).isError)
        #expect(call("list replace", numbers(1, 2, 3), .string("2"), number(4)).problem
            == "list replace: position must be a number or a function, not string")
        #expect(call("list replace", numbers(1, 2, 3), .string("2")).isError)
        #expect(call("list replace", named: ["match": number(1), "newItem": number(4), "list": numbers(1)]).isError)
        #expect(call("list replace", named: ["position": number(2), "newItem": number(4), "list": numbers(1, 2, 3), "foo": number(1)]).isError)
    }
}
