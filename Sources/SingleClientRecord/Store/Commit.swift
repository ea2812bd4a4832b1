import Crypto
import Foundation
import GRDB

/// What a commit did.
public struct CommitResult: Codable, Sendable, Equatable {
    public var commitId: Int64
    public var planId: String
    /// True when this plan and its decisions were committed before: nothing changed.
    public var alreadyCommitted: Bool
    /// Canonical clients written (created or updated), and of them the new ones.
    public var clients: Int
    public var created: Int
    public var members: Int
    public var archived: Int
    /// Pairs of records kept apart because a person rejected or split their cluster.
    public var apart: Int
}

/// What a rollback restored.
public struct RollbackResult: Codable, Sendable, Equatable {
    public var rollbackId: Int64
    public var commitId: Int64
    public var clientsRestored: Int
    public var clientsRemoved: Int
    public var members: Int
}

/// A store row, as the journal keeps it for undo.
struct StoredClient: Codable, FetchableRecord, PersistableRecord, Equatable {
    static let databaseTableName = "client"
    var id: String
    var name: String?
    var archived: Bool
    var record: String
    var commitId: Int64
}

struct StoredMember: Codable, FetchableRecord, PersistableRecord, Equatable {
    static let databaseTableName = "member"
    var source: String
    var key: String
    var clientId: String
    var commitId: Int64
}

/// The rows a commit replaced or created: rollback puts the first back and removes the second.
struct Undo: Codable {
    var priorClients: [StoredClient]
    var priorMembers: [StoredMember]
    var createdClients: [String]
    var touchedMembers: [String]

    /// The journal's JSON, as `JSONEncoder` with sorted keys writes it but several times faster.
    func json() -> [UInt8] {
        var json = JSONWriter()
        json.object { json in
            json.field("createdClients", createdClients)
            json.field("priorClients", priorClients)
            json.field("priorMembers", priorMembers)
            json.field("touchedMembers", touchedMembers)
        }
        return json.bytes
    }
}

extension StoredClient: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("archived", archived)
            json.field("commitId", Int(commitId))
            json.field("id", id)
            json.field("name", name)
            json.field("record", record)
        }
    }
}

extension StoredMember: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("clientId", clientId)
            json.field("commitId", Int(commitId))
            json.field("key", key)
            json.field("source", source)
        }
    }
}

