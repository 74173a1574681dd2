import BatonConnectors
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import BatonSQLite
import Foundation
import Testing

/// Replacing the ERP changes the bindings, never the model: the same order process runs
/// with `erp` bound to an in-process handler, then an HTTP endpoint, then a local program,
/// and ends the same way each time.
@Suite struct SwappingTests {
    func run(bindings text: String, register: (inout Runtime) -> Void = { _ in }) throws -> FEELContext {
        let workspace = try Workspace()
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
        #expect(problems.map(\.description) == [])
        let model = try BPMNLoaderHelper.load(OutageTests.model)
        #expect(BindingsLoader.unbound(in: model, by: bindings, file: "order.bpmn").isEmpty)
        var runtime = try Runtime(store: SQLiteStore(path: workspace.folder.appendingPathComponent("baton.sqlite").path))
        try runtime.deploy(xml: OutageTests.model, fileName: "order.bpmn")
        #expect(runtime.bind(bindings).isEmpty)
        register(&runtime)
        let id = try runtime.start(processID: "order", variables: ["orderId": .string("O-7")]).id
        #expect(try runtime.runDueJobs().completed == 1)
        let state = try runtime.instance(id)
        #expect(state.status == .completed)
        return state.variables
    }

    static func connectors(_ transport: String) -> String {
        #"<connectors xmlns="urn:baton:connectors:1"><connector name="erp">\#(transport)</connector></connectors>"#
    }

    @Test func theSameModelRunsOnAHandlerAnHTTPEndpointAndAProgram() throws {
        let viaHandler = try run(bindings: Self.connectors("<handler/>")) { runtime in
            runtime.register(connector: "erp", operation: "salesOrder.create") { call in
                guard case .string(let order)? = call.variables["orderId"] else { throw JobFailure("no orderId", retryable: false) }
                return ["salesOrderId": .string("SO-\(order)")]
            }
        }
        let server = try OutageTests.erp()
        let viaHTTP = try run(bindings: Self.connectors(#"<http url="\#(server.baseURL)/orders/{orderId}"/>"#))
        let workspace = try Workspace()
        let program = try workspace.script("erp.sh", #"sed -n 's/.*"orderId":"\([^"]*\)".*/{"salesOrderId": "SO-\1"}/p'"#)
        let viaCommand = try run(bindings: Self.connectors(#"<command program="\#(program)"/>"#))
        for variables in [viaHandler, viaHTTP, viaCommand] {
            #expect(variables["salesOrderId"] == .string("SO-O-7"))
        }
        #expect(server.requests.count == 1)
    }
}
