import Foundation
import GRDB

/// Every statement a commit or a rollback runs, written once.
enum SQLiteStatements {
    static let findCommit = "SELECT id FROM journal WHERE kind = 'commit' AND digest = ? AND undoneBy IS NULL"
    static let allMembers = "SELECT source, key, clientId, commitId FROM member"
    static let allClientIds = "SELECT id FROM client"
    static let clientById = "SELECT * FROM client WHERE id = ?"
    static let journal = """
        INSERT INTO journal (kind, planId, digest, administrator, fingerprint, at, summary, undo)
        VALUES (?, ?, ?, ?, ?, ?, '{}', '{}')
        """
    static let journalOutcome = "UPDATE journal SET summary = ?, undo = ? WHERE id = ?"
    static let nextGeneration = "UPDATE storeState SET generation = generation + 1 WHERE id = 1"
    static let deleteMember = "DELETE FROM member WHERE source = ? AND key = ?"
    static let insertMember = "INSERT INTO member (source, key, clientId, commitId) VALUES (?, ?, ?, ?)"
    static let upsertClient = """
        INSERT INTO client (id, name, archived, record, commitId) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
        record = excluded.record, commitId = excluded.commitId
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

    /// Writes the decided clients: members leave their old clients, clients are upserted (in id
    /// order, so that the id index grows at its end), members join, clients left with no member
    /// are archived (never deleted), pairs kept apart are added; then the journal entry with its
    /// undo, and the next generation.
    static func write(
        _ decided: ConfirmedCommit.Decided, of commit: ConfirmedCommit, signer: Administrator, _ db: Database
    ) throws -> CommitResult {
        let references = decided.groups.flatMap { $0.members.map(\.reference) }
        // What stands now, for undo: the plan's records' rows, and every client id, each read once.
        var stored: [String: StoredMember] = [:]
        let rows = try Row.fetchCursor(db, sql: SQLiteStatements.allMembers)
        while let row = try rows.next() {
            let member = StoredMember(source: row[0], key: row[1], clientId: row[2], commitId: row[3])
            stored["\(member.source):\(member.key)"] = member
        }
        let existingClients = Set(try String.fetchAll(db, sql: SQLiteStatements.allClientIds))
        var priorMembers: [StoredMember] = []
        if !stored.isEmpty {
            for reference in references { if let row = stored[reference] { priorMembers.append(row) } }
        }
        let clientOf = Dictionary(
            priorMembers.map { ("\($0.source):\($0.key)", $0.clientId) }, uniquingKeysWith: { a, _ in a })
        try db.execute(
            sql: SQLiteStatements.journal,
            arguments: ["commit", commit.planId, commit.digest, signer.name, signer.fingerprint, now()])
        let commitId = db.lastInsertedRowID
        let ids = assignCanonicalIds(for: decided.groups, clientOf: clientOf, existing: existingClients)
        let used = Set(ids)
        var priorClients: [StoredClient] = []
        var created: [String] = []
        let readClient = try db.cachedStatement(sql: SQLiteStatements.clientById)
        for id in Set(ids + clientOf.values).sorted() {
            if existingClients.contains(id), let row = try StoredClient.fetchOne(readClient, arguments: [id]) {
                priorClients.append(row)
            } else {
                created.append(id)
            }
        }
        let deleteMember = try db.makeStatement(sql: SQLiteStatements.deleteMember)
        for row in priorMembers.sorted(by: { ($0.source, $0.key) < ($1.source, $1.key) }) {
            try deleteMember.execute(arguments: [row.source, row.key])
        }
        let upsertClient = try db.makeStatement(sql: SQLiteStatements.upsertClient)
        for index in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            let group = decided.groups[index]
            try upsertClient.execute(arguments: [ids[index], group.name, group.archived, group.record, commitId])
        }
        let insertMember = try db.makeStatement(sql: SQLiteStatements.insertMember)
        for (id, group) in zip(ids, decided.groups) {
            for member in group.members {
                try insertMember.execute(arguments: [member.source.rawValue, member.key, id, commitId])
            }
        }
        let archive = try db.makeStatement(sql: SQLiteStatements.archiveClient)
        for prior in priorClients where !used.contains(prior.id) {
            try archive.execute(arguments: [commitId, prior.id])
        }
        var apart = 0
        let insertApart = try db.makeStatement(sql: SQLiteStatements.insertApart)
        for (a, b) in decided.apart {
            try insertApart.execute(arguments: [a, b, commitId])
            apart += db.changesCount
        }
        let result = CommitResult(
            commitId: commitId, planId: commit.planId, alreadyCommitted: false, clients: ids.count,
            created: created.count, members: references.count, archived: decided.groups.count(where: \.archived),
            apart: apart)
        let undo = Undo(
            priorClients: priorClients, priorMembers: priorMembers, createdClients: created, touchedMembers: references)
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
            let deleteMember = try db.makeStatement(sql: SQLiteStatements.deleteMember)
            for reference in undo.touchedMembers.sorted() {
                let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
                try deleteMember.execute(arguments: [parts[0], parts[1]])
            }
            let deleteClient = try db.makeStatement(sql: SQLiteStatements.deleteClient)
            for created in undo.createdClients.sorted() { try deleteClient.execute(arguments: [created]) }
            let upsertClient = try db.makeStatement(sql: SQLiteStatements.upsertClient)
            for row in undo.priorClients {
                try upsertClient.execute(arguments: [row.id, row.name, row.archived, row.record, row.commitId])
            }
            let insertMember = try db.makeStatement(sql: SQLiteStatements.insertMember)
            for row in undo.priorMembers {
                try insertMember.execute(arguments: [row.source, row.key, row.clientId, row.commitId])
            }
            try db.execute(sql: SQLiteStatements.deleteApart, arguments: [id])
            try db.execute(
                sql: SQLiteStatements.journal,
                arguments: ["rollback", entry["planId"] as String, entry["digest"] as String, name, "", Self.now()])
            let rollbackId = db.lastInsertedRowID
            try db.execute(sql: SQLiteStatements.markUndone, arguments: [rollbackId, id])
            try db.execute(sql: SQLiteStatements.nextGeneration)
            return RollbackResult(
                rollbackId: rollbackId, commitId: id, clientsRestored: undo.priorClients.count,
                clientsRemoved: undo.createdClients.count, members: undo.touchedMembers.count)
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
