import Foundation

/// How many records share a name, an e-mail address or domain, a phone, a street address or an
/// identifier: agreeing on a value many clients hold ("John Smith", an accountant's office) says
/// less than agreeing on a rare one.
///
///     let frequencies = ValueFrequencies(features)
///     frequencies.count(of: feature.names[0].keyHash)  // 40 for a common name
///
/// The adjustment lowers an exact level's weight to log2(m / u_v), u_v being the share of other
/// records holding the value, never raising it: a value held once or twice keeps the level's
/// weight. Source: term-frequency adjustments as in Splink, after Winkler (1989).
///
/// - Complexity: building, O(n log n); a lookup, O(1).
struct ValueFrequencies: Sendable {
    /// Values held by three records or more; others count 1.
    private var counts: [UInt64: Int32]
    let total: Int

    init(_ features: [MatchFeatures]) {
        var values: [UInt64] = []
        values.reserveCapacity(features.count * 3)
        for record in features {
            if let name = record.names.first { values.append(name.keyHash) }
            values += record.emails
            values += record.domains
            values += record.phones
            values += record.sharedPhones
            if record.street != 0 { values.append(record.street) }
            for identifier in [record.businessNumber, record.companyNumber, record.taxNumber]
            where identifier.value != 0 {
                values.append(identifier.value)
            }
        }
        values.sort()
        var counts: [UInt64: Int32] = [:]
        var start = 0
        while start < values.count {
            var end = start + 1
            while end < values.count && values[end] == values[start] { end += 1 }
            if end - start >= 3 { counts[values[start]] = Int32(end - start) }
            start = end
        }
        self.counts = counts
        total = features.count
    }

    func count(of value: UInt64) -> Int { Int(counts[value] ?? 1) }

    /// The adjustment in bits (zero or less) of a level whose u is `u`, for a value `count`
    /// records hold.
    func adjustment(u: Double, count: Int) -> Double {
        guard count > 2, total > 1 else { return 0 }
        let share = Double(count - 1) / Double(total - 1)
        return share > u ? log2(u / share) : 0
    }

    /// The value a pair agreed on exactly and how many records hold it, per adjusted comparison.
    func sharedValues(
        _ a: MatchFeatures, _ b: MatchFeatures, _ vector: ComparisonVector
    )
        -> [(comparison: Comparison, count: Int)]
    {
        var out: [(comparison: Comparison, count: Int)] = []
        forEachSharedValue(a, b, vector) { out.append(($0, $1)) }
        return out
    }

    /// ``sharedValues(_:_:_:)`` one at a time, allocating nothing: the scorer's path.
    func forEachSharedValue(
        _ a: borrowing MatchFeatures, _ b: borrowing MatchFeatures, _ vector: ComparisonVector,
        _ body: (Comparison, Int) -> Void
    ) {
        if vector[.name] == Comparison.NameLevel.exact.rawValue {
            let (i, _) = vector.nameReadings
            if i < a.names.count { body(.name, count(of: a.names[i].keyHash)) }
        }
        if vector[.email] == Comparison.EmailLevel.exact.rawValue,
            let shared = a.emails.first(where: { b.emails.contains($0) })
        {
            body(.email, count(of: shared))
        }
        if vector[.email] == Comparison.EmailLevel.sameDomain.rawValue,
            let shared = a.domains.first(where: { b.domains.contains($0) })
        {
            body(.email, count(of: shared))
        }
        if vector[.address] == Comparison.AddressLevel.exact.rawValue { body(.address, count(of: a.street)) }
        // Identifiers: one several clients hold (a group's ABN on each company, a number typed
        // into the wrong client) says less; three or four records are one client's copies.
        func identifier(_ comparison: Comparison, _ value: UInt64) {
            let level = vector[comparison]
            if level == Comparison.IdentifierLevel.exact.rawValue
                || level == Comparison.IdentifierLevel.exactUnchecked.rawValue,
                count(of: value) > IdentifierFeature.uncheckedLimit
            {
                body(comparison, count(of: value))
            }
        }
        identifier(.businessNumber, a.businessNumber.value)
        identifier(.companyNumber, a.companyNumber.value)
        identifier(.taxNumber, a.taxNumber.value)
    }
}
