import Testing

@testable import BatonFEEL

@Suite struct ContextFunctionTests: BuiltinTesting {
    @Test func getValue() {
        #expect(call("get value", context(["a": .string("foo")]), .string("a")).value == .string("foo"))
        #expect(call("get value", named: ["key": .string("a"), "m": context(["a": .string("foo")])]).value == .string("foo"))
        let missing = call("get value", context(["a": .string("foo")]), .string("b"))
        #expect(missing.value == .null && missing.problem == nil)
        let null = call("get value", context(["a": .null]), .string("a"))
        #expect(null.value == .null && null.problem == nil)
    }

    @Test func getValueErrors() {
        #expect(call("get value").isError)
        #expect(call("get value", context(["a": .string("foo")])).isError)
        #expect(call("get value", context(["a": .string("foo")]), .string("a"), .string("bar")).isError)
        #expect(call("get value", .string("foo"), .string("foo")).problem == "get value: m must be a context, not string")
        #expect(call("get value", context(["a": .string("foo")]), number(123)).isError)
        #expect(call("get value", named: ["k": .string("a"), "m": context(["a": .string("foo")])]).isError)
        #expect(call("get value", .null, .string("a")).isError)
        #expect(call("get value", context(["a": .string("foo")]), .null).isError)
    }

    @Test func getEntries() {
        let entries = list(
            context(["key": .string("a"), "value": .string("foo")]), context(["key": .string("b"), "value": .string("bar")]))
        #expect(call("get entries", context(["a": .string("foo"), "b": .string("bar")])).value == entries)
        #expect(call("get entries", named: ["m": context(["a": .string("foo"), "b": .string("bar")])]).value == entries)
        #expect(call("get entries", context([:])).value == list())
        #expect(call("get entries").isError)
        #expect(call("get entries", context(["a": .string("foo")]), context(["b": .string("bar")])).isError)
        #expect(call("get entries", .null).isError)
        #expect(call("get entries", named: ["map": context(["a": .string("foo")])]).isError)
        #expect(call("get entries", number(123)).isError)
        #expect(call("get entries", numbers(1, 2, 3)).isError)
    }

    @Test func getEntriesKeepsOrder() {
        let result = call("get entries", context(["z": number(1), "a": number(2)])).value
        guard case .list(let items) = result, case .context(let first) = items.first else {
            Issue.record("not a list of contexts: \(result)")
            return
        }
        #expect(first["key"] == .string("z"))
    }