extension CanonicalStore {
    /// Commits a confirmed plan, all or nothing, after checking the signature against this store's
    /// administrators, that nothing the signature covers changed, that the inputs still have the
    /// plan's hashes, and that the store is as the plan found it. Committing the same plan again
    /// changes nothing and says so.
    ///
    /// The checks that read whole files (plan.json's SHA-256, decisions.csv, the inputs' SHA-256)
    /// run on another core while the transaction is written, and the transaction commits only
    /// once they have passed; when anything fails, the first problem in the order above is the one
    /// reported and the store is left as it was.
    public func commit(folder: String) throws -> CommitResult {
        let planPath = (folder as NSString).appendingPathComponent(Planner.fileNames.plan)
        let (plan, planBytes) = try PlanOutline.readUnhashed(from: folder)
        let confirmationPath = (folder as NSString).appendingPathComponent(Confirmation.fileName)
        guard let data = FileManager.default.contents(atPath: confirmationPath) else {
            throw StoreError(
                path: confirmationPath, "the plan is not confirmed; run scr confirm with a master-admin's key")
        }
        let confirmation: Confirmation
        do {
            confirmation = try JSONDecoder().decode(Confirmation.self, from: data)
        } catch {
            throw StoreError(path: confirmationPath, "not a confirmation scr can read; confirm the plan again")
        }
        // The signature, and what it covers.
        guard confirmation.verifies() else {
            throw StoreError(path: folder, "the confirmation's signature does not hold; confirm the plan again")
        }
        guard confirmation.planId == plan.planId else {
            throw StoreError(path: planPath, "the plan has changed since it was confirmed; confirm it again")
        }
        let files = Background { Self.checkFiles(folder: folder, plan: plan, bytes: planBytes, confirmation) }
        // Who signed, checked here (the store is read on this thread) but reported in its turn.
        let signer: Result<Administrator, StoreError>
        do throws(StoreError) {
            if let key = Data(base64Encoded: confirmation.signer.publicKey),
                let administrator = try activeAdministrator(publicKey: AdministratorPublicKey(key))
            {
                signer =
                    administrator.role == .masterAdmin
                    ? .success(administrator)
                    : .failure(
                        StoreError(
                            path: path, "\(administrator.name) is an admin; a master-admin must confirm the plan"))
            } else {
                signer = .failure(
                    StoreError(
                        path: path,
                        "the plan was confirmed with key \(confirmation.signer.fingerprint), which is not an active administrator's in this store"
                    ))
            }
        } catch {
            signer = .failure(error)
        }
        /// Throws the first problem the checks found, in the order they are documented in.
        func verified() throws(StoreError) -> Administrator {
            let found = files.value
            if let problem = found.plan { throw problem }
            let administrator = try signer.get()
            if let problem = found.inputs { throw problem }
            return administrator
        }
        let groups: (groups: [Group], apart: [(String, String)])
        do {
            groups = try Self.groups(plan, confirmation)
        } catch {
            _ = try verified()
            throw error
        }
        return try write { db in
            if let done = try Row.fetchOne(
                db, sql: "SELECT id FROM journal WHERE kind = 'commit' AND digest = ? AND undoneBy IS NULL",
                arguments: [confirmation.digest])
            {
                _ = try verified()
                return CommitResult(
                    commitId: done["id"], planId: plan.planId, alreadyCommitted: true, clients: 0, created: 0,
                    members: 0, archived: 0, apart: 0)
            }
            let state = try Self.state(db)
            if let made = plan.store {
                guard made.id == state.id else {
                    _ = try verified()
                    throw StoreError(
                        path: path,
                        "the plan was made against another store (\(made.id)); plan again with --store \(path)")
                }
                guard made.generation == state.generation else {
                    _ = try verified()
                    throw StoreError(
                        path: path,
                        "the store has changed since the plan was made (\(state.generation - made.generation) commit(s) or rollback(s) since); plan again with --store \(path)"
                    )
                }
            } else if state.generation != 0 {
                _ = try verified()
                throw StoreError(
                    path: path,
                    "the plan was made without --store and this store already holds commits; plan again with --store \(path)"
                )
            }
            let result: CommitResult
            do {
                // The administrator is known to the store; the journal names them only once every
                // check has passed (below), before the transaction commits.
                let administrator = try signer.get()
                result = try Self.apply(
                    groups, plan: plan, confirmation: confirmation, administrator: administrator, db)
            } catch {
                _ = try verified()
                throw error
            }
            _ = try verified()
            return result
        }
    }

    /// The checks that read whole files, in the order they are reported: plan.json's bytes
    /// against the confirmation and decisions.csv against the confirmed decisions (`plan`), then
    /// the inputs against the plan's hashes (`inputs`).
    static func checkFiles(
        folder: String, plan: PlanOutline, bytes: Data, _ confirmation: Confirmation
    ) -> (plan: StoreError?, inputs: StoreError?) {
        let planPath = (folder as NSString).appendingPathComponent(Planner.fileNames.plan)
        guard Planner.hex(SHA256.hash(data: bytes)) == confirmation.planSHA256 else {
            return (StoreError(path: planPath, "the plan has changed since it was confirmed; confirm it again"), nil)
        }
        guard
            let decisions = try? DecisionsFile.read(
                folder: folder, clusters: plan.clusters, columns: DecisionRow.decidedColumns),
            decisions.problems.isEmpty,
            zip(plan.clusters, confirmation.decisions).allSatisfy({ cluster, confirmed in
                guard cluster.id == confirmed.cluster, let index = decisions.byCluster[cluster.id] else { return false }
                let row = decisions.rows[index]
                return (row.decision ?? .accept) == confirmed.decision
                    && (confirmed.decision != .split || row.splitGroups == confirmed.split ?? [])
            }), plan.clusters.count == confirmation.decisions.count
        else {
            return (
                StoreError(
                    path: (folder as NSString).appendingPathComponent(Planner.fileNames.decisions),
                    "the decisions have changed since the plan was confirmed; confirm it again"), nil
            )
        }
        for input in plan.inputs {
            guard (try? Planner.sha256(ofFile: input.path)) == input.sha256 else {
                return (
                    nil,
                    StoreError(
                        path: input.path,
                        "the file has changed since the plan was made (its SHA-256 differs); plan again")
                )
            }
        }
        return (nil, nil)
    }

