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
            let entries = try Self.journalEntries(
                db,
                sql: """
                    SELECT \(Self.entryColumns) FROM journal WHERE id IN (
                    SELECT commitId FROM clientVersion WHERE clientId = ?1
                    UNION SELECT commitId FROM decision WHERE clientId = ?1)
                    ORDER BY id
                    """, arguments: [clientId])
            let versions = try Row.fetchAll(
                db,
                sql:
                    "SELECT commitId, archived, record, members FROM clientVersion WHERE clientId = ? ORDER BY commitId",
                arguments: [clientId]
            ).map { ClientHistory.VersionRow(commitId: $0[0], archived: $0[1], record: $0[2], members: $0[3]) }
            let decisions = try Row.fetchAll(
                db,
                sql: """
                    SELECT commitId, cluster, decision, status, members FROM decision WHERE clientId = ?
                    ORDER BY commitId, cluster
                    """, arguments: [clientId]
            ).map {
                ClientHistory.DecisionRow(
                    commitId: $0[0], cluster: $0[1], decision: $0[2], status: $0[3], members: $0[4])
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
            return try ClientHistory(
                client: StoredClient(
                    id: row["id"], name: row["name"], archived: row["archived"], record: row["record"],
                    commitId: row["commitId"]),
                members: members, entries: entries, versions: versions, decisions: decisions, apart: apart)
        }
    }

    static let entryColumns =
        "id, kind, at, administrator, fingerprint, planId, summary, undoneBy, (SELECT j.id FROM journal j WHERE j.undoneBy = journal.id) AS undoes"

    /// Journal entries read by `sql`; a rollback names the commit it undid.
    static func journalEntries(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    ) throws -> [JournalEntry] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            JournalEntry(
                id: row["id"], kind: row["kind"], at: row["at"], administrator: row["administrator"],
                fingerprint: row["fingerprint"], planId: row["planId"], summary: row["summary"],
                undoneBy: row["undoneBy"], undoes: row["undoes"])
        }
    }
}
