import ArgumentParser
import Foundation

/// How the command line logs in to a server: an API token (`$BATON_TOKEN`, sent as
/// Bearer) or a user and password (HTTP Basic; the password from `$BATON_PASSWORD`, else
/// asked on the terminal without echo). The password is never printed or logged.
enum ServerCredentials {
    case token(String)
    case basic(user: String, password: String)

    /// The `Authorization` header value.
    var header: String {
        switch self {
        case .token(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
    }

    /// Which credentials were sent, for messages (never the secret).
    var kind: String {
        switch self {
        case .token: "the API token in $BATON_TOKEN"
        case .basic(let user, _): "user \(user) and password"
        }
    }

    /// The credentials for `server`: `--user` (with its password) wins, then `$BATON_TOKEN`,
    /// then `$BATON_USER`; none of them is a usage error (status 2) that says what to give.
    static func resolve(user: String?, server: String) throws -> ServerCredentials {
        if let user { return .basic(user: user, password: try password(for: user, at: server)) }
        if let token = environment("BATON_TOKEN") { return .token(token) }
        if let user = environment("BATON_USER") { return .basic(user: user, password: try password(for: user, at: server)) }
        printError("baton: error: say who you are on \(server): an API token in $BATON_TOKEN, or --user NAME (or $BATON_USER) with the password in $BATON_PASSWORD or typed when asked")
        throw ExitCode(2)
    }

    /// `$BATON_PASSWORD`, else the password typed on the terminal (echo off).
    private static func password(for user: String, at server: String) throws -> String {
        if let password = ProcessInfo.processInfo.environment["BATON_PASSWORD"] { return password }
        guard isatty(STDIN_FILENO) == 1, let typed = promptWithoutEcho("Password for \(user) on \(server): ") else {
            printError("baton: error: no password for \(user): set $BATON_PASSWORD, or run baton on a terminal to be asked")
            throw ExitCode(2)
        }
        return typed
    }

    /// Asks on the controlling terminal with echo off and reads one line; nil without a
    /// terminal.
    private static func promptWithoutEcho(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var original = termios()
        guard tcgetattr(tty, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        guard tcsetattr(tty, TCSAFLUSH, &silent) == 0 else { return nil }
        defer { tcsetattr(tty, TCSAFLUSH, &original) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