    /// A canonical client to write: its records and its proposed record, as the JSON the store
    /// keeps, with its name and archived flag.
    struct Group {
        var members: [PlanMember]
        var record: String
        var name: String?
        var archived: Bool

        init(members: [PlanMember], record: String, name: String?, archived: Bool) {
            self.members = members
            self.record = record
            self.name = name
            self.archived = archived
        }

        init(members: [PlanMember], record: CanonicalRecord) {
            var json = JSONWriter()
            record.write(to: &json)
            self.init(
                members: members, record: String(decoding: json.bytes, as: UTF8.self),
                name: record.fields[.name]?.value, archived: record.archived)
        }
    }

    /// The clients the decisions make: an accepted cluster as proposed; a rejected one as its
    /// records, each alone; a split one as its groups. Records alone or in split groups are
    /// reconciled again from the inputs (which were checked to be unchanged).
    static func groups(
        _ plan: PlanOutline, _ confirmation: Confirmation
    ) throws(StoreError) -> (
        groups: [Group], apart: [(String, String)]
    ) {
        var groups: [Group] = []
        var apart: [(String, String)] = []
        var pending: [(members: [PlanMember], index: Int)] = []
        for (cluster, decided) in zip(plan.clusters, confirmation.decisions) {
            switch decided.decision {
            case .accept:
                groups.append(
                    Group(
                        members: cluster.members, record: cluster.record, name: cluster.name, archived: cluster.archived
                    ))
            case .reject, .split:
                var parts: [[PlanMember]] = (decided.split ?? []).map { group in
                    group.compactMap { reference in cluster.members.first { $0.reference == reference } }
                }
                let named = Set(parts.flatMap { $0 })
                parts += cluster.members.filter { !named.contains($0) }.map { [$0] }
                for (i, part) in parts.enumerated() {
                    pending.append((part, groups.count))
                    groups.append(Group(members: part, record: "", name: nil, archived: false))
                    for other in parts[(i + 1)...] {
                        for a in part {
                            for b in other {
                                apart.append(([a.reference, b.reference].min()!, [a.reference, b.reference].max()!))
                            }
                        }
                    }
                }
            }
        }
        guard !pending.isEmpty else { return (groups, apart) }
        // Reconcile the new groups from the inputs, with the plan's own policy and preferences.
        var files = InputFiles()
        for input in plan.inputs {
            switch input.kind {
            case "hq-csv": files.hq = input.path
            case "hq-contacts": files.hqContacts = input.path
            case "xpm-xml": files.xpm.append(input.path)
            case "xpm-csv": files.xpmCSV.append(input.path)
            case "columns": files.columns = input.path
            default: break
            }
        }
        let read = InputReader.read(files)
        let (normalised, _) = Normaliser.normalise(read.records)
        let index = Dictionary(
            read.records.indices.map { (read.records[$0].reference, $0) }, uniquingKeysWith: { a, _ in a })
        let policy = ReconcilePolicy(rawValue: plan.policy) ?? .combine
        var preferences = SourcePreferences(policy: policy)
        for (key, source) in plan.preferences { try? preferences.apply("\(key)=\(source.rawValue)") }
        let reconciler = Reconciler(
            policy: policy, preferences: preferences, defaultCountry: Normaliser.practiceCountry(read.records))
        for (members, position) in pending {
            let indices = members.compactMap { index[$0.reference] }
            guard indices.count == members.count else {
                throw StoreError(
                    path: plan.inputs.first?.path ?? "", "a record of the plan is missing from its inputs; plan again")
            }
            groups[position] = Group(
                members: members,
                record: reconciler.reconcile(indices, records: read.records, normalised: normalised).record)
        }
        return (groups, apart)
    }

