import Foundation

/// Searchable text per item (a cluster: its id, names, record keys and field values), folded,
/// with an index of its words, so that a search reads a list of distinct words rather than every
/// item's text.
///
/// A query's words (at most eight, the longest first) must each stand somewhere in an item's
/// text, inside one of its words ("smith" finds "Goldsmith Pty Ltd"). The longest is looked for
/// in the distinct words (about a seventh of the text at 100,000 clusters), and the items holding
/// the words it stands in are read from their lists; each other word is looked for only in those
/// items. A word of one letter or digit is answered from each item's set of characters.
struct SearchIndex: Sendable {
    /// The items' texts, each ended by a 0 byte; ``starts`` says where each begins (the last
    /// entry is the end).
    let bytes: [UInt8]
    let starts: [Int]
    /// Per item, the characters its text holds: a bit per letter and digit, one for any other byte.
    let characters: [UInt64]
    /// Every distinct word of the texts, each ended by a 0 byte, and where each begins (the last
    /// entry is the end).
    let words: [UInt8]
    let wordStarts: [Int]
    /// The items holding word `w` are `holders[holderStarts[w]..<holderStarts[w + 1]]`, ascending.
    let holderStarts: [Int]
    let holders: [Int32]

    init(count: Int, text: @Sendable (Int, inout [UInt8]) -> Void) {
        let chunks = count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let parts = parallelMap(count: chunks) { chunk -> ([UInt8], [Int]) in
            let range = chunkRange(chunk, of: chunks, total: count)
            var bytes: [UInt8] = []
            var starts: [Int] = []
            starts.reserveCapacity(range.count)
            for index in range {
                starts.append(bytes.count)
                text(index, &bytes)
                bytes.append(0)  // no match runs from one item into the next
            }
            return (bytes, starts)
        }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(count + 1)
        for (partBytes, partStarts) in parts {
            let base = bytes.count
            starts += partStarts.map { $0 + base }
            bytes += partBytes
        }
        starts.append(bytes.count)
        self.bytes = bytes
        self.starts = starts
        var dictionary = WordDictionary()
        (characters, words, wordStarts, holderStarts, holders) = dictionary.index(bytes, starts: starts)
    }

    static let wordsSearched = 8

    /// The items whose text holds every word of `query` (folded), as flags by item.
    ///
    /// - Complexity: O(d) in the distinct words' bytes for the longest word, then O(t) in the
    ///   text of the items it kept for each other word.
    func matches(_ query: String) -> [Bool] {
        var folded: [UInt8] = []  // the query, folded as the index is
        Self.fold(query, into: &folded)
        let words = Set(folded.split(separator: UInt8(ascii: " ")).map(Array.init)).sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
        }.prefix(Self.wordsSearched)
        let count = starts.count - 1
        guard let first = words.first else { return [Bool](repeating: true, count: count) }
        // Every character of the query must stand in an item.
        let needed = words.reduce(UInt64(0)) { mask, word in word.reduce(mask) { $0 | Self.bit($1) } }
        var found = [Bool](repeating: false, count: count)
        if first.count == 1 && Self.isLetterOrDigit(first[0]) {
            for item in 0..<count where characters[item] & needed == needed { found[item] = true }
        } else {
            self.words.withUnsafeBufferPointer { dictionary in
                first.withUnsafeBufferPointer { needle in
                    var offset = 0
                    while let position = Self.find(needle, in: dictionary, from: offset) {
                        // The word holding the match, then on past its end.
                        var low = 0
                        var high = wordStarts.count - 1
                        while high - low > 1 {
                            let middle = (low + high) / 2
                            if wordStarts[middle] <= position { low = middle } else { high = middle }
                        }
                        for at in holderStarts[low]..<holderStarts[low + 1] {
                            let item = Int(holders[at])
                            if characters[item] & needed == needed { found[item] = true }
                        }
                        offset = wordStarts[low + 1]
                    }
                }
            }
        }
        // Each other word, within the items kept so far (a letter or digit alone: their
        // characters already said).
        bytes.withUnsafeBufferPointer { haystack in
            for word in words.dropFirst() where !(word.count == 1 && Self.isLetterOrDigit(word[0])) {
                word.withUnsafeBufferPointer { needle in
                    for index in found.indices where found[index] {
                        let item = UnsafeBufferPointer(rebasing: haystack[starts[index]..<starts[index + 1]])
                        if Self.find(needle, in: item, from: 0) == nil { found[index] = false }
                    }
                }
            }
        }
        return found
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A character's bit in ``characters``: letters 0 to 25, digits 26 to 35, any other byte 36
    /// (the space and the 0 that end words: none).
    static func bit(_ byte: UInt8) -> UInt64 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): 1 << UInt64(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): 1 << UInt64(26 + byte - UInt8(ascii: "0"))
        case 0, UInt8(ascii: " "): 0
        default: 1 << 36
        }
    }
}

/// The distinct words of the items' texts (split at spaces and 0 bytes), found through a table of
/// their hashes, and which items hold each.
private struct WordDictionary {
    var words: [UInt8] = []
    var wordStarts: [Int] = [0]
    var hashes: [UInt64] = []
    /// Open addressing: a word's number + 1 per slot, 0 for none; its size a power of two, at
    /// most half full.
    var table = [Int32](repeating: 0, count: 1 << 16)

