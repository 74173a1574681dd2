import Foundation

/// The shipped bindings of the demo, `ProcessModels/connectors.xml`: connector `erp` over
/// HTTP to the reference ERP (signed with `BATON_ERP_SECRET`), connector `crm` as the
/// reference CRM's in-process handler.
///
/// ```swift
/// let text = try ReferenceBindings.text(erpBaseURL: erpServer.baseURL)
/// let (bindings, problems) = try BindingsLoader().load(bytes: Array(text.utf8), file: "connectors.xml")
/// ```
public enum ReferenceBindings {
    /// The ERP origin the shipped file names.
    public static let shippedERPBaseURL = "http://127.0.0.1:8081"
    /// The environment variable the bindings read the ERP's signing secret from.
    public static let erpSecretVariable = "BATON_ERP_SECRET"

    /// Where the shipped file is in this source tree (`ProcessModels/connectors.xml`).
    public static var shippedFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ProcessModels/connectors.xml").path
    }

    /// The bindings file's text with the ERP at `erpBaseURL` (`http://127.0.0.1:40123`)
    /// instead of port 8081; reads `file` (default: the shipped one).
    public static func text(erpBaseURL: String = shippedERPBaseURL, file: String = shippedFile) throws -> String {
        let base = erpBaseURL.hasSuffix("/") ? String(erpBaseURL.dropLast()) : erpBaseURL
        let shipped = try String(contentsOfFile: file, encoding: .utf8)
        return shipped.replacingOccurrences(of: shippedERPBaseURL + "/", with: base + "/")
    }
}