    static func apply(
        _ planned: (groups: [Group], apart: [(String, String)]), plan: PlanOutline, confirmation: Confirmation,
        administrator: Administrator, _ db: Database
    ) throws -> CommitResult {
        let references = planned.groups.flatMap { $0.members.map(\.reference) }
        // What stands now, for undo: the plan's records' rows, and every client id, each read once.
        var stored: [String: StoredMember] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT source, key, clientId, commitId FROM member")
        while let row = try rows.next() {
            let member = StoredMember(source: row[0], key: row[1], clientId: row[2], commitId: row[3])
            stored["\(member.source):\(member.key)"] = member
        }
        let existingClients = Set(try String.fetchAll(db, sql: "SELECT id FROM client"))
        var priorMembers: [StoredMember] = []
        if !stored.isEmpty {
            for reference in references { if let row = stored[reference] { priorMembers.append(row) } }
        }
        let clientOf = Dictionary(
            priorMembers.map { ("\($0.source):\($0.key)", $0.clientId) }, uniquingKeysWith: { a, _ in a })
        let priorClientIds = Set(clientOf.values)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            sql:
                "INSERT INTO journal (kind, planId, digest, administrator, fingerprint, at, summary, undo) VALUES ('commit', ?, ?, ?, ?, ?, '{}', '{}')",
            arguments: [plan.planId, confirmation.digest, administrator.name, administrator.fingerprint, now()])
        let commitId = db.lastInsertedRowID
        var used = Set<String>()
        var written: [(id: String, group: Group)] = []
        written.reserveCapacity(planned.groups.count)
        for group in planned.groups {
            // A group keeps the id of the client its first member already belongs to, else gets one
            // from its first record: the same records give the same ids.
            var id = group.members.lazy.compactMap { clientOf[$0.reference] }.first { !used.contains($0) }
            if id == nil {
                for member in group.members {
                    let candidate = "C-" + Planner.hex(SHA256.hash(data: Data(member.reference.utf8))).prefix(12)
                    if !used.contains(candidate),
                        !existingClients.contains(candidate) || priorClientIds.contains(candidate)
                    {
                        id = candidate
                        break
                    }
                }
            }
            let chosen =
                id ?? "C-"
                + Planner.hex(SHA256.hash(data: Data(group.members.map(\.reference).joined(separator: "\n").utf8)))
                .prefix(12)
            used.insert(chosen)
            written.append((chosen, group))
        }
        var priorClients: [StoredClient] = []
        var created: [String] = []
        let readClient = try db.cachedStatement(sql: "SELECT * FROM client WHERE id = ?")
        for id in Set(written.map(\.id) + clientOf.values).sorted() {
            if existingClients.contains(id), let row = try StoredClient.fetchOne(readClient, arguments: [id]) {
                priorClients.append(row)
            } else {
                created.append(id)
            }
        }
        // Write: members leave their old clients, clients are upserted (in id order, so that the id
        // index grows at its end), then members join.
        let deleteMember = try db.makeStatement(sql: "DELETE FROM member WHERE source = ? AND key = ?")
        for row in priorMembers.sorted(by: { ($0.source, $0.key) < ($1.source, $1.key) }) {
            try deleteMember.execute(arguments: [row.source, row.key])
        }
        let upsertClient = try db.makeStatement(
            sql: """
                INSERT INTO client (id, name, archived, record, commitId) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
                record = excluded.record, commitId = excluded.commitId
                """)
        for (id, group) in written.sorted(by: { $0.id < $1.id }) {
            try upsertClient.execute(arguments: [id, group.name, group.archived, group.record, commitId])
        }
        let insertMember = try db.makeStatement(
            sql: "INSERT INTO member (source, key, clientId, commitId) VALUES (?, ?, ?, ?)")
        for (id, group) in written {
            for member in group.members {
                try insertMember.execute(arguments: [member.source.rawValue, member.key, id, commitId])
            }
        }
        // Clients left with no member are archived, never deleted.
        let archive = try db.makeStatement(sql: "UPDATE client SET archived = 1, commitId = ? WHERE id = ?")
        for prior in priorClients where !used.contains(prior.id) {
            try archive.execute(arguments: [commitId, prior.id])
        }
        var apart = 0
        let insertApart = try db.makeStatement(sql: "INSERT OR IGNORE INTO apart (a, b, commitId) VALUES (?, ?, ?)")
        for (a, b) in planned.apart {
            try insertApart.execute(arguments: [a, b, commitId])
            apart += db.changesCount
        }
        let result = CommitResult(
            commitId: commitId, planId: plan.planId, alreadyCommitted: false, clients: written.count,
            created: created.count, members: references.count, archived: written.count { $0.group.archived },
            apart: apart)
        let undo = Undo(
            priorClients: priorClients, priorMembers: priorMembers, createdClients: created, touchedMembers: references)
        try db.execute(
            sql: "UPDATE journal SET summary = ?, undo = ? WHERE id = ?",
            arguments: [
                String(decoding: try encoder.encode(result), as: UTF8.self),
                String(decoding: undo.json(), as: UTF8.self), commitId,
            ])
        try db.execute(sql: "UPDATE storeState SET generation = generation + 1 WHERE id = 1")
        return result
    }

    /// Undoes a commit from its journal entry, in one transaction, and journals the rollback.
    /// Only the newest commit still in force can be rolled back.
    public func rollback(
        commit id: Int64, administrator name: String = "scr rollback"
    ) throws(StoreError) -> RollbackResult {
        try write { db in
            guard
                let entry = try Row.fetchOne(
                    db, sql: "SELECT * FROM journal WHERE id = ? AND kind = 'commit'", arguments: [id])
            else { throw StoreError(path: path, "no commit \(id) in the store's journal") }
            if let undoneBy: Int64 = entry["undoneBy"] {
                throw StoreError(path: path, "commit \(id) was already rolled back (by journal entry \(undoneBy))")
            }
            if let later: Int64 = try Int64.fetchOne(
                db,
                sql: "SELECT id FROM journal WHERE kind = 'commit' AND id > ? AND undoneBy IS NULL ORDER BY id DESC",
                arguments: [id])
            {
                throw StoreError(path: path, "commit \(later) came after commit \(id); roll back commit \(later) first")
            }
            let undo = try JSONDecoder().decode(Undo.self, from: Data((entry["undo"] as String).utf8))
            let deleteMember = try db.makeStatement(sql: "DELETE FROM member WHERE source = ? AND key = ?")
            for reference in undo.touchedMembers.sorted() {
                let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
                try deleteMember.execute(arguments: [parts[0], parts[1]])
            }
            let deleteClient = try db.makeStatement(sql: "DELETE FROM client WHERE id = ?")
            for created in undo.createdClients.sorted() { try deleteClient.execute(arguments: [created]) }
            let upsertClient = try db.makeStatement(
                sql: """
                    INSERT INTO client (id, name, archived, record, commitId) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
                    record = excluded.record, commitId = excluded.commitId
                    """)
            for row in undo.priorClients {
                try upsertClient.execute(arguments: [row.id, row.name, row.archived, row.record, row.commitId])
            }
            let insertMember = try db.makeStatement(
                sql: "INSERT INTO member (source, key, clientId, commitId) VALUES (?, ?, ?, ?)")
            for row in undo.priorMembers {
                try insertMember.execute(arguments: [row.source, row.key, row.clientId, row.commitId])
            }
            try db.execute(sql: "DELETE FROM apart WHERE commitId = ?", arguments: [id])
            try db.execute(
                sql:
                    "INSERT INTO journal (kind, planId, digest, administrator, fingerprint, at, summary, undo) VALUES ('rollback', ?, ?, ?, '', ?, '{}', '{}')",
                arguments: [entry["planId"] as String, entry["digest"] as String, name, Self.now()])
            let rollbackId = db.lastInsertedRowID
            try db.execute(sql: "UPDATE journal SET undoneBy = ? WHERE id = ?", arguments: [rollbackId, id])
            try db.execute(sql: "UPDATE storeState SET generation = generation + 1 WHERE id = 1")
            return RollbackResult(
                rollbackId: rollbackId, commitId: id, clientsRestored: undo.priorClients.count,
                clientsRemoved: undo.createdClients.count, members: undo.touchedMembers.count)
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// How many canonical clients and members the store holds.
    public func counts() throws(StoreError) -> (clients: Int, members: Int, apart: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM apart") ?? 0
            )
        }
    }
}
