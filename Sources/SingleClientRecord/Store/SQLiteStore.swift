import Foundation
import GRDB

/// The canonical record store in one SQLite file (one practice; the default backend), opened
/// through GRDB with its migrations applied, in WAL mode with `synchronous=NORMAL`. Every write is
/// one transaction.
///
/// The practice's administrators came first; the canonical clients, their members and the commit
/// journal came with `scr commit`, each in a migration of its own: migrations are never edited
/// once they have shipped.
///
///     let store = try SQLiteStore(path: "practice.sqlite")
///     try store.addAdministrator(name: "Sarah", role: .masterAdmin, publicKey: key.publicKey)
public final class SQLiteStore: CanonicalStore {
    let database: DatabaseQueue
    public let path: String
    public var location: String { path }

    /// Opens the store at `path`. Only `.create` (`scr admin add`) makes a store, owner-only, when
    /// the file is missing; every access refuses a file that is not a store, or a store a newer
    /// scr wrote, before writing a byte to it; `.read` opens it read-only.
    public convenience init(path: String, create: Bool) throws(StoreError) {
        try self.init(path: path, access: create ? .create : .write)
    }

    public init(path: String, access: StoreAccess = .write) throws(StoreError) {
        self.path = path
        var status = stat()
        let exists = lstat(path, &status) == 0
        if exists && status.st_mode & S_IFMT == S_IFLNK {
            throw StoreError(path: path, "the store is a symbolic link; name the store's file itself")
        }
        guard exists || access == .create else {
            throw StoreError.missing(
                path: path, "no such store; `scr admin add` creates one with its first administrator")
        }
        if exists { try Self.checkIsStore(path) }
        var created = false
        do {
            var configuration = Configuration()
            configuration.readonly = access == .read
            configuration.foreignKeysEnabled = true
            configuration.publicStatementArguments = false  // no client data in errors or logs
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // A commit writes hundreds of megabytes in one transaction: with SQLite's default
                // 2 MB page cache its indexes are spilled and read back again and again. A reader
                // reads each page once, and would only hold the cache in memory.
                if access != .read { try db.execute(sql: "PRAGMA cache_size = -262144") }
            }
            if !exists {
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else {
                    throw StoreError(path: path, "cannot create the store: \(String(cString: strerror(errno)))")
                }
                close(descriptor)
                created = true
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            if !exists {
                try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            if access != .read { try Self.migrator.migrate(database) }
        } catch let error as StoreError {
            if created { Self.removeHalfMade(path) }
            throw error
        } catch let error as DatabaseError {
            if created { Self.removeHalfMade(path) }
            throw StoreError(
                path: path, "not a store scr can open: \(error.message ?? "SQLite error \(error.resultCode)")")
        } catch {
            if created { Self.removeHalfMade(path) }
            throw StoreError(path: path, "cannot open the store: \(error)")
        }
    }

    /// Removes a store this open began to create and could not finish, so that `scr admin add`
    /// can try again (a half-made file would be refused as not a store).
    static func removeHalfMade(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Refuses a file that is not an scr store (empty, not SQLite, SQLite without the store's
    /// migrations) or a store with migrations this scr does not know, reading it read-only.
    static func checkIsStore(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(path: path, "cannot read the store: permission denied or not a file")
        }
        let header = (try? handle.read(upToCount: 16)) ?? nil
        try? handle.close()
        guard let header, !header.isEmpty else {
            throw StoreError(
                path: path,
                "not a store: the file is empty; `scr admin add` creates a store with its first administrator")
        }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError(path: path, "not a store: the file is not an SQLite database")
        }
        let applied: [String]
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let probe = try DatabaseQueue(path: path, configuration: configuration)
            applied = try probe.read { db in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            try probe.close()
        } catch {
            throw StoreError(path: path, "not a store scr can open: \(error)")
        }
        guard !applied.isEmpty else {
            throw StoreError(path: path, "not a store: an SQLite database without the store's tables")
        }
        let known = Set(migrator.migrations)
        if let newer = applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                path: path, "the store was written by a newer scr (it has migration '\(newer)'); use a newer scr")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 administrators") { db in
            try db.create(table: "administrator") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("role", .text).notNull().check { ["master-admin", "admin"].contains($0) }
                t.column("publicKey", .blob).notNull().unique()
                t.column("fingerprint", .text).notNull()
                t.column("addedAt", .text).notNull()
                // Removed administrators are kept, so that what they signed can still be read.
                t.column("removedAt", .text)
            }
            try db.create(
                index: "administrator_active_name", on: "administrator", columns: ["name"], unique: true,
                condition: Column("removedAt") == nil)
        }
        migrator.registerMigration("v2 canonical clients and the journal") { db in
            // The store's identity and a counter of commits and rollbacks: a plan records both,
            // and is committed only to the store it was made against, unchanged since.
            try db.create(table: "storeState") { t in
                t.column("id", .integer).primaryKey().check { $0 == 1 }
                t.column("storeId", .text).notNull()
                t.column("generation", .integer).notNull()
            }
            try db.execute(
                sql: "INSERT INTO storeState (id, storeId, generation) VALUES (1, ?, 0)",
                arguments: [UUID().uuidString.lowercased()])
            try db.create(table: "journal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull().check { ["commit", "rollback"].contains($0) }
                t.column("planId", .text).notNull()
                t.column("digest", .text).notNull()
                t.column("administrator", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("at", .text).notNull()
                t.column("summary", .text).notNull()
                // What the commit replaced, as JSON: how rollback restores it.
                t.column("undo", .text).notNull()
                t.column("undoneBy", .integer).references("journal")
            }
            try db.create(table: "client") { t in
                t.primaryKey("id", .text)
                t.column("name", .text)
                t.column("archived", .boolean).notNull()
                // The canonical record with every field's provenance, as plan.json holds it.
                t.column("record", .text).notNull()
                t.column("commitId", .integer).notNull().references("journal")
            }
            try db.create(table: "member") { t in
                t.column("source", .text).notNull()
                t.column("key", .text).notNull()
                t.column("clientId", .text).notNull().references("client")
                t.column("commitId", .integer).notNull().references("journal")
                t.primaryKey(["source", "key"])
            }
            try db.create(index: "member_client", on: "member", columns: ["clientId"])
            // Records a person said are different clients: later plans keep them apart.
            try db.create(table: "apart") { t in
                t.column("a", .text).notNull()
                t.column("b", .text).notNull()
                t.column("commitId", .integer).notNull().references("journal")
                t.primaryKey(["a", "b"])
            }
        }
        migrator.registerMigration("v3 history") { db in
            // What each member's record held when it was committed, as digests of its fields
            // (never the values): the next plan says which fields changed, and whether the
            // evidence behind a decision is new. A member row is rewritten only when its client or
            // its fields change, so its commitId is the commit that joined it to its client.
            try db.alter(table: "member") { t in
                t.add(column: "fingerprint", .blob)
                // The commit that first found the record missing from its plan's exports (it stays
                // the client's member: nothing is lost), cleared when the record is back.
                t.add(column: "missingSince", .integer).references("journal")
            }
            // A hash of each client's record: a commit and a plan tell a changed record without
            // reading every record (at 100,000 clients they are 240 MB).
            try db.alter(table: "client") { t in t.add(column: "recordHash", .integer) }
            // Every version of a canonical client a commit wrote (created, its record or its
            // members changed): `scr show`. Kept when a commit is rolled back, as history. The
            // version in force has no record of its own (it is the client row's); the commit that
            // changes the client, or rolls the version back, writes the record into it.
            try db.create(table: "clientVersion") { t in
                t.column("clientId", .text).notNull()
                t.column("commitId", .integer).notNull().references("journal")
                t.column("archived", .boolean).notNull()
                t.column("record", .text)
                // The members' references, as a JSON array.
                t.column("members", .text).notNull()
                t.primaryKey(["clientId", "commitId"])
            }
            // What a person decided (a review cluster, or an automatic one not accepted as it
            // was), by each canonical client the decision made.
            try db.create(table: "decision") { t in
                t.column("clientId", .text).notNull()
                t.column("commitId", .integer).notNull().references("journal")
                t.column("cluster", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("status", .text).notNull()
                t.column("members", .text).notNull()
                t.primaryKey(["clientId", "commitId", "cluster"])
            }
            try db.create(index: "apart_b", on: "apart", columns: ["b"])
        }
        return migrator
    }

    /// The store's identity and generation, for `scr plan --store`.
    public func state() throws(StoreError) -> StoreState {
        try read { db in try Self.state(db) }
    }

    static func state(_ db: Database) throws -> StoreState {
        guard let row = try Row.fetchOne(db, sql: "SELECT storeId, generation FROM storeState WHERE id = 1") else {
            throw StoreError(path: "", "the store has no state row")
        }
        return StoreState(id: row["storeId"], generation: row["generation"])
    }

    // MARK: Administrators

    /// Registers an administrator. The store's first administrator must be a master-admin, and
    /// names are unique among the active administrators.
    @discardableResult
    public func addAdministrator(
        name: String, role: AdministratorRole, publicKey: AdministratorPublicKey
    )
        throws(StoreError) -> Administrator
    {
        if let problem = Administrator.problem(withName: name) { throw StoreError(path: path, problem) }
        return try write { db in
            let active = try Administrator.filter(Column("removedAt") == nil).fetchAll(db)
            let keyTaken = try Administrator.filter(Column("publicKey") == publicKey.raw).fetchCount(db) > 0
            if let refusal = Administrator.refusal(adding: name, role: role, active: active, keyTaken: keyTaken) {
                throw StoreError(path: path, refusal)
            }
            var administrator = Administrator(
                id: nil, name: name, role: role, publicKey: publicKey.raw, fingerprint: publicKey.fingerprint,
                addedAt: Self.now(), removedAt: nil)
            try administrator.insert(db)
            return administrator
        }
    }

    /// Every administrator, active or removed, in the order they were added.
    public func administrators() throws(StoreError) -> [Administrator] {
        try read { db in try Administrator.order(Column("id")).fetchAll(db) }
    }

    /// Removes an active administrator (kept, marked removed). The last active master-admin
    /// cannot be removed.
    @discardableResult
    public func removeAdministrator(name: String) throws(StoreError) -> Administrator {
        try write { db in
            let active = try Administrator.filter(Column("removedAt") == nil).fetchAll(db)
            let administrator = try Administrator.removing(name, active: active).mapError {
                StoreError(path: path, $0.message)
            }.get()
            try administrator.update(db)
            return administrator
        }
    }

    /// The active administrator whose public key this is, if any.
    public func activeAdministrator(publicKey: AdministratorPublicKey) throws(StoreError) -> Administrator? {
        try read { db in
            try Administrator.filter(Column("publicKey") == publicKey.raw && Column("removedAt") == nil).fetchOne(db)
        }
    }

    // MARK: Transactions

    /// One write transaction; a ``StoreError`` thrown inside rolls it back and is rethrown.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(path: path, "the store refused the change: \(error.message ?? "\(error.resultCode)")")
        } catch {
            throw StoreError(path: path, "\(error)")
        }
    }

    /// One write transaction whose own errors (a commit's checks) pass through as they are; only
    /// SQLite's are said as the store's.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw StoreError(path: path, "the store refused the change: \(error.message ?? "\(error.resultCode)")")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, "cannot read the store: \(error)")
        }
    }

    static func now() -> String { StoreRows.now() }
}

