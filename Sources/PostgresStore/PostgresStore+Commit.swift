import Foundation
import NIOCore
import PostgresNIO
@_spi(StoreBackend) import SingleClientRecord

extension PostgresCanonicalStore {
    /// Rows a bulk statement carries at most: big enough that a commit of 100,000 clients is a
    /// few dozen statements, small enough that one holds tens of megabytes, not hundreds.
    static let bulkRows = 10_000

    /// Applies a confirmed plan, all or nothing, as ``SQLiteStore`` does: the practice's row is
    /// locked first, so that a second commit to the practice waits, then finds the store changed
    /// and is refused as stale; the transaction commits only once the commit's whole-file checks
    /// have passed.
    public func apply(_ commit: ConfirmedCommit) throws -> CommitResult {
        let signer: Administrator?
        do throws(StoreError) {
            signer = try activeAdministrator(publicKey: commit.signer)
        } catch {
            if let problem = commit.planFileProblem { throw problem }
            throw error
        }
        do {
            return try session.transaction {
                let state = try lockedState()
                return try commit.apply(
                    signer: signer, store: location,
                    appliedBefore: {
                        var binds = PostgresBindings()
                        binds.append(commit.confirmationDigest)
                        return try session.query(
                            "SELECT id FROM journal WHERE kind = 'commit' AND digest = $1 AND undone_by IS NULL", binds
                        ).first?.decode(Int64.self)
                    },
                    state: { state },
                    write: { decided, administrator in try write(decided, of: commit, signer: administrator) })
            }
        } catch let error as StoreError where error.path.isEmpty {
            throw StoreError(path: location, error.message)
        }
    }

