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
        guard features.count >= 2 else { return [] }
        return Blocks(features).pairs()
    }

    /// One blocking key of one record, twelve bytes: the key, then the record's place in name
    /// order (``nameOrder(_:)``), which sorts a large block into its neighbourhood order.
    struct Entry: Comparable {
        var keyHigh: UInt32
        var keyLow: UInt32
        var rank: UInt32

        init(key: UInt64, rank: UInt32) {
            (keyHigh, keyLow) = (UInt32(key >> 32), UInt32(truncatingIfNeeded: key))
            self.rank = rank
        }

        var key: UInt64 { UInt64(keyHigh) << 32 | UInt64(keyLow) }

        static func < (a: Entry, b: Entry) -> Bool { (a.keyHigh, a.keyLow, a.rank) < (b.keyHigh, b.keyLow, b.rank) }
    }

    /// Every record's keys sorted by key and, within a key, by name: the blocks one after
    /// another, and the places each record holds in them.
    ///
    /// Built without a copy of the keys: they are counted per bucket (the key's top bits), then
    /// made again straight into their bucket's place, and each bucket is sorted where it lies.
    /// At a million records a side the keys take half a gigabyte, and are freed once the
    /// members are read off them.
    ///
    /// - Complexity: O(k log k) for k keys, on every core.
    struct Blocks {
        /// The record at every place, with ``blockStart`` set on the first member of each block.
        let members: [UInt32]
        /// Record r's places in ``members``, ascending: `places[firstPlace[r]..<firstPlace[r + 1]]`.
        let places: [UInt32]
        let firstPlace: [Int]

        static let blockStart: UInt32 = 1 << 31

        init(_ features: [MatchFeatures]) {
            precondition(features.count < Int(Self.blockStart), "too many records for a block member's 31 bits")
            let order = nameOrder(features)
            var ranks = [UInt32](repeating: 0, count: features.count)
            for (rank, record) in order.enumerated() { ranks[Int(record)] = UInt32(rank) }
            let entries = Self.sortedEntries(features, ranks: ranks)
            nonisolated(unsafe) let sorted = UnsafeBufferPointer(entries)
            let members = parallelArray(count: sorted.count) { place in
                let entry = sorted[place]
                let starts = place == 0 || sorted[place - 1].key != entry.key
                return order[Int(entry.rank)] | (starts ? Self.blockStart : 0)
            }
            entries.deallocate()
            // Each record's places, leaving out the blocks it holds alone (most of its keys): they
            // pair nothing.
            func isShared(_ place: Int) -> Bool {
                members[place] & Self.blockStart == 0
                    || (place + 1 < members.count && members[place + 1] & Self.blockStart == 0)
            }
            var firstPlace = [Int](repeating: 0, count: features.count + 1)
            for place in members.indices where isShared(place) {
                firstPlace[Int(members[place] & ~Self.blockStart) + 1] += 1
            }
            for record in features.indices { firstPlace[record + 1] += firstPlace[record] }
            var next = firstPlace
            places = [UInt32](unsafeUninitializedCapacity: firstPlace[features.count]) { buffer, count in
                for place in members.indices where isShared(place) {
                    let record = Int(members[place] & ~Self.blockStart)
                    buffer[next[record]] = UInt32(place)
                    next[record] += 1
                }
                count = firstPlace[features.count]
            }
            self.members = members
            self.firstPlace = firstPlace
        }

        /// Every record's keys, sorted: counted into buckets by their top bits, made again into
        /// their bucket's place (each chunk of records into its own range of it), and each bucket
        /// sorted in place, on every core. The caller deallocates the buffer.
        static func sortedEntries(_ features: [MatchFeatures], ranks: [UInt32]) -> UnsafeMutableBufferPointer<Entry> {
            let n = features.count
            let chunks = n < 4096 ? 1 : 16
            // About four thousand keys a bucket, at about twenty keys a record.
            let bucketBits = min(16, max(0, Int.bitWidth - (n - 1).leadingZeroBitCount - 8))
            let bucketCount = 1 << bucketBits
            let counts: [[Int]] = parallelMap(count: chunks) { chunk in
                var counts = [Int](repeating: 0, count: bucketCount)
                for index in chunkRange(chunk, of: chunks, total: n) {
                    keys(of: features[index]) { counts[bucket($0, bits: bucketBits)] += 1 }
                }
                return counts
            }
            // Bucket by bucket, and within a bucket chunk by chunk.
            var bucketStarts = [Int](repeating: 0, count: bucketCount + 1)
            var chunkStarts = counts
            var total = 0
            for bucket in 0..<bucketCount {
                bucketStarts[bucket] = total
                for chunk in 0..<chunks {
                    chunkStarts[chunk][bucket] = total
                    total += counts[chunk][bucket]
                }
            }
            bucketStarts[bucketCount] = total
            let entries = UnsafeMutableBufferPointer(
                start: UnsafeMutablePointer<Entry>.allocate(capacity: max(total, 1)), count: total)
            nonisolated(unsafe) let base = entries.baseAddress!
            let starts = chunkStarts
            _ = parallelMap(count: chunks) { chunk in
                var next = starts[chunk]
                for index in chunkRange(chunk, of: chunks, total: n) {
                    keys(of: features[index]) { key in
                        let bucket = bucket(key, bits: bucketBits)
                        (base + next[bucket]).initialize(to: Entry(key: key, rank: ranks[index]))
                        next[bucket] += 1
                    }
                }
            }
            let sortChunks = min(bucketCount, 64)
            let bounds = bucketStarts
            _ = parallelMap(count: sortChunks) { chunk in
                for bucket in chunkRange(chunk, of: sortChunks, total: bucketCount) {
                    var entries = UnsafeMutableBufferPointer(
                        start: base + bounds[bucket], count: bounds[bucket + 1] - bounds[bucket])
                    entries.sort()
                }
            }
            return entries
        }

        /// The bucket of a key: its top `bits` bits, so that the buckets in order hold the keys in order.
        static func bucket(_ key: UInt64, bits: Int) -> Int { bits == 0 ? 0 : Int(key >> UInt64(64 - bits)) }

        /// Every candidate pair, sorted and unique, record by record on every core: each record's
        /// partners in all its blocks that have a higher index, sorted with duplicates dropped. A
        /// record a block holds twice (a doubled letter's two deletions give one key, an e-mail of
        /// its own and of a contact) is not its own partner.
        func pairs() -> [UInt64] {
            let n = firstPlace.count - 1
            let chunks = n < 4096 ? 1 : 64
            var parts: [[UInt64]] = parallelMap(count: chunks) { chunk in
                members.withUnsafeBufferPointer { members in
                    var out: [UInt64] = []
                    var partners: [UInt32] = []
                    for record in chunkRange(chunk, of: chunks, total: n) {
                        partners.removeAll(keepingCapacity: true)
                        for place in places[firstPlace[record]..<firstPlace[record + 1]] {
                            Self.forEachPartner(of: Int(place), in: members) { partner in
                                if partner > record { partners.append(partner) }
                            }
                        }
                        partners.sort()
                        var last: UInt32?
                        for partner in partners where partner != last {
                            out.append(UInt64(record) << 32 | UInt64(partner))
                            last = partner
                        }
                    }
                    return out
                }
            }
            // One array, each part freed once copied.
            var all: [UInt64] = []
            all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for index in parts.indices {
                all.append(contentsOf: parts[index])
                parts[index] = []
            }
            return all
        }

        /// The records paired with the member at `place` by its block: all the others of a block of
        /// at most ``blockLimit``, else the ``window`` neighbours either side (the pairs the sorted
        /// neighbourhood makes, seen from one member).
        static func forEachPartner(of place: Int, in members: UnsafeBufferPointer<UInt32>, _ body: (UInt32) -> Void) {
            func starts(_ place: Int) -> Bool { members[place] & blockStart != 0 }
            // The block's bounds, looked for at most blockLimit places either side.
            var low = place
            while !starts(low) && place - low < blockLimit { low -= 1 }
            var high = place + 1
            while high < members.count && !starts(high) && high - place <= blockLimit { high += 1 }
            if starts(low) && (high == members.count || starts(high)) && high - low <= blockLimit {
                for other in low..<high where other != place { body(members[other] & ~blockStart) }
                return
            }
            var other = place
            while place - other < window && !starts(other) {
                other -= 1
                body(members[other] & ~blockStart)
            }
            other = place + 1
            while other < members.count && other - place <= window && !starts(other) {
                body(members[other] & ~blockStart)
                other += 1
            }
        }
    }

    /// The records sorted by their first name reading's letters, then by index: the order the
    /// sorted neighbourhood of a large block follows. Worked out once, so that no block is
    /// sorted on its own (at a million records a side, sorting each large block by name took
    /// most of the candidates' time).
    static func nameOrder(_ features: [MatchFeatures]) -> [UInt32] {
        let letters = features.map { $0.names.first?.compact ?? [] }
        // Each record's prefix beside its index, so that most comparisons read neither array.
        var order = features.indices.map { (prefix: prefixNumber(letters[$0]), record: UInt32($0)) }
        order.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let (x, y) = (letters[Int(a.record)], letters[Int(b.record)])
            return x == y ? a.record < b.record : x.lexicographicallyPrecedes(y)
        }
        return order.map(\.record)
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
