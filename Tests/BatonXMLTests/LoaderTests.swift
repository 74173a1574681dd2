import BatonModel
import BatonXML
import Foundation
import Testing

@Suite struct LoaderTests {
    @Test func modelSurvivesACodableRoundTrip() throws {
        let loaded = try Fixture.load("valid/extensions-dialects.bpmn")
        let data = try JSONEncoder().encode(loaded.definitions)
        let decoded = try JSONDecoder().decode(Definitions.self, from: data)
        #expect(decoded == loaded.definitions)
    }

    @Test func loadsConcurrentlyWithTheSameResults() async throws {
        let names = ["valid/extensions-dialects.bpmn", "invalid/three-mistakes.bpmn", "invalid/flow-missing-target.bpmn"]
        let expected = try names.map { try Fixture.load($0).diagnostics }
        let results = try await withThrowingTaskGroup(of: (Int, [Diagnostic]).self) { group in
            for round in 0..<60 {
                let index = round % names.count
                let path = Fixture.path(names[index])
                group.addTask { (index, try BPMNLoader().load(file: path).diagnostics) }
            }
            var collected: [(Int, [Diagnostic])] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 60)
        for (index, diagnostics) in results {
            #expect(diagnostics == expected[index])
        }
    }

    @Test func diagnosticsAreSortedByPositionAndCarryTheFile() throws {
        let loaded = try load(bpmnDocument("""
            <bpmn:startEvent id="s"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/>
            <bpmn:task id="t" baton:nope="1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="y" targetRef="t"/>
            """), name: "sorted.bpmn")
        let positions = loaded.diagnostics.map { [$0.location.line, $0.location.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(loaded.diagnostics.count >= 3)
        #expect(loaded.diagnostics.allSatisfy { $0.file == "sorted.bpmn" })
    }
}
