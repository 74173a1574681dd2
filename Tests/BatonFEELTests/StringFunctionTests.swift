import Testing

@testable import BatonFEEL

@Suite struct StringFunctionTests: BuiltinTesting {
    // MARK: substring

    @Test(arguments: [
        ("f", 1, nil, "f"), ("f", 1, 1, "f"), ("foobar", 6, nil, "r"), ("foobar", 1, 6, "foobar"), ("foobar", 3, nil, "obar"),
        ("foobar", 3, 3, "oba"), ("foobar", -2, 1, "a"), ("foob r", -2, 1, " "), ("foobar", -6, 6, "foobar"),
        ("foobar", 4, 0, ""), ("foobar", 4, 100, "bar"),
    ] as [(String, Int, Int?, String)])
    func substring(text: String, start: Int, length: Int?, expected: String) {
        let result = length.map { call("substring", .string(text), number(start), number($0)) } ?? call("substring", .string(text), number(start))
        #expect(result.value == .string(expected))
    }

    @Test func substringCountsCodePoints() {
        #expect(call("substring", .string("\u{1F40E}foo"), number(2)).value == .string("foo"))
        #expect(call("substring", .string("e\u{301}x"), number(2), number(1)).value == .string("\u{301}"))
    }

    @Test func substringTruncatesFractionalPositions() {
        #expect(call("substring", .string("foobar"), number(3), number("3.8")).value == .string("oba"))
        #expect(call("substring", .string("foobar"), number("3.9")).value == .string("obar"))
    }

    @Test func substringOutOfRange() {
        #expect(call("substring", .string("foobar"), number(0)).problem == "substring: start position 0 is out of range for a string of length 6")
        #expect(call("substring", .string("foobar"), number(7)).isError)
        #expect(call("substring", .string("foobar"), number(-7)).isError)
        #expect(call("substring", .string(""), number(1)).isError)
        #expect(call("substring", .string("foobar"), number(1), number(-1)).problem == "substring: length -1 is negative")
    }

    @Test func substringNullsAndTypes() {
        #expect(call("substring", .null, number(1)).problem == "substring: string is null")
        #expect(call("substring", .string("foo"), .null).isError)
        #expect(call("substring", .string("foo"), number(1), .null).isError)
        #expect(call("substring", number(123), number(1)).problem == "substring: string must be a string, not number")
        #expect(call("substring", .string("foo"), .string("1")).isError)
        #expect(call("substring", .string("foo")).isError)
    }

    @Test func substringNamedArguments() {
        #expect(call("substring", named: ["string": .string("foobar"), "start position": number(3)]).value == .string("obar"))
        #expect(call("substring", named: ["length": number(2), "start position": number(3), "string": .string("foobar")]).value == .string("ob"))
        #expect(call("substring", named: ["string": .string("foobar"), "start": number(3)]).isError)
    }

    // MARK: string length, upper case, lower case

    @Test func stringLength() {
        #expect(call("string length", .string("")).value == number(0))
        #expect(call("string length", .string("abc")).value == number(3))
        #expect(call("string length", .string("\u{1F40E}\u{1F600}")).value == number(2))
        #expect(call("string length", .string("\t")).value == number(1))
        #expect(call("string length", named: ["string": .string("aaaaa dddd ")]).value == number(11))
        #expect(call("string length", .null).isError)
        #expect(call("string length", number(1)).isError)
    }

    @Test func caseConversion() {
        #expect(call("upper case", .string("aBc4")).value == .string("ABC4"))
        #expect(call("upper case", .string("?@{")).value == .string("?@{"))
        #expect(call("lower case", .string("aBc4")).value == .string("abc4"))
        #expect(call("lower case", .string("")).value == .string(""))
        #expect(call("upper case", named: ["string": .string("xyZ ")]).value == .string("XYZ "))
        #expect(call("lower case", named: ["string": .string("123ABC")]).value == .string("123abc"))
        #expect(call("upper case", .null).isError)
        #expect(call("lower case", number(1)).isError)
    }

    // MARK: searching

    @Test(arguments: [
        ("foobar", "bar", "foo", ""), ("foobar", "o", "f", "obar"), ("foobar", "x", "", ""), ("", "", "", ""),
        ("abc", "", "", "abc"), ("abc", "a", "", "bc"), ("abc", "c", "ab", ""), ("", "a", "", ""),
    ])
    func substringBeforeAndAfter(text: String, match: String, before: String, after: String) {
        #expect(call("substring before", .string(text), .string(match)).value == .string(before))
        #expect(call("substring after", .string(text), .string(match)).value == .string(after))
    }