    @Test func contextFromEntries() {
        #expect(call("context", list(context(["key": .string("a"), "value": number(1)]), context(["key": .string("b"), "value": number(2)]))).value
            == context(["a": number(1), "b": number(2)]))
        #expect(call("context", list()).value == context([:]))
        #expect(call("context", context(["key": .string("a"), "value": number(1)])).value == context(["a": number(1)]))
        #expect(call("context", context(["key": .string("a"), "value": .null])).value == context(["a": .null]))
        #expect(call("context", context(["key": .string(""), "value": number(1)])).value == context(["": number(1)]))
        #expect(call("context", named: ["entries": list(context(["key": .string("a"), "value": number(1), "ignored": .string("foo")]))]).value
            == context(["a": number(1)]))
    }

    @Test func contextErrors() {
        #expect(call("context", list(context(["key": .string("a"), "value": number(1)]), context(["key": .string("a"), "value": number(2)]))).problem
            == "context: key \"a\" appears more than once")
        #expect(call("context", context(["value": number(1)])).isError)
        #expect(call("context", context(["key": .null, "value": number(1)])).isError)
        #expect(call("context", context(["key": .string("a")])).problem == "context: entry 1 has no 'value'")
        #expect(call("context", list(number(1))).isError)
        #expect(call("context", .null).isError)
        #expect(call("context").isError)
        #expect(call("context", .string("foo")).isError)
        #expect(call("context", named: ["entris": context(["key": .string("a"), "value": number(1)])]).isError)
    }

    @Test func contextPut() {
        #expect(call("context put", context([:]), .string("a"), number(1)).value == context(["a": number(1)]))
        #expect(call("context put", context(["a": number(1)]), .string("a"), number(2)).value == context(["a": number(2)]))
        #expect(call("context put", context([:]), .string(""), number(1)).value == context(["": number(1)]))
        #expect(call("context put", context([:]), .string("a"), .null).value == context(["a": .null]))
        #expect(call("context put", named: ["context": context([:]), "key": .string("a"), "value": number(1)]).value == context(["a": number(1)]))
    }

    @Test func contextPutKeepsPositionsAndAppends() {
        let replaced = call("context put", context(["a": number(1), "b": number(2), "c": number(3)]), .string("b"), number(3)).value
        let appended = call("context put", context(["a": number(1)]), .string("b"), number(2)).value
        guard case .context(let first) = replaced, case .context(let second) = appended else {
            Issue.record("not contexts")
            return
        }
        #expect(first.keys == ["a", "b", "c"])
        #expect(second.keys == ["a", "b"])
    }

    @Test func contextPutAtAPath() {
        let base = context(["x": number(1), "y": context(["a": number(0)])])
        #expect(call("context put", base, strings("y", "a"), number(2)).value == context(["x": number(1), "y": context(["a": number(2)])]))
        #expect(call("context put", base, strings("y", "b"), number(2)).value
            == context(["x": number(1), "y": context(["a": number(0), "b": number(2)])]))
        #expect(call("context put", named: ["context": base, "keys": strings("y", "a"), "value": number(2)]).value
            == context(["x": number(1), "y": context(["a": number(2)])]))
        let deep = context(["x": number(1), "y": context(["a": context(["b": context(["c": number(1)])])])])
        #expect(call("context put", deep, strings("y", "a", "b", "c"), number(2)).value
            == context(["x": number(1), "y": context(["a": context(["b": context(["c": number(2)])])])]))
        #expect(call("context put", base, strings("x"), number(5)).value == context(["x": number(5), "y": context(["a": number(0)])]))
    }

    @Test func contextPutErrors() {
        let base = context(["x": number(1), "y": context(["a": number(0)])])
        #expect(call("context put", context([:]), .null, number(1)).isError)
        #expect(call("context put", .null, .string("a"), number(1)).isError)
        #expect(call("context put", context([:]), .string("a")).isError)
        #expect(call("context put", context([:]), .string("a"), number(1), number(1)).isError)
        #expect(call("context put", named: ["context": context([:]), "ky": .string("a"), "value": number(1)]).isError)
        #expect(call("context put", list(), .string("a"), number(1)).isError)
        #expect(call("context put", context([:]), number(1), number(1)).isError)
        #expect(call("context put", base, list(.string("y"), .null), number(2)).isError)
        #expect(call("context put", base, list(.null, .string("a")), number(2)).isError)
        #expect(call("context put", base, list(.null), number(2)).isError)
        #expect(call("context put", base, list(), number(2)).problem == "context put: keys is empty")
        #expect(call("context put", named: ["context": base, "key": strings("y", "a"), "value": number(2)]).isError)
        #expect(call("context put", base, strings("y", "a", "b", "c"), number(2)).problem
            == "context put: the entry \"a\" on the keys path is a number, not a context")
        #expect(call("context put", base, strings("z", "a"), number(2)).isError)
    }

    @Test func contextMerge() {
        #expect(call("context merge", list(context(["a": number(1)]))).value == context(["a": number(1)]))
        #expect(call("context merge", list(context([:]))).value == context([:]))
        #expect(call("context merge", list()).value == context([:]))
        #expect(call("context merge", list(context(["a": number(1)]), context(["b": number(2)]))).value == context(["a": number(1), "b": number(2)]))
        #expect(call("context merge", list(context(["a": number(1)]), context(["a": number(2)]))).value == context(["a": number(2)]))
        #expect(call("context merge", list(context(["a": context(["aa": number(1)])]), context(["a": context(["bb": number(2)])]))).value
            == context(["a": context(["bb": number(2)])]))
        #expect(call("context merge", context(["a": number(1)])).value == context(["a": number(1)]))
        #expect(call("context merge", named: ["contexts": list(context(["a": number(1)]))]).value == context(["a": number(1)]))
        #expect(call("context merge", named: ["contexts": context(["a": number(1)])]).value == context(["a": number(1)]))
    }

    @Test func contextMergeErrors() {
        #expect(call("context merge", .null).isError)
        #expect(call("context merge").isError)
        #expect(call("context merge", list(), .string("foo")).isError)
        #expect(call("context merge", named: ["context": list(context(["a": number(1)]))]).isError)
        #expect(call("context merge", numbers(1, 2, 3)).problem == "context merge: contexts item 1 is a number, not a context")
        #expect(call("context merge", list(context(["a": number(1)]), number(2), context(["b": number(2)]))).isError)
    }
}
