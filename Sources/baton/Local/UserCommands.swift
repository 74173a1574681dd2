import ArgumentParser
import BatonEngine
import BatonRuntime
import BatonSQLite
import Foundation

extension DatabaseOptions {
    /// The user directory on the database; a problem exits with status 1.
    func openDirectory() throws -> Directory {
        try requireLocal(nil, .notYetRemote)
        do {
            return Directory(store: try SQLiteStore(path: path, durability: SQLiteStore.Durability(rawValue: durability) ?? .full))
        } catch {
            printError("baton: error: \(error.description)")
            throw ExitCode(1)
        }
    }
}

/// `baton users ...`: the people and machines that act in Baton.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users and their roles.",
        subcommands: [UsersAddCommand.self, UsersListCommand.self, UsersShowCommand.self, UsersRemoveCommand.self, UsersGrantCommand.self, UsersRevokeCommand.self])
}

/// `baton users add NAME [--name N] [--role R ...] [--password-stdin]`.
struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The login name (lowercase letters, digits, . _ -).", valueName: "name"))
    var name: String

    @Option(name: .customLong("name"), help: ArgumentHelp("The name people see.", valueName: "display name"))
    var displayName: String?

    @Option(name: .customLong("role"), help: ArgumentHelp("A role (repeatable).", valueName: "role"))
    var roles: [String] = []

    @Flag(name: .long, help: "Read the password from standard input (never from the command line).")
    var passwordStdin = false

    func run() throws {
        var password: String?
        if passwordStdin {
            password = readLine(strippingNewline: true)
            guard password != nil else {
                printError("baton: error: --password-stdin: nothing on standard input")
                throw ExitCode(1)
            }
        }
        try database.directoryBackend().addUser(name, displayName: displayName, roles: roles, password: password)
        print("user \(name) added" + (roles.isEmpty ? "" : " with \(roles.joined(separator: ", "))"))
    }
}

/// `baton users list`.
struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let users = try database.directoryBackend().users()
        print(users.isEmpty ? "no users (baton users add NAME)" : Table(["USER", "NAME", "ROLES"], users.map { [$0.name, $0.displayName ?? "", $0.roles.joined(separator: ", ")] }).text)
    }
}

/// `baton users show NAME`.
struct UsersShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one user.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The login name.", valueName: "name"))
    var name: String

    func run() throws {
        let user = try database.directoryBackend().user(name)
        print("user:     \(user.name)")
        if let display = user.displayName { print("name:     \(display)") }
        print("roles:    \(user.roles.isEmpty ? "none" : user.roles.joined(separator: ", "))")
        print("password: \(user.hasPassword ? "set" : "none (tokens only)")")
        print("added:    \(user.createdAt)")
    }
}

/// `baton users remove NAME`.
struct UsersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a user and their tokens.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The login name.", valueName: "name"))
    var name: String

    func run() throws {
        try database.directoryBackend().removeUser(name)
        print("user \(name) removed")
    }
}

/// `baton users grant NAME ROLE`.
struct UsersGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give a user a role.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The login name.", valueName: "name")) var name: String
    @Argument(help: ArgumentHelp("The role.", valueName: "role")) var role: String

    func run() throws {
        try database.directoryBackend().grant(role, to: name)
        print("\(name) has role \(role)")
    }
}

/// `baton users revoke NAME ROLE`.
struct UsersRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role from a user.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The login name.", valueName: "name")) var name: String
    @Argument(help: ArgumentHelp("The role.", valueName: "role")) var role: String

    func run() throws {
        try database.directoryBackend().revoke(role, from: name)
        print("\(name) no longer has role \(role)")
    }
}

/// `baton roles list`.
struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "List roles.", subcommands: [RolesListCommand.self], defaultSubcommand: RolesListCommand.self)
}

/// `baton roles list`: every role held by someone, and `admin`.
struct RolesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List roles and who has them.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let roles = try database.directoryBackend().roles()
        print(Table(["ROLE", "USERS"], roles.map { [$0.role, $0.users.joined(separator: ", ")] }).text)
    }
}

/// `baton tokens create --user U`: an API token, shown once.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Manage API tokens.", subcommands: [TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self])
}

/// `baton tokens create`.
struct TokensCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token for a user; it is printed once and stored only as a hash.",
        discussion: "--user NAME (required) names the user the token acts as; with --server, log in with $BATON_TOKEN or $BATON_USER.")

    /// Its `--user` names the user the token acts as (with `--server` too).
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "What the token is for.")
    var label: String?

    func validate() throws {
        guard database.user != nil else { throw ValidationError("Name the user the token acts as: --user NAME.") }
    }

    func run() throws {
        print(try database.directoryBackend(logInAsUser: false).createToken(for: database.user ?? "", label: label))
    }
}

/// `baton tokens list --user U`: a user's tokens, by id (never the tokens themselves).
struct TokensListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a user's API tokens: id, label, created.", discussion: "--user NAME (required) names the user whose tokens to list; with --server, log in with $BATON_TOKEN or $BATON_USER.")

    /// Its `--user` names the user whose tokens are listed (with `--server` too).
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard database.user != nil else { throw ValidationError("Name the user whose tokens to list: --user NAME.") }
    }

    func run() throws {
        let user = database.user ?? ""
        let tokens = try database.directoryBackend(logInAsUser: false).tokens(of: user)
        print(tokens.isEmpty ? "no tokens for \(user)" : Table(["ID", "LABEL", "CREATED"], tokens.map { [$0.id, $0.label ?? "", $0.createdAt] }).text)
    }
}

/// `baton tokens revoke ID`.
struct TokensRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token by its id (baton tokens list shows it).")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The token's id.", valueName: "id"))
    var id: String

    func run() throws {
        try database.directoryBackend().revokeToken(id)
        print("token \(id) revoked")
    }
}