    @Test func substringBeforeAndAfterNamedAndErrors() {
        #expect(call("substring before", named: ["string": .string("foobar"), "match": .string("b")]).value == .string("foo"))
        #expect(call("substring after", named: ["string": .string("foobar"), "match": .string("ob")]).value == .string("ar"))
        #expect(call("substring before", .null, .string("a")).isError)
        #expect(call("substring after", .string("a"), .null).isError)
        #expect(call("substring after", .string("a"), number(1)).isError)
    }

    @Test func containsStartsWithEndsWith() {
        #expect(call("contains", .string("foobar"), .string("bar")).value == .boolean(true))
        #expect(call("contains", .string("abc"), .string("")).value == .boolean(true))
        #expect(call("contains", .string(""), .string("ab")).value == .boolean(false))
        #expect(call("starts with", .string("foobar"), .string("fo")).value == .boolean(true))
        #expect(call("starts with", .string("foobar"), .string("bar")).value == .boolean(false))
        #expect(call("ends with", .string("foobar"), .string("bar")).value == .boolean(true))
        #expect(call("ends with", .string("foobar"), .string("")).value == .boolean(true))
        #expect(call("ends with", .string("r"), .string("bar")).value == .boolean(false))
        #expect(call("contains", named: ["string": .string("foobar"), "match": .string("b")]).value == .boolean(true))
        #expect(call("starts with", named: ["string": .string("foobar"), "match": .string("f")]).value == .boolean(true))
        #expect(call("ends with", named: ["string": .string("foobar"), "match": .string("r")]).value == .boolean(true))
    }

    @Test func searchingComparesCodePoints() {
        // Swift's String would treat "e" + combining acute as one character equal to "é".
        #expect(call("contains", .string("cafe\u{301}"), .string("e")).value == .boolean(true))
        #expect(call("ends with", .string("cafe\u{301}"), .string("\u{301}")).value == .boolean(true))
        #expect(call("contains", .string("caf\u{E9}"), .string("e\u{301}")).value == .boolean(false))
        #expect(call("contains", .string("\u{1F40E}\u{1F600}"), .string("\u{1F600}")).value == .boolean(true))
    }

    @Test func searchingNulls() {
        #expect(call("contains", .null, .null).isError)
        #expect(call("contains", .null, .string("bar")).isError)
        #expect(call("contains", .string("bar"), .null).problem == "contains: match is null")
        #expect(call("starts with", number(1), .string("1")).isError)
        #expect(call("ends with", .string("1"), number(1)).isError)
    }

    // MARK: matches

    @Test(arguments: [
        ("banana", "[a-z]{3}", nil, true),
        ("abracadabra", "bra", nil, true),
        ("abracadabra", "^a.*a$", nil, true),
        ("abracadabra", "^bra", nil, false),
        ("This is a characte", "This is a characte", nil, true),
        ("\nabcd\ndefg\n", "^$", "m", true),
        ("abcd\n\ndefg\n ", "^$", "m", true),
        ("abc\n", "abc$", nil, false),
        ("abc\n", "abc$", "m", true),
        ("Mary\rJones", "Mary.Jones", nil, false),
        ("Mary\nJones", "Mary.Jones", "s", true),
        ("Mary\u{85}Jones", "Mary.Jones", nil, true),
        ("abc", "ABC", "i", true),
        ("abZ", "[A-Z]*", "i", true),
        ("\u{212A}", "k", "i", true),
        ("x", "[A-Z-[OI]]", "i", true),
        ("X", "[A-Z-[OI]]", "i", true),
        ("O", "[A-Z-[OI]]", "i", false),
        ("i", "[A-Z-[OI]]", "i", false),
        ("Q", "[^Q]", "i", false),
        ("q", "[^Q]", "i", false),
        ("a", "a[^b]", nil, false),
        ("a ", "a[^b]", nil, true),
        ("hello world", "hello\\ sworld", "x", true),
        ("hello world", " hello[ ]world", "x", true),
        ("hello world", "he ll o[ ]worl d", "x", true),
        ("hello world", "\\p{ IsBasicLatin}+", "x", true),
        ("hello world", "\\p{ I s B a s i c L a t i n }+", "x", true),
        ("aA", "(a)\\1", "i", true),
        ("abab", "^(ab)\\1$", nil, true),
        ("a.b", "a\\.b", nil, true),
        ("axb", "a\\.b", nil, false),
        ("a+b", "a.b", "q", false),
        ("xa.by", "a.b", "q", true),
        ("ABC", "abc", "qi", true),
        ("$", "\\w", nil, true),
        ("_", "\\w", nil, false),
        ("\u{A0}", "\\s", nil, false),
        (" ", "\\s", nil, true),
        ("7", "\\d", nil, true),
        ("é", "\\p{Ll}", nil, true),
        ("É", "\\P{Ll}", nil, true),
        ("a-b", "[a\\-z]-b", nil, true),
        ("xml:name", "^\\i\\c*$", nil, true),
        ("1abc", "^\\i", nil, false),
        ("aaa", "a{2,3}", nil, true),
        ("a", "a{2,}", nil, false),
        ("ab", "(?:a)b", nil, true),
        ("\u{1F40E}", "^.$", nil, true),
    ] as [(String, String, String?, Bool)])
    func matches(input: String, pattern: String, flags: String?, expected: Bool) {
        let outcome = flags.map { call("matches", .string(input), .string(pattern), .string($0)) }
            ?? call("matches", .string(input), .string(pattern))
        #expect(outcome.value == .boolean(expected), "\(outcome)")
    }

