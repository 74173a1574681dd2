import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonModel
import BatonRuntime
import Foundation

/// `baton start KEY --batch FILE`: reads the batch, starts the instances with a progress
/// bar on a terminal, and ends with a summary naming every failed line.
struct BatchStartOutput {
    var file: String
    var json: Bool

    func run(processKey: String, backend: any Backend) throws {
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("baton: error: \(file): cannot read the file")
                throw ExitCode(1)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let name = file == "-" ? "<stdin>" : file
        let clock = ContinuousClock()
        let began = clock.now
        let bar = ProgressBar(enabled: isatty(2) == 1 && !json)
        let items = try backend.startBatch(processKey: processKey, jsonLines: text) { done, total in bar.show(done, of: total) }
        bar.finish()
        let elapsed = (clock.now - began).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        if json {
            print("[" + items.map { item in
                var object = FEELContext([("line", .number(FEELNumber(item.line)))])
                if let instance = item.instance { object["instance"] = .string(instance) }
                if let error = item.error { object["error"] = .string(error) }
                return FEELValue.context(object).json
            }.joined(separator: ",\n") + "]")
        } else {
            let failures = items.filter { $0.error != nil }
            print("started \(items.count { $0.instance != nil }) of \(items.count) instances of \(processKey) from \(name) in \(String(format: "%.1f", seconds)) s"
                + (failures.isEmpty ? "" : "; \(failures.count) line\(failures.count == 1 ? "" : "s") failed:"))
            for failure in failures {
                // Errors from the line itself start with "LINE:COLUMN:"; others get the line.
                let message = failure.error ?? ""
                let positioned = message.hasPrefix("\(failure.line):")
                print("  \(name):\(positioned ? message : "\(failure.line): \(message)")")
            }
        }
        if items.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}

/// A one-line progress bar on standard error, redrawn at most once per percent.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private var lastPercent = -1

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * 30 / 100
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
