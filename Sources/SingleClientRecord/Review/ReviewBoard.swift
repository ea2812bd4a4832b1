import Foundation

/// A plan held open for review, as the review board shows it: the proposed clients as rows to
/// filter, search, sort and page, each cluster as plan.json holds it, and the decisions, made
/// through a ``DecisionLedger`` (what `scr decide` calls), confirmed and committed as `scr confirm`
/// and `scr commit` do.
///
/// Everything a page asks is answered from memory: plan.json is read once (its clusters on every
/// core), each cluster's searchable text folded once, and the sort orders made once, so that a
/// page of a 100,000-cluster plan costs a walk over an index, not a read of the plan.
///
///     var board = try ReviewBoard(folder: "plan")
///     board.rows(ReviewFilter(status: .review)).rows.count
///     try board.decide(cluster: "c-1f…", .accept)
public struct ReviewBoard: Sendable {
    public let folder: String
    public let outline: PlanOutline
    /// plan.json's bytes, from which each cluster is served as the plan holds it.
    let planBytes: Data
    public internal(set) var ledger: DecisionLedger
    /// Per cluster (plan order): the members' names as decisions.csv holds them, and whether
    /// every member comes from one side.
    let names: [[String]]
    let oneSided: [Bool]
    /// The name each row is sorted and shown by.
    let shownNames: [String]
    /// Clusters in name order, and in confidence order (lowest first).
    let byName: [Int]
    let byConfidence: [Int]
    /// Review clusters in plan order: what next and previous walk.
    public let reviewOrder: [Int]
    let reviewPosition: [Int: Int]
    /// Every kind of reason (a reason without its values: "same phone", "same ABN"), with how
    /// many clusters give it, most frequent first.
    public let reasons: [(reason: String, clusters: Int)]
    /// Each cluster's kinds of reason.
    let reasonKinds: [Set<String>]
    let search: SearchIndex

    public init(folder: String) throws {
        let file = PlanDocument.file(folder)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PlanError.unreadable(path: file, reason: "no such file")
        }
        let outline: PlanOutline
        do {
            outline = try PlanOutline.read(data, sha256: Digest.sha256(data), detail: .board)
            _ = try outline.settings(file: file, bytes: data)
        } catch let failure as JSONScanner.Failure {
            _ = try PlanDocument.decode(data, file: file, failure: failure)
            throw PlanError.unreadable(path: file, reason: "not laid out as scr writes a plan; plan again")
        }
        self.folder = folder
        self.outline = outline
        planBytes = data
        ledger = try DecisionLedger(folder: folder, outline: outline)
        let clusters = outline.clusters
        let rows = ledger.decisions
        let names = clusters.map { cluster -> [String] in
            guard let index = rows.byCluster[cluster.id], rows.rows[index].cells.count > 7 else { return [] }
            let cell = rows.rows[index].cells[7]
            return cell.isEmpty ? [] : cell.components(separatedBy: " | ")
        }
        self.names = names
        oneSided = clusters.map { cluster in
            cluster.members.count > 1 && Set(cluster.members.map(\.source)).count == 1
                || cluster.members.count == 1
        }
        let shown = clusters.indices.map { clusters[$0].name ?? names[$0].first ?? clusters[$0].id }
        shownNames = shown
        let sortKeys = shown.map { Fold.key($0) }
        byName = clusters.indices.sorted { a, b in
            sortKeys[a] != sortKeys[b] ? sortKeys[a] < sortKeys[b] : clusters[a].id < clusters[b].id
        }
        byConfidence = clusters.indices.sorted { a, b in
            clusters[a].confidence != clusters[b].confidence
                ? clusters[a].confidence < clusters[b].confidence : clusters[a].id < clusters[b].id
        }
        reviewOrder = clusters.indices.filter { clusters[$0].status == .review }
        reviewPosition = Dictionary(uniqueKeysWithValues: reviewOrder.enumerated().map { ($1, $0) })
        let kinds = clusters.map { Set($0.reasons.map(Self.reasonKind)) }
        reasonKinds = kinds
        var counts: [String: Int] = [:]
        for clusterKinds in kinds {
            for kind in clusterKinds { counts[kind, default: 0] += 1 }
        }
        reasons = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
        search = SearchIndex(count: clusters.count) { index in
            let cluster = clusters[index]
            var text = cluster.id + " " + names[index].joined(separator: " ")
            for member in cluster.members { text += " " + member.reference }
            text += " " + JSONScanner.stringValues(of: cluster.record).joined(separator: " ")
            return text
        }
    }
}

