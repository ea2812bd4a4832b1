import Foundation
import NIOCore
import PostgresNIO
@_spi(StoreBackend) import SingleClientRecord

/// The canonical record store in PostgreSQL: many practices in one database, each isolated by
/// row-level security (``PostgresSchema``), behind the same ``CanonicalStore`` contract as
/// ``SQLiteStore`` and with the same results. Every write is one transaction; a commit or a
/// rollback first locks its practice's row, so that two commits to one practice never
/// interleave (the second finds the store changed and is refused as stale) while commits to
/// different practices run side by side. Bulk rows are written with array binds (`unnest`).
///
///     PostgresCanonicalStore.register()
///     let store = try openStore("postgres://scr@127.0.0.1:5432/bureau?practice=smith-and-co")
public final class PostgresCanonicalStore: CanonicalStore, @unchecked Sendable {
    let session: PostgresSession
    public let practice: String
    public var location: String { session.location.description }

    /// Lets ``openStore(_:access:)`` open `postgres://` and `postgresql://` locations.
    public static func register() {
        StoreSchemes.register(["postgres", "postgresql"]) { location, access throws(StoreError) in
            try PostgresCanonicalStore(url: location, access: access)
        }
    }

    /// Opens the practice the location names, applying the store's migrations unless `access` is
    /// `.read`. Only `.create` (`scr admin add`) opens a practice the store does not hold yet; its
    /// first administrator creates it.
    public init(url: String, access: StoreAccess = .write) throws(StoreError) {
        let location = try PostgresLocation(url)
        guard let practice = location.practice else {
            throw StoreError(path: location.description, "the location names no practice; add ?practice=NAME")
        }
        self.practice = practice
        session = try PostgresSession(location)
        try run { try PostgresSchema.migrate(session, apply: access != .read) }
        if access != .create, try session.query("SELECT 1 FROM practice").first == nil {
            throw StoreError.missing(
                path: location.description,
                "no practice '\(practice)' in this store; `scr admin add` creates it with its first administrator")
        }
    }

