import ArgumentParser
import BatonFEEL

/// `baton bench`: micro- and macro-benchmarks; figures go to `Docs/performance.md`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Baton's performance.",
        subcommands: [FEELBenchCommand.self]
    )
}

/// `baton bench feel`: compile once, evaluate many, for the expressions FEEL's targets
/// name (a typical condition; a path, filter and sum over a 100-item list).
struct FEELBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feel",
        abstract: "Measure FEEL evaluation: nanoseconds per evaluation of typical expressions.",
        discussion: "Build with -c release for meaningful figures: swift run -c release baton bench feel"
    )

    @Option(name: .long, help: "Evaluations per expression (after a warm-up of a tenth as many).")
    var iterations = 200_000

    @Option(name: .long, help: "Run only the benchmarks whose name contains this text.")
    var only: String?

    @Flag(name: .long, help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
    }

    func run() throws {
        var variables = FEELContext()
        variables["amount"] = .number(FEELNumber("1200.50")!)
        variables["region"] = .string("EU")
        for index in 0..<18 { variables["field\(index)"] = .number(FEELNumber(index)) }
        var items: [FEELValue] = []
        for index in 0..<100 {
            items.append(.context([
                "sku": .string("SKU-\(index)"), "price": .number(FEELNumber("\(index % 20).95")!),
                "quantity": .number(FEELNumber(index % 7 + 1)),
            ]))
        }
        let cases: [(name: String, expression: String, variables: FEELContext)] = [
            ("condition, 20 variables", #"amount > 1000 and region = "EU""#, variables),
            ("path + filter + sum, 100 items", "sum(order.items[price > 10].price)", ["order": .context(["items": .list(items)])]),
        ]
        var results: [(String, String, Double, String)] = []
        for benchmark in cases where only.map({ benchmark.name.contains($0) }) ?? true {
            let compiled = try FEELExpression(benchmark.expression)
            let expected = compiled.evaluate(benchmark.variables)
            for _ in 0..<max(1, iterations / 10) { _ = compiled.evaluate(benchmark.variables) }
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<iterations { _ = compiled.evaluate(benchmark.variables) }
            let elapsed = clock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            results.append((benchmark.name, benchmark.expression, nanoseconds / Double(iterations), expected.value.literal))
        }
        if json {
            let rows = results.map { name, expression, perEvaluation, _ in
                #"{"name":"\#(name)","expression":\#(FEELValue.string(expression).json),"nanosecondsPerEvaluation":\#(Int(perEvaluation.rounded()))}"#
            }
            print(#"{"iterations":\#(iterations),"results":[\#(rows.joined(separator: ","))]}"#)
        } else {
            for (name, expression, perEvaluation, value) in results {
                print("\(name): \(Int(perEvaluation.rounded())) ns per evaluation  [\(expression) = \(value)]")
            }
        }
    }
}
