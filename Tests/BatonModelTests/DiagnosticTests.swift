import BatonModel
import Testing

@Suite struct DiagnosticTests {
    @Test func printsLikeACompiler() {
        var diagnostic = Diagnostic.error(.unknownReference, "sequenceFlow 'f2': targetRef 'x' does not exist", at: SourceLocation(line: 42, column: 7))
        diagnostic.file = "order.bpmn"
        #expect(diagnostic.description == "order.bpmn:42:7: error: sequenceFlow 'f2': targetRef 'x' does not exist")
    }

    @Test func leavesOutAnUnknownColumn() {
        var diagnostic = Diagnostic.warning(.unreachableNode, "unreachable", at: SourceLocation(line: 3))
        diagnostic.file = "a.bpmn"
        #expect(diagnostic.description == "a.bpmn:3: warning: unreachable")
    }

    @Test func unsupportedCodesAreRecognised() {
        #expect(DiagnosticCode.unsupportedElement.isUnsupported)
        #expect(DiagnosticCode.unsupportedTimer.isUnsupported)
        #expect(!DiagnosticCode.unknownReference.isUnsupported)
    }

    @Test func errorsAreDetectedAmongWarnings() {
        let warning = Diagnostic.warning(.missingCondition, "w", at: .unknown)
        #expect(![warning].containsErrors)
        #expect([warning, .error(.duplicateID, "e", at: .unknown)].containsErrors)
    }
}
