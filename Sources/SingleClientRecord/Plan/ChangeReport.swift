import Foundation

/// What is new in a cluster since the store's last commit, when the plan was made against a
/// store with a commit in force: plan.json's `changes`, the report's "Changes" section and
/// `scr plan`'s summary. Absent from a cluster nothing changed in.
public struct ClusterChanges: Codable, Sendable, Equatable {
    /// Records no commit holds, in a cluster of no committed client: a new client.
    public var newRecords: [String] = []
    /// Records no commit holds that join a committed client: a new duplicate, or the client's
    /// record new on one side.
    public var joined: [String] = []
    /// Records of the cluster's committed clients that the exports no longer hold (and did when
    /// last committed).
    public var missingRecords: [String] = []
    /// Committed records whose fields changed since they were committed, with the fields.
    public var changedRecords: [ChangedRecord] = []
    /// Decisions re-opened because their grounds changed, in plain words.
    public var reopened: [String] = []
    /// The committed client whose record committing would change, and its fields, old and new.
    public var client: String?
    public var fields: [FieldChange] = []

    public init() {}

    var isEmpty: Bool {
        newRecords.isEmpty && joined.isEmpty && missingRecords.isEmpty && changedRecords.isEmpty
            && reopened.isEmpty && fields.isEmpty
    }
}

/// A committed record and the fields of it that changed since (`email`, `businessNumber`,
/// `contacts`, ...).
public struct ChangedRecord: Codable, Sendable, Equatable {
    public var record: String
    public var fields: [String]

    public init(record: String, fields: [String]) {
        self.record = record
        self.fields = fields
    }
}

/// The plan's change report in sum: plan.json's `sinceLastCommit`, present when the plan was
/// made against a store.
public struct PlanChanges: Codable, Sendable, Equatable {
    /// The newest commit in force when the plan was made (nil for a store nothing was committed to).
    public var commit: Int64?
    public var committedAt: String?
    /// Clusters with a change of each kind, and records of each kind.
    public var clustersChanged: Int = 0
    public var newRecords: Int = 0
    public var joined: Int = 0
    public var missingRecords: Int = 0
    public var changedRecords: Int = 0
    public var reopened: Int = 0
    /// Clusters whose canonical record committing would change.
    public var recordsChanged: Int = 0
    /// Committed clients none of whose records the exports hold: the commit leaves them as
    /// they are.
    public var missingClients: [MissingClient] = []

    public struct MissingClient: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var members: [String]
    }

    public init() {}

    /// Adds another part's counts (not its missing clients).
    mutating func add(counts other: PlanChanges) {
        clustersChanged += other.clustersChanged
        newRecords += other.newRecords
        joined += other.joined
        missingRecords += other.missingRecords
        changedRecords += other.changedRecords
        reopened += other.reopened
        recordsChanged += other.recordsChanged
    }

    /// Counts one cluster's changes in.
    mutating func add(_ changes: ClusterChanges) {
        clustersChanged += 1
        newRecords += changes.newRecords.count
        joined += changes.joined.count
        missingRecords += changes.missingRecords.count
        changedRecords += changes.changedRecords.count
        if !changes.reopened.isEmpty { reopened += 1 }
        if !changes.fields.isEmpty { recordsChanged += 1 }
    }

    /// The report's first lines, for `scr plan`'s summary.
    public var summary: String {
        let since =
            commit.map { "since commit \($0)\(committedAt.map { " (\($0.prefix(10)))" } ?? "")" }
            ?? "since the store was made"
        var text =
            "Changes \(since): \(newRecords) new record(s) in new clients, \(joined) joined to committed clients, \(missingRecords) missing from the exports, \(changedRecords) with changed fields; \(reopened) cluster(s) re-opened for review; \(recordsChanged) canonical record(s) would change"
        if !missingClients.isEmpty {
            text += "; \(missingClients.count) committed client(s) have no record in these exports (kept as they are)"
        }
        return text + "."
    }
}

extension Planner {
    /// The plan's change report before its clusters: the last commit, and the committed clients
    /// none of whose records the inputs hold. Nil for a plan made without a store, or against a
    /// store with no commit in force (everything would be new).
    static func planChanges(_ match: MatchResult) -> PlanChanges? {
        guard let decisions = match.constraints.decisions, decisions.lastCommit != nil else { return nil }
        var changes = PlanChanges()
        changes.commit = decisions.lastCommit?.id
        changes.committedAt = decisions.lastCommit?.at
        let present = Set(match.constraints.together.map(\.canonicalId))
        // A client whose records were all missing before is not news.
        for client in decisions.clients where !present.contains(client.id) && client.missingSince.contains(nil) {
            changes.missingClients.append(
                PlanChanges.MissingClient(id: client.id, name: client.name, members: client.members))
        }
        return changes
    }

