import Crypto
public import Foundation

/// Checks `Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
/// exactly as `Docs/Connectors.md` ("Verifying Baton-Signature") describes it: the
/// timestamp within a window (five minutes by default) of now, the digest compared in
/// constant time against the raw body as received.
public enum BatonSignature {
    /// Whether `header` signs `body` with `secret` at a time within `tolerance` seconds of `now`.
    public static func isValid(header: String?, body: [UInt8], secret: String, now: Date = Date(), tolerance: Int = 300) -> Bool {
        guard let header else { return false }
        var fields: [Substring: Substring] = [:]
        for part in header.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let t = fields["t"].flatMap({ Int($0) }), let v1 = fields["v1"], v1.count == 64,
            abs(Int(now.timeIntervalSince1970) - t) <= tolerance
        else { return false }
        var digest: [UInt8] = []
        var index = v1.startIndex
        while index < v1.endIndex {
            let next = v1.index(index, offsetBy: 2)
            guard let byte = UInt8(v1[index..<next], radix: 16) else { return false }
            digest.append(byte)
            index = next
        }
        // isValidAuthenticationCode compares in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(
            digest, authenticating: Array("\(t).".utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// The header value that signs `body` with `secret` at `timestamp` (unix seconds).
    public static func header(body: [UInt8], secret: String, timestamp: Int = Int(Date().timeIntervalSince1970)) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(timestamp),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }
}
