import BatonEngine
import BatonFEEL
import Testing

/// An instant's text, written directly for speed, is exactly FEEL's date-time text.
@Suite struct EngineInstantTests {
    @Test func theTextIsFEELsDateTimeText() {
        var generator = SystemRandomNumberGenerator()
        let edges: [Int64] = [
            0, 1, 10, 100, 999, 1_000, -1, -1_000, -86_400_000, 951_782_400_000, 951_868_799_999, 4_102_444_800_000, 253_402_300_799_999,
            -62_135_596_800_000, 1_780_000_000_120,
        ]
        let random = (0..<20_000).map { _ in Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator) }
        for milliseconds in edges + random {
            let instant = EngineInstant(millisecondsSinceEpoch: milliseconds)
            #expect(instant.description == instant.dateTime.description, "\(milliseconds)")
        }
        #expect(EngineInstant(millisecondsSinceEpoch: 1_780_000_000_120).description == "2026-05-28T20:26:40.12Z")
        #expect(EngineInstant(millisecondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
    }
}