    /// Writes the decided clients as ``CommitChanges`` works them out from the practice's rows,
    /// with array binds: the same rows, ids and history as ``SQLiteStore`` writes.
    func write(
        _ decided: ConfirmedCommit.Decided, of commit: ConfirmedCommit, signer: Administrator
    ) throws -> CommitResult {
        var stored: [String: StoredMember] = [:]
        for row in try session.query("SELECT source, key, client_id, commit_id, fingerprint, missing_since FROM member")
        {
            let (source, key, clientId, commitId, fingerprint, missing) = try row.decode(
                (String, String, String, Int64, Data?, Int64?).self)
            let member = StoredMember(
                source: source, key: key, clientId: clientId, commitId: commitId, fingerprint: fingerprint,
                missingSince: missing)
            stored[member.reference] = member
        }
        var existing: [String: CommitChanges.ExistingClient] = [:]
        for row in try session.query("SELECT id, name, archived, record_hash FROM client") {
            let (id, name, archived, hash) = try row.decode((String, String?, Bool, Int64).self)
            existing[id] = CommitChanges.ExistingClient(name: name, archived: archived, hash: hash)
        }
        let apart = try session.query("SELECT a, b, commit_id FROM apart").map { row in
            let (a, b, since) = try row.decode((String, String, Int64).self)
            return StoredApart(a: a, b: b, commitId: since)
        }
        let commitId = try session.query("SELECT coalesce(max(id), 0) + 1 FROM journal").first!.decode(Int64.self)
        var entry = PostgresBindings()
        entry.append(commitId)
        entry.append(commit.planId)
        entry.append(commit.confirmationDigest)
        entry.append(signer.name)
        entry.append(signer.fingerprint)
        entry.append(StoreRows.now())
        try session.query(
            """
            INSERT INTO journal (id, kind, plan_id, digest, administrator, fingerprint, at, summary, undo)
            VALUES ($1, 'commit', $2, $3, $4, $5, $6, '{}', '{}')
            """, entry)
        let changes = CommitChanges(
            decided, commitId: commitId, stored: stored, existing: existing, apart: apart,
            fingerprints: try commit.fingerprintsOfRecords())

        // The rows the commit replaces, for undo; their versions in force take the records they had.
        var priorClients: [StoredClient] = []
        if !changes.replaced.isEmpty {
            var binds = PostgresBindings()
            try binds.array(changes.replaced)
            var rows: [String: StoredClient] = [:]
            let found = try session.query(
                "SELECT id, name, archived, record, commit_id FROM client WHERE id = ANY($1::text[])", binds)
            for row in found {
                let (id, name, archived, record, since) = try row.decode((String, String?, Bool, String, Int64).self)
                rows[id] = StoredClient(id: id, name: name, archived: archived, record: record, commitId: since)
            }
            priorClients = changes.replaced.compactMap { rows[$0] }
            try session.query(
                """
                UPDATE client_version v SET record = c.record FROM client c
                WHERE v.record IS NULL AND c.practice = v.practice AND c.id = v.client_id AND c.id = ANY($1::text[])
                """, binds)
        }
        try upsert(changes.clientWrites.map { StoredClient($0, commitId: commitId) })
        try writeMembers(changes.memberWrites, missingSince: false)
        try bulk(changes.missing) { binds, rows throws(StoreError) in
            binds.append(commitId)
            try binds.array(rows.map(\.source))
            try binds.array(rows.map(\.key))
            return """
                UPDATE member SET missing_since = $1 FROM unnest($2::text[], $3::text[]) AS u(source, key)
                WHERE member.source = u.source AND member.key = u.key
                """
        }
        if !changes.archiving.isEmpty {
            var binds = PostgresBindings()
            binds.append(commitId)
            try binds.array(changes.archiving)
            try session.query("UPDATE client SET archived = true, commit_id = $1 WHERE id = ANY($2::text[])", binds)
        }
        try deleteApart(changes.priorApart)
        let apartAdded = try insertApart(decided.apart.map { StoredApart(a: $0.0, b: $0.1, commitId: commitId) })
        try bulk(changes.versions) { binds, rows throws(StoreError) in
            binds.append(commitId)
            try binds.array(rows.map(\.id))
            try binds.array(rows.map(\.archived))
            try binds.array(rows.map { StoreRows.jsonArray($0.members) })
            return """
                INSERT INTO client_version (client_id, commit_id, archived, record, members)
                SELECT u.id, $1, u.archived, NULL, u.members FROM unnest($2::text[], $3::bool[], $4::text[])
                AS u(id, archived, members)
                ON CONFLICT (practice, client_id, commit_id) DO UPDATE SET archived = excluded.archived,
                record = NULL, members = excluded.members
                """
        }
        try bulk(changes.decisionRows) { binds, rows throws(StoreError) in
            binds.append(commitId)
            try binds.array(rows.map(\.clientId))
            try binds.array(rows.map(\.cluster))
            try binds.array(rows.map(\.decision))
            try binds.array(rows.map(\.status))
            try binds.array(rows.map(\.members))
            return """
                INSERT INTO decision (client_id, commit_id, cluster, decision, status, members)
                SELECT u.id, $1, u.cluster, u.decision, u.status, u.members
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS u(id, cluster, decision, status, members)
                ON CONFLICT (practice, client_id, commit_id, cluster) DO UPDATE SET decision = excluded.decision,
                status = excluded.status, members = excluded.members
                """
        }
        let result = changes.result(planId: commit.planId, apartAdded: apartAdded)
        try finishEntry(
            commitId, summary: try StoreRows.summary(result), undo: changes.undo(priorClients: priorClients).text)
        return result
    }

    /// Records what a commit or rollback did in its journal entry, and counts one more
    /// generation of the practice.
    func finishEntry(_ id: Int64, summary: String, undo: String) throws {
        var binds = PostgresBindings()
        binds.append(summary)
        binds.append(undo)
        binds.append(id)
        try session.query("UPDATE journal SET summary = $1, undo = $2 WHERE id = $3", binds)
        try session.query("UPDATE practice SET generation = generation + 1")
    }

