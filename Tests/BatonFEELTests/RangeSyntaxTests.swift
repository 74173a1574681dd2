@testable import BatonFEEL
import Testing

@Suite struct RangeSyntaxTests {
    @Test func rangesInEveryBracketStyle() throws {
        #expect(try feel("[1..10) = [1..10[") == .boolean(true))
        #expect(try feel("]1..10] = (1..10]") == .boolean(true))
        #expect(try feel("10 in [1..10[") == .boolean(false))
        #expect(try feel("(< 10) = (< 10)") == .boolean(true))
        #expect(try feel("(< 10) = (null..10)") == .boolean(false))
        #expect(try feel("5 in (< 10)") == .boolean(true))
        #expect(try feel("[1, 2, 3][2]") == number("2"))
    }
}
