/// The Jaro-Winkler similarity of two byte strings, from 0 (nothing in common) to 1 (equal).
///
///     jaroWinkler(Array("martha".utf8), Array("marhta".utf8))  // 0.961
///
/// Compare folded text (lower case, accents removed): on bytes, "é" and "e" differ.
///
/// Source: W. E. Winkler, "String comparator metrics and enhanced decision rules in the
/// Fellegi-Sunter model of record linkage", 1990; prefix scale 0.1 over at most four bytes.
///
/// Only the first ``jaroWinklerLimit`` bytes of each string are compared, so that the work per
/// pair is bounded whatever an input holds (a name of a million letters).
///
/// - Complexity: O(m · w) with the match window w, m and w at most ``jaroWinklerLimit``; no
///   allocation for strings of up to 64 bytes.
func jaroWinkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
    if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
    let (short, long) =
        a.count <= b.count
        ? (
            UnsafeBufferPointer(rebasing: a.prefix(jaroWinklerLimit)),
            UnsafeBufferPointer(rebasing: b.prefix(jaroWinklerLimit))
        )
        : (
            UnsafeBufferPointer(rebasing: b.prefix(jaroWinklerLimit)),
            UnsafeBufferPointer(rebasing: a.prefix(jaroWinklerLimit))
        )
    guard long.count <= 64 else { return jaroWinklerSlow(Array(short), Array(long)) }
    let window = max(0, long.count / 2 - 1)
    var shortFlags: UInt64 = 0
    var longFlags: UInt64 = 0
    var matches = 0
    for i in 0..<short.count {
        let lower = max(0, i - window)
        let upper = min(long.count, i + window + 1)
        var j = lower
        while j < upper {
            if longFlags & (1 << UInt64(j)) == 0 && short[i] == long[j] {
                shortFlags |= 1 << UInt64(i)
                longFlags |= 1 << UInt64(j)
                matches += 1
                break
            }
            j += 1
        }
    }
    if matches == 0 { return 0 }
    var transpositions = 0
    var j = 0
    for i in 0..<short.count where shortFlags & (1 << UInt64(i)) != 0 {
        while longFlags & (1 << UInt64(j)) == 0 { j += 1 }
        if short[i] != long[j] { transpositions += 1 }
        j += 1
    }
    return winkler(
        matches: matches, transpositions: transpositions / 2, lengths: (short.count, long.count),
        prefix: commonPrefix(short, long))
}

/// Jaro-Winkler over arrays (convenience for tests and cold paths).
/// The most bytes of a string ``jaroWinkler(_:_:)`` compares: far past any real name or address.
let jaroWinklerLimit = 1024

func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in jaroWinkler(a, b) } }
}

private func winkler(matches: Int, transpositions: Int, lengths: (Int, Int), prefix: Int) -> Double {
    let m = Double(matches)
    let jaro = (m / Double(lengths.0) + m / Double(lengths.1) + (m - Double(transpositions)) / m) / 3
    return jaro + Double(min(prefix, 4)) * 0.1 * (1 - jaro)
}

private func commonPrefix<C: Collection<UInt8>>(_ a: C, _ b: C) -> Int {
    var count = 0
    for (x, y) in zip(a, b) {
        if x != y { break }
        count += 1
    }
    return count
}

/// The same measure for strings longer than 64 bytes, with flag arrays.
private func jaroWinklerSlow(_ short: [UInt8], _ long: [UInt8]) -> Double {
    let window = max(0, long.count / 2 - 1)
    var shortFlags = [Bool](repeating: false, count: short.count)
    var longFlags = [Bool](repeating: false, count: long.count)
    var matches = 0
    for i in short.indices {
        for j in max(0, i - window)..<min(long.count, i + window + 1) where !longFlags[j] && short[i] == long[j] {
            shortFlags[i] = true
            longFlags[j] = true
            matches += 1
            break
        }
    }
    if matches == 0 { return 0 }
    var transpositions = 0
    var j = 0
    for i in short.indices where shortFlags[i] {
        while !longFlags[j] { j += 1 }
        if short[i] != long[j] { transpositions += 1 }
        j += 1
    }
    return winkler(
        matches: matches, transpositions: transpositions / 2, lengths: (short.count, long.count),
        prefix: commonPrefix(short, long))
}
