public import BatonEngine
public import BatonFEEL
import Crypto
import Foundation

/// Encrypts sensitive variables at rest with AES-256-GCM.
///
/// A sealed value is stored as the text `baton:sealed:v1:KEYID:BASE64`, where `BASE64`
/// holds the nonce, ciphertext and tag of the value's typed stored form, and the
/// authenticated data binds it to its instance and variable name (a sealed value copied
/// into another instance or variable does not open). `KEYID` names the key (the first
/// eight hex digits of its SHA-256), so a value sealed under another key says so.
///
/// The key comes from `BATON_ENCRYPTION_KEY`: 32 bytes, written as 64 hex digits or
/// base64 (`openssl rand -base64 32`).
public struct VariableSealer: Sendable {
    private let key: SymmetricKey
    /// Names the key in sealed values.
    public let keyID: String

    /// The environment variable the key is read from.
    public static let environmentVariable = "BATON_ENCRYPTION_KEY"
    /// What every sealed value starts with.
    public static let prefix = "baton:sealed:v1:"
    /// How sensitive values are shown.
    public static let mask = "****"

    /// A sealer for a 32-byte key written as 64 hex digits or base64. The error never
    /// contains the key.
    public init(keyText: String) throws(RuntimeError) {
        let text = keyText.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8]?
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            bytes = stride(from: 0, to: 64, by: 2).map { offset in
                let start = text.index(text.startIndex, offsetBy: offset)
                return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
            }
        } else if let data = Data(base64Encoded: text) {
            bytes = Array(data)
        }
        guard let bytes, bytes.count == 32 else {
            throw RuntimeError("\(Self.environmentVariable) must be a 32-byte key written as 64 hex digits or base64 (openssl rand -base64 32)")
        }
        key = SymmetricKey(data: bytes)
        keyID = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    /// The sealer for `BATON_ENCRYPTION_KEY`, or nil when it is not set.
    public static func fromEnvironment(_ environment: [String: String]? = nil) throws(RuntimeError) -> VariableSealer? {
        guard let text = (environment ?? ProcessInfo.processInfo.environment)[environmentVariable], !text.isEmpty else { return nil }
        return try VariableSealer(keyText: text)
    }

    /// Whether `value` is a sealed value.
    public static func isSealed(_ value: FEELValue) -> Bool {
        if case .string(let text) = value { return text.hasPrefix(prefix) }
        return false
    }

    /// `value` sealed for variable `name` of `instance` (null stays null, a sealed value
    /// stays as it is).
    public func seal(_ value: FEELValue, name: String, instance: ProcessInstanceID) throws(RuntimeError) -> FEELValue {
        if value == .null || Self.isSealed(value) { return value }
        do {
            let box = try AES.GCM.seal(Data(value.storedText.utf8), using: key, authenticating: Self.context(name, instance))
            guard let combined = box.combined else { throw RuntimeError("AES-GCM gave no combined form") }
            return .string(Self.prefix + keyID + ":" + combined.base64EncodedString())
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError("cannot encrypt sensitive variable '\(name)' of instance '\(instance)': \(error)")
        }
    }

    /// The value inside a sealed value (other values are returned as they are).
    public func unseal(_ value: FEELValue, name: String, instance: ProcessInstanceID) throws(RuntimeError) -> FEELValue {
        guard case .string(let text) = value, text.hasPrefix(Self.prefix) else { return value }
        let rest = text.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { throw RuntimeError("sensitive variable '\(name)' of instance '\(instance)' is damaged") }
        let id = rest[..<colon]
        guard id == keyID else {
            throw RuntimeError("sensitive variable '\(name)' of instance '\(instance)' was encrypted under another key (id \(id)); \(Self.environmentVariable) holds key \(keyID)")
        }
        do {
            guard let data = Data(base64Encoded: String(rest[rest.index(after: colon)...])) else { throw RuntimeError("not base64") }
            let opened = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key, authenticating: Self.context(name, instance))
            return try FEELValue(storedText: String(decoding: opened, as: UTF8.self))
        } catch {
            throw RuntimeError("sensitive variable '\(name)' of instance '\(instance)' cannot be decrypted (damaged, or moved from another instance or variable)")
        }
    }

    private static func context(_ name: String, _ instance: ProcessInstanceID) -> Data {
        Data("\(instance.rawValue)\u{0}\(name)".utf8)
    }
}
