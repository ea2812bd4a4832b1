import Foundation

/// What the board answers: rows, a summary, a cluster, records. Each is `Codable`, as the review
/// server's JSON API gives it (README, "The review board's API").
extension ReviewBoard {
    public struct Summary: Codable, Sendable, Equatable {
        public var planId: String
        public var clusters: Int
        public var review: Int
        public var reviewDecided: Int
        /// Review clusters still undecided.
        public var undecided: Int
        public var statuses: [String: Int]
        public var reasons: [Reason]
        public var revision: Int
        /// True when confirmation.json holds, for this plan and the decisions as they now stand.
        public var confirmed: Bool
        public var canConfirm: Bool
        public var canCommit: Bool

        public struct Reason: Codable, Sendable, Equatable {
            public var reason: String
            public var clusters: Int
        }
    }

    public struct Row: Codable, Sendable, Equatable {
        public var id: String
        public var status: String
        public var action: String
        public var oneSided: Bool
        public var confidence: Double
        public var name: String?
        public var names: [String]
        /// Record references (`hq:KEY`, `xpm:KEY`), as plan.json orders them.
        public var members: [String]
        public var hq: [String]
        public var xpm: [String]
        public var organisation: String?
        public var differs: [String]
        public var decision: String
        public var split: String
        public var movedOut: [String]
    }

    public struct Page: Codable, Sendable, Equatable {
        public var total: Int
        public var page: Int
        public var pages: Int
        public var size: Int
        public var revision: Int
        public var clusters: [Row]
    }

    /// The summary; `canConfirm` and `canCommit` say what the server was started with.
    public func summary(canConfirm: Bool, canCommit: Bool) -> Summary {
        let review = reviewOrder.count
        let undecided = ledger.decisions.undecided.count
        return Summary(
            planId: outline.planId, clusters: outline.clusters.count, review: review,
            reviewDecided: review - undecided, undecided: undecided, statuses: statusCounts,
            reasons: reasons.map { Summary.Reason(reason: $0.reason, clusters: $0.clusters) },
            revision: ledger.revision, confirmed: confirmationHolds(), canConfirm: canConfirm, canCommit: canCommit)
    }

    /// True when the folder's confirmation.json is this plan's, its signature holds, and it signs
    /// the decisions as they now stand. Worked out again only when confirmation.json or the
    /// decisions changed (it reads and verifies a file of a line per cluster).
    func confirmationHolds() -> Bool {
        let path = (folder as NSString).appendingPathComponent(Confirmation.fileName)
        let key = ConfirmationCheck.Key(file: FileStamp(path), revision: ledger.revision)
        if let known = confirmationCheck.known(key) { return known }
        let holds = checkConfirmation(path)
        confirmationCheck.remember(key, holds)
        return holds
    }

    private func checkConfirmation(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let confirmation = try? JSONDecoder().decode(Confirmation.self, from: data),
            confirmation.planId == outline.planId, confirmation.planSHA256 == planSHA256.value,
            confirmation.decisions.count == outline.clusters.count, confirmation.verifies()
        else { return false }
        let rows = ledger.decisions
        return confirmation.decisions.allSatisfy { confirmed in
            rows.byCluster[confirmed.cluster].map { confirmed.holds(in: rows.rows[$0]) } ?? false
        }
    }

    /// Which clusters a search keeps, as flags by cluster (what ``rows(_:searched:)`` takes, so
    /// that paging through one search searches once).
    public func searchFlags(_ query: String) -> [Bool] { search.value.matches(query) }

    /// The clusters the filter keeps, in its order (all of them, not one page).
    public func matching(_ filter: ReviewFilter, searched: [Bool]? = nil) -> [Int] {
        var kept: [Int] = []
        walk(filter, searched: searched) { kept.append($0) }
        return kept
    }