    public func rollback(commit id: Int64, administrator name: String) throws(StoreError) -> RollbackResult {
        try run {
            try session.transaction {
                _ = try lockedState()
                var binds = PostgresBindings()
                binds.append(id)
                guard
                    let entry = try session.query(
                        "SELECT plan_id, digest, undo, undone_by FROM journal WHERE id = $1 AND kind = 'commit'", binds
                    ).first
                else { throw StoreError(path: location, "no commit \(id) in the store's journal") }
                let (planId, digest, undoText, undoneBy) = try entry.decode((String, String, String, Int64?).self)
                if let undoneBy {
                    throw StoreError(
                        path: location, "commit \(id) was already rolled back (by journal entry \(undoneBy))")
                }
                if let later = try session.query(
                    "SELECT max(id) FROM journal WHERE kind = 'commit' AND id > $1 AND undone_by IS NULL", binds
                ).first?.decode(Int64?.self) {
                    throw StoreError(
                        path: location, "commit \(later) came after commit \(id); roll back commit \(later) first")
                }
                guard let undo = Undo.read(undoText) else {
                    throw StoreError(
                        path: location,
                        "commit \(id)'s journal entry is damaged (what it replaced cannot be read); it cannot be rolled back"
                    )
                }
                // The commit's versions keep the records it wrote, as history.
                try session.query(
                    """
                    UPDATE client_version v SET record = c.record FROM client c
                    WHERE v.commit_id = $1 AND v.record IS NULL AND c.practice = v.practice AND c.id = v.client_id
                    """, binds)
                let touched = undo.touchedMembers.map { reference in
                    let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }
                try bulk(touched) { binds, rows throws(StoreError) in
                    try binds.array(rows.map(\.0))
                    try binds.array(rows.map(\.1))
                    return """
                        DELETE FROM member USING unnest($1::text[], $2::text[]) AS u(source, key)
                        WHERE member.source = u.source AND member.key = u.key
                        """
                }
                try bulk(undo.createdClients) { binds, rows throws(StoreError) in
                    try binds.array(Array(rows))
                    return "DELETE FROM client WHERE id = ANY($1::text[])"
                }
                try upsert(undo.priorClients)
                try writeMembers(undo.priorMembers, missingSince: true)
                try session.query("DELETE FROM apart WHERE commit_id = $1", binds)
                _ = try insertApart(undo.priorApart ?? [])
                let rollbackId = try session.query("SELECT coalesce(max(id), 0) + 1 FROM journal").first!.decode(
                    Int64.self)
                var entryBinds = PostgresBindings()
                entryBinds.append(rollbackId)
                entryBinds.append(planId)
                entryBinds.append(digest)
                entryBinds.append(name)
                entryBinds.append(StoreRows.now())
                try session.query(
                    """
                    INSERT INTO journal (id, kind, plan_id, digest, administrator, fingerprint, at, summary, undo)
                    VALUES ($1, 'rollback', $2, $3, $4, '', $5, '{}', '{}')
                    """, entryBinds)
                var undone = PostgresBindings()
                undone.append(rollbackId)
                undone.append(id)
                try session.query("UPDATE journal SET undone_by = $1 WHERE id = $2", undone)
                let result = RollbackResult(
                    rollbackId: rollbackId, commitId: id, clientsRestored: undo.priorClients.count,
                    clientsRemoved: undo.createdClients.count, members: undo.touchedMembers.count)
                try finishEntry(rollbackId, summary: try StoreRows.summary(result), undo: "{}")
                return result
            }
        }
    }

    // MARK: Bulk writes

    /// Runs the statement `make` writes for each slice of `rows`, binding the slice; returns how
    /// many rows the statements changed.
    @discardableResult
    func bulk<Row>(
        _ rows: [Row], _ make: (inout PostgresBindings, ArraySlice<Row>) throws(StoreError) -> String
    ) throws -> Int {
        var changed = 0
        for start in stride(from: 0, to: rows.count, by: Self.bulkRows) {
            var binds = PostgresBindings()
            let sql = try make(&binds, rows[start..<min(start + Self.bulkRows, rows.count)])
            changed += try session.execute(sql, binds)
        }
        return changed
    }

