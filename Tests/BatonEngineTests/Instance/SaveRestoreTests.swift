import BatonEngine
import BatonFEEL
import BatonModel
import BatonTesting
import Foundation
import Testing

/// An instance's state saved as JSON mid-run and restored goes on exactly as the
/// original would.
@Suite struct SaveRestoreTests {
    static func resting() throws -> InstanceDriver {
        try InstanceDriver(document: try engineFixture("instance-save-restore"), processID: "resting")
    }

    /// The commands that take the fixture to its end, in order.
    static let steps: [@Sendable (inout InstanceDriver) throws -> Void] = [
        { try $0.completeUserTask("orB") },
        { try $0.completeUserTask("approve", ["approved": .boolean(true)]) },
        { try $0.fireTimer("cool") },
    ]

    @Test func instanceRestsWhereTheTestExpects() throws {
        let driver = try Self.resting()
        let root = try #require(driver.state.elements[driver.state.rootKey])
        #expect(root.joinArrivals?["join"] == ["fromQuick": 1])
        #expect(root.joinArrivals?["orJoin"] == ["fromOrA": 1])
        #expect(driver.subscription("cool") != nil)
        #expect(driver.userTask("approve")?.candidateGroups == ["sales", "0.15"])
        let locals = try #require(driver.instance("sub")?.variables)
        #expect(locals["discount"] == decimal("0.15"))
        #expect(locals["due"] == feel(#"date("2026-12-24")"#))
        #expect(locals["window"] == feel(#"duration("P3DT4H")"#))
    }

    @Test func restoredStateEqualsTheSavedState() throws {
        let original = try Self.resting()
        var restored = original
        try restored.saveAndRestore()
        #expect(restored.state == original.state)
    }

    /// The same state must encode to the same bytes, so stores can compare, hash and
    /// diff saved states. (Dictionaries keyed by element, job or task keys encode as
    /// arrays in hash order today, so two encodings of one state differ.)
    @Test func savedJSONIsStable() throws {
        let driver = try Self.resting()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let first = try encoder.encode(driver.state)
        let decoded = try JSONDecoder().decode(ProcessInstanceState.self, from: first)
        #expect(try encoder.encode(decoded) == first)
    }

    @Test func continuingFromARestoredCopyEndsIdentically() throws {
        var plain = try Self.resting()
        var restored = plain
        for step in Self.steps {
            try restored.saveAndRestore()
            try step(&plain)
            try step(&restored)
            #expect(restored.state == plain.state)
        }
        #expect(plain.state.status == .completed)
        #expect(restored.events == plain.events)
        #expect(restored.path == plain.path)
        #expect(restored.state.variables == plain.state.variables)
    }

    @Test func restoringAtAnyPointGivesTheSameEnd() throws {
        var reference = try Self.resting()
        for step in Self.steps { try step(&reference) }
        for stop in 0...Self.steps.count {
            var driver = try Self.resting()
            for (index, step) in Self.steps.enumerated() {
                if index == stop { try driver.saveAndRestore() }
                try step(&driver)
            }
            if stop == Self.steps.count { try driver.saveAndRestore() }
            #expect(driver.state == reference.state, "restored before step \(stop)")
            #expect(driver.path == reference.path, "restored before step \(stop)")
        }
    }

    @Test func finalVariablesCarryTheRestoredLocals() throws {
        var driver = try Self.resting()
        for step in Self.steps {
            try driver.saveAndRestore()
            try step(&driver)
        }
        #expect(driver.state.status == .completed)
        #expect(driver.variable("granted") == decimal("0.15"))
        #expect(driver.variable("grantedUntil") == feel(#"date("2026-12-24")"#))
        let at = FEELValue.dateTime(InstanceDriver.epoch.advanced(byMilliseconds: 2 * 3_600_000).dateTime)
        #expect(driver.variable("summary") == .context(["discount": decimal("0.15"), "until": feel(#"date("2026-12-24")"#), "at": at]))
        #expect(driver.variable("discount") == nil)
        #expect(driver.path.filter { $0 == "join" }.count == 1)
        #expect(driver.path.filter { $0 == "orJoin" }.count == 1)
    }

    @Test func scenarioRunsWithAndWithoutRestoringEndAlike() throws {
        // runFixture runs twice, restoring after every command the second time, and
        // compares status, path, variables, open tasks and incidents
        let result = try runFixture("instance-save-restore", scenario: #"{"userTasks": {"approve": {"approved": false}, "orB": {}}}"#)
        #expect(result.status == .completed)
        #expect(result.variable("granted") == number(0))
        #expect(result.clock == "PT2H")
    }
}
