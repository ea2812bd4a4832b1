import Foundation
import GRDB

/// Every statement a commit or a rollback runs, written once.
enum SQLiteStatements {
    static let findCommit = "SELECT id FROM journal WHERE kind = 'commit' AND digest = ? AND undoneBy IS NULL"
    static let allMembers = "SELECT source, key, clientId, commitId, fingerprint, missingSince FROM member"
    static let markMissing = "UPDATE member SET missingSince = ? WHERE source = ? AND key = ?"
    static let allApart = "SELECT a, b, commitId FROM apart"
    static let deleteApartPair = "DELETE FROM apart WHERE a = ? AND b = ?"
    static let insertVersion = """
        INSERT OR REPLACE INTO clientVersion (clientId, commitId, archived, record, members) VALUES (?, ?, ?, NULL, ?)
        """
    static let supersedeVersion = "UPDATE clientVersion SET record = ? WHERE clientId = ? AND record IS NULL"
    static let setRecordHash = "UPDATE client SET recordHash = ? WHERE id = ?"
    static let insertBaselineVersion = """
        INSERT OR IGNORE INTO clientVersion (clientId, commitId, archived, record, members) VALUES (?, ?, ?, ?, ?)
        """
    static let keepRolledBackVersions = """
        UPDATE clientVersion SET record = (SELECT record FROM client WHERE client.id = clientVersion.clientId)
        WHERE commitId = ? AND record IS NULL
        """
    static let insertDecision = """
        INSERT OR REPLACE INTO decision (clientId, commitId, cluster, decision, status, members)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    static let upsertMember = """
        INSERT INTO member (source, key, clientId, commitId, fingerprint) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (source, key) DO UPDATE SET clientId = excluded.clientId, commitId = excluded.commitId,
        fingerprint = excluded.fingerprint, missingSince = NULL
        """
    static let allClients = "SELECT id, name, archived, recordHash FROM client"
    static let clientById = "SELECT * FROM client WHERE id = ?"
    static let journal = """
        INSERT INTO journal (kind, planId, digest, administrator, fingerprint, at, summary, undo)
        VALUES (?, ?, ?, ?, ?, ?, '{}', '{}')
        """
    static let journalOutcome = "UPDATE journal SET summary = ?, undo = ? WHERE id = ?"
    static let nextGeneration = "UPDATE storeState SET generation = generation + 1 WHERE id = 1"
    static let deleteMember = "DELETE FROM member WHERE source = ? AND key = ?"
    static let insertMember =
        "INSERT INTO member (source, key, clientId, commitId, fingerprint, missingSince) VALUES (?, ?, ?, ?, ?, ?)"
    static let upsertClient = """
        INSERT INTO client (id, name, archived, record, commitId, recordHash) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
        record = excluded.record, commitId = excluded.commitId, recordHash = excluded.recordHash
        """
    static let deleteClient = "DELETE FROM client WHERE id = ?"
    static let archiveClient = "UPDATE client SET archived = 1, commitId = ? WHERE id = ?"
    static let insertApart = "INSERT OR IGNORE INTO apart (a, b, commitId) VALUES (?, ?, ?)"
    static let deleteApart = "DELETE FROM apart WHERE commitId = ?"
    static let commitEntry = "SELECT * FROM journal WHERE id = ? AND kind = 'commit'"
    static let laterCommit =
        "SELECT id FROM journal WHERE kind = 'commit' AND id > ? AND undoneBy IS NULL ORDER BY id DESC"
    static let markUndone = "UPDATE journal SET undoneBy = ? WHERE id = ?"
}

extension SQLiteStore {
    /// Applies a confirmed plan, all or nothing. The commit's whole-file checks run on another
    /// core while the transaction is written, and the transaction commits only once they have
    /// passed; when anything fails, the first problem in the documented order is the one
    /// reported and the store is left as it was.
    public func apply(_ commit: ConfirmedCommit) throws -> CommitResult {
        // Who signed, looked up here but reported in its turn.
        let signer: Administrator?
        do throws(StoreError) {
            signer = try activeAdministrator(publicKey: commit.signer)
        } catch {
            if let problem = commit.files.value.plan { throw problem }
            throw error
        }
        return try transaction { db in
            try commit.apply(
                signer: signer, store: path,
                appliedBefore: { try Int64.fetchOne(db, sql: SQLiteStatements.findCommit, arguments: [commit.digest]) },
                state: { try Self.state(db) },
                write: { decided, administrator in try Self.write(decided, of: commit, signer: administrator, db) })
        }
    }

    /// Writes the decided clients: clients are created or updated (in id order, so that the id
    /// index grows at its end), members join them or take their new fingerprints, clients left
    /// with no member are archived (never deleted), pairs a group now joins stop being kept apart,
    /// pairs kept apart are added; every client made or changed gets a version in the history,
    /// with the decisions a person made; then the journal entry with its undo, and the next
    /// generation. A client or member the commit leaves as it was is not written: its row keeps
    /// the commit that last changed it.
    static func write(
        _ decided: ConfirmedCommit.Decided, of commit: ConfirmedCommit, signer: Administrator, _ db: Database
    ) throws -> CommitResult {
        let references = decided.groups.flatMap { $0.members.map(\.reference) }
        // What stands now, for undo: every member's row, and every client id, each read once.
        var stored: [String: StoredMember] = [:]
        let rows = try Row.fetchCursor(db, sql: SQLiteStatements.allMembers)
        while let row = try rows.next() {
            let member = StoredMember(
                source: row[0], key: row[1], clientId: row[2], commitId: row[3], fingerprint: row[4],
                missingSince: row[5])
            stored["\(member.source):\(member.key)"] = member
        }
        // Every client's name, archived flag and record hash: the records themselves are read only
        // for the clients the commit changes (for undo).
        var existing: [String: (name: String?, archived: Bool, hash: Int64?)] = [:]
        let clientRows = try Row.fetchCursor(db, sql: SQLiteStatements.allClients)
        while let row = try clientRows.next() { existing[row[0]] = (row[1], row[2], row[3]) }
        let existingClients = Set(existing.keys)
        var clientOf: [String: String] = [:]
        if !stored.isEmpty {
            for reference in references { if let row = stored[reference] { clientOf[reference] = row.clientId } }
        }
        try db.execute(
            sql: SQLiteStatements.journal,
            arguments: ["commit", commit.planId, commit.digest, signer.name, signer.fingerprint, now()])
        let commitId = db.lastInsertedRowID
        let ids = assignCanonicalIds(for: decided.groups, clientOf: clientOf, existing: existingClients)
        let used = Set(ids)

        // Clients: created, or updated when their record, name or archived flag changes. An
        // updated client's version in the history takes the record it had.
        var priorClients: [StoredClient] = []
        var created: [String] = []
        var versions: [String: Bool] = [:]  // the clients with a new version, and their archived flag
        let readClient = try db.cachedStatement(sql: SQLiteStatements.clientById)
        let upsertClient = try db.makeStatement(sql: SQLiteStatements.upsertClient)
        let supersede = try db.makeStatement(sql: SQLiteStatements.supersedeVersion)
        let baseline = try db.makeStatement(sql: SQLiteStatements.insertBaselineVersion)
        var membersBefore: [String: [String]]?
        /// Gives the superseded version of a client its record; a client written before the store
        /// kept history has none, and gets one: its row as it was, with its members then.
        func supersedeVersion(of row: StoredClient) throws {
            try supersede.execute(arguments: [row.record, row.id])
            guard db.changesCount == 0 else { return }
            if membersBefore == nil {
                var byClient: [String: [String]] = [:]
                for (reference, member) in stored { byClient[member.clientId, default: []].append(reference) }
                membersBefore = byClient
            }
            try baseline.execute(arguments: [
                row.id, row.commitId, row.archived, row.record, jsonArray((membersBefore?[row.id] ?? []).sorted()),
            ])
        }
        var written = 0
        var archived = 0  // clients the commit archives (or creates archived)
        for index in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            let (id, group) = (ids[index], decided.groups[index])
            let hash = recordHash(group.record)
            if let old = existing[id] {
                if old.name == group.name && old.archived == group.archived && old.hash == hash { continue }
                if let row = try StoredClient.fetchOne(readClient, arguments: [id]) {
                    // A row written before record hashes were kept: compared as text.
                    if old.hash == nil && row.name == group.name && row.archived == group.archived
                        && row.record == group.record
                    {
                        // The same record: it gets its hash, so that it is not read again.
                        try db.execute(sql: SQLiteStatements.setRecordHash, arguments: [hash, id])
                        continue
                    }
                    priorClients.append(row)
                    try supersedeVersion(of: row)
                }
            } else {
                created.append(id)
            }
            versions[id] = group.archived
            if group.archived && !(existing[id]?.archived ?? false) { archived += 1 }
            written += 1
            try upsertClient.execute(arguments: [id, group.name, group.archived, group.record, commitId, hash])
        }
        // Members whose client or fields change, and the clients they join and leave (the
        // fingerprints were read from the inputs on another core meanwhile).
        let fingerprints = try commit.recordFingerprints()
        var priorMembers: [StoredMember] = []
        var writes: [StoredMember] = []
        var joined: [String: [String]] = [:]
        var left: [String: [String]] = [:]
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
                        left[old.clientId, default: []].append(member.reference)
                        joined[id, default: []].append(member.reference)
                    }
                } else {
                    joined[id, default: []].append(member.reference)
                }
                writes.append(
                    StoredMember(
                        source: member.source.rawValue, key: member.key, clientId: id, commitId: since,
                        fingerprint: fingerprint))
            }
        }

        for id in Set(joined.keys).union(left.keys) where versions[id] == nil {
            versions[id] = existing[id]?.archived ?? false
        }
        let upsertMember = try db.makeStatement(sql: SQLiteStatements.upsertMember)
        for row in writes.sorted(by: { ($0.source, $0.key) < ($1.source, $1.key) }) {
            try upsertMember.execute(arguments: [row.source, row.key, row.clientId, row.commitId, row.fingerprint])
        }
        // Members the exports no longer hold stay members; the first commit to miss one says so.
        let inPlan = Set(references)
        let markMissing = try db.makeStatement(sql: SQLiteStatements.markMissing)
        let missing = stored.filter { $0.value.missingSince == nil && !inPlan.contains($0.key) }
        for (_, row) in missing.sorted(by: { $0.key < $1.key }) {
            priorMembers.append(row)
            var missing = row
            missing.missingSince = commitId
            writes.append(missing)
            try markMissing.execute(arguments: [commitId, row.source, row.key])
        }
        let archive = try db.makeStatement(sql: SQLiteStatements.archiveClient)
        for id in Set(clientOf.values).subtracting(used).sorted() {
            versions[id] = true
            // One already archived only loses members (its version says so).
            guard existing[id]?.archived == false, let row = try StoredClient.fetchOne(readClient, arguments: [id])
            else { continue }
            priorClients.append(row)
            try supersedeVersion(of: row)
            try archive.execute(arguments: [commitId, id])
            archived += 1
        }

        // Pairs kept apart that a group now holds together (a decision re-opened and accepted).
        var priorApart: [StoredApart] = []
        let groupOf = Dictionary(
            zip(ids, decided.groups).flatMap { id, group in group.members.map { ($0.reference, id) } },
            uniquingKeysWith: { first, _ in first })
        let apartRows = try Row.fetchCursor(db, sql: SQLiteStatements.allApart)
        while let row = try apartRows.next() {
            let pair = StoredApart(a: row[0], b: row[1], commitId: row[2])
            if let x = groupOf[pair.a], x == groupOf[pair.b] { priorApart.append(pair) }
        }
        let deletePair = try db.makeStatement(sql: SQLiteStatements.deleteApartPair)
        for pair in priorApart { try deletePair.execute(arguments: [pair.a, pair.b]) }
        var apart = 0
        let insertApart = try db.makeStatement(sql: SQLiteStatements.insertApart)
        for (a, b) in decided.apart {
            try insertApart.execute(arguments: [a, b, commitId])
            apart += db.changesCount
        }

        // Each new version's members, as the commit leaves them.
        var members: [String: Set<String>] = versions.mapValues { _ in [] }
        for (reference, row) in stored where members[row.clientId] != nil { members[row.clientId]!.insert(reference) }
        for row in writes {
            let reference = "\(row.source):\(row.key)"
            if let old = stored[reference], old.clientId != row.clientId { members[old.clientId]?.remove(reference) }
            members[row.clientId]?.insert(reference)
        }
        try writeHistory(
            versions: versions.keys.sorted().map { ($0, versions[$0]!, members[$0, default: []].sorted()) },
            decided: decided, ids: ids, commitId: commitId, db)
        let result = CommitResult(
            commitId: commitId, planId: commit.planId, alreadyCommitted: false, clients: written,
            created: created.count, members: references.count, archived: archived,
            apart: apart)
        let undo = Undo(
            priorClients: priorClients, priorMembers: priorMembers, createdClients: created,
            touchedMembers: writes.map { "\($0.source):\($0.key)" }, priorApart: priorApart)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            sql: SQLiteStatements.journalOutcome,
            arguments: [
                String(decoding: try encoder.encode(result), as: UTF8.self),
                String(decoding: undo.json(), as: UTF8.self), commitId,
            ])
        try db.execute(sql: SQLiteStatements.nextGeneration)
        return result
    }

    /// The history of a commit: a version of every client it made or changed (its members as the
    /// commit leaves them; its record is the client row's until a later commit changes it) and the
    /// decisions a person made, by the clients they made.
    static func writeHistory(
        versions: [(id: String, archived: Bool, members: [String])], decided: ConfirmedCommit.Decided,
        ids: [String], commitId: Int64, _ db: Database
    ) throws {
        let insertVersion = try db.makeStatement(sql: SQLiteStatements.insertVersion)
        for version in versions {
            try insertVersion.execute(arguments: [version.id, commitId, version.archived, jsonArray(version.members)])
        }
        let insertDecision = try db.makeStatement(sql: SQLiteStatements.insertDecision)
        for decision in decided.decisions {
            for id in Set(decision.groups.map { ids[$0] }).sorted() {
                try insertDecision.execute(arguments: [
                    id, commitId, decision.cluster, decision.decision.rawValue, decision.status.rawValue,
                    jsonArray(decision.members),
                ])
            }
        }
    }

    /// The hash a client row keeps of its record's JSON, to tell a changed record without reading it.
    static func recordHash(_ record: String) -> Int64 { Int64(bitPattern: StableHash.of(record)) }

    static func jsonArray(_ values: [String]) -> String {
        var json = JSONWriter()
        json.array(values)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    public func rollback(commit id: Int64, administrator name: String) throws(StoreError) -> RollbackResult {
        try write { db in
            guard let entry = try Row.fetchOne(db, sql: SQLiteStatements.commitEntry, arguments: [id]) else {
                throw StoreError(path: path, "no commit \(id) in the store's journal")
            }
            if let undoneBy: Int64 = entry["undoneBy"] {
                throw StoreError(path: path, "commit \(id) was already rolled back (by journal entry \(undoneBy))")
            }
            if let later: Int64 = try Int64.fetchOne(db, sql: SQLiteStatements.laterCommit, arguments: [id]) {
                throw StoreError(path: path, "commit \(later) came after commit \(id); roll back commit \(later) first")
            }
            guard let undo = try? JSONDecoder().decode(Undo.self, from: Data((entry["undo"] as String).utf8)) else {
                throw StoreError(
                    path: path,
                    "commit \(id)'s journal entry is damaged (what it replaced cannot be read); it cannot be rolled back"
                )
            }
            // The commit's versions keep the records it wrote, as history.
            try db.execute(sql: SQLiteStatements.keepRolledBackVersions, arguments: [id])
            let deleteMember = try db.makeStatement(sql: SQLiteStatements.deleteMember)
            for reference in undo.touchedMembers.sorted() {
                let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
                try deleteMember.execute(arguments: [parts[0], parts[1]])
            }
            let deleteClient = try db.makeStatement(sql: SQLiteStatements.deleteClient)
            for created in undo.createdClients.sorted() { try deleteClient.execute(arguments: [created]) }
            let upsertClient = try db.makeStatement(sql: SQLiteStatements.upsertClient)
            for row in undo.priorClients {
                try upsertClient.execute(arguments: [
                    row.id, row.name, row.archived, row.record, row.commitId, Self.recordHash(row.record),
                ])
            }
            let insertMember = try db.makeStatement(sql: SQLiteStatements.insertMember)
            for row in undo.priorMembers {
                try insertMember.execute(arguments: [
                    row.source, row.key, row.clientId, row.commitId, row.fingerprint, row.missingSince,
                ])
            }
            try db.execute(sql: SQLiteStatements.deleteApart, arguments: [id])
            let insertApart = try db.makeStatement(sql: SQLiteStatements.insertApart)
            for pair in undo.priorApart ?? [] { try insertApart.execute(arguments: [pair.a, pair.b, pair.commitId]) }
            try db.execute(
                sql: SQLiteStatements.journal,
                arguments: ["rollback", entry["planId"] as String, entry["digest"] as String, name, "", Self.now()])
            let rollbackId = db.lastInsertedRowID
            try db.execute(sql: SQLiteStatements.markUndone, arguments: [rollbackId, id])
            try db.execute(sql: SQLiteStatements.nextGeneration)
            let result = RollbackResult(
                rollbackId: rollbackId, commitId: id, clientsRestored: undo.priorClients.count,
                clientsRemoved: undo.createdClients.count, members: undo.touchedMembers.count)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try db.execute(
                sql: SQLiteStatements.journalOutcome,
                arguments: [String(decoding: try encoder.encode(result), as: UTF8.self), "{}", rollbackId])
            return result
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    public func counts() throws(StoreError) -> (clients: Int, members: Int, apart: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM client") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM apart") ?? 0
            )
        }
    }

    public func clients() throws(StoreError) -> [StoredCanonicalClient] {
        try read { db in
            var members: [String: [RecordReference]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, key, clientId FROM member ORDER BY source, key") {
                if let source = SourceSystem(rawValue: row["source"]) {
                    members[row["clientId"], default: []].append(RecordReference(source: source, key: row["key"]))
                }
            }
            let decoder = JSONDecoder()
            return try Row.fetchAll(db, sql: "SELECT id, archived, record FROM client ORDER BY id").map { row in
                let id: String = row["id"]
                return StoredCanonicalClient(
                    id: id, archived: row["archived"], members: members[id] ?? [],
                    record: try decoder.decode(CanonicalRecord.self, from: Data((row["record"] as String).utf8)))
            }
        }
    }
}

/// The journal's rows, as GRDB reads them for undo.
extension StoredClient: FetchableRecord, PersistableRecord {
    static let databaseTableName = "client"
}

extension StoredMember: FetchableRecord, PersistableRecord {
    static let databaseTableName = "member"
}
