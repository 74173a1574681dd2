// libFuzzer entry point for BPMNLoader.load(bytes:sourceName:).
//
// The loader must never crash, hang or blow up memory on any input: malformed XML,
// DOCTYPEs, non-BPMN roots and the like throw XMLLoadError; everything else comes back
// as diagnostics. libFuzzer (with AddressSanitizer) reports any crash, timeout, leak or
// out-of-memory. There is no `main`: libFuzzer's runtime provides it.
import BatonXML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let loaded = try BPMNLoader().load(bytes: bytes, sourceName: "fuzz.bpmn")
        // Render every diagnostic, as `baton validate` does, so message building is fuzzed too.
        for diagnostic in loaded.diagnostics { _ = diagnostic.description }
        _ = loaded.isValid
    } catch {
        _ = error.description
    }
    return 0
}