    /// Runs `body`, saying any error as the store's.
    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error.path.isEmpty ? StoreError(path: location, error.message) : error
        } catch {
            throw StoreError(path: location, PostgresSession.words(error))
        }
    }

    /// One read in a transaction that sees one state of the store.
    func read<T>(_ body: () throws -> T) throws(StoreError) -> T {
        try run {
            try session.transaction(isolation: "REPEATABLE READ READ ONLY", body)
        }
    }

    public func state() throws(StoreError) -> StoreState {
        try run { try Self.state(session.query("SELECT store_id, generation FROM practice")) }
    }

    /// The practice's state, locked until the transaction ends: commits and rollbacks of one
    /// practice take their turns here.
    func lockedState() throws -> StoreState {
        try Self.state(session.query("SELECT store_id, generation FROM practice FOR UPDATE"))
    }

    static func state(_ rows: PostgresQueryResult) throws -> StoreState {
        guard let row = rows.first else { throw StoreError(path: "", "the practice has no state row") }
        let (id, generation) = try row.decode((String, Int64).self)
        return StoreState(id: id, generation: Int(generation))
    }

    // MARK: Administrators

    public func addAdministrator(
        name: String, role: AdministratorRole, publicKey: AdministratorPublicKey
    ) throws(StoreError) -> Administrator {
        if let problem = Administrator.problem(withName: name) { throw StoreError(path: location, problem) }
        return try run {
            try session.transaction {
                // The practice's first administrator creates it.
                var binds = PostgresBindings()
                binds.append(UUID().uuidString.lowercased())
                try session.query(
                    "INSERT INTO practice (store_id, generation) VALUES ($1, 0) ON CONFLICT DO NOTHING", binds)
                _ = try lockedState()
                let active = try administrators(where: "removed_at IS NULL")
                var keyBinds = PostgresBindings()
                keyBinds.append(ByteBuffer(bytes: publicKey.raw))
                let keyTaken =
                    try session.query("SELECT 1 FROM administrator WHERE public_key = $1", keyBinds).first != nil
                if let refusal = Administrator.refusal(adding: name, role: role, active: active, keyTaken: keyTaken) {
                    throw StoreError(path: location, refusal)
                }
                let id = try session.query("SELECT coalesce(max(id), 0) + 1 FROM administrator").first!.decode(
                    Int64.self)
                let administrator = Administrator(
                    id: id, name: name, role: role, publicKey: publicKey.raw, fingerprint: publicKey.fingerprint,
                    addedAt: StoreRows.now(), removedAt: nil)
                var row = PostgresBindings()
                row.append(id)
                row.append(name)
                row.append(role.rawValue)
                row.append(ByteBuffer(bytes: publicKey.raw))
                row.append(publicKey.fingerprint)
                row.append(administrator.addedAt)
                try session.query(
                    """
                    INSERT INTO administrator (id, name, role, public_key, fingerprint, added_at)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """, row)
                return administrator
            }
        }
    }

    public func administrators() throws(StoreError) -> [Administrator] {
        try read { try administrators(where: "true") }
    }

    func administrators(
        where condition: String, _ binds: PostgresBindings = PostgresBindings()
    ) throws
        -> [Administrator]
    {
        try session.query(
            """
            SELECT id, name, role, public_key, fingerprint, added_at, removed_at FROM administrator
            WHERE \(condition) ORDER BY id
            """, binds
        ).map { row in
            let (id, name, role, key, fingerprint, added, removed) = try row.decode(
                (Int64, String, String, Data, String, String, String?).self)
            return Administrator(
                id: id, name: name, role: AdministratorRole(rawValue: role) ?? .admin, publicKey: key,
                fingerprint: fingerprint, addedAt: added, removedAt: removed)
        }
    }

    public func removeAdministrator(name: String) throws(StoreError) -> Administrator {
        try run {
            try session.transaction {
                _ = try lockedState()
                let active = try administrators(where: "removed_at IS NULL")
                let administrator = try Administrator.removing(name, active: active).mapError {
                    StoreError(path: location, $0.message)
                }.get()
                var binds = PostgresBindings()
                binds.append(administrator.removedAt!)
                binds.append(administrator.id!)
                try session.query("UPDATE administrator SET removed_at = $1 WHERE id = $2", binds)
                return administrator
            }
        }
    }

    public func activeAdministrator(publicKey: AdministratorPublicKey) throws(StoreError) -> Administrator? {
        var binds = PostgresBindings()
        binds.append(ByteBuffer(bytes: publicKey.raw))
        return try run { try administrators(where: "public_key = $1 AND removed_at IS NULL", binds).first }
    }

    // MARK: Reading

    public func committedDecisions() throws(StoreError) -> CommittedDecisions {
        try read {
            var records: [String: (hash: Int64, name: String?)] = [:]
            for row in try session.query("SELECT id, name, record_hash FROM client") {
                let (id, name, hash) = try row.decode((String, String?, Int64).self)
                records[id] = (hash, name)
            }
            var clients: [CommittedDecisions.Client] = []
            let members = try session.query(
                """
                SELECT client_id, source, key, commit_id, fingerprint, missing_since FROM member
                ORDER BY client_id COLLATE "C", source COLLATE "C", key COLLATE "C"
                """)
            for row in members {
                let (id, source, key, joined, fingerprint, missing) = try row.decode(
                    (String, String, String, Int64, Data?, Int64?).self)
                if clients.last?.id != id {
                    let stored = records[id]
                    clients.append(
                        CommittedDecisions.Client(id: id, members: [], recordHash: stored?.hash, name: stored?.name))
                }
                clients[clients.count - 1].members.append("\(source):\(key)")
                clients[clients.count - 1].joined.append(joined)
                clients[clients.count - 1].fingerprints.append(
                    fingerprint.flatMap { RecordFingerprint(bytes: [UInt8]($0)) })
                clients[clients.count - 1].missingSince.append(missing)
            }
            var apart: [(String, String)] = []
            var apartSince: [Int64] = []
            for row in try session.query("SELECT a, b, commit_id FROM apart ORDER BY a COLLATE \"C\", b COLLATE \"C\"")
            {
                let (a, b, since) = try row.decode((String, String, Int64).self)
                apart.append((a, b))
                apartSince.append(since)
            }
            var decisions: [String: [CommittedDecisions.Decision]] = [:]
            let decided = try session.query(
                "SELECT client_id, commit_id, status, decision FROM decision ORDER BY client_id COLLATE \"C\", commit_id"
            )
            for row in decided {
                let (id, commit, status, decision) = try row.decode((String, Int64, String, String).self)
                decisions[id, default: []].append(
                    CommittedDecisions.Decision(commit: commit, status: status, decision: decision))
            }
            var committed = CommittedDecisions(
                state: try Self.state(session.query("SELECT store_id, generation FROM practice")), clients: clients,
                apart: apart, apartSince: apartSince, journal: try journalEntries(where: "true"), decisions: decisions)
            committed.records = self
            return committed
        }
    }

    public func committedRecord(of clientId: String) throws(StoreError) -> String? {
        var binds = PostgresBindings()
        binds.append(clientId)
        return try run {
            try session.query("SELECT record FROM client WHERE id = $1", binds).first?.decode(String.self)
        }
    }

    public func journal() throws(StoreError) -> [JournalEntry] {
        try read { try journalEntries(where: "true") }
    }

    func journalEntries(
        where condition: String, _ binds: PostgresBindings = PostgresBindings()
    ) throws
        -> [JournalEntry]
    {
        try session.query(
            """
            SELECT id, kind, at, administrator, fingerprint, plan_id, summary, undone_by,
            (SELECT j.id FROM journal j WHERE j.undone_by = journal.id) AS undoes FROM journal WHERE \(condition) ORDER BY id
            """, binds
        ).map { row in
            let (id, kind, at, administrator, fingerprint, planId, summary, undoneBy, undoes) = try row.decode(
                (Int64, String, String, String, String, String, String, Int64?, Int64?).self)
            return JournalEntry(
                id: id, kind: kind, at: at, administrator: administrator, fingerprint: fingerprint, planId: planId,
                summary: summary, undoneBy: undoneBy, undoes: undoes)
        }
    }

    public func history(of clientId: String) throws(StoreError) -> ClientHistory? {
        var binds = PostgresBindings()
        binds.append(clientId)
        return try read { () throws -> ClientHistory? in
            guard
                let row = try session.query(
                    "SELECT id, name, archived, record, commit_id FROM client WHERE id = $1", binds
                ).first
            else { return nil }
            let (id, name, archived, record, commitId) = try row.decode((String, String?, Bool, String, Int64).self)
            let members = try session.query(
                "SELECT source, key FROM member WHERE client_id = $1 ORDER BY source COLLATE \"C\", key COLLATE \"C\"",
                binds
            ).map { row in
                let (source, key) = try row.decode((String, String).self)
                return "\(source):\(key)"
            }
            let entries = try journalEntries(
                where:
                    "id IN (SELECT commit_id FROM client_version WHERE client_id = $1 UNION SELECT commit_id FROM decision WHERE client_id = $1)",
                binds)
            let versions = try session.query(
                "SELECT commit_id, archived, record, members FROM client_version WHERE client_id = $1 ORDER BY commit_id",
                binds
            ).map { row in
                let (commit, archived, record, members) = try row.decode((Int64, Bool, String?, String).self)
                return ClientHistory.VersionRow(commitId: commit, archived: archived, record: record, members: members)
            }
            let decisions = try session.query(
                """
                SELECT commit_id, cluster, decision, status, members FROM decision WHERE client_id = $1
                ORDER BY commit_id, cluster COLLATE "C"
                """, binds
            ).map { row in
                let (commit, cluster, decision, status, members) = try row.decode(
                    (Int64, String, String, String, String).self)
                return ClientHistory.DecisionRow(
                    commitId: commit, cluster: cluster, decision: decision, status: status, members: members)
            }
            var referenceBinds = PostgresBindings()
            try referenceBinds.array(members)
            let apart = try session.query(
                "SELECT a, b, commit_id FROM apart WHERE a = ANY($1::text[]) OR b = ANY($1::text[])", referenceBinds
            ).map { row in
                let (a, b, commit) = try row.decode((String, String, Int64).self)
                return ClientHistory.Apart(a: a, b: b, commit: commit)
            }
            return try ClientHistory(
                client: StoredClient(id: id, name: name, archived: archived, record: record, commitId: commitId),
                members: members, entries: entries, versions: versions, decisions: decisions, apart: apart)
        }
    }

    public func counts() throws(StoreError) -> (clients: Int, members: Int, apart: Int) {
        try read {
            let row = try session.query(
                "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM member), (SELECT count(*) FROM apart)"
            ).first!
            let (clients, members, apart) = try row.decode((Int64, Int64, Int64).self)
            return (Int(clients), Int(members), Int(apart))
        }
    }

    public func clients() throws(StoreError) -> [StoredCanonicalClient] {
        try read {
            var members: [String: [RecordReference]] = [:]
            let rows = try session.query(
                "SELECT source, key, client_id FROM member ORDER BY source COLLATE \"C\", key COLLATE \"C\"")
            for row in rows {
                let (source, key, client) = try row.decode((String, String, String).self)
                if let source = SourceSystem(rawValue: source) {
                    members[client, default: []].append(RecordReference(source: source, key: key))
                }
            }
            let decoder = JSONDecoder()
            return try session.query("SELECT id, archived, record FROM client ORDER BY id COLLATE \"C\"").map { row in
                let (id, archived, record) = try row.decode((String, Bool, String).self)
                return StoredCanonicalClient(
                    id: id, archived: archived, members: members[id] ?? [],
                    record: try decoder.decode(CanonicalRecord.self, from: Data(record.utf8)))
            }
        }
    }
}
