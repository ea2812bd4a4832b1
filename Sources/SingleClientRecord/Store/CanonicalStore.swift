import Crypto
import Foundation

/// The canonical record store, whatever holds it: what commit, rollback, export and next month's
/// planning need of it. Every write is one transaction; a method that throws leaves the store as
/// it was. ``SQLiteStore`` (one practice in one file) is the first backend; a second one is a new
/// type that conforms, with the same results.
///
///     let store = try openStore("practice.sqlite")
///     let result = try store.commit(folder: "plan")
public protocol CanonicalStore: CommittedStore {
    /// Where the store is, as messages name it.
    var location: String { get }

    /// The store's identity and generation, which a plan made against it records.
    func state() throws(StoreError) -> StoreState

    /// Which records each canonical client holds and which pairs a person kept apart, with the
    /// state, read in one transaction: what next month's plan keeps (``CommittedStore``).
    func committedDecisions() throws(StoreError) -> CommittedDecisions

    /// Applies a confirmed, decided plan in one transaction and journals it, once the commit's
    /// checks pass (``ConfirmedCommit/verified(signer:store:)``) and the store is as the plan
    /// found it (``ConfirmedCommit/checkMadeAgainst(_:store:)``). Applying the same confirmation
    /// again changes nothing and says so.
    func apply(_ commit: ConfirmedCommit) throws -> CommitResult

    /// Undoes a commit from its journal entry, in one transaction, and journals the rollback.
    /// Only the newest commit still in force can be rolled back.
    func rollback(commit id: Int64, administrator name: String) throws(StoreError) -> RollbackResult

    /// Every canonical client, by id, with its members.
    func clients() throws(StoreError) -> [StoredCanonicalClient]

    /// A canonical client's record as committed (plan.json's `record` JSON), or nil when the store
    /// has no client of that id.
    func committedRecord(of clientId: String) throws(StoreError) -> String?

    /// Every commit and rollback, oldest first: `scr log`.
    func journal() throws(StoreError) -> [JournalEntry]

    /// One canonical client's story (`scr show`), or nil when the store has no client of that id.
    func history(of clientId: String) throws(StoreError) -> ClientHistory?

    /// How many canonical clients, members and pairs kept apart the store holds.
    func counts() throws(StoreError) -> (clients: Int, members: Int, apart: Int)

    /// Registers an administrator. The store's first administrator must be a master-admin, and
    /// names are unique among the active administrators.
    @discardableResult
    func addAdministrator(
        name: String, role: AdministratorRole, publicKey: AdministratorPublicKey
    )
        throws(StoreError) -> Administrator

    /// Every administrator, active or removed, in the order they were added.
    func administrators() throws(StoreError) -> [Administrator]

    /// Removes an active administrator (kept, marked removed). The last active master-admin
    /// cannot be removed.
    @discardableResult
    func removeAdministrator(name: String) throws(StoreError) -> Administrator

    /// The active administrator whose public key this is, if any.
    func activeAdministrator(publicKey: AdministratorPublicKey) throws(StoreError) -> Administrator?
}

/// Opens the store at `location` (an SQLite file) to read, to write or to create it (see
/// ``StoreAccess``); a file that is not a store is refused without a byte written to it.
public func openStore(_ location: String, access: StoreAccess = .write) throws(StoreError) -> any CanonicalStore {
    guard let scheme = StoreSchemes.scheme(of: location) else { return try SQLiteStore(path: location, access: access) }
    guard let opener = StoreSchemes.opener(for: scheme) else {
        throw StoreError(path: location, "no store backend for '\(scheme)://' locations in this build of scr")
    }
    return try opener(location, access)
}

/// Registers an administrator with a new key pair in the store at `location`, creating the store
/// when it is missing (its first administrator must be a master-admin); the private key is
/// written to `keyOut`, a new file readable by its owner only.
public func enrolAdministrator(
    name: String, role: AdministratorRole, store location: String, keyOut: String
) throws -> Administrator {
    if let problem = Administrator.problem(withName: name) { throw StoreError(path: location, problem) }
    if role != .masterAdmin && StoreSchemes.scheme(of: location) == nil
        && !FileManager.default.fileExists(atPath: location)
    {
        throw StoreError(
            path: location, "the store's first administrator must be a master-admin; add one with --role master-admin")
    }
    // The key first: a store is created (or written) only once the key that registers in it is
    // safely on disk.
    let key = AdministratorKey()
    try key.write(to: keyOut)
    do {
        return try openStore(location, access: .create).addAdministrator(
            name: name, role: role, publicKey: key.publicKey)
    } catch {
        unlink(keyOut)  // never leave a key nobody registered
        throw error
    }
}