    /// Calls `body` with each cluster the filter keeps, in its order, without copying the order.
    func walk(_ filter: ReviewFilter, searched: [Bool]? = nil, _ body: (Int) -> Void) {
        let found = searched ?? (filter.query.isEmpty ? nil : search.value.matches(filter.query))
        let reason = filter.reason.isEmpty ? nil : reasonNames[filter.reason] ?? -1
        let kinds = ledger.kinds
        func kept(_ index: Int) -> Bool {
            switch filter.status {
            case .all: break
            case .review: if statuses[index] != .review { return false }
            case .auto: if statuses[index] != .auto { return false }
            case .oneSided: if !oneSided[index] { return false }
            case .archive: if actions[index] != .archive { return false }
            case .undecided: if statuses[index] != .review || kinds[index] != nil { return false }
            case .changed: if !changed[index] { return false }
            }
            if filter.undecidedOnly && kinds[index] != nil { return false }
            if let reason, !reasonKinds[index].contains(reason) { return false }
            if let found, !found[index] { return false }
            return true
        }
        func each(_ order: [Int]) {
            if filter.descending {
                for index in order.reversed() where kept(index) { body(index) }
            } else {
                for index in order where kept(index) { body(index) }
            }
        }
        switch filter.sort {
        case .name: each(byName)
        case .confidence: each(byConfidence)
        case .id: each(byId.value)
        case .status: each(byStatus)
        case .decision:
            // Undecided first, then by decision; each in name order.
            var buckets: [[Int]] = Array(repeating: [], count: DecisionKind.allCases.count + 1)
            for index in byName {
                let rank = kinds[index].flatMap { DecisionKind.allCases.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                buckets[rank].append(index)
            }
            each(buckets.flatMap { $0 })
        }
    }

    /// One page of the rows the filter keeps.
    ///
    /// - Complexity: O(n) checks of the filter over the clusters (O(page) when nothing filters),
    ///   and a second walk only for a page asked past the end.
    public func rows(_ filter: ReviewFilter, searched: [Bool]? = nil) -> Page {
        // Searched once, for both walks.
        let searched = searched ?? (filter.query.isEmpty ? nil : search.value.matches(filter.query))
        let size = max(1, min(filter.size, 500))
        let asked = max(1, min(filter.page, outline.clusters.count + 1))
        func page(_ total: Int, _ at: (_ first: Int) -> [Int]) -> Page {
            let pages = max(1, (total + size - 1) / size)
            let page = min(asked, pages)
            return Page(
                total: total, page: page, pages: pages, size: size, revision: ledger.revision,
                clusters: at((page - 1) * size).map(row))
        }
        // Every cluster in a stored order: the page is a slice of it.
        if filter.keepsEvery && searched == nil, let order = storedOrder(filter.sort) {
            return page(order.count) { first in
                let range = first..<min(first + size, order.count)
                return filter.descending
                    ? range.map { order[order.count - 1 - $0] } : range.map { order[$0] }
            }
        }
        // One walk gives the count and the rows of the page asked for; a page past the end is
        // the last page, found by a second walk.
        var total = 0
        var wanted: [Int] = []
        let first = (asked - 1) * size
        walk(filter, searched: searched) { index in
            if total >= first && total < first + size { wanted.append(index) }
            total += 1
        }
        return page(total) { start in
            guard start != first else { return wanted }
            var seen = 0
            var rows: [Int] = []
            walk(filter, searched: searched) { index in
                if seen >= start && seen < start + size { rows.append(index) }
                seen += 1
            }
            return rows
        }
    }

    /// The order `sort` walks, when it is kept rather than worked out for each page.
    private func storedOrder(_ sort: ReviewFilter.Sort) -> [Int]? {
        switch sort {
        case .name: byName
        case .confidence: byConfidence
        case .id: byId.value
        case .status: byStatus
        case .decision: nil
        }
    }

    /// A cluster's row.
    func row(_ index: Int) -> Row {
        let cluster = outline.clusters[index]
        let decided = ledger.row(cluster.id) ?? DecisionLedger.Row(decision: "", split: "")
        return Row(
            id: cluster.id, status: cluster.status.rawValue, action: cluster.action.rawValue,
            oneSided: oneSided[index], confidence: cluster.confidence, name: cluster.name, names: names(index),
            members: cluster.members.map(\.reference),
            hq: cluster.members.filter { $0.source == .hq }.map(\.key),
            xpm: cluster.members.filter { $0.source == .xpm }.map(\.key), organisation: cluster.organisation,
            differs: cluster.differs, decision: decided.decision.lowercased(), split: decided.split,
            movedOut: ledger.relinks(of: cluster.id).out.map(\.record))
    }

    /// Cluster `id`'s position in the plan.
    public func position(of id: String) -> Int? { ledger.positions[id] }

    /// Cluster `id` as plan.json holds it, byte for byte.
    public func clusterJSON(_ index: Int) -> Data {
        planBytes[outline.clusters[index].span]
    }

    /// The review clusters before and after cluster `index` in plan order (for a cluster that is
    /// not for review, the review clusters around it).
    public func neighbours(_ index: Int) -> (previous: String?, next: String?) {
        let clusters = outline.clusters
        if let at = reviewPosition[index] {
            return (
                at > 0 ? clusters[reviewOrder[at - 1]].id : nil,
                at + 1 < reviewOrder.count ? clusters[reviewOrder[at + 1]].id : nil
            )
        }
        let after = reviewOrder.firstIndex { $0 > index }
        let before = (after ?? reviewOrder.count) - 1
        return (before >= 0 ? clusters[reviewOrder[before]].id : nil, after.map { clusters[reviewOrder[$0]].id })
    }

    /// Decides a cluster through the ledger (what `scr decide` calls).
    @discardableResult
    public mutating func decide(
        cluster id: String, _ decision: DecisionKind?, split: String = "", base: DecisionLedger.Row? = nil
    ) throws -> DecisionLedger.Row {
        try ledger.decide(cluster: id, decision, split: split, base: base)
    }

    /// Accepts every undecided cluster the filter keeps, when there are `expected` of them.
    public mutating func acceptUndecided(_ filter: ReviewFilter, expected: Int) throws -> Int {
        try ledger.reloadIfChanged()
        var undecided = filter
        undecided.undecidedOnly = true
        let ids = matching(undecided).map { outline.clusters[$0].id }
        guard ids.count == expected else { throw BulkCountChanged(expected: expected, now: ids.count) }
        return try ledger.acceptUndecided(ids)
    }

    /// Reads decisions.csv again if it changed behind the board.
    @discardableResult
    public mutating func reloadIfChanged() throws -> Bool { try ledger.reloadIfChanged() }
}

/// The last answer to "does confirmation.json hold", with what it was worked out from.
final class ConfirmationCheck: @unchecked Sendable {
    struct Key: Equatable {
        var file: FileStamp?
        var revision: Int
    }

