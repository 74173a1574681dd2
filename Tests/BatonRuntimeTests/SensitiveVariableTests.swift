import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Sensitive variables: sealed with AES-GCM at rest (state and history), opened to run,
/// masked wherever shown, and never stored in clear when no key is set.
@Suite struct SensitiveVariableTests {
    static let model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:baton="urn:baton:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="payout" isExecutable="true">
            <bpmn:dataObject id="ibanObject" name="iban" baton:sensitive="true"/>
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="confirm"/>
            <bpmn:userTask id="confirm">
              <bpmn:extensionElements><baton:formField id="pin" type="string" sensitive="true"/></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="confirm" targetRef="pay"/>
            <bpmn:serviceTask id="pay" baton:connector="bank"/>
            <bpmn:sequenceFlow id="f3" sourceRef="pay" targetRef="end"/>
            <bpmn:endEvent id="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """
    static let iban = "DE89370400440532013000"
    static let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let otherKey = String(repeating: "ab", count: 32)

    func runtime(_ database: TemporaryDatabase, key: String?) throws -> Runtime {
        var runtime = try database.runtime()
        runtime.sealer = try key.map { k throws(RuntimeError) in try VariableSealer(keyText: k) }
        try runtime.deploy(xml: Self.model, fileName: "payout.bpmn")
        return runtime
    }

    /// Every byte the database holds on disk, its write-ahead log included.
    func bytesOnDisk(_ database: TemporaryDatabase) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: database.folder.path)
        return try files.map { String(decoding: try Data(contentsOf: database.folder.appendingPathComponent($0)), as: UTF8.self) }.joined()
    }

    @Test func sensitiveValuesAreSealedAtRestAndOpenedToRun() throws {
        let database = try TemporaryDatabase()
        var runtime = try runtime(database, key: Self.key)
        let paid = Recorder<FEELValue?>()
        runtime.register(connector: "bank") { call in
            paid.append(call.variables["iban"])
            return ["reference": .string("PAY-1")]
        }
        let id = try runtime.start(processID: "payout", variables: ["iban": .string(Self.iban), "amount": .number(FEELNumber(90))]).id
        let task = try #require(try runtime.instance(id).userTasks.values.first)
        try runtime.execute(.completeUserTask(task.key, variables: ["pin": .string("4711-secret")]), on: id)
        #expect(try runtime.runDueJobs().completed == 1)
        #expect(paid.values == [.string(Self.iban)], "the handler gets the value in clear")

        let disk = try bytesOnDisk(database)
        #expect(!disk.contains(Self.iban) && !disk.contains("4711-secret"), "neither value is stored in clear, in state or history")
        #expect(disk.contains("PAY-1"), "(other variables are stored as usual)")

        let stored = try runtime.storedAsWritten(id).state.variables
        let (sealedIBAN, sealedPIN) = (try #require(stored["iban"]), try #require(stored["pin"]))
        #expect(VariableSealer.isSealed(sealedIBAN) && VariableSealer.isSealed(sealedPIN))
        #expect(try runtime.instance(id).variables["iban"] == .string(Self.iban))
        #expect(try runtime.maskedInstance(id).variables["iban"] == .string("****"))
        #expect(try runtime.maskedInstance(id).variables["amount"] == .number(FEELNumber(90)))
        let history = Runtime.masked(try runtime.history(of: id)).map { "\($0.event)" }.joined(separator: "\n")
        #expect(history.contains("****") && !history.contains("baton:sealed"))
    }

    @Test func withoutAKeyASensitiveValueIsRefusedNotStoredInClear() throws {
        let database = try TemporaryDatabase()
        let runtime = try runtime(database, key: nil)
        #expect(throws: RuntimeError("instance 'p-1' holds sensitive variable 'iban'; set BATON_ENCRYPTION_KEY (a 32-byte key) so it is stored encrypted")) {
            try runtime.start(processID: "payout", id: "p-1", variables: ["iban": .string(Self.iban)])
        }
        #expect(try runtime.instances().isEmpty)
        #expect(try runtime.start(processID: "payout", variables: ["amount": .number(FEELNumber(1))]).status == .active, "no sensitive value, no key needed")
    }

    @Test func anotherKeyCannotOpenTheValuesButTheInstanceCanStillBeShownMasked() throws {
        let database = try TemporaryDatabase()
        let id = try runtime(database, key: Self.key).start(processID: "payout", variables: ["iban": .string(Self.iban)]).id
        let other = try database.runtime()
        var withOtherKey = other
        withOtherKey.sealer = try VariableSealer(keyText: Self.otherKey)
        #expect(performing: { try withOtherKey.instance(id) }, throws: { error in
            "\(error)".contains("sensitive variable 'iban' of instance '\(id)' was encrypted under another key")
        })
        var withoutKey = other
        withoutKey.sealer = nil
        #expect(performing: { try withoutKey.instance(id) }, throws: { "\($0)".contains("set BATON_ENCRYPTION_KEY to work on it") })
        #expect(try withoutKey.maskedInstance(id).variables["iban"] == .string("****"))
    }

    @Test func aSealedValueOpensOnlyForItsOwnInstanceAndVariable() throws {
        let sealer = try VariableSealer(keyText: Self.key)
        let sealed = try sealer.seal(.string(Self.iban), name: "iban", instance: "p-1")
        #expect(try sealer.unseal(sealed, name: "iban", instance: "p-1") == .string(Self.iban))
        #expect(throws: RuntimeError.self) { try sealer.unseal(sealed, name: "bic", instance: "p-1") }
        #expect(throws: RuntimeError.self) { try sealer.unseal(sealed, name: "iban", instance: "p-2") }
        let date = FEELValue.date(FEELDate(year: 2026, month: 11, day: 29))
        #expect(try sealer.unseal(try sealer.seal(date, name: "d", instance: "p-1"), name: "d", instance: "p-1") == date, "types survive")
        #expect(try sealer.seal(.null, name: "iban", instance: "p-1") == .null)
    }

    @Test func aBadKeyIsRefusedWithoutEchoingIt() throws {
        #expect(performing: { try VariableSealer(keyText: "hunter2-not-a-key") }, throws: { error in
            "\(error)" == "BATON_ENCRYPTION_KEY must be a 32-byte key written as 64 hex digits or base64 (openssl rand -base64 32)"
        })
        #expect(try VariableSealer(keyText: Self.otherKey).keyID.count == 8)
    }
}
