/// scrypt (RFC 7914): the memory-hard password hash Baton stores passwords with, built on
/// HMAC-SHA-256 and PBKDF2 (RFC 2898) from ``SHA256Digest``.
enum Scrypt {
    /// HMAC-SHA-256 (RFC 2104).
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var key = key.count > 64 ? SHA256Digest.hash(key) : key
        key += [UInt8](repeating: 0, count: 64 - key.count)
        let inner = SHA256Digest.hash(key.map { $0 ^ 0x36 } + message)
        return SHA256Digest.hash(key.map { $0 ^ 0x5c } + inner)
    }

    /// PBKDF2-HMAC-SHA-256.
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var output: [UInt8] = []
        var block: UInt32 = 1
        while output.count < length {
            var u = hmac(key: password, message: salt + [UInt8(block >> 24), UInt8(block >> 16 & 0xff), UInt8(block >> 8 & 0xff), UInt8(block & 0xff)])
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = hmac(key: password, message: u)
                    for index in t.indices { t[index] ^= u[index] }
                }
            }
            output += t
            block += 1
        }
        return Array(output.prefix(length))
    }

    /// scrypt(password, salt, N, r, p) of `length` bytes. N must be a power of two.
    static func derive(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, length: Int) -> [UInt8] {
        let blockWords = 32 * r
        let bytes = pbkdf2(password: password, salt: salt, iterations: 1, length: p * 128 * r)
        var words = [UInt32](repeating: 0, count: p * blockWords)
        for index in words.indices {
            let offset = index * 4
            words[index] = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        var memory = [UInt32](repeating: 0, count: n * blockWords)
        var scratch = [UInt32](repeating: 0, count: blockWords)
        for lane in 0..<p {
            var x = Array(words[(lane * blockWords)..<((lane + 1) * blockWords)])
            for i in 0..<n {
                memory.replaceSubrange((i * blockWords)..<((i + 1) * blockWords), with: x)
                blockMix(&x, &scratch, r: r)
            }
            for _ in 0..<n {
                let j = Int(x[(2 * r - 1) * 16]) & (n - 1)
                for k in 0..<blockWords { x[k] ^= memory[j * blockWords + k] }
                blockMix(&x, &scratch, r: r)
            }
            words.replaceSubrange((lane * blockWords)..<((lane + 1) * blockWords), with: x)
        }
        var mixed: [UInt8] = []
        mixed.reserveCapacity(words.count * 4)
        for word in words { mixed += [UInt8(word & 0xff), UInt8(word >> 8 & 0xff), UInt8(word >> 16 & 0xff), UInt8(word >> 24)] }
        return pbkdf2(password: password, salt: mixed, iterations: 1, length: length)
    }

    private static func blockMix(_ b: inout [UInt32], _ y: inout [UInt32], r: Int) {
        var x = Array(b[((2 * r - 1) * 16)..<(2 * r * 16)])
        for i in 0..<(2 * r) {
            for k in 0..<16 { x[k] ^= b[i * 16 + k] }
            salsa208(&x)
            // Even blocks go to the first half, odd ones to the second.
            let target = (i % 2 == 0 ? i / 2 : r + i / 2) * 16
            for k in 0..<16 { y[target + k] = x[k] }
        }
        b = y
    }

    private static func salsa208(_ b: inout [UInt32]) {
        var x = b
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }
        for _ in 0..<4 {
            x[4] ^= rotate(x[0] &+ x[12], 7); x[8] ^= rotate(x[4] &+ x[0], 9); x[12] ^= rotate(x[8] &+ x[4], 13); x[0] ^= rotate(x[12] &+ x[8], 18)
            x[9] ^= rotate(x[5] &+ x[1], 7); x[13] ^= rotate(x[9] &+ x[5], 9); x[1] ^= rotate(x[13] &+ x[9], 13); x[5] ^= rotate(x[1] &+ x[13], 18)
            x[14] ^= rotate(x[10] &+ x[6], 7); x[2] ^= rotate(x[14] &+ x[10], 9); x[6] ^= rotate(x[2] &+ x[14], 13); x[10] ^= rotate(x[6] &+ x[2], 18)
            x[3] ^= rotate(x[15] &+ x[11], 7); x[7] ^= rotate(x[3] &+ x[15], 9); x[11] ^= rotate(x[7] &+ x[3], 13); x[15] ^= rotate(x[11] &+ x[7], 18)
            x[1] ^= rotate(x[0] &+ x[3], 7); x[2] ^= rotate(x[1] &+ x[0], 9); x[3] ^= rotate(x[2] &+ x[1], 13); x[0] ^= rotate(x[3] &+ x[2], 18)
            x[6] ^= rotate(x[5] &+ x[4], 7); x[7] ^= rotate(x[6] &+ x[5], 9); x[4] ^= rotate(x[7] &+ x[6], 13); x[5] ^= rotate(x[4] &+ x[7], 18)
            x[11] ^= rotate(x[10] &+ x[9], 7); x[8] ^= rotate(x[11] &+ x[10], 9); x[9] ^= rotate(x[8] &+ x[11], 13); x[10] ^= rotate(x[9] &+ x[8], 18)
            x[12] ^= rotate(x[15] &+ x[14], 7); x[13] ^= rotate(x[12] &+ x[15], 9); x[14] ^= rotate(x[13] &+ x[12], 13); x[15] ^= rotate(x[14] &+ x[13], 18)
        }
        for k in 0..<16 { b[k] = b[k] &+ x[k] }
    }
}