    /// The characters per item, the words, and each word's items.
    mutating func index(
        _ bytes: [UInt8], starts: [Int]
    ) -> (
        characters: [UInt64], words: [UInt8], wordStarts: [Int], holderStarts: [Int], holders: [Int32]
    ) {
        let count = starts.count - 1
        var characters = [UInt64](repeating: 0, count: count)
        // Each item's distinct words, item after item.
        var itemWords: [Int32] = []
        var itemEnds = [Int](repeating: 0, count: count)
        var lastItem: [Int32] = []
        bytes.withUnsafeBufferPointer { text in
            for item in 0..<count {
                var mask: UInt64 = 0
                var start = starts[item]
                let end = starts[item + 1]
                var at = start
                while at <= end {
                    let byte = at < end ? text[at] : 0
                    if byte == 0 || byte == UInt8(ascii: " ") {
                        if at > start {
                            let word = number(of: UnsafeBufferPointer(rebasing: text[start..<at]))
                            if word == lastItem.count { lastItem.append(-1) }
                            if lastItem[word] != Int32(item) {
                                lastItem[word] = Int32(item)
                                itemWords.append(Int32(word))
                            }
                        }
                        start = at + 1
                    } else {
                        mask |= SearchIndex.bit(byte)
                    }
                    at += 1
                }
                characters[item] = mask
                itemEnds[item] = itemWords.count
            }
        }
        // Each word's items, in item order.
        var holderStarts = [Int](repeating: 0, count: lastItem.count + 1)
        for word in itemWords { holderStarts[Int(word) + 1] += 1 }
        for word in 0..<lastItem.count { holderStarts[word + 1] += holderStarts[word] }
        var next = holderStarts
        var holders = [Int32](repeating: 0, count: itemWords.count)
        var at = 0
        for item in 0..<count {
            while at < itemEnds[item] {
                let word = Int(itemWords[at])
                holders[next[word]] = Int32(item)
                next[word] += 1
                at += 1
            }
        }
        return (characters, words, wordStarts, holderStarts, holders)
    }

    /// The number of the word `word`, added when it is new.
    private mutating func number(of word: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash) & (table.count - 1)
        while table[slot] != 0 {
            let known = Int(table[slot]) - 1
            if hashes[known] == hash && wordStarts[known + 1] - 1 - wordStarts[known] == word.count
                && words[wordStarts[known]..<(wordStarts[known + 1] - 1)].elementsEqual(word)
            {
                return known
            }
            slot = (slot + 1) & (table.count - 1)
        }
        let number = hashes.count
        words.append(contentsOf: word)
        words.append(0)
        wordStarts.append(words.count)
        hashes.append(hash)
        table[slot] = Int32(number + 1)
        if hashes.count * 2 > table.count { grow() }
        return number
    }

    /// Doubles the table and places every word again.
    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (table.count - 1)
            while table[slot] != 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = Int32(number + 1)
        }
    }
}
/// The C library's `memmem` (glibc's two-way search), which the Glibc module does not export.
@_silgen_name("memmem")
private func cMemmem(
    _ haystack: UnsafeRawPointer?, _ haystackLength: Int, _ needle: UnsafeRawPointer?, _ needleLength: Int
) -> UnsafeMutableRawPointer?

extension SearchIndex {
    /// Where `needle` first stands in `haystack` from `offset` on.
    ///
    /// - Complexity: O(n) in the haystack's bytes from `offset`.
    static func find(
        _ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from offset: Int
    ) -> Int? {
        guard !needle.isEmpty, let base = haystack.baseAddress, offset < haystack.count,
            let hit = cMemmem(base + offset, haystack.count - offset, needle.baseAddress, needle.count)
        else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

extension SearchIndex {
    /// Appends `text` folded for searching, then a space: ASCII letters lowercased, anything
    /// else ASCII a space; text with other characters goes through ``Fold`` (accents folded).
    static func fold(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { fold($0, into: &bytes) }
    }

    static func fold(_ text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
        if text.contains(where: { $0 >= 0x80 }) {
            bytes += Fold.key(String(decoding: text, as: UTF8.self)).utf8
            bytes.append(UInt8(ascii: " "))
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            default: if bytes.last != UInt8(ascii: " ") { bytes.append(UInt8(ascii: " ")) }
            }
        }
        if bytes.last != UInt8(ascii: " ") { bytes.append(UInt8(ascii: " ")) }
    }

    /// Appends every string value of a JSON text (not its keys), folded, but for the values
    /// that say where a value came from (`source`, `key`, `rule`, `kind`: the members' references
    /// are indexed once, not once a field).
    ///
    /// - Complexity: O(n) in the text's bytes, no allocation for ASCII values.
    static func foldValues(ofJSON json: String, into bytes: inout [UInt8]) {
        var json = json
        json.withUTF8 { foldValues(ofJSON: $0, into: &bytes) }
    }

    static func foldValues(ofJSON text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
        var i = 0
        var lastKey = 0..<0
        while i < text.count {
            guard text[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            let start = i + 1
            var end = start
            while end < text.count && text[end] != UInt8(ascii: "\"") {
                end += text[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            end = min(end, text.count)
            var next = end + 1
            while next < text.count && text[next] == UInt8(ascii: " ") { next += 1 }
            if next < text.count && text[next] == UInt8(ascii: ":") {
                lastKey = start..<end
            } else if !provenanceKeys.contains(where: { key in
                key.count == lastKey.count && zip(key, text[lastKey]).allSatisfy { $0 == $1 }
            }) {
                fold(UnsafeBufferPointer(rebasing: text[start..<end]), into: &bytes)
            }
            i = end + 1
        }
    }

    static let provenanceKeys: [[UInt8]] = ["source", "key", "rule", "kind"].map { Array($0.utf8) }
}
