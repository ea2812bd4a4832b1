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
    /// The SHA-256 of plan.json, worked out beside the rest.
    let planSHA256: Background<String>
    public internal(set) var ledger: DecisionLedger
    /// Per cluster (plan order): whether every member comes from one side, and its status and
    /// proposal, kept apart so that a walk over every cluster copies no cluster.
    let oneSided: [Bool]
    /// Whether the cluster reports changes since the store's last commit.
    let changed: [Bool]
    let statuses: [ClusterStatus]
    let actions: [ClusterAction]
    /// How many clusters each status of the summary holds (the plan's, fixed).
    let statusCounts: [String: Int]
    /// The name each row is sorted and shown by.
    let shownNames: [String]
    /// Clusters in name order, and in confidence order (lowest first).
    let byName: [Int]
    let byConfidence: [Int]
    /// Review clusters first, then automatic ones, each in name order.
    let byStatus: [Int]
    let byId: Background<[Int]>
    /// Review clusters in plan order: what next and previous walk.
    public let reviewOrder: [Int]
    let reviewPosition: [Int: Int]
    /// Every kind of reason (a reason without its values: "same phone", "same ABN"), with how
    /// many clusters give it, most frequent first.
    public let reasons: [(reason: String, clusters: Int)]
    /// Each cluster's kinds of reason, as positions in ``reasonNames``.
    let reasonKinds: [[Int32]]
    let reasonNames: [String: Int32]
    /// The search index, built on another core once the board answers (a search waits for it).
    let search: Background<SearchIndex>
    /// Whether confirmation.json holds, as last worked out.
    let confirmationCheck = ConfirmationCheck()

    public init(folder: String) throws {
        let file = PlanDocument.file(folder)
        // Mapped, not copied: the board serves each cluster from these bytes.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else {
            throw PlanError.unreadable(path: file, reason: "no such file")
        }
        planSHA256 = Background { Digest.sha256(data) }
        let outline: PlanOutline
        do {
            outline = try PlanOutline.read(data, sha256: "", detail: .board)
            _ = try outline.settings(file: file, bytes: data)
        } catch let failure as JSONScanner.Failure {
            _ = try PlanDocument.decode(data, file: file, failure: failure)
            throw PlanError.unreadable(path: file, reason: "not laid out as scr writes a plan; plan again")
        }
        self.folder = folder
        self.outline = outline
        planBytes = data
        let clusters = outline.clusters
        // The orders and reasons beside the decisions.
        let orders = Background { Self.orders(clusters) }
        ledger = try DecisionLedger(folder: folder, outline: outline)
        // The names cells, for the search index: not the rows themselves, which the index would
        // hold until it is built (and a decision made meanwhile would copy them all).
        let rows = ledger.decisions
        let namesCells = clusters.indices.map { index in
            rows.byCluster[clusters[index].id].flatMap { row in
                rows.rows[row].cells.count > DecisionRow.Column.names
                    ? rows.rows[row].cells[DecisionRow.Column.names] : nil
            } ?? ""
        }
        statuses = clusters.indices.map { clusters[$0].status }
        actions = clusters.indices.map { clusters[$0].action }
        oneSided = clusters.indices.map { index in
            clusters[index].members.allSatisfy { $0.source == clusters[index].members[0].source }
        }
        changed = clusters.indices.map { clusters[$0].changed }
        var counts = ["auto": 0, "review": 0, "one-sided": 0, "archive": 0, "changed": 0]
        for index in clusters.indices {
            counts[statuses[index].rawValue, default: 0] += 1
            if oneSided[index] { counts["one-sided", default: 0] += 1 }
            if changed[index] { counts["changed", default: 0] += 1 }
            if actions[index] == .archive { counts["archive", default: 0] += 1 }
        }
        statusCounts = counts
        let ordered = orders.value
        (shownNames, byName, byConfidence) = (ordered.shown, ordered.byName, ordered.byConfidence)
        (reasons, reasonKinds, reasonNames) = (ordered.reasons, ordered.kinds, ordered.kindNames)
        let statuses = self.statuses
        byStatus = byName.filter { statuses[$0] == .review } + byName.filter { statuses[$0] != .review }
        reviewOrder = clusters.indices.filter { clusters[$0].status == .review }
        reviewPosition = Dictionary(uniqueKeysWithValues: reviewOrder.enumerated().map { ($1, $0) })
        // Once the board answers (``prepare()``) or when first asked: the search index and the
        // order by id, on other cores.
        search = Background(deferred: true) {
            SearchIndex(count: clusters.count) { index, bytes in
                let cluster = clusters[index]
                SearchIndex.fold(cluster.id, into: &bytes)
                SearchIndex.fold(namesCells[index], into: &bytes)
                for member in cluster.members { SearchIndex.fold(member.reference, into: &bytes) }
                data.withUnsafeBytes { plan in
                    SearchIndex.foldValues(
                        ofJSON: UnsafeBufferPointer(
                            rebasing: plan.assumingMemoryBound(to: UInt8.self)[cluster.recordSpan]),
                        into: &bytes)
                }
            }
        }
        byId = Background(deferred: true) { clusters.indices.sorted { clusters[$0].id < clusters[$1].id } }
    }

    /// Starts what the board builds once it answers: the search index and the order by id.
    public func prepare() {
        search.start()
        byId.start()
    }

    /// The members' names of cluster `index`, as decisions.csv holds them.
    func names(_ index: Int) -> [String] {
        let rows = ledger.decisions
        guard let row = rows.byCluster[outline.clusters[index].id],
            rows.rows[row].cells.count > DecisionRow.Column.names
        else { return [] }
        let cell = rows.rows[row].cells[DecisionRow.Column.names]
        return cell.isEmpty ? [] : cell.components(separatedBy: " | ")
    }

    /// The sort orders and the reasons' kinds.
    struct Orders: Sendable {
        var shown: [String]
        var byName: [Int]
        var byConfidence: [Int]
        var reasons: [(reason: String, clusters: Int)]
        var kinds: [[Int32]]
        var kindNames: [String: Int32]
    }

    static func orders(_ clusters: [PlanOutline.Cluster]) -> Orders {
        // A cluster with no proposed name (none of its records has one) shows its id.
        let shown = clusters.map { $0.name ?? $0.id }
        let keys = shown.map { Fold.key($0) }
        let byName = clusters.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : clusters[a].id < clusters[b].id
        }
        let byConfidence = clusters.indices.sorted { a, b in
            clusters[a].confidence != clusters[b].confidence
                ? clusters[a].confidence < clusters[b].confidence : clusters[a].id < clusters[b].id
        }
        var known: [String: Int32] = [:]
        var kindNames: [String: Int32] = [:]
        var counts: [Int] = []
        let kinds = clusters.map { cluster -> [Int32] in
            var found: [Int32] = []
            for reason in cluster.reasons {
                let kind: Int32
                if let seen = known[reason] {
                    kind = seen
                } else {
                    let name = reasonKind(reason)
                    if let named = kindNames[name] {
                        kind = named
                    } else {
                        kind = Int32(counts.count)
                        kindNames[name] = kind
                        counts.append(0)
                    }
                    known[reason] = kind
                }
                if !found.contains(kind) {
                    found.append(kind)
                    counts[Int(kind)] += 1
                }
            }
            return found
        }
        let reasons = kindNames.map { (reason: $0.key, clusters: counts[Int($0.value)]) }.sorted {
            $0.clusters != $1.clusters ? $0.clusters > $1.clusters : $0.reason < $1.reason
        }
        return Orders(
            shown: shown, byName: byName, byConfidence: byConfidence, reasons: reasons, kinds: kinds,
            kindNames: kindNames)
    }
}

