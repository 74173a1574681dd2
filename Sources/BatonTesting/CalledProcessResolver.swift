public import BatonModel
public import BatonXML
import Foundation

/// Finds the files that define the processes a model's call activities call, among the
/// other `.bpmn` files of its folder: what `baton run` and ``ScenarioRunner`` deploy
/// beside the model, so a shipped model that calls another shipped model runs in a
/// scenario as it would once the folder is deployed.
///
/// Only literal `calledElement`s are followed (an `=` expression is decided at run
/// time); called files are searched again for their own calls. A file that cannot be
/// read or has errors is passed over: the call then raises the usual incident naming
/// the missing process.
public enum CalledProcessResolver {
    /// The valid sibling files of `path` that define processes `definitions` calls,
    /// directly or through them, in the order they were found.
    public static func siblingFiles(for definitions: Definitions, of path: String) -> [LoadedDefinitions] {
        var wanted = calledProcessIDs(in: definitions).subtracting(definitions.processes.map(\.id))
        guard !wanted.isEmpty else { return [] }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let own = URL(fileURLWithPath: path).standardizedFileURL.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var candidates: [LoadedDefinitions] = []
        for name in names.sorted() where name.hasSuffix(".bpmn") {
            let file = folder.appendingPathComponent(name).standardizedFileURL.path
            guard file != own, let loaded = try? BPMNLoader().load(file: file), loaded.isValid else { continue }
            candidates.append(loaded)
        }
        var found: [LoadedDefinitions] = []
        var defined = Set(definitions.processes.map(\.id))
        while let next = candidates.firstIndex(where: { candidate in candidate.definitions.processes.contains { wanted.contains($0.id) } }) {
            let file = candidates.remove(at: next)
            found.append(file)
            defined.formUnion(file.definitions.processes.map(\.id))
            wanted.formUnion(calledProcessIDs(in: file.definitions))
            wanted.subtract(defined)
        }
        return found
    }

    /// The literal `calledElement`s of every call activity in the file's processes.
    static func calledProcessIDs(in definitions: Definitions) -> Set<ElementID> {
        var ids: Set<ElementID> = []
        for process in definitions.processes {
            for node in process.allFlowNodes {
                guard case .callActivity(let call) = node.kind, let called = call.calledElement?.trimmingCharacters(in: .whitespaces),
                    !called.isEmpty, !called.hasPrefix("="), !called.hasPrefix("${")
                else { continue }
                ids.insert(ElementID(called))
            }
        }
        return ids
    }
}
