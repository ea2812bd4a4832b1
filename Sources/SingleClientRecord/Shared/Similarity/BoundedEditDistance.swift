/// The optimal-string-alignment distance of two byte strings, or `limit + 1` as soon as it is
/// known to exceed `limit`: the per-pair form of ``editDistance(_:_:)``.
///
///     boundedEditDistance(Array("smith".utf8), Array("smtih".utf8), limit: 2)  // 1
///
/// Source: as ``editDistance(_:_:)``; the early exit when a whole row exceeds the limit is
/// Ukkonen's cut-off, "Algorithms for approximate string matching", Information and Control 64, 1985.
///
/// - Complexity: O(m · n), usually far less through the early exit, for strings of up to 63 bytes
///   (no allocation); O(m · limit) for longer ones, whose cells are computed only within `limit`
///   of the diagonal (Ukkonen's band): a name of a million letters costs no more than its length.
func boundedEditDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    let width = b.count + 1
    guard width <= 64 else { return bandedEditDistance(a, b, limit: limit) }
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 3 * 64) { rows in
        var twoBack = rows.baseAddress!
        var previous = twoBack + 64
        var current = previous + 64
        for j in 0..<width { previous[j] = Int32(j) }
        for i in 1...a.count {
            current[0] = Int32(i)
            var rowMinimum = current[0]
            for j in 1..<width {
                let cost: Int32 = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = min(best, twoBack[j - 2] + 1)
                }
                current[j] = best
                rowMinimum = min(rowMinimum, best)
            }
            // A transposition reaches back two rows: stop only when both rows exceed the limit.
            if rowMinimum > Int32(limit) && (i == 1 || minimum(previous, width) > Int32(limit)) { return limit + 1 }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return Int(min(previous[b.count], Int32(limit + 1)))
    }
}

/// ``boundedEditDistance(_:_:limit:)`` for long strings: only the cells within `limit` of the
/// diagonal are computed (a path of cost `limit` or less never leaves them), so the result is
/// the same, `min(distance, limit + 1)`, in O(m · limit).
private func bandedEditDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
    let far = Int32.max / 4
    let (n, m) = (a.count, b.count)
    var twoBack = [Int32](repeating: far, count: m + 2)
    var previous = [Int32](repeating: far, count: m + 2)
    var current = [Int32](repeating: far, count: m + 2)
    for j in 0...min(m, limit) { previous[j] = Int32(j) }
    var previousMinimum: Int32 = 0
    for i in 1...n {
        let low = max(1, i - limit)
        let high = min(m, i + limit)
        guard low <= high else { return limit + 1 }
        current[low - 1] = low == 1 ? Int32(i) : far
        var rowMinimum = current[low - 1]
        for j in low...high {
            let cost: Int32 = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = min(best, twoBack[j - 2] + 1)
            }
            current[j] = best
            rowMinimum = min(rowMinimum, best)
        }
        current[high + 1] = far
        if rowMinimum > Int32(limit) && previousMinimum > Int32(limit) { return limit + 1 }
        previousMinimum = rowMinimum
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return Int(min(previous[m], Int32(limit + 1)))
}

private func minimum(_ row: UnsafeMutablePointer<Int32>, _ count: Int) -> Int32 {
    var result = row[0]
    for j in 1..<count { result = min(result, row[j]) }
    return result
}

/// ``boundedEditDistance(_:_:limit:)`` over arrays.
func boundedEditDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in boundedEditDistance(a, b, limit: limit) } }
}
