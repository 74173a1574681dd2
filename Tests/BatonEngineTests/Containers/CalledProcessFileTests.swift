import BatonModel
import BatonTesting
import Foundation
import Testing

/// `baton run` and `ScenarioRunner(file:)` find called processes in the model's folder,
/// through chains of calls, and leave a missing one to the usual incident.
@Suite struct CalledProcessFileTests {
    static func document(_ id: String, _ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d_\(id)" targetNamespace="urn:test">
          <bpmn:process id="\(id)" isExecutable="true">
            <bpmn:startEvent id="\(id)_start"/>
            <bpmn:sequenceFlow id="\(id)_f1" sourceRef="\(id)_start" targetRef="\(id)_work"/>
            \(body)
            <bpmn:sequenceFlow id="\(id)_f2" sourceRef="\(id)_work" targetRef="\(id)_end"/>
            <bpmn:endEvent id="\(id)_end"/>
          </bpmn:process>
        </bpmn:definitions>
        """
    }

    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("called-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    @Test func aChainOfCallsAcrossFilesRuns() throws {
        let url = try folder([
            "order.bpmn": Self.document("order", #"<bpmn:callActivity id="order_work" calledElement="ship"/>"#),
            "ship.bpmn": Self.document("ship", #"<bpmn:callActivity id="ship_work" calledElement="pack"/>"#),
            "pack.bpmn": Self.document("pack", #"<bpmn:task id="pack_work"/>"#),
            "broken.bpmn": "<not-bpmn",
            "unrelated.bpmn": Self.document("other", #"<bpmn:task id="other_work"/>"#),
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let runner = try ScenarioRunner(file: url.appendingPathComponent("order.bpmn").path)
        let result = runner.run(try Scenario(json: "{}"))
        #expect(result.status == .completed)
        #expect(result.path.map(\.rawValue) == [
            "order_start", "ship_start", "pack_start", "pack_work", "pack_end", "ship_work", "ship_end", "order_work", "order_end",
        ])
    }

    @Test func aProcessNoFileDefinesIsAnIncident() throws {
        let url = try folder(["order.bpmn": Self.document("order", #"<bpmn:callActivity id="order_work" calledElement="shipp"/>"#)])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try ScenarioRunner(file: url.appendingPathComponent("order.bpmn").path).run(try Scenario(json: "{}"))
        #expect(result.status == .error)
        #expect(result.incidents.first?.reason.contains("shipp") == true)
    }
}
