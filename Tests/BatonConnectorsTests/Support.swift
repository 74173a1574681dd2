import BatonModel
import BatonXML

enum BPMNLoaderHelper {
    static func load(_ text: String) throws -> Definitions {
        try BPMNLoader().load(bytes: Array(text.utf8), sourceName: "order.bpmn").definitions
    }
}
