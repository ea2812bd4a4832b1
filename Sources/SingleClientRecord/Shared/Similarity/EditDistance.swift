/// The optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 (Damerau-Levenshtein without repeated edits of one substring).
///
///     editDistance(Array("emial".utf8), Array("email".utf8))  // 1
///
/// Source: F. J. Damerau, "A technique for computer detection and correction of spelling errors",
/// CACM 7(3), 1964; the restricted form as in Boytsov, "Indexing methods for approximate
/// dictionary searching", JEA 16, 2011.
///
/// - Complexity: O(m · n) time, O(n) memory.
func editDistance<C: Collection>(_ a: C, _ b: C) -> Int where C.Element: Equatable {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = min(best, twoBack[j - 2] + 1)
            }
            current[j] = best
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
}
