import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Foundation
import Testing

/// FEEL values in saved state: every kind survives a JSON round trip unchanged.
@Suite struct FEELValueStorageTests {
    static func roundTrip(_ value: FEELValue) throws -> FEELValue {
        try JSONDecoder().decode(FEELValue.self, from: JSONEncoder().encode(value))
    }

    static let temporal: [FEELValue] = [
        feel(#"date("2026-11-29")"#),
        .date(FEELDate(year: 1, month: 1, day: 1)),
        feel(#"time("10:30:00")"#),
        feel(#"time("10:30:00.125+01:00")"#),
        feel(#"time("23:59:59Z")"#),
        feel(#"time("08:00:00@Europe/Paris")"#),
        .time(FEELTime(hour: 1, minute: 2, second: 3, nanosecond: 123_456_789, zone: .offset(seconds: -5 * 3600 - 1800))),
        feel(#"date and time("2026-11-29T16:20:00Z")"#),
        feel(#"date and time("2026-11-29T16:20:00.5-05:00")"#),
        feel(#"date and time("2026-11-29T16:20:00@America/New_York")"#),
        feel(#"date and time("2026-11-29T16:20:00")"#),
        feel(#"duration("P1DT2H3M4.5S")"#),
        feel(#"duration("-PT5M")"#),
        feel(#"duration("PT0S")"#),
        .daysTimeDuration(DaysTimeDuration(seconds: 1, nanoseconds: 1)),
        feel(#"duration("P1Y2M")"#),
        feel(#"duration("-P3Y")"#),
    ]

    @Test(arguments: temporal) func temporalValueSurvivesJSON(_ value: FEELValue) throws {
        #expect(!value.isNull)
        #expect(try Self.roundTrip(value) == value)
    }

    @Test func plainValuesAreStoredAsJSON() throws {
        #expect(FEELValue.number(FEELNumber("0.1")!).storedText == "0.1")
        #expect(FEELValue.string("=1+1").storedText == #""=1+1""#)
        #expect(feel(#"date("2026-11-29")"#).storedText == #"=date("2026-11-29")"#)
        for value in [decimal("0.1"), decimal("12345678901234567890.123456789"), decimal("-7"), .string("=1+1"), .string(""), .null, .boolean(false)] {
            #expect(try Self.roundTrip(value) == value)
        }
    }

    @Test func nestedContextsWithTemporalValuesSurvive() throws {
        let value = FEELValue.context([
            "order": .context([
                "placed": feel(#"date and time("2026-11-29T16:20:00@Europe/Berlin")"#),
                "lines": .list([
                    .context(["sku": .string("A-1"), "due": feel(#"date("2026-12-01")"#), "qty": number(2)]),
                    .context(["sku": .string("B-2"), "wait": feel(#"duration("PT36H")"#), "qty": decimal("0.5")]),
                ]),
                "note": .string("line 1\nline \"2\" with a back\\slash and ünïcødé"),
                "missing": .null,
            ]),
            "key with spaces": .string("=not an expression"),
            "quote\"key": feel(#"time("12:00:00")"#),
        ])
        let restored = try Self.roundTrip(value)
        #expect(restored == value)
        // Keys keep their order
        if case .context(let context) = restored { #expect(context.keys == ["order", "key with spaces", "quote\"key"]) }
    }

    @Test func listsMixingKindsSurvive() throws {
        let value = FEELValue.list([number(1), .string("a"), feel(#"date("2026-01-01")"#), .list([feel(#"duration("P1M")"#)]), .null])
        #expect(try Self.roundTrip(value) == value)
    }

    @Test func temporalVariablesSurviveInTheInstanceState() throws {
        var driver = try InstanceDriver(#"<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="u"/><bpmn:userTask id="u"/>"#)
        var variables = FEELContext()
        for (index, value) in Self.temporal.enumerated() { variables["v\(index)"] = value }
        try driver.execute(.setVariables(variables))
        let before = driver.state
        try driver.saveAndRestore()
        #expect(driver.state == before)
        #expect(driver.state.variables == variables)
    }
}