extension SQLiteStore {
    /// The store's state, its clients' members (with the commit that joined each and its
    /// fingerprint), their records as committed, the pairs kept apart, the journal and the
    /// decisions a person made.
    public func committedDecisions() throws(StoreError) -> CommittedDecisions {
        try read { db in
            var clients: [CommittedDecisions.Client] = []
            var records: [String: (hash: Int64, name: String?)] = [:]
            let clientRows = try Row.fetchCursor(
                db, sql: "SELECT id, name, recordHash, CASE WHEN recordHash IS NULL THEN record END FROM client")
            while let row = try clientRows.next() {
                records[row[0]] = ((row[2] as Int64?) ?? StoreRows.recordHash(row[3] as String), row[1])
            }
            let rows = try Row.fetchCursor(
                db,
                sql:
                    "SELECT clientId, source, key, commitId, fingerprint, missingSince FROM member ORDER BY clientId, source, key"
            )
            while let row = try rows.next() {
                let id: String = row[0]
                let reference = "\(row[1] as String):\(row[2] as String)"
                let fingerprint = (row[4] as Data?).flatMap { RecordFingerprint(bytes: [UInt8]($0)) }
                if clients.last?.id != id {
                    let stored = records[id]
                    clients.append(
                        CommittedDecisions.Client(
                            id: id, members: [], recordHash: stored?.hash, name: stored?.name ?? nil))
                }
                clients[clients.count - 1].members.append(reference)
                clients[clients.count - 1].joined.append(row[3])
                clients[clients.count - 1].fingerprints.append(fingerprint)
                clients[clients.count - 1].missingSince.append(row[5])
            }
            var apart: [(String, String)] = []
            var apartSince: [Int64] = []
            let pairs = try Row.fetchCursor(db, sql: "SELECT a, b, commitId FROM apart ORDER BY a, b")
            while let row = try pairs.next() {
                apart.append((row[0], row[1]))
                apartSince.append(row[2])
            }
            var decisions: [String: [CommittedDecisions.Decision]] = [:]
            let decided = try Row.fetchCursor(
                db, sql: "SELECT clientId, commitId, status, decision FROM decision ORDER BY clientId, commitId")
            while let row = try decided.next() {
                decisions[row[0], default: []].append(
                    CommittedDecisions.Decision(commit: row[1], status: row[2], decision: row[3]))
            }
            var committed = CommittedDecisions(
                state: try Self.state(db), clients: clients, apart: apart, apartSince: apartSince,
                journal: try Self.journalEntries(db, sql: "SELECT \(Self.entryColumns) FROM journal ORDER BY id"),
                decisions: decisions)
            committed.records = self
            return committed
        }
    }

    public func committedRecord(of clientId: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT record FROM client WHERE id = ?", arguments: [clientId]) }
    }
}

/// How a command opens the store: to read, to write, or to create it (only `scr admin add`).
public enum StoreAccess: Sendable {
    case read
    case write
    case create
}

/// The administrator's row, as GRDB reads and writes it.
extension Administrator: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "administrator"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
