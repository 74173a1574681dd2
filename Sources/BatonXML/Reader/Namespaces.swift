/// The namespace URIs Baton reads. Elements are matched by URI, never by prefix: real
/// files use `bpmn:`, `bpmn2:`, `semantic:`, `model:` or the default namespace for BPMN.
enum Namespace {
    static let bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    static let bpmnDI = "http://www.omg.org/spec/BPMN/20100524/DI"
    static let dc = "http://www.omg.org/spec/DD/20100524/DC"
    static let di = "http://www.omg.org/spec/DD/20100524/DI"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    static let baton = "urn:baton:bpmn:1"
    static let camunda = "http://camunda.org/schema/1.0/bpmn"
    static let zeebe = "http://camunda.org/schema/zeebe/1.0"

    /// The namespaces whose `id` attributes are XML IDs and must be unique in a file.
    static let identified: Set<String> = [bpmn, bpmnDI, di]
}
