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
        var wanted = Set(definitions.literalCalls.values).subtracting(definitions.processes.map(\.id))
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
            wanted.formUnion(Set(file.definitions.literalCalls.values))
            wanted.subtract(defined)
        }
        return found
    }
}
