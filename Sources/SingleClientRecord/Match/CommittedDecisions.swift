/// What the store's commits decided, for planning the next exports against it (`scr plan
/// --store`): which records each canonical client holds, and which pairs a person kept apart.
/// A plain value that matching owns (``MatchConstraints`` applies it); a store fills it in one
/// transaction with its state, which the plan records, so that a commit in between is caught
/// when the plan is committed.
public struct CommittedDecisions: Sendable, Equatable {
    public struct Client: Sendable, Equatable {
        public var id: String
        /// Record references (`source:key`), sorted.
        public var members: [String]

        public init(id: String, members: [String]) {
            self.id = id
            self.members = members
        }
    }

    public var state: StoreState
    /// Canonical clients with at least one member, by id.
    public var clients: [Client]
    /// Pairs of record references, each pair sorted.
    public var apart: [(String, String)]

    public init(state: StoreState, clients: [Client], apart: [(String, String)]) {
        self.state = state
        self.clients = clients
        self.apart = apart
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state && lhs.clients == rhs.clients && lhs.apart.elementsEqual(rhs.apart, by: ==)
    }
}
