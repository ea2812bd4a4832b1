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

    /// Writes the decided clients as ``CommitChanges`` works them out from the store's rows:
    /// clients created or updated (in id order, so that the id index grows at its end), members
    /// joining them or taking their new fingerprints, clients left with no member archived (never
    /// deleted), pairs a group now joins no longer kept apart, pairs kept apart added; every client
    /// made or changed gets a version in the history, with the decisions a person made; then the
    /// journal entry with its undo, and the next generation.
    static func write(
        _ decided: ConfirmedCommit.Decided, of commit: ConfirmedCommit, signer: Administrator, _ db: Database
    ) throws -> CommitResult {
        // A client row written before record hashes were kept gets its hash first.
        let unhashed = try Row.fetchAll(db, sql: "SELECT id, record FROM client WHERE recordHash IS NULL")
        for row in unhashed {
            try db.execute(
                sql: SQLiteStatements.setRecordHash, arguments: [StoreRows.recordHash(row[1]), row[0] as String])
        }
        // What stands now: every member's row, every client's name, archived flag and record hash
        // (records are read only for the clients the commit changes, for undo), and the pairs
        // kept apart, each read once.
        var stored: [String: StoredMember] = [:]
        let rows = try Row.fetchCursor(db, sql: SQLiteStatements.allMembers)
        while let row = try rows.next() {
            let member = StoredMember(
                source: row[0], key: row[1], clientId: row[2], commitId: row[3], fingerprint: row[4],
                missingSince: row[5])
            stored[member.reference] = member
        }
        var existing: [String: CommitChanges.ExistingClient] = [:]
        let clientRows = try Row.fetchCursor(db, sql: SQLiteStatements.allClients)
        while let row = try clientRows.next() {
            existing[row[0]] = CommitChanges.ExistingClient(name: row[1], archived: row[2], hash: row[3])
        }
        let apart = try Row.fetchAll(db, sql: SQLiteStatements.allApart).map {
            StoredApart(a: $0[0], b: $0[1], commitId: $0[2])
        }
        try db.execute(
            sql: SQLiteStatements.journal,
            arguments: ["commit", commit.planId, commit.digest, signer.name, signer.fingerprint, now()])
        // The fingerprints were read from the inputs on another core meanwhile.
        let changes = CommitChanges(
            decided, commitId: db.lastInsertedRowID, stored: stored, existing: existing, apart: apart,
            fingerprints: try commit.recordFingerprints())
        let commitId = changes.commitId

        // The rows the commit replaces, for undo; their versions in force take the records they had.
        let readClient = try db.cachedStatement(sql: SQLiteStatements.clientById)
        let supersede = try db.makeStatement(sql: SQLiteStatements.supersedeVersion)
        let baseline = try db.makeStatement(sql: SQLiteStatements.insertBaselineVersion)
        var priorClients: [StoredClient] = []
        var membersBefore: [String: [String]]?
        for id in changes.replaced {
            guard let row = try StoredClient.fetchOne(readClient, arguments: [id]) else { continue }
            priorClients.append(row)
            try supersede.execute(arguments: [row.record, row.id])
            guard db.changesCount == 0 else { continue }
            // A client written before the store kept history has no version: it gets one, its
            // row as it was with its members then.
            if membersBefore == nil {
                var byClient: [String: [String]] = [:]
                for (reference, member) in stored { byClient[member.clientId, default: []].append(reference) }
                membersBefore = byClient
            }
            try baseline.execute(arguments: [
                row.id, row.commitId, row.archived, row.record,
                StoreRows.jsonArray((membersBefore?[row.id] ?? []).sorted()),
            ])
        }
        let upsertClient = try db.makeStatement(sql: SQLiteStatements.upsertClient)
        for client in changes.clientWrites {
            try upsertClient.execute(arguments: [
                client.id, client.name, client.archived, client.record, commitId, client.hash,
            ])
        }
        let upsertMember = try db.makeStatement(sql: SQLiteStatements.upsertMember)
        for row in changes.memberWrites.sorted(by: { ($0.source, $0.key) < ($1.source, $1.key) }) {
            try upsertMember.execute(arguments: [row.source, row.key, row.clientId, row.commitId, row.fingerprint])
        }
        let markMissing = try db.makeStatement(sql: SQLiteStatements.markMissing)
        for row in changes.missing { try markMissing.execute(arguments: [commitId, row.source, row.key]) }
        let archive = try db.makeStatement(sql: SQLiteStatements.archiveClient)
        for id in changes.archiving { try archive.execute(arguments: [commitId, id]) }
        let deletePair = try db.makeStatement(sql: SQLiteStatements.deleteApartPair)
        for pair in changes.priorApart { try deletePair.execute(arguments: [pair.a, pair.b]) }
        var apartAdded = 0
        let insertApart = try db.makeStatement(sql: SQLiteStatements.insertApart)
        for (a, b) in decided.apart {
            try insertApart.execute(arguments: [a, b, commitId])
            apartAdded += db.changesCount
        }
        let insertVersion = try db.makeStatement(sql: SQLiteStatements.insertVersion)
        for version in changes.versions {
            try insertVersion.execute(arguments: [
                version.id, commitId, version.archived, StoreRows.jsonArray(version.members),
            ])
        }
        let insertDecision = try db.makeStatement(sql: SQLiteStatements.insertDecision)
        for row in changes.decisionRows {
            try insertDecision.execute(arguments: [
                row.clientId, commitId, row.cluster, row.decision, row.status, row.members,
            ])
        }
        let result = changes.result(planId: commit.planId, apartAdded: apartAdded)
        try db.execute(
            sql: SQLiteStatements.journalOutcome,
            arguments: [
                try StoreRows.summary(result), changes.undo(priorClients: priorClients).text, commitId,
            ])
        try db.execute(sql: SQLiteStatements.nextGeneration)
        return result
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
                    row.id, row.name, row.archived, row.record, row.commitId, StoreRows.recordHash(row.record),
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
    public static let databaseTableName = "client"
}

extension StoredMember: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "member"
}
