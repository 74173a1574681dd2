import ArgumentParser
import BatonConnectors
import BatonModel
import BatonXML
import Foundation

/// The connector bindings a command works with: the file `named`, else `./connectors.xml`
/// when it exists, else none. An unreadable file exits with status 2, a file with
/// problems prints them and exits with status 1. `jobs run`, `worker` and `serve` share it.
func loadConnectorBindings(_ named: String?) throws -> (bindings: ConnectorBindings, file: String?) {
    guard let file = named ?? (FileManager.default.fileExists(atPath: "connectors.xml") ? "connectors.xml" : nil) else {
        return (ConnectorBindings(), nil)
    }
    guard let data = FileManager.default.contents(atPath: file) else {
        printError("\(file): error: cannot read the file")
        throw ExitCode(2)
    }
    do {
        let (bindings, problems) = try BindingsLoader().load(bytes: Array(data), file: file)
        guard problems.isEmpty else {
            for problem in problems { printError(problem.description) }
            throw ExitCode(1)
        }
        return (bindings, file)
    } catch let error as XMLLoadError {
        printError(error.diagnostic.description)
        throw ExitCode(1)
    }
}
