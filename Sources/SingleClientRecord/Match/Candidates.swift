import Foundation

/// Which pairs of records are worth comparing (blocking): those that share a key.
///
/// Exact keys: a valid business, company or tax number (and an ABN's company part against an
/// ACN), an e-mail address (a contact's too), a phone held by one client, a Xero organisation,
/// an XPM UUID and the HQ sync link to it, a street address. Fuzzy keys on names: each
/// organisation word, a person's family name with the first initial, a person's date of birth
/// with the family name's first letter (which two slips in the rest of the name leave whole),
/// and the one-deletion neighbourhood of the name's letters (every spelling with one byte
/// removed: two names one typing slip apart always share one, after Garbe's SymSpell, 2012).
///
/// A key held by more than ``blockLimit`` records (a common word, "Smith J") does not pair all
/// of them: its records are sorted by name and each is paired with its next ``window``
/// neighbours (the sorted-neighbourhood method, Hernández and Stolfo, 1995). So the number of
/// pairs grows linearly with the number of records.
///
///     let pairs = Candidates.pairs(features)  // sorted, each (i << 32 | j) with i < j
///
/// - Complexity: O(k log k) for k keys, about 20 per record; O(n) pairs.
enum Candidates {
    static let blockLimit = 24
    static let window = 4
    /// The longest name prefix the deletion neighbourhood covers.
    static let deletionPrefix = 20

    enum Tag: UInt64 {
        case deletion = 1, familyInitial, word, businessNumber, companyNumber, taxNumber, email, phone
        case xeroOrganisation, xpmClient, street, birthFamily
    }

