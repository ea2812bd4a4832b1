/// One commit or rollback in the store's journal, as `scr log` prints it.
public struct JournalEntry: Codable, Sendable, Equatable {
    public var id: Int64
    /// `commit` or `rollback`.
    public var kind: String
    /// When, in ISO 8601 (UTC).
    public var at: String
    /// Who signed (the master-admin's name), or what ran a rollback (`scr rollback`).
    public var administrator: String
    /// The signer's key fingerprint (empty for a rollback).
    public var fingerprint: String
    public var planId: String
    /// For a commit, what it wrote; nil for a rollback or an entry whose counts cannot be read.
    public var committed: CommitCounts?
    /// For a rollback, what it restored.
    public var restored: RestoredCounts?
    /// For a commit that was rolled back, the rollback's entry.
    public var undoneBy: Int64?
    /// For a rollback, the commit it undid.
    public var undid: Int64?

    /// What a commit wrote: clients created or changed, of them created, the records of the
    /// plan, clients archived and pairs newly kept apart.
    public struct CommitCounts: Codable, Sendable, Equatable {
        public var clients: Int
        public var created: Int
        public var members: Int
        public var archived: Int
        public var apart: Int

        public init(clients: Int, created: Int, members: Int, archived: Int, apart: Int) {
            self.clients = clients
            self.created = created
            self.members = members
            self.archived = archived
            self.apart = apart
        }
    }

    public struct RestoredCounts: Codable, Sendable, Equatable {
        public var clientsRestored: Int
        public var clientsRemoved: Int
        public var members: Int
    }

    /// The entry on one line, for `scr log`.
    public var line: String {
        var text = "\(kind == "commit" ? "commit" : "rollback") \(id)  \(at)  \(administrator)"
        if !fingerprint.isEmpty { text += " (key \(fingerprint))" }
        text += "  plan \(planId.prefix(12))"
        if let committed {
            text +=
                ": \(committed.clients) client(s) written (\(committed.created) new), \(committed.members) record(s), \(committed.archived) archived, \(committed.apart) pair(s) kept apart"
        }
        if let undid { text += "  undid commit \(undid)" }
        if let restored {
            text +=
                ": \(restored.clientsRestored) client(s) restored, \(restored.clientsRemoved) removed, \(restored.members) record(s)"
        }
        if let undoneBy { text += "  [rolled back by entry \(undoneBy)]" }
        return text
    }
}
