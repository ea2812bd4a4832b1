/// What the store's commits decided, for planning the next exports against it (`scr plan
/// --store`): which records each canonical client holds, and which pairs a person kept apart,
/// with what the next plan needs to say what changed since and to re-open a decision whose
/// grounds have changed (each member's fingerprint and the commit that joined it, each client's
/// record as committed, the journal and the decisions a person made).
/// A plain value that matching owns (``MatchConstraints`` applies it); a store fills it in one
/// transaction with its state, which the plan records, so that a commit in between is caught
/// when the plan is committed.
public struct CommittedDecisions: Sendable, Equatable {
    public struct Client: Sendable, Equatable {
        public var id: String
        /// Record references (`source:key`), sorted.
        public var members: [String]
        /// For each member, the commit that joined it to the client.
        public var joined: [Int64]
        /// For each member, its record's fingerprint when last committed (nil in rows written
        /// before fingerprints were kept).
        public var fingerprints: [RecordFingerprint?]
        /// For each member, the commit that first found it missing from its plan's exports, if any.
        public var missingSince: [Int64?]
        /// The hash of the canonical record's JSON as committed (``StableHash``), to tell a
        /// changed record without reading it; the record itself comes from ``records``.
        public var recordHash: Int64?
        public var name: String?

        public init(
            id: String, members: [String], joined: [Int64] = [], fingerprints: [RecordFingerprint?] = [],
            missingSince: [Int64?] = [], recordHash: Int64? = nil, name: String? = nil
        ) {
            self.id = id
            self.members = members
            self.joined = joined.count == members.count ? joined : Array(repeating: 0, count: members.count)
            self.fingerprints =
                fingerprints.count == members.count ? fingerprints : Array(repeating: nil, count: members.count)
            self.missingSince =
                missingSince.count == members.count ? missingSince : Array(repeating: nil, count: members.count)
            self.recordHash = recordHash
            self.name = name
        }
    }

    /// A person's decision as the history keeps it: the commit, the cluster's status and what
    /// was decided (`accept`, `reject`, `split`, `relink`).
    public struct Decision: Sendable, Equatable {
        public var commit: Int64
        public var status: String
        public var decision: String

        public init(commit: Int64, status: String, decision: String) {
            self.commit = commit
            self.status = status
            self.decision = decision
        }
    }

    public var state: StoreState
    /// Canonical clients with at least one member, by id.
    public var clients: [Client]
    /// Pairs of record references, each pair sorted.
    public var apart: [(String, String)]
    /// For each pair kept apart, the commit that kept it so.
    public var apartSince: [Int64]
    /// Every commit and rollback, oldest first.
    public var journal: [JournalEntry]
    /// The decisions a person made, by the canonical client they made.
    public var decisions: [String: [Decision]]
    /// The store, to read a committed record whose hash differs from the plan's (a few, so read
    /// one at a time); not part of the value's equality.
    public var records: (any CommittedStore)?

    public init(
        state: StoreState, clients: [Client], apart: [(String, String)], apartSince: [Int64] = [],
        journal: [JournalEntry] = [], decisions: [String: [Decision]] = [:]
    ) {
        self.state = state
        self.clients = clients
        self.apart = apart
        self.apartSince = apartSince.count == apart.count ? apartSince : Array(repeating: 0, count: apart.count)
        self.journal = journal
        self.decisions = decisions
    }

    /// The newest commit still in force, if any.
    public var lastCommit: JournalEntry? { journal.last { $0.kind == "commit" && $0.undoneBy == nil } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state && lhs.clients == rhs.clients && lhs.apart.elementsEqual(rhs.apart, by: ==)
            && lhs.apartSince == rhs.apartSince && lhs.journal == rhs.journal && lhs.decisions == rhs.decisions
    }
}

/// What planning reads of a store (``CanonicalStore`` is one): its committed decisions, in one
/// transaction, and a committed client's record, one at a time.
public protocol CommittedStore: AnyObject, Sendable {
    /// Which records each canonical client holds and which pairs a person kept apart, with the
    /// history the next plan reads, and the state, read in one transaction.
    func committedDecisions() throws -> CommittedDecisions

    /// A canonical client's record as committed (plan.json's `record` JSON), or nil when the store
    /// has no client of that id.
    func committedRecord(of clientId: String) throws -> String?
}
