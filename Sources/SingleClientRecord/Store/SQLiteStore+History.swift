import Foundation
import GRDB

extension SQLiteStore {
    public func journal() throws(StoreError) -> [JournalEntry] {
        try read { db in try Self.journalEntries(db, sql: "SELECT \(Self.entryColumns) FROM journal ORDER BY id") }
    }

    public func history(of clientId: String) throws(StoreError) -> ClientHistory? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, name, archived, commitId, record FROM client WHERE id = ?",
                    arguments: [clientId])
            else { return nil }
            let members = try Row.fetchAll(
                db, sql: "SELECT source, key FROM member WHERE clientId = ? ORDER BY source, key", arguments: [clientId]
            ).map { "\($0[0] as String):\($0[1] as String)" }
            let entries = Dictionary(
                try Self.journalEntries(
                    db,
                    sql: """
                        SELECT \(Self.entryColumns) FROM journal WHERE id IN (
                        SELECT commitId FROM clientVersion WHERE clientId = ?1
                        UNION SELECT commitId FROM decision WHERE clientId = ?1)
                        ORDER BY id
                        """, arguments: [clientId]
                ).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let decoder = JSONDecoder()
            var versions: [ClientHistory.Version] = []
            let versionRows = try Row.fetchAll(
                db,
                sql:
                    "SELECT commitId, archived, record, members FROM clientVersion WHERE clientId = ? ORDER BY commitId",
                arguments: [clientId])
            for version in versionRows {
                guard let commit = entries[version["commitId"]] else { continue }
                // The version in force has no record of its own: it is the client row's.
                let text: String = version["record"] ?? row["record"]
                let record = try decoder.decode(CanonicalRecord.self, from: Data(text.utf8))
                let held = try decoder.decode([String].self, from: Data((version["members"] as String).utf8))
                // Against the version before that is still in force (a rolled-back one is not).
                let before = versions.last { $0.commit.undoneBy == nil }
                let earlier = Set(before?.members ?? [])
                versions.append(
                    ClientHistory.Version(
                        commit: commit, archived: version["archived"], members: held,
                        added: held.filter { !earlier.contains($0) },
                        removed: (before?.members ?? []).filter { !Set(held).contains($0) },
                        changes: before.map { record.changes(from: $0.record) } ?? [], record: record))
            }
            let decisions = try Row.fetchAll(
                db,
                sql: """
                    SELECT commitId, cluster, decision, status, members FROM decision WHERE clientId = ?
                    ORDER BY commitId, cluster
                    """, arguments: [clientId]
            ).map { row in
                let commit: Int64 = row["commitId"]
                return ClientHistory.Decision(
                    commit: commit, at: entries[commit]?.at ?? "", administrator: entries[commit]?.administrator ?? "",
                    cluster: row["cluster"], decision: row["decision"], status: row["status"],
                    members: (try? decoder.decode([String].self, from: Data((row["members"] as String).utf8))) ?? [],
                    undoneBy: entries[commit]?.undoneBy)
            }
            var apart: [ClientHistory.Apart] = []
            let findApart = try db.cachedStatement(
                sql: "SELECT a, b, commitId FROM apart WHERE a = ?1 UNION SELECT a, b, commitId FROM apart WHERE b = ?1"
            )
            for member in members {
                for pair in try Row.fetchAll(findApart, arguments: [member]) {
                    apart.append(ClientHistory.Apart(a: pair["a"], b: pair["b"], commit: pair["commitId"]))
                }
            }
            apart.sort { ($0.a, $0.b) < ($1.a, $1.b) }
            return ClientHistory(
                id: row["id"], name: row["name"], archived: row["archived"], members: members,
                commitId: row["commitId"], versions: versions, decisions: decisions, apart: apart)
        }
    }

    static let entryColumns =
        "id, kind, at, administrator, fingerprint, planId, summary, undoneBy, (SELECT j.id FROM journal j WHERE j.undoneBy = journal.id) AS undoes"

    /// Journal entries read by `sql`; a rollback names the commit it undid.
    static func journalEntries(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    ) throws -> [JournalEntry] {
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let kind: String = row["kind"]
            let summary = Data((row["summary"] as String).utf8)
            return JournalEntry(
                id: row["id"], kind: kind, at: row["at"], administrator: row["administrator"],
                fingerprint: row["fingerprint"], planId: row["planId"],
                committed: kind == "commit" ? try? decoder.decode(JournalEntry.CommitCounts.self, from: summary) : nil,
                restored: kind == "rollback"
                    ? try? decoder.decode(JournalEntry.RestoredCounts.self, from: summary) : nil,
                undoneBy: row["undoneBy"], undid: kind == "rollback" ? row["undoes"] : nil)
        }
    }
}