    static func pairs(_ features: [MatchFeatures]) -> [UInt64] {
        let n = features.count
        guard n >= 2 else { return [] }
        let chunks = n < 4096 ? 1 : 16
        let ranks = nameRanks(features)
        // Keys of every record, in parallel.
        let parts: [[Entry]] = parallelMap(count: chunks) { chunk in
            var entries: [Entry] = []
            entries.reserveCapacity(chunkRange(chunk, of: chunks, total: n).count * 24)
            for index in chunkRange(chunk, of: chunks, total: n) {
                keys(of: features[index]) {
                    entries.append(Entry(key: $0, record: UInt32(index), rank: ranks[index]))
                }
            }
            return entries
        }
        // By key, and within a key by name: a large block is already in its neighbourhood order.
        let keyBuckets = chunks == 1 ? 1 : 64
        let buckets = bucketSort(
            parts, bucketCount: keyBuckets, bucket: { Int($0.key >> 58) },
            by: { ($0.key, $0.rank) < ($1.key, $1.rank) })
        // Pairs from every run of equal keys, bucket by bucket in parallel.
        let pairParts: [[UInt64]] = parallelMap(count: buckets.count) { b in
            var pairs: [UInt64] = []
            let entries = buckets[b]
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count && entries[end].key == entries[start].key { end += 1 }
                if end - start > 1 {
                    emitPairs(entries[start..<end].map { Int($0.record) }, into: &pairs)
                }
                start = end
            }
            return pairs
        }
        // Unique pairs, sorted: buckets by the first record's index hold consecutive ranges.
        let pairBuckets = chunks == 1 ? 1 : 64
        let sorted = bucketSort(
            pairParts, bucketCount: pairBuckets, bucket: { Int(($0 >> 32) * UInt64(pairBuckets) / UInt64(n)) },
            by: { $0 < $1 })
        var unique: [UInt64] = []
        unique.reserveCapacity(sorted.reduce(0) { $0 + $1.count })
        for bucket in sorted {
            for pair in bucket where unique.last != pair { unique.append(pair) }
        }
        return unique
    }

    struct Entry: Sendable {
        var key: UInt64
        var record: UInt32
        /// The record's place in name order (``nameRanks(_:)``).
        var rank: UInt32
    }

    /// Every record's place when the records are sorted by their first name reading's letters,
    /// then by index: the order the sorted neighbourhood of a large block follows. Worked out
    /// once, so that no block is sorted on its own (at a million records a side, sorting each
    /// large block by name took most of the candidates' time).
    static func nameRanks(_ features: [MatchFeatures]) -> [UInt32] {
        let letters = features.map { $0.names.first?.compact ?? [] }
        let prefixes = letters.map(prefixNumber)
        var order = Array(features.indices)
        order.sort { a, b in
            if prefixes[a] != prefixes[b] { return prefixes[a] < prefixes[b] }
            return letters[a] == letters[b] ? a < b : letters[a].lexicographicallyPrecedes(letters[b])
        }
        var ranks = [UInt32](repeating: 0, count: features.count)
        for (rank, record) in order.enumerated() { ranks[record] = UInt32(rank) }
        return ranks
    }

    /// Every blocking key of one record.
    static func keys(of record: MatchFeatures, _ emit: (UInt64) -> Void) {
        func key(_ tag: Tag, _ value: UInt64) { if value != 0 { emit(StableHash.combine(tag.rawValue, value)) } }
        for name in record.names {
            let letters = name.compact.prefix(deletionPrefix)
            if letters.count >= 2 {
                key(.deletion, StableHash.of(Array(letters)))
                if letters.count >= 4 {
                    var buffer = [UInt8](letters)
                    for skip in letters.indices {
                        buffer.remove(at: skip - letters.startIndex)
                        key(.deletion, StableHash.of(buffer))
                        buffer.insert(letters[skip], at: skip - letters.startIndex)
                    }
                }
            }
            if name.isPerson {
                let person = name.person
                if person.familyHash != 0 {
                    key(.familyInitial, StableHash.combine(person.familyHash, UInt64(person.given.first ?? 0)))
                }
                if record.dateOfBirth != 0, let initial = person.family.first {
                    key(.birthFamily, UInt64(UInt32(bitPattern: record.dateOfBirth)) << 8 | UInt64(initial))
                }
            } else {
                for (index, token) in name.tokens.enumerated() where name.tokenText[index].count >= 3 {
                    key(.word, token)
                }
            }
        }
        key(.businessNumber, record.businessNumber.value)
        key(.companyNumber, record.acnDigits)
        key(.companyNumber, record.abnCompanyPart)
        if record.acnDigits == 0 { key(.companyNumber, record.companyNumber.value) }
        key(.taxNumber, record.taxNumber.value)
        for email in record.emails { key(.email, email) }
        for email in record.contactEmails { key(.email, email) }
        for phone in record.phones { key(.phone, phone) }
        key(.xeroOrganisation, record.xeroOrganisation)
        key(.xpmClient, record.xpmUUID)
        key(.xpmClient, record.xpmLink)
        key(.street, record.street)
    }

    /// The pairs of one block: all of them, or the sorted neighbourhood of a large one, whose
    /// members come in name order.
    static func emitPairs(_ members: [Int], into pairs: inout [UInt64]) {
        if members.count <= blockLimit {
            for x in members.indices {
                for y in (x + 1)..<members.count { pairs.append(pair(members[x], members[y])) }
            }
            return
        }
        for x in members.indices {
            for y in (x + 1)..<min(members.count, x + 1 + window) { pairs.append(pair(members[x], members[y])) }
        }
    }

    /// The first eight bytes as one number, big-endian and zero-padded: for byte strings without
    /// zeros, two numbers that differ are ordered as the strings are.
    static func prefixNumber(_ letters: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value = value << 8 | UInt64(index < letters.count ? letters[index] : 0) }
        return value
    }

    @inline(__always)
    static func pair(_ a: Int, _ b: Int) -> UInt64 {
        a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }
}

/// Sorts the items of several arrays into `bucketCount` buckets, then each bucket on every core.
/// When `bucket` orders the items (a smaller bucket holds smaller items), the buckets in order
/// are one sorted sequence; otherwise each is sorted within itself.
///
/// - Complexity: O(n log(n / b)) for b buckets, split over the cores.
func bucketSort<T: Sendable>(
    _ parts: [[T]], bucketCount: Int, bucket: (T) -> Int, by less: @escaping @Sendable (T, T) -> Bool
) -> [[T]] {
    if bucketCount == 1 {
        var all = parts.flatMap { $0 }
        all.sort(by: less)
        return [all]
    }
    var buckets = [[T]](repeating: [], count: bucketCount)
    for part in parts {
        for item in part { buckets[bucket(item)].append(item) }
    }
    let frozen = buckets
    return parallelMap(count: bucketCount) { index in
        var bucket = frozen[index]
        bucket.sort(by: less)
        return bucket
    }
}
