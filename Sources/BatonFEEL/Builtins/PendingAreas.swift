// IN PROGRESS: each area moves to its own Builtins+<Area>.swift file; delete its line here.
extension BuiltinLibrary {
    static let conversionFunctions: [BuiltinFunction] = []
    static let booleanFunctions: [BuiltinFunction] = []
    static let stringFunctions: [BuiltinFunction] = []
    static let listFunctions: [BuiltinFunction] = []
    static let numericFunctions: [BuiltinFunction] = []
    static let contextFunctions: [BuiltinFunction] = []
    static let rangeFunctions: [BuiltinFunction] = []
    static let temporalFunctions: [BuiltinFunction] = []
}