    /// Creates or replaces client rows (a commit's, or the rows a rollback restores).
    func upsert(_ clients: [StoredClient]) throws {
        try bulk(clients) { binds, rows throws(StoreError) in
            try binds.array(rows.map(\.id))
            try binds.array(rows.map { $0.name ?? "" })
            try binds.array(rows.map { $0.name != nil })
            try binds.array(rows.map(\.archived))
            try binds.array(rows.map(\.record))
            try binds.array(rows.map(\.commitId))
            try binds.array(rows.map { StoreRows.recordHash($0.record) })
            return """
                INSERT INTO client (id, name, archived, record, commit_id, record_hash)
                SELECT u.id, CASE WHEN u.named THEN u.name END, u.archived, u.record, u.commit_id, u.hash
                FROM unnest($1::text[], $2::text[], $3::bool[], $4::bool[], $5::text[], $6::int8[], $7::int8[])
                AS u(id, name, named, archived, record, commit_id, hash)
                ON CONFLICT (practice, id) DO UPDATE SET name = excluded.name, archived = excluded.archived,
                record = excluded.record, commit_id = excluded.commit_id, record_hash = excluded.record_hash
                """
        }
    }

    /// Creates or replaces member rows: a commit's (found again, so never missing) or the rows a
    /// rollback restores, with `missingSince` as they were.
    func writeMembers(_ members: [StoredMember], missingSince: Bool) throws {
        try bulk(members) { binds, rows throws(StoreError) in
            try binds.array(rows.map(\.source))
            try binds.array(rows.map(\.key))
            try binds.array(rows.map(\.clientId))
            try binds.array(rows.map(\.commitId))
            try binds.array(rows.map { ByteBuffer(bytes: $0.fingerprint ?? Data()) })
            try binds.array(rows.map { $0.fingerprint != nil })
            try binds.array(rows.map { missingSince ? $0.missingSince ?? 0 : 0 })
            return """
                INSERT INTO member (source, key, client_id, commit_id, fingerprint, missing_since)
                SELECT u.source, u.key, u.client_id, u.commit_id, CASE WHEN u.fingerprinted THEN u.fingerprint END,
                NULLIF(u.missing_since, 0)
                FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::bytea[], $6::bool[], $7::int8[])
                AS u(source, key, client_id, commit_id, fingerprint, fingerprinted, missing_since)
                ON CONFLICT (practice, source, key) DO UPDATE SET client_id = excluded.client_id,
                commit_id = excluded.commit_id, fingerprint = excluded.fingerprint,
                missing_since = excluded.missing_since
                """
        }
    }

    func deleteApart(_ pairs: [StoredApart]) throws {
        try bulk(pairs) { binds, rows throws(StoreError) in
            try binds.array(rows.map(\.a))
            try binds.array(rows.map(\.b))
            return """
                DELETE FROM apart USING unnest($1::text[], $2::text[]) AS u(a, b) WHERE apart.a = u.a AND apart.b = u.b
                """
        }
    }

    /// Keeps pairs apart; returns how many were not kept apart before.
    func insertApart(_ pairs: [StoredApart]) throws -> Int {
        try bulk(pairs) { binds, rows throws(StoreError) in
            try binds.array(rows.map(\.a))
            try binds.array(rows.map(\.b))
            try binds.array(rows.map(\.commitId))
            return """
                INSERT INTO apart (a, b, commit_id) SELECT * FROM unnest($1::text[], $2::text[], $3::int8[])
                ON CONFLICT DO NOTHING
                """
        }
    }
}

extension StoredClient {
    init(_ write: CommitChanges.ClientWrite, commitId: Int64) {
        self.init(id: write.id, name: write.name, archived: write.archived, record: write.record, commitId: commitId)
    }
}
