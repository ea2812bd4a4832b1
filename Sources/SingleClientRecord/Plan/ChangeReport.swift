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
    /// person decided it and how, who confirmed, and the values that changed (the record whose
    /// value changed named first).
    static func reason(_ reopened: Reopened, _ match: MatchResult) -> String {
        let decisions = match.constraints.decisions
        let entry = decisions?.journal.first { $0.id == reopened.commit }
        let when = entry.map { "commit \($0.id) on \($0.at.prefix(10))" } ?? "an earlier commit"
        let who = entry.map { "confirmed by \($0.administrator)" } ?? "confirmed"
        let (a, b) = (match.records[reopened.a], match.records[reopened.b])
        func side(_ record: SourceRecord) -> String { record.source == .hq ? "the HQ record" : "the XPM record" }
        /// The decision a person made in that commit about the clients `records` belong to.
        func decided(_ records: [Int]) -> CommittedDecisions.Decision? {
            for record in records {
                guard let place = match.constraints.memberOf[record], let decisions else { continue }
                let client = decisions.clients[place.client].id
                if let found = decisions.decisions[client]?.first(where: { $0.commit == reopened.commit }) {
                    return found
                }
            }
            return nil
        }
        switch reopened.kind {
        case .contradicted(let clientId):
            let how =
                switch decided([reopened.a, reopened.b]).map({ ($0.decision, $0.status) }) {
                case ("accept", "review")?: "accepted from review"
                case ("relink", _)?: "re-linked by a person"
                case ("split", _)?: "kept together when a person split a cluster"
                case let (decision, _)?: "decided by a person (\(decision))"
                case nil: "merged automatically"
                }
            // The record whose value changed first; when both did, in the records' order.
            let (now, other) = reopened.changed == [reopened.a] ? (a, b) : (b, a)
            let values = reopened.comparisons.map { comparison -> String in
                let field = contradictingField(comparison)
                let label = comparison == .link ? "Xero organisation" : field.label
                return
                    "\(side(now)) \(now.reference) now has \(label) \(now.fields[field] ?? "none"), \(side(other)) \(other.reference) \(other.fields[field] ?? "none")"
            }.joined(separator: "; ")
            return
                "re-opened: \(a.reference) and \(b.reference) were merged as \(clientId) in \(when), \(how) and \(who); \(values): a person must decide whether they are still one client"
        case .nowShared:
            let how =
                switch decided([reopened.a, reopened.b])?.decision {
                case "split": "split"
                case "relink": "a re-link took one of them elsewhere"
                default: "rejected"
                }
            let values = reopened.comparisons.map { comparison -> String in
                comparison == .link
                    ? "the HQ record now links to the XPM record"
                    : "they now share \(contradictingField(comparison).label) \(a.fields[contradictingField(comparison)] ?? "none")"
            }.joined(separator: "; ")
            return
                "re-opened: \(a.reference) and \(b.reference) were kept apart in \(when) (\(how), \(who)); \(values): a person must decide (accept keeps them apart; re-link one into the other's cluster to merge them)"
        }
    }

    /// The field a contradicting or tying comparison reads (for a link, the Xero organisation).
    private static func contradictingField(_ comparison: Comparison) -> Field {
        switch comparison {
        case .businessNumber: .businessNumber
        case .companyNumber: .companyNumber
        case .taxNumber: .taxNumber
        case .dateOfBirth: .dateOfBirth
        case .link: .xeroOrganisationID
        default: .name
        }
    }
}