extension CanonicalStore {
    /// Commits the confirmed plan in `folder`: checks it and decides its clients
    /// (``ConfirmedCommit/prepare(folder:)``), then applies it, all or nothing.
    public func commit(folder: String) throws -> CommitResult {
        try apply(try ConfirmedCommit.prepare(folder: folder))
    }

    /// Undoes a commit, journalled as `scr rollback`'s.
    public func rollback(commit id: Int64) throws(StoreError) -> RollbackResult {
        try rollback(commit: id, administrator: "scr rollback")
    }

    /// Registers an administrator with a new key pair, whose private key is written to `keyOut`
    /// (a new file, owner-only). A key nobody was registered with is never left behind.
    public func addAdministrator(
        name: String, role: AdministratorRole, keyOut: String
    ) throws -> Administrator {
        let key = AdministratorKey()
        try key.write(to: keyOut)
        do {
            return try addAdministrator(name: name, role: role, publicKey: key.publicKey)
        } catch {
            try? FileManager.default.removeItem(atPath: keyOut)
            throw error
        }
    }
}

extension ConfirmedCommit {
    /// Applies the commit in the order every backend keeps, inside the backend's one transaction:
    /// a confirmation applied before changes nothing; a plan made against another state of the
    /// store is refused; then `write` writes the decided clients in the signer's name. Whatever
    /// fails, the first problem in the documented order is the one thrown
    /// (``verified(signer:store:)``: plan.json or the decisions changed, the signer, an input
    /// changed), and the transaction commits only once those checks have passed.
    ///
    /// - Parameters:
    ///   - signer: the store's active administrator with the signing key, looked up by the backend.
    ///   - appliedBefore: the commit id of this confirmation's digest in the journal, if any.
    ///   - state: the store's state, read in the transaction.
    ///   - write: writes the decided clients and journals the commit.
    public func apply(
        signer: Administrator?, store: String, appliedBefore: () throws -> Int64?, state: () throws -> StoreState,
        write: (Decided, Administrator) throws -> CommitResult
    ) throws -> CommitResult {
        let decided = try decisions(signer: signer, store: store)
        if let done = try appliedBefore() {
            _ = try verified(signer: signer, store: store)
            return CommitResult(
                commitId: done, planId: planId, alreadyCommitted: true, clients: 0, created: 0, members: 0, archived: 0,
                apart: 0)
        }
        let result: CommitResult
        do {
            try checkMadeAgainst(try state(), store: store)
            let administrator: Administrator
            if let signer, signer.role == .masterAdmin {
                administrator = signer
            } else {
                administrator = try verified(signer: signer, store: store)  // throws: not a master-admin
            }
            result = try write(decided, administrator)
        } catch {
            _ = try verified(signer: signer, store: store)
            throw error
        }
        _ = try verified(signer: signer, store: store)
        return result
    }

    /// Refuses a plan made against another store, or against this one before a commit or
    /// rollback since, or without a store when this one already holds commits.
    func checkMadeAgainst(_ state: StoreState, store: String) throws(StoreError) {
        if let made = madeAgainst {
            guard made.id == state.id else {
                throw StoreError(
                    path: store,
                    "the plan was made against another store (\(made.id)); plan again with --store \(store)")
            }
            guard made.generation == state.generation else {
                throw StoreError(
                    path: store,
                    "the store has changed since the plan was made (\(state.generation - made.generation) commit(s) or rollback(s) since); plan again with --store \(store)"
                )
            }
        } else if state.generation != 0 {
            throw StoreError(
                path: store,
                "the plan was made without --store and this store already holds commits; plan again with --store \(store)"
            )
        }
    }
}

/// The canonical client ids a commit gives its groups, in their order. A group keeps the id of
/// the client its first member already belongs to (`clientOf`), unless an earlier group took it;
/// else it takes one made from its first record that is free (not `existing`, or one of the ids
/// its records are leaving), so that the same records get the same ids in every store.
///
/// - Complexity: O(n) in the groups' members.
func assignCanonicalIds(
    for groups: [CommitGroup], clientOf: [String: String], existing: Set<String>
) -> [String] {
    let leaving = Set(clientOf.values)
    var used = Set<String>()
    var ids: [String] = []
    ids.reserveCapacity(groups.count)
    for group in groups {
        var id = group.members.lazy.compactMap { clientOf[$0.reference] }.first { !used.contains($0) }
        if id == nil {
            for member in group.members {
                let candidate = "C-" + Digest.sha256(Data(member.reference.utf8)).prefix(12)
                if !used.contains(candidate), !existing.contains(candidate) || leaving.contains(candidate) {
                    id = candidate
                    break
                }
            }
        }
        let chosen =
            id ?? "C-" + Digest.sha256(Data(group.members.map(\.reference).joined(separator: "\n").utf8)).prefix(12)
        used.insert(chosen)
        ids.append(chosen)
    }
    return ids
}

