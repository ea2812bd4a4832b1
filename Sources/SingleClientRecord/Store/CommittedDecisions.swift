import GRDB

/// What the store's commits decided, for planning the next exports against it (`scr plan
/// --store`): which records each canonical client holds, and which pairs a person kept apart.
/// Read in one transaction with the store's state, which the plan records, so that a commit in
/// between is caught when the plan is committed.
public struct CommittedDecisions: Sendable, Equatable {
    public struct Client: Sendable, Equatable {
        public var id: String
        /// Record references (`source:key`), sorted.
        public var members: [String]
    }

    public var state: StoreState
    /// Canonical clients with at least one member, by id.
    public var clients: [Client]
    /// Pairs of record references, each pair sorted.
    public var apart: [(String, String)]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state && lhs.clients == rhs.clients && lhs.apart.elementsEqual(rhs.apart, by: ==)
    }
}

extension CanonicalStore {
    /// The store's state, its clients' members and its pairs kept apart.
    public func committedDecisions() throws(StoreError) -> CommittedDecisions {
        try read { db in
            var clients: [CommittedDecisions.Client] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT clientId, source, key FROM member ORDER BY clientId, source, key")
            while let row = try rows.next() {
                let id: String = row["clientId"]
                let reference = "\(row["source"] as String):\(row["key"] as String)"
                if clients.last?.id == id {
                    clients[clients.count - 1].members.append(reference)
                } else {
                    clients.append(CommittedDecisions.Client(id: id, members: [reference]))
                }
            }
            var apart: [(String, String)] = []
            let pairs = try Row.fetchCursor(db, sql: "SELECT a, b FROM apart ORDER BY a, b")
            while let row = try pairs.next() { apart.append((row["a"], row["b"])) }
            return CommittedDecisions(state: try Self.state(db), clients: clients, apart: apart)
        }
    }
}