    /// What changed in one cluster since the store's last commit (nil when nothing did, or the
    /// plan was made without a store), given the record reconciled for it.
    static func clusterChanges(
        _ cluster: Cluster, _ match: MatchResult, record: CanonicalRecord, reopened: [String]
    ) -> ClusterChanges? {
        guard let decisions = match.constraints.decisions, decisions.lastCommit != nil else { return nil }
        var changes = ClusterChanges()
        changes.reopened = reopened
        var keptClient: Int?
        for member in cluster.members {
            let reference = match.records[member].reference
            guard let place = match.constraints.memberOf[member] else {
                if cluster.canonicalIds.isEmpty {
                    changes.newRecords.append(reference)
                } else {
                    changes.joined.append(reference)
                }
                continue
            }
            if keptClient == nil { keptClient = place.client }
            let client = decisions.clients[place.client]
            if let stored = client.fingerprints[place.member] {
                let fields = match.fingerprints[member].changedFields(since: stored)
                if !fields.isEmpty { changes.changedRecords.append(ChangedRecord(record: reference, fields: fields)) }
            }
        }
        if !cluster.canonicalIds.isEmpty {
            let present = Set(cluster.members.map { match.records[$0].reference })
            for id in cluster.canonicalIds {
                guard let position = match.constraints.clientPosition[id] else { continue }
                let client = decisions.clients[position]
                for (member, since) in zip(client.members, client.missingSince)
                where since == nil && !present.contains(member) {
                    changes.missingRecords.append(member)
                }
            }
        }
        // The record the commit keeps under the first member's client (as it assigns ids): told
        // changed by its hash, and only then read from the store.
        if let keptClient, let storedHash = decisions.clients[keptClient].recordHash {
            var json = JSONWriter()
            record.write(to: &json)
            let id = decisions.clients[keptClient].id
            if Int64(bitPattern: StableHash.of(json.bytes)) != storedHash,
                let stored = try? decisions.records?.committedRecord(of: id),
                let earlier = try? JSONDecoder().decode(CanonicalRecord.self, from: Data(stored.utf8))
            {
                changes.fields = record.changes(from: earlier)
                if !changes.fields.isEmpty { changes.client = id }
            }
        }
        return changes.isEmpty ? nil : changes
    }

    /// A re-opened decision in plain words, with its history: which commit, when, whether a
    /// person decided it, who confirmed, and the values that changed.
    static func reason(_ reopened: Reopened, _ match: MatchResult) -> String {
        let decisions = match.constraints.decisions
        let entry = decisions?.journal.first { $0.id == reopened.commit }
        let when = entry.map { "commit \($0.id) on \($0.at.prefix(10))" } ?? "an earlier commit"
        let who = entry.map { "confirmed by \($0.administrator)" } ?? "confirmed"
        let (a, b) = (match.records[reopened.a], match.records[reopened.b])
        func side(_ record: SourceRecord) -> String { record.source == .hq ? "the HQ record" : "the XPM record" }
        func value(_ comparison: Comparison, _ record: SourceRecord) -> String {
            record.fields[field(comparison, record)] ?? "none"
        }
        switch reopened.kind {
        case .contradicted(let clientId):
            let decided = decisions?.decisions[clientId]?.first { $0.commit == reopened.commit }
            let how =
                decided.map { $0.status == "review" ? "accepted from review" : "decided by a person" }
                ?? "merged automatically"
            let now = reopened.comparisons.map { comparison in
                "\(side(b)) \(b.reference) now has \(label(comparison, b)) \(value(comparison, b)), \(side(a)) \(a.reference) \(value(comparison, a))"
            }.joined(separator: "; ")
            return
                "re-opened: \(a.reference) and \(b.reference) were merged as \(clientId) in \(when), \(how) and \(who); \(now): a person must decide whether they are still one client"
        case .nowShared:
            let decided = match.constraints.memberOf[reopened.a].flatMap { place in
                decisions?.decisions[decisions!.clients[place.client].id]?.first { $0.commit == reopened.commit }
            }
            let how = decided.map { $0.decision == "split" ? "split" : "rejected" } ?? "rejected"
            let now = reopened.comparisons.map { comparison in
                comparison == .link
                    ? "the HQ record now links to the XPM record"
                    : "they now share \(label(comparison, a)) \(value(comparison, a))"
            }.joined(separator: "; ")
            return
                "re-opened: \(a.reference) and \(b.reference) were kept apart in \(when) (\(how), \(who)); \(now): a person must decide (accept keeps them apart; re-link one into the other's cluster to merge them)"
        }
    }

    /// The field a comparison reads on `record`.
    private static func field(_ comparison: Comparison, _ record: SourceRecord) -> Field {
        switch comparison {
        case .businessNumber: .businessNumber
        case .companyNumber: .companyNumber
        case .taxNumber: .taxNumber
        case .dateOfBirth: .dateOfBirth
        case .link: record.source == .hq ? .xpmClientUUID : .xeroOrganisationID
        default: .name
        }
    }

    private static func label(_ comparison: Comparison, _ record: SourceRecord) -> String {
        comparison == .link ? "Xero organisation" : field(comparison, record).label
    }
}
