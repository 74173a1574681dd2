/// "Did you mean" hints by edit distance, shared by the loader and the FEEL evaluator.
package enum Suggestion {
    /// The candidate nearest to `word`, if it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: some Sequence<String>, limit: Int? = nil) -> String? {
        var best: (String, Int)?
        let limit = limit ?? max(2, word.count / 3)
        let lowered = word.lowercased()
        for candidate in candidates {
            let other = candidate.lowercased()
            // A name that extends the other (`creditRefused` / `creditRefusedError`) is a
            // likely mix-up too, ranked after every close spelling.
            let extends = lowered.count >= 3 && other.count >= 3 && (other.hasPrefix(lowered) || lowered.hasPrefix(other))
            guard extends || abs(candidate.count - word.count) <= limit else { continue }
            let distance = extends ? limit : editDistance(lowered, other)
            if distance <= limit, best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// ` (did you mean 'x'?)` or the empty string.
    package static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