extension ReviewBoard {
    /// A reason without its values, so that reasons of one kind filter together: the pair it
    /// names (`hq:A and xpm:B: `) and everything from the first word that holds a value (a digit,
    /// `@`, `+`, a quote or a bracket) on are left out.
    ///
    ///     reasonKind("same phone +61255504321, one that several clients share")  // "same phone"
    static func reasonKind(_ reason: String) -> String {
        var text = Substring(reason)
        if text.hasPrefix("hq:") || text.hasPrefix("xpm:"), let colon = text.range(of: ": ") {
            text = text[colon.upperBound...]
        }
        var kept: [Substring] = []
        for word in text.split(separator: " ") {
            if word.contains(where: { $0.isNumber || "@+'\"(".contains($0) }) { break }
            kept.append(word)
        }
        let kind = kept.joined(separator: " ")
        return kind.hasSuffix(",") ? String(kind.dropLast()) : kind.isEmpty ? reason : kind
    }
}

/// Which rows the board shows, in which order, and which page of them.
public struct ReviewFilter: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case all, review, auto, oneSided = "one-sided", archive, undecided
    }

    public enum Sort: String, Sendable, CaseIterable {
        case name, confidence, status, decision, id
    }

    public var status: Status = .all
    /// A kind of reason, as the summary lists them (``ReviewBoard/reasons``); empty for any.
    public var reason = ""
    /// Search text: names, record keys and field values, folded as the engine folds names.
    public var query = ""
    public var undecidedOnly = false
    public var sort: Sort = .name
    public var descending = false
    /// Counted from 1.
    public var page = 1
    public var size = 50

    public init(
        status: Status = .all, reason: String = "", query: String = "", undecidedOnly: Bool = false,
        sort: Sort = .name, descending: Bool = false, page: Int = 1, size: Int = 50
    ) {
        self.status = status
        self.reason = reason
        self.query = query
        self.undecidedOnly = undecidedOnly
        self.sort = sort
        self.descending = descending
        self.page = page
        self.size = size
    }
}

/// Searchable text per item, folded and held in one buffer, searched with `memchr` and a compare.
struct SearchIndex: Sendable {
    let bytes: [UInt8]
    /// Where each item's text starts; the last entry is the end.
    let starts: [Int]

    init(count: Int, text: @Sendable (Int) -> String) {
        let chunks = count < 2048 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let parts = parallelMap(count: chunks) { chunk -> ([UInt8], [Int]) in
            let range = chunkRange(chunk, of: chunks, total: count)
            var bytes: [UInt8] = []
            var starts: [Int] = []
            starts.reserveCapacity(range.count)
            for index in range {
                starts.append(bytes.count)
                bytes += Fold.key(text(index)).utf8
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
    }

    /// The items whose text holds every word of `query` (folded), as flags by item.
    ///
    /// - Complexity: O(n) in the index's bytes per word.
    func matches(_ query: String) -> [Bool] {
        let words = Fold.tokens(query)
        var found = [Bool](repeating: true, count: starts.count - 1)
        for word in words {
            var hit = [Bool](repeating: false, count: starts.count - 1)
            let needle = Array(word.utf8)
            bytes.withUnsafeBufferPointer { haystack in
                needle.withUnsafeBufferPointer { needle in
                    var offset = 0
                    while offset < haystack.count,
                        let position = Self.find(needle, in: haystack, from: offset)
                    {
                        // The item holding the match, then on past its end.
                        var low = 0
                        var high = starts.count - 1
                        while high - low > 1 {
                            let middle = (low + high) / 2
                            if starts[middle] <= position { low = middle } else { high = middle }
                        }
                        hit[low] = true
                        offset = starts[low + 1]
                    }
                }
            }
            for index in found.indices where found[index] && !hit[index] { found[index] = false }
        }
        return found
    }
}

extension SearchIndex {
    /// Where `needle` first stands in `haystack` from `offset` on.
    static func find(
        _ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from offset: Int
    ) -> Int? {
        guard let first = needle.first, let base = haystack.baseAddress, let pattern = needle.baseAddress else {
            return nil
        }
        var at = offset
        while at + needle.count <= haystack.count {
            guard let hit = memchr(base + at, Int32(first), haystack.count - at - needle.count + 1) else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, pattern, needle.count) == 0 { return position }
            at = position + 1
        }
        return nil
    }
}

extension JSONScanner {
    /// Every string value in a JSON text (not its keys), for searching.
    static func stringValues(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var values: [String] = []
            var json = JSONScanner(bytes)
            func walk(_ json: inout JSONScanner) throws(Failure) {
                switch json.peek() {
                case UInt8(ascii: "{"): try json.object { json, _ throws(Failure) in try walk(&json) }
                case UInt8(ascii: "["): try json.array { json throws(Failure) in try walk(&json) }
                case UInt8(ascii: "\""): values.append(try json.string())
                default: _ = try json.skipValue()
                }
            }
            try? walk(&json)
            return values
        }
    }
}
