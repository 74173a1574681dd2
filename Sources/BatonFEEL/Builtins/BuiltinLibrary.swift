/// Every FEEL built-in function Baton provides, by name. Each area lives in its own file
/// (`Builtins+String.swift`, ...) as a static array; this type only gathers them.
enum BuiltinLibrary {
    static let all: [BuiltinFunction] =
        conversionFunctions + booleanFunctions + stringFunctions + listFunctions + numericFunctions
        + contextFunctions + rangeFunctions + rangeConstructorFunctions + temporalFunctions

    /// Signatures by function name (several signatures share a name, e.g. `date`).
    static let byName: [String: [BuiltinFunction]] = Dictionary(grouping: all, by: \.name)

    /// Function names that contain spaces or keywords (`string length`, `date and time`),
    /// longest first, for the parser to recognise as one name.
    static let multiWordNames: [String] = Set(all.map(\.name)).filter { $0.contains(" ") }
        .sorted { $0.count > $1.count }
}