extension ReviewBoard {
    /// A reason without its values, so that reasons of one kind filter together: the pair it
    /// names (`hq:A and xpm:B: `) and everything from the first word that holds a value (a digit,
    /// `@`, `+`, a quote or a bracket) on are left out.
    ///
    ///     reasonKind("same phone +61255504321, one that several clients share")  // "same phone"
    static func reasonKind(_ reason: String) -> String {
        var bytes = Array(reason.utf8)[...]
        if bytes.starts(with: "hq:".utf8) || bytes.starts(with: "xpm:".utf8),
            let colon = bytes.indices.first(where: {
                bytes[$0] == UInt8(ascii: ":") && $0 + 1 < bytes.endIndex
                    && bytes[$0 + 1] == UInt8(ascii: " ") && $0 > bytes.startIndex + 4
            })
        {
            bytes = bytes[(colon + 2)...]
        }
        var kept = 0
        var start = bytes.startIndex
        for (offset, word) in bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).enumerated() {
            if word.contains(where: { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "@")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
                    || byte == UInt8(ascii: "(")
            }) {
                break
            }
            if offset == 0 { start = word.startIndex }
            kept = word.endIndex
        }
        guard kept > start else { return reason }
        var kind = String(decoding: bytes[start..<kept], as: UTF8.self)
        if kind.hasSuffix(",") { kind.removeLast() }
        return kind
    }
}

/// Which rows the board shows, in which order, and which page of them.
public struct ReviewFilter: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case all, review, auto, oneSided = "one-sided", archive, undecided, changed
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

    /// True when the filter keeps every cluster (no status, reason, search or undecided filter).
    var keepsEvery: Bool { status == .all && reason.isEmpty && query.isEmpty && !undecidedOnly }

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
