import Foundation

/// Backends for store locations with a scheme (`postgres://…`), registered by the module that
/// provides one: the library itself carries only SQLite, and ``openStore(_:access:)`` opens any
/// location whose scheme is registered here.
///
///     StoreSchemes.register(["postgres", "postgresql"]) { location, access in
///         try PostgresCanonicalStore(url: location, access: access)
///     }
public enum StoreSchemes {
    public typealias Opener = @Sendable (String, StoreAccess) throws(StoreError) -> any CanonicalStore

    private static let registry = Registry()

    /// Opens locations with these schemes (before `://`) with `opener`.
    public static func register(_ schemes: [String], opener: @escaping Opener) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        for scheme in schemes { registry.openers[scheme.lowercased()] = opener }
    }

    /// The scheme of a location that names one (`postgres` in `postgres://…`), or nil for a file.
    public static func scheme(of location: String) -> String? {
        guard let range = location.range(of: "://") else { return nil }
        let scheme = location[..<range.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) else {
            return nil
        }
        return scheme.lowercased()
    }

    static func opener(for scheme: String) -> Opener? {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        return registry.openers[scheme]
    }

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var openers: [String: Opener] = [:]
    }
}

// MARK: What every backend writes alike

/// The rows of a store as backends read and write them, with how they are derived: a record's
/// hash, a JSON array of references, the time a row is stamped with.
@_spi(StoreBackend)
public enum StoreRows {
    /// The hash a client row keeps of its record's JSON, to tell a changed record without reading it.
    public static func recordHash(_ record: String) -> Int64 { Int64(bitPattern: StableHash.of(record)) }

