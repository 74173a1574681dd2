@testable import BatonRuntime

/// HMAC-SHA256 (RFC 2104) over Baton's own SHA-256, independent of swift-crypto, so the
/// tests check the signature the way a receiver would.
enum TestHMAC {
    static func sha256Hex(key: [UInt8], message: [UInt8]) -> String {
        var block = key.count > 64 ? SHA256Digest.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = SHA256Digest.hash(block.map { $0 ^ 0x36 } + message)
        return SHA256Digest.hash(block.map { $0 ^ 0x5C } + inner).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