    private let lock = NSLock()
    private var last: (key: Key, holds: Bool)?

    func known(_ key: Key) -> Bool? {
        lock.lock()
        defer { lock.unlock() }
        return last.flatMap { $0.key == key ? $0.holds : nil }
    }

    func remember(_ key: Key, _ holds: Bool) {
        lock.lock()
        defer { lock.unlock() }
        last = (key, holds)
    }
}

/// A bulk accept asked for a count the filter no longer gives.
public struct BulkCountChanged: Error, CustomStringConvertible {
    public var expected: Int
    public var now: Int
    public var description: String {
        "error: the view now holds \(now) undecided cluster(s), not \(expected); nothing was accepted; look again"
    }
}

/// The plan's records as its inputs hold them, for showing members side by side: read from the
/// plan's inputs, which `scr commit` checks are unchanged before it commits anything.
public struct ReviewRecords: Sendable {
    public struct Record: Codable, Sendable, Equatable {
        public var reference: String
        public var source: String
        public var key: String
        public var name: String
        /// Every field the input holds, as label and value, in the engine's field order, then
        /// the input's own columns.
        public var fields: [[String]]

        /// A record whose input could not be read: its reference alone.
        public init(unread reference: String) {
            self.reference = reference
            let parsed = RecordReference(parsing: reference)
            source = parsed?.source.rawValue ?? ""
            key = parsed?.key ?? reference
            name = reference
            fields = []
        }

        init(reference: String, source: String, key: String, name: String, fields: [[String]]) {
            self.reference = reference
            self.source = source
            self.key = key
            self.name = name
            self.fields = fields
        }
    }

    let sources: [SourceRecord]
    /// Record reference to its place in ``sources``.
    let index: [String: Int]

    /// Reads the plan's inputs (from the plan folder's view of their paths).
    public init(outline: PlanOutline, folder: String) throws {
        let read = InputReader.read(
            try InputFiles(planInputs: outline.inputs, planFolder: folder, file: PlanDocument.file(folder)))
        sources = read.records
        index = Dictionary(
            read.records.indices.map { (read.records[$0].reference, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A record as the page shows it, made when asked for.
    public subscript(reference: String) -> Record? {
        guard let position = index[reference] else { return nil }
        let source = sources[position]
        var fields = source.fields.entries.map { [$0.field.label, $0.value] }
        fields += source.customFields.map { [$0.name, $0.value] }
        return Record(
            reference: source.reference, source: source.source.rawValue, key: source.key, name: source.displayName,
            fields: fields)
    }

    /// The record's searchable text, folded.
    func folded(_ reference: String) -> String? {
        self[reference].map { record in
            Fold.key(([record.reference, record.name] + record.fields.map { $0[1] }).joined(separator: " "))
        }
    }

}

extension ReviewBoard {
    /// A record found for re-linking, with the cluster it is now in.
    public struct FoundRecord: Codable, Sendable, Equatable {
        public var reference: String
        public var source: String
        public var key: String
        public var name: String
        public var cluster: String
        public var clusterName: String
    }

    /// Up to `limit` records of clusters other than `excluding` that match `query`, in the
    /// clusters' name order: what the re-link search offers.
    public func records(
        matching query: String, excluding: String, records: ReviewRecords?, limit: Int = 20
    ) -> [FoundRecord] {
        let words = Fold.tokens(query)
        guard !words.isEmpty else { return [] }
        let found = search.value.matches(query)
        var result: [FoundRecord] = []
        for index in byName where found[index] {
            let cluster = outline.clusters[index]
            guard cluster.id != excluding else { continue }
            for member in cluster.members {
                let reference = member.reference
                if let text = records?.folded(reference), !words.allSatisfy({ text.contains($0) }) { continue }
                result.append(
                    FoundRecord(
                        reference: reference, source: member.source.rawValue, key: member.key,
                        name: records?[reference]?.name ?? shownNames[index], cluster: cluster.id,
                        clusterName: shownNames[index]))
                if result.count == limit { return result }
            }
        }
        return result
    }
}