/// What a commit did.
public struct CommitResult: Codable, Sendable, Equatable {
    public var commitId: Int64
    public var planId: String
    /// True when this plan and its decisions were committed before: nothing changed.
    public var alreadyCommitted: Bool
    /// Canonical clients written (created or updated), and of them the new ones.
    public var clients: Int
    public var created: Int
    /// The plan's records.
    public var members: Int
    /// Clients the commit archived: created or updated archived (every member archived, or the
    /// policy's proposal) when they were not, or archived because their records all left them.
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

    public init(rollbackId: Int64, commitId: Int64, clientsRestored: Int, clientsRemoved: Int, members: Int) {
        self.rollbackId = rollbackId
        self.commitId = commitId
        self.clientsRestored = clientsRestored
        self.clientsRemoved = clientsRemoved
        self.members = members
    }
}

/// A canonical client as the store holds it.
public struct StoredCanonicalClient: Sendable, Equatable, Codable {
    public var id: String
    public var archived: Bool
    public var members: [RecordReference]
    public var record: CanonicalRecord

    public init(id: String, archived: Bool, members: [RecordReference], record: CanonicalRecord) {
        self.id = id
        self.archived = archived
        self.members = members
        self.record = record
    }
}

/// A client row, as a commit's journal entry keeps it for undo.
@_spi(StoreBackend)
public struct StoredClient: Codable, Equatable, Sendable {
    public var id: String
    public var name: String?
    public var archived: Bool
    public var record: String
    public var commitId: Int64

    public init(id: String, name: String?, archived: Bool, record: String, commitId: Int64) {
        self.id = id
        self.name = name
        self.archived = archived
        self.record = record
        self.commitId = commitId
    }
}

/// A member row, as a commit's journal entry keeps it for undo.
@_spi(StoreBackend)
public struct StoredMember: Codable, Equatable, Sendable {
    public var source: String
    public var key: String
    public var clientId: String
    /// The commit that joined the record to its client.
    public var commitId: Int64
    /// The record's ``RecordFingerprint`` when it was last committed (nil in a store's rows
    /// written before fingerprints were kept).
    public var fingerprint: Data?
    /// The commit that first found the record missing from its plan's exports, if any.
    public var missingSince: Int64?

    public init(
        source: String, key: String, clientId: String, commitId: Int64, fingerprint: Data? = nil,
        missingSince: Int64? = nil
    ) {
        self.source = source
        self.key = key
        self.clientId = clientId
        self.commitId = commitId
        self.fingerprint = fingerprint
        self.missingSince = missingSince
    }

    public var reference: String { "\(source):\(key)" }
}

/// A pair kept apart, as a commit's journal entry keeps it for undo when the commit joins it.
@_spi(StoreBackend)
public struct StoredApart: Codable, Equatable, Sendable {
    public var a: String
    public var b: String
    public var commitId: Int64

    public init(a: String, b: String, commitId: Int64) {
        self.a = a
        self.b = b
        self.commitId = commitId
    }
}

/// The rows a commit replaced or created: rollback puts the first back and removes the second.
@_spi(StoreBackend)
public struct Undo: Codable, Sendable {
    public var priorClients: [StoredClient]
    public var priorMembers: [StoredMember]
    public var createdClients: [String]
    public var touchedMembers: [String]
    /// Pairs kept apart that the commit joined (nil in journal entries written before).
    public var priorApart: [StoredApart]?

    /// The journal's JSON, as `JSONEncoder` with sorted keys writes it but several times faster.
    func json() -> [UInt8] {
        var json = JSONWriter()
        json.object { json in
            json.field("createdClients", createdClients)
            if let priorApart { json.field("priorApart", priorApart) }
            json.field("priorClients", priorClients)
            json.field("priorMembers", priorMembers)
            json.field("touchedMembers", touchedMembers)
        }
        return json.bytes
    }
}

extension StoredClient: JSONWritable {
    public func write(to json: inout JSONWriter) {
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
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("clientId", clientId)
            json.field("commitId", Int(commitId))
            if let fingerprint { json.field("fingerprint", fingerprint.base64EncodedString()) }
            json.field("key", key)
            if let missingSince { json.field("missingSince", Int(missingSince)) }
            json.field("source", source)
        }
    }
}

extension StoredApart: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("a", a)
            json.field("b", b)
            json.field("commitId", Int(commitId))
        }
    }
}

/// Why the store cannot do what was asked; the store is left as it was.
public struct StoreError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    /// True when there is no store (or no such practice in it) yet: `scr admin add` creates it.
    public var missing = false

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// No store at `path` yet (or no such practice in it), said in `message`.
    public static func missing(path: String, _ message: String) -> StoreError {
        var error = StoreError(path: path, message)
        error.missing = true
        return error
    }

    public var description: String { "\(path): error: \(message)" }
}