    @Test(arguments: [
        "\\p{ IsBasicLatin}+", "(.)\\3", "(.)\\2", "\\3", "(asd)[\\1]", "(asd)[asd\\1]", "(asd)[asd\\0]", "1[asd\\0]", "(a\\1)",
        "\\b", "a**", "*a", "(?=a)", "(?i)a", "[a", "a)", "(a", "[]", "[z-a]", "a{3,2}", "a{,2}", "a}", "]", "\\p{Foo}", "\\x41", "[a-\\d]",
    ])
    func matchesRejectsInvalidPatterns(pattern: String) {
        let outcome = call("matches", .string("hello world"), .string(pattern))
        #expect(outcome.isError, "\(pattern): \(outcome)")
        #expect(outcome.problem?.contains("not a valid regular expression") == true)
    }

    @Test func matchesFlags() {
        #expect(call("matches", .string("abracadabra"), .string("bra"), .null).value == .boolean(true))
        #expect(call("matches", .string("abracadabra"), .string("bra"), .string("")).value == .boolean(true))
        #expect(call("matches", .string("abracadabra"), .string("bra"), .string("p")).isError)
        #expect(call("matches", .string("input"), .string("pattern"), .string(" ")).isError)
        #expect(call("matches", .string("input"), .string("pattern"), .string("X")).isError)
        #expect(call("matches", .string("input"), .string("pattern"), list()).isError)
        #expect(call("matches", .string("a"), .string("a"), .string("p")).problem
            == "matches: flags \"p\" contain 'p'; the flags are s, m, i, x and q")
    }

    @Test func matchesNullsAndArity() {
        #expect(call("matches", .null, .string("pattern")).isError)
        #expect(call("matches", .string("input"), .null).isError)
        #expect(call("matches", .string("input"), list()).isError)
        #expect(call("matches", .string("input")).isError)
        #expect(call("matches", .string("input"), .string("pattern"), .string(""), list()).isError)
    }

    @Test func matchesNamedArguments() {
        #expect(call("matches", named: ["input": .string("abc"), "pattern": .string("B"), "flags": .string("i")]).value == .boolean(true))
        #expect(call("matches", named: ["input": .string("abc"), "regex": .string("B")]).isError)
    }

    // MARK: replace

    @Test(arguments: [
        ("abcd", "(ab)|(a)", "[1=$1][2=$2]", nil, "[1=ab][2=]cd"),
        ("a", "[b-z]", "#", nil, "a"),
        ("a", "[a-z]", "#", nil, "#"),
        ("abc", "def", "#", nil, "abc"),
        ("foobar", "^fo*b*", "#", nil, "#ar"),
        ("abc", ".^[d-z]", "#", nil, "abc"),
        ("abracadabra", "bra", "*", nil, "a*cada*"),
        ("abracadabra", "a.*a", "*", nil, "*"),
        ("abracadabra", "a.*?a", "*", nil, "*c*bra"),
        ("abracadabra", "a", "", nil, "brcdbr"),
        ("abracadabra", "a(.)", "a$1$1", nil, "abbraccaddabbra"),
        ("AAAA", "A+", "b", nil, "b"),
        ("AAAA", "A+?", "b", nil, "bbbb"),
        ("darted", "^(.*?)d(.*)$", "$1c$2", nil, "carted"),
        ("reluctant", "r.*?t", "X", nil, "Xant"),
        ("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3", nil, "(012) 345-6789"),
        ("facetiously", "[iouy]", "[$0]", nil, "facet[i][o][u]sl[y]"),
        ("abc", "[a-z]", "#", "", "###"),
        ("a.b.c.", "[a-z]", "#", "s", "#.#.#."),
        ("abc", "[A-Z]", "#", "i", "###"),
        ("a b c d ", "[a-z]", "#", "x", "# # # # "),
        ("abc", ".^[d-z]*", "#", "smix", "abc"),
        ("price", "i", "\\$", nil, "pr$ce"),
        ("a\\b", "\\\\", "\\\\\\\\", nil, "a\\\\b"),
        ("abc", "(b)", "$10", nil, "a" + "b0" + "c"),
        ("abc", "b", "$1", nil, "ac"),
        ("a.c", ".", "$1", "q", "a$1c"),
    ] as [(String, String, String, String?, String)])
    func replace(input: String, pattern: String, replacement: String, flags: String?, expected: String) {
        let outcome = flags.map { call("replace", .string(input), .string(pattern), .string(replacement), .string($0)) }
            ?? call("replace", .string(input), .string(pattern), .string(replacement))
        #expect(outcome.value == .string(expected), "\(outcome)")
    }

    @Test func replaceErrors() {
        #expect(call("replace", .string("abc"), .string("x*"), .string("-")).problem == "replace: pattern matches the empty string")
        #expect(call("replace", .string("abc"), .string("b"), .string("$")).isError)
        #expect(call("replace", .string("abc"), .string("b"), .string("\\n")).isError)
        #expect(call("replace", .string("abc"), .string("("), .string("x")).isError)
        #expect(call("replace", .null, .string("b"), .string("x")).isError)
        #expect(call("replace", .string("abc"), .string("b"), .null).isError)
        #expect(call("replace", .string("abc"), .string("b"), .string("x"), .string("k")).isError)
    }

    @Test func replaceNamedArguments() {
        #expect(call("replace", named: ["input": .string("abc"), "pattern": .string("[a-z]"), "replacement": .string("#")]).value == .string("###"))
        #expect(call("replace", named: ["input": .string("abc"), "pattern": .string("[A-Z]"), "replacement": .string("#"), "flags": .string("i")]).value
            == .string("###"))
    }

    // MARK: split, extract, string join

    @Test func split() {
        #expect(call("split", .string("John Doe"), .string("\\s")).value == strings("John", "Doe"))
        #expect(call("split", .string("a;b;c;;"), .string(";")).value == strings("a", "b", "c", "", ""))
        #expect(call("split", .string("a1b22c"), .string("[0-9]+")).value == strings("a", "b", "c"))
        #expect(call("split", .string(""), .string(",")).value == list())
        #expect(call("split", .string("abc"), .string(",")).value == strings("abc"))
        #expect(call("split", named: ["delimiter": .string(","), "string": .string("foo,bar")]).value == strings("foo", "bar"))
        #expect(call("split", named: ["delimiter": .string(","), "str": .string("foo,bar")]).isError)
    }

    @Test func splitErrors() {
        #expect(call("split").isError)
        #expect(call("split", .string("foo")).isError)
        #expect(call("split", .null, .null).isError)
        #expect(call("split", .string("foo"), .null).isError)
        #expect(call("split", .null, .string(",")).isError)
        #expect(call("split", .string("foo"), .string("o*")).isError)
        #expect(call("split", .string("foo"), .string("[")).isError)
    }

    @Test func extract() {
        #expect(call("extract", .string("abc123def456"), .string("[0-9]+")).value == strings("123", "456"))
        #expect(call("extract", .string("abc"), .string("[0-9]+")).value == list())
        #expect(call("extract", .null, .string("a")).isError)
        #expect(call("extract", .string("a"), .string("(")).isError)
    }

    @Test func stringJoin() {
        #expect(call("string join", strings("a", "b", "c")).value == .string("abc"))
        #expect(call("string join", strings("a", "b", "c"), .string(" and ")).value == .string("a and b and c"))
        #expect(call("string join", strings("a", "b", "c"), .null).value == .string("abc"))
        #expect(call("string join", list(.string("a"), .null, .string("c")), .string("X")).value == .string("aXc"))
        #expect(call("string join", list(), .string("X")).value == .string(""))
        #expect(call("string join", .string("a"), .string("X")).value == .string("a"))
        #expect(call("string join", named: ["delimiter": .string("X"), "list": strings("a", "c")]).value == .string("aXc"))
        #expect(call("string join", named: ["list": strings("a", "c")]).value == .string("ac"))
    }

    @Test func stringJoinErrors() {
        #expect(call("string join").isError)
        #expect(call("string join", strings("a", "c"), .string("X"), .string("foo")).isError)
        #expect(call("string join", named: ["list": strings("a"), "delimitr": .string("X")]).isError)
        #expect(call("string join", .null).isError)
        #expect(call("string join", .null, .string("X")).isError)
        #expect(call("string join", numbers(1, 2, 3), .string("X")).problem == "string join: list item 1 is a number, not a string")
        #expect(call("string join", number(123), .string("X")).isError)
    }
}
