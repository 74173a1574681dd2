import ArgumentParser
import BatonEngine
import BatonFEEL
import BatonRuntime
import BatonSQLite
import Foundation

/// `--db` and `--durability`, or `--server` (through a Baton server instead of the file),
/// and `--user`; shared by every command that works on the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $BATON_DB, else ./baton.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("full: a command returns once it is on disk (default); relaxed: faster, may lose the last commits on power loss.", valueName: "mode"))
    var durability: String = "full"

    @Option(name: .long, help: ArgumentHelp("Work through the Baton server at this URL instead of a database file (default: $BATON_SERVER unless --db is given).", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("Who acts (default: $BATON_USER); with --server, who logs in (password from $BATON_PASSWORD, else asked; $BATON_TOKEN logs in without --user).", valueName: "name"))
    var user: String?

    func validate() throws {
        guard SQLiteStore.Durability(rawValue: durability) != nil else {
            throw ValidationError("--durability must be full or relaxed, not '\(durability)'.")
        }
        if server != nil, db != nil {
            throw ValidationError("Give --db (work on a database file) or --server (work through a Baton server), not both.")
        }
        if let address = serverAddress, !ServerClient.isValidAddress(address) {
            throw ValidationError("\(server == nil ? "$BATON_SERVER" : "--server") must be an http:// or https:// URL like http://127.0.0.1:8080, not '\(address)'.")
        }
    }

    /// The database path the options name.
    var path: String { db ?? environment("BATON_DB") ?? "baton.sqlite" }

    /// The server the options name: `--server`, else `$BATON_SERVER` unless `--db` is given.
    var serverAddress: String? { server ?? (db == nil ? environment("BATON_SERVER") : nil) }

    /// Where the command works: the database file, or the server (logging in first).
    func backend() throws -> any Backend {
        guard let address = serverAddress else { return LocalBackend(runtime: try openRuntime()) }
        guard let client = ServerClient(address: address, credentials: try ServerCredentials.resolve(user: user, server: address)) else {
            throw ValidationError("--server must be an http:// or https:// URL, not '\(address)'.")
        }
        return RemoteBackend(client: client)
    }

    /// Why a command works on the database file only.
    enum LocalReason {
        /// It works on the file itself (maintenance, executors, the server).
        case byNature
        /// The server has no route for it yet.
        case notYetRemote
    }

    /// Refuses remote mode (a usage error, status 2) for a command that cannot use it.
    func requireLocal(_ command: String?, _ reason: LocalReason) throws {
        guard serverAddress != nil else { return }
        let command = command.map { "baton \($0)" } ?? "this command"
        switch reason {
        case .byNature:
            throw ValidationError("\(command) works on the database file only, not through a server; run it where the database is (--db, without --server or $BATON_SERVER).")
        case .notYetRemote:
            throw ValidationError("\(command) is not yet supported remotely (--server, $BATON_SERVER); run it on the database file with --db for now.")
        }
    }

    /// Opens the runtime on the database; a problem exits with status 1 and the reason.
    func openRuntime() throws -> Runtime {
        try requireLocal(nil, .notYetRemote)
        do {
            let store = try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full)
            return try Runtime(store: store)
        } catch let error as StoreError {
            printError("baton: error: \(error.description)")
            throw ExitCode(1)
        } catch {
            printError("baton: error: \(error)")
            throw ExitCode(1)
        }
    }

    /// The acting user's record (local mode); a missing or unknown user exits with a clear
    /// error.
    func actor(_ directory: Directory) throws -> UserRecord {
        guard let name = user ?? environment("BATON_USER") else {
            printError("baton: error: say who acts: --user NAME or $BATON_USER")
            throw ExitCode(2)
        }
        do { return try directory.user(name) } catch { throw fail(error) }
    }
}

/// An environment variable's value; empty counts as unset.
func environment(_ name: String) -> String? { ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } }

/// `--var name=value` (a FEEL literal: `amount=1200`, `name='"Ann"'`, `ok=true`) and
/// `--vars JSON` (numbers stay exact).
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("A variable, name=FEEL literal (amount=1200, name='\"Ann\"', ok=true). Repeatable.", valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Variables as a JSON object.", valueName: "json"))
    var vars: String?

    /// The variables, `--vars` first and `--var` on top; a bad one is a usage error that
    /// names it.
    func variables() throws -> FEELContext {
        var result = FEELContext()
        if let vars {
            let value: FEELValue
            do { value = try FEELValue(json: vars) } catch { throw ValidationError("--vars: \(error.description)") }
            guard case .context(let context) = value else { throw ValidationError("--vars must be a JSON object, like '{\"amount\": 1200}'.") }
            result = context
        }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var '\(assignment)' must be name=value, like amount=1200.")
            }
            let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...])
            let expression: FEELExpression
            do { expression = try FEELExpression(text) } catch {
                throw ValidationError("--var \(name): '\(text)' is not a FEEL value (\(error.message)); quote text as '\"\(text)\"'.")
            }
            let evaluated = expression.evaluate()
            if let problem = evaluated.problem {
                throw ValidationError("--var \(name): '\(text)' is not a value (\(problem)); quote text as '\"\(text)\"'.")
            }
            // `2026-12-14` is FEEL arithmetic (2000), never what someone typing a date means.
            if case .number = evaluated.value, Self.looksLikeDate(text) {
                throw ValidationError(
                    "--var \(name): '\(text)' reads as arithmetic (\(evaluated.value)), not a date; write the date as '@\"\(text)\"' or as text '\"\(text)\"'.")
            }
            result[name] = evaluated.value
        }
        return result
    }

    /// `2026-12-14` or `2026-12-14T10:00...`: an ISO 8601 date typed without quotes.
    static func looksLikeDate(_ text: String) -> Bool {
        let characters = Array(text.trimmingCharacters(in: .whitespaces))
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-" else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { characters[$0].isASCII && characters[$0].isNumber }
    }
}

/// Prints a runtime error and exits with status 1.
func fail(_ error: RuntimeError) -> ExitCode {
    printError("baton: error: \(error.message)")
    return ExitCode(1)
}