    public static func jsonArray(_ values: [String]) -> String {
        var json = JSONWriter()
        json.array(values)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    public static func decodeArray(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// Now, as the store's rows stamp it (ISO 8601, UTC, seconds).
    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// A result as a journal entry's summary keeps it.
    public static func summary(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

@_spi(StoreBackend)
extension Administrator {
    /// Why `name` cannot be registered with `role` among the `active` administrators, or with a
    /// key already registered (`keyTaken`); nil when it can. The store's first administrator
    /// must be a master-admin, and names are unique among the active administrators.
    public static func refusal(
        adding name: String, role: AdministratorRole, active: [Administrator], keyTaken: Bool
    ) -> String? {
        if active.isEmpty && role != .masterAdmin {
            return "the store's first administrator must be a master-admin; add one with --role master-admin"
        }
        if active.contains(where: { $0.name == name }) {
            return "an administrator named '\(name)' is already registered"
        }
        return keyTaken ? "that public key is already registered" : nil
    }

    /// The active administrator named `name`, marked removed now, or why it cannot be: there is
    /// none, or it is the last active master-admin.
    public static func removing(_ name: String, active: [Administrator]) -> Result<Administrator, StoreError> {
        guard var administrator = active.first(where: { $0.name == name }) else {
            return .failure(StoreError(path: "", "no active administrator named '\(name)'"))
        }
        if administrator.role == .masterAdmin && active.count(where: { $0.role == .masterAdmin }) == 1 {
            return .failure(
                StoreError(path: "", "'\(name)' is the store's last master-admin; add another master-admin first"))
        }
        administrator.removedAt = StoreRows.now()
        return .success(administrator)
    }
}

@_spi(StoreBackend)
extension Undo {
    /// A commit's journal entry's undo, as written; nil when it cannot be read.
    public static func read(_ json: String) -> Undo? {
        try? JSONDecoder().decode(Undo.self, from: Data(json.utf8))
    }

    public var text: String { String(decoding: json(), as: UTF8.self) }
}

@_spi(StoreBackend)
extension ConfirmedCommit {
    /// The confirmation's digest, by which the journal knows it was applied.
    public var confirmationDigest: String { digest }

    /// plan.json or the decisions changed since confirming: the first problem a commit reports,
    /// before any the store finds (waits for the whole-file checks).
    public var planFileProblem: CommitCheckError? { files.value.plan }

    /// The fingerprints of the plan's records, once read on the other core.
    public func fingerprintsOfRecords() throws -> [String: RecordFingerprint] { try recordFingerprints() }
}

@_spi(StoreBackend)
extension JournalEntry {
    /// An entry from its row: the summary is the commit's or rollback's result as JSON.
    public init(
        id: Int64, kind: String, at: String, administrator: String, fingerprint: String, planId: String,
        summary: String, undoneBy: Int64?, undoes: Int64?
    ) {
        let decoder = JSONDecoder()
        let data = Data(summary.utf8)
        self.init(
            id: id, kind: kind, at: at, administrator: administrator, fingerprint: fingerprint, planId: planId,
            committed: kind == "commit" ? try? decoder.decode(CommitCounts.self, from: data) : nil,
            restored: kind == "rollback" ? try? decoder.decode(RestoredCounts.self, from: data) : nil,
            undoneBy: undoneBy, undid: kind == "rollback" ? undoes : nil)
    }
}

@_spi(StoreBackend)
extension ClientHistory {
    /// A version row of `clientVersion`: its record is nil while the version is in force.
    public struct VersionRow {
        public var commitId: Int64
        public var archived: Bool
        public var record: String?
        public var members: String

        public init(commitId: Int64, archived: Bool, record: String?, members: String) {
            self.commitId = commitId
            self.archived = archived
            self.record = record
            self.members = members
        }
    }

    /// A row of `decision`.
    public struct DecisionRow {
        public var commitId: Int64
        public var cluster: String
        public var decision: String
        public var status: String
        public var members: String

        public init(commitId: Int64, cluster: String, decision: String, status: String, members: String) {
            self.commitId = commitId
            self.cluster = cluster
            self.decision = decision
            self.status = status
            self.members = members
        }
    }

    /// The story from the rows a backend read: the client row, its members (sorted), the journal
    /// entries its versions and decisions name, its versions and decisions in commit order, and
    /// the pairs kept apart that hold one of its records.
    public init(
        client: StoredClient, members: [String], entries: [JournalEntry], versions versionRows: [VersionRow],
        decisions decisionRows: [DecisionRow], apart: [Apart]
    ) throws {
        let entries = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let decoder = JSONDecoder()
        var versions: [Version] = []
        for row in versionRows {
            guard let commit = entries[row.commitId] else { continue }
            // The version in force has no record of its own: it is the client row's.
            let record = try decoder.decode(CanonicalRecord.self, from: Data((row.record ?? client.record).utf8))
            let held = try decoder.decode([String].self, from: Data(row.members.utf8))
            // Against the version before that is still in force (a rolled-back one is not).
            let before = versions.last { $0.commit.undoneBy == nil }
            let earlier = Set(before?.members ?? [])
            versions.append(
                Version(
                    commit: commit, archived: row.archived, members: held,
                    added: held.filter { !earlier.contains($0) },
                    removed: (before?.members ?? []).filter { !Set(held).contains($0) },
                    changes: before.map { record.changes(from: $0.record) } ?? [], record: record))
        }
        let decisions = decisionRows.map { row in
            Decision(
                commit: row.commitId, at: entries[row.commitId]?.at ?? "",
                administrator: entries[row.commitId]?.administrator ?? "", cluster: row.cluster,
                decision: row.decision, status: row.status, members: StoreRows.decodeArray(row.members),
                undoneBy: entries[row.commitId]?.undoneBy)
        }
        self.init(
            id: client.id, name: client.name, archived: client.archived, members: members, commitId: client.commitId,
            versions: versions, decisions: decisions,
            apart: apart.sorted { ($0.a, $0.b) < ($1.a, $1.b) })
    }
}

// MARK: What a commit changes

/// What a commit changes, worked out in memory from the store's rows before it writes any, so
/// that every backend writes the same rows: the canonical ids its groups get, the clients it
/// creates, updates and archives, the members it writes or marks missing, the pairs kept apart it
/// joins, each client's new version and the decisions a person made, and what undo keeps.
///
/// A client or member the commit leaves as it was is not written: its row keeps the commit that
/// last changed it.
@_spi(StoreBackend)
public struct CommitChanges {
    /// A client row as the commit finds it (its record is read only if the commit changes it).
    public struct ExistingClient {
        public var name: String?
        public var archived: Bool
        public var hash: Int64?

        public init(name: String?, archived: Bool, hash: Int64?) {
            self.name = name
            self.archived = archived
            self.hash = hash
        }
    }

    /// A client the commit creates or updates.
    public struct ClientWrite {
        public var id: String
        public var name: String?
        public var archived: Bool
        public var record: String
        public var hash: Int64
    }

    /// A client's version as the commit leaves it.
    public struct Version {
        public var id: String
        public var archived: Bool
        /// Its members' references, sorted.
        public var members: [String]
    }

    /// A person's decision, by a client it made.
    public struct DecisionRow {
        public var clientId: String
        public var cluster: String
        public var decision: String
        public var status: String
        /// The cluster's members, as a JSON array.
        public var members: String
    }

    public let commitId: Int64
    /// Each group's canonical id, in the groups' order.
    public let ids: [String]
    /// Clients created or updated, in id order.
    public private(set) var clientWrites: [ClientWrite] = []
    /// Existing clients the commit rewrites, in id order, then the existing clients it archives
    /// because their records all left them: their rows are read for undo first, and their
    /// versions in force get their records.
    public private(set) var replaced: [String] = []
    /// Of ``replaced``, the clients archived because their records all left them (sorted).
    public private(set) var archiving: [String] = []
    public private(set) var created: [String] = []
    /// Members whose client or fields change (written with `missingSince` cleared), in the groups'
    /// order.
    public private(set) var memberWrites: [StoredMember] = []
    /// Members the exports no longer hold that no commit had found missing yet (as they were),
    /// sorted: they stay members, marked missing since this commit.
    public private(set) var missing: [StoredMember] = []
    /// The member rows the commit replaces, for undo.
    public private(set) var priorMembers: [StoredMember] = []
    /// Pairs kept apart that a group now holds together: removed, kept for undo.
    public private(set) var priorApart: [StoredApart] = []
    /// Every client made or changed, by id.
    public private(set) var versions: [Version] = []
    public private(set) var decisionRows: [DecisionRow] = []
    /// Clients the commit archives, or creates archived.
    public private(set) var archivedCount = 0
    /// The plan's records.
    public let memberCount: Int

    /// Works out commit `commitId` of `decided` against the store's members (by reference),
    /// clients (by id) and pairs kept apart, with the fingerprints of the plan's records.
    ///
    /// - Complexity: O(n log n) in the store's and the plan's rows.
    public init(
        _ decided: ConfirmedCommit.Decided, commitId: Int64, stored: [String: StoredMember],
        existing: [String: ExistingClient], apart: [StoredApart], fingerprints: [String: RecordFingerprint]
    ) {
        self.commitId = commitId
        let references = decided.groups.flatMap { $0.members.map(\.reference) }
        memberCount = references.count
        var clientOf: [String: String] = [:]
        if !stored.isEmpty {
            for reference in references { if let row = stored[reference] { clientOf[reference] = row.clientId } }
        }
        let ids = assignCanonicalIds(for: decided.groups, clientOf: clientOf, existing: Set(existing.keys))
        self.ids = ids
        let used = Set(ids)

        // Clients: created, or updated when their record, name or archived flag changes.
        var versionFlags: [String: Bool] = [:]  // the clients with a new version, and their archived flag
        for index in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            let (id, group) = (ids[index], decided.groups[index])
            let hash = StoreRows.recordHash(group.record)
            if let old = existing[id] {
                if old.name == group.name && old.archived == group.archived && old.hash == hash { continue }
                replaced.append(id)
            } else {
                created.append(id)
            }
            versionFlags[id] = group.archived
            if group.archived && !(existing[id]?.archived ?? false) { archivedCount += 1 }
            clientWrites.append(
                ClientWrite(id: id, name: group.name, archived: group.archived, record: group.record, hash: hash))
        }

        // Members whose client or fields change, and the clients they join and leave.
        var changedClients = Set<String>()
        for (id, group) in zip(ids, decided.groups) {
            for member in group.members {
                let fingerprint = fingerprints[member.reference].map { Data($0.bytes) }
                var since = commitId
                if let old = stored[member.reference] {
                    if old.clientId == id && old.fingerprint == fingerprint && old.missingSince == nil { continue }
                    priorMembers.append(old)
                    if old.clientId == id {
                        since = old.commitId
                    } else {
                        changedClients.insert(old.clientId)
                        changedClients.insert(id)
                    }
                } else {
                    changedClients.insert(id)
                }
                memberWrites.append(
                    StoredMember(
                        source: member.source.rawValue, key: member.key, clientId: id, commitId: since,
                        fingerprint: fingerprint))
            }
        }
        for id in changedClients where versionFlags[id] == nil { versionFlags[id] = existing[id]?.archived ?? false }

        // Members the exports no longer hold stay members; the first commit to miss one says so.
        let inPlan = Set(references)
        missing = stored.values.filter { $0.missingSince == nil && !inPlan.contains($0.reference) }
            .sorted { $0.reference < $1.reference }
        priorMembers += missing
        for id in Set(clientOf.values).subtracting(used).sorted() {
            versionFlags[id] = true
            // One already archived only loses members (its version says so).
            guard existing[id]?.archived == false else { continue }
            archiving.append(id)
            archivedCount += 1
        }
        replaced += archiving

        // Pairs kept apart that a group now holds together (a decision re-opened and accepted).
        let groupOf = Dictionary(
            zip(ids, decided.groups).flatMap { id, group in group.members.map { ($0.reference, id) } },
            uniquingKeysWith: { first, _ in first })
        priorApart = apart.filter { pair in groupOf[pair.a].map { $0 == groupOf[pair.b] } ?? false }
            .sorted { ($0.a, $0.b) < ($1.a, $1.b) }

        // Each new version's members, as the commit leaves them.
        var members: [String: Set<String>] = versionFlags.mapValues { _ in [] }
        for (reference, row) in stored where members[row.clientId] != nil { members[row.clientId]!.insert(reference) }
        for row in memberWrites {
            let reference = row.reference
            if let old = stored[reference], old.clientId != row.clientId { members[old.clientId]?.remove(reference) }
            members[row.clientId]?.insert(reference)
        }
        versions = versionFlags.keys.sorted().map {
            Version(id: $0, archived: versionFlags[$0]!, members: members[$0, default: []].sorted())
        }
        for decision in decided.decisions {
            for id in Set(decision.groups.map { ids[$0] }).sorted() {
                decisionRows.append(
                    DecisionRow(
                        clientId: id, cluster: decision.cluster, decision: decision.decision.rawValue,
                        status: decision.status.rawValue, members: StoreRows.jsonArray(decision.members)))
            }
        }
    }

    /// What the commit did, once `apartAdded` pairs were newly kept apart.
    public func result(planId: String, apartAdded: Int) -> CommitResult {
        CommitResult(
            commitId: commitId, planId: planId, alreadyCommitted: false, clients: clientWrites.count,
            created: created.count, members: memberCount, archived: archivedCount, apart: apartAdded)
    }

    /// What rollback restores, with the client rows the commit replaced (read before it wrote).
    public func undo(priorClients: [StoredClient]) -> Undo {
        Undo(
            priorClients: priorClients, priorMembers: priorMembers, createdClients: created,
            touchedMembers: memberWrites.map(\.reference) + missing.map(\.reference), priorApart: priorApart)
    }
}
