import Foundation
import Testing

/// `baton start KEY --batch FILE.jsonl`: one instance per line; bad lines are reported with
/// their line (and column) and never stop the rest.
@Suite(.timeLimit(.minutes(1))) final class BatchStartTests {
    let folder: URL
    var db: String { folder.appendingPathComponent("baton.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func batch(_ text: String) throws -> String {
        let path = folder.appendingPathComponent("orders.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func everyGoodLineStartsAnInstanceAndEveryBadLineIsNamed() throws {
        #expect(try Baton.run(["deploy", "--db", db, LocalCommandTests.model]).status == 0)
        let file = try batch("""
            {"amount": 1200, "customer": "Ann"}
            {"businessKey": "ORD-2", "variables": {"amount": 80}}

            {"amount": 12,
            [1, 2]
            {"businessKey": "ORD-6", "variables": 7}
            {"amount": 300}
            """)
        let result = try Baton.run(["start", "--db", db, "orderApproval", "--batch", file])
        #expect(result.status == 1, "some lines failed")
        #expect(result.stdout.hasPrefix("started 3 of 6 instances of orderApproval from \(file) in "))
        #expect(result.stdout.hasSuffix("""
            ; 3 lines failed:
              \(file):4:15: invalid JSON: expected a string key
              \(file):5:1: a line is a JSON object of variables (or {"businessKey": ..., "variables": {...}}), not list
              \(file):6:1: "variables" must be a JSON object

            """), "\(result.stdout)")
        let listed = try Baton.run(["instances", "--db", db, "--json"]).stdout
        #expect(listed.components(separatedBy: #""status":"active""#).count - 1 == 3)
        #expect(listed.contains(#""businessKey":"ORD-2""#))
    }

    @Test func jsonOutputGivesEachLinesOutcome() throws {
        #expect(try Baton.run(["deploy", "--db", db, LocalCommandTests.model]).status == 0)
        let file = try batch("{\"amount\": 5}\n{\"amount\": 6}\n")
        let result = try Baton.run(["start", "--db", db, "orderApproval", "--batch", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"{"line":1,"instance":""#) && result.stdout.contains(#"{"line":2,"instance":""#))
        let unknown = try Baton.run(["start", "--db", db, "orderAproval", "--batch", file])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("\(file):1: no deployed process 'orderAproval' (did you mean 'orderApproval'?)"))
    }

    @Test func batchDoesNotMixWithSingleInstanceOptions() throws {
        let result = try Baton.run(["start", "--db", db, "orderApproval", "--batch", "x.jsonl", "--business-key", "B"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--batch takes each instance's business key and variables from its line"))
    }
}
