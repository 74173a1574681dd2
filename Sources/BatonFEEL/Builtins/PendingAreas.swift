// IN PROGRESS: each area moves to its own Builtins+<Area>.swift file; delete its line here.
extension BuiltinLibrary {
}
