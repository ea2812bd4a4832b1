import Foundation

/// One canonical client's story, as `scr show` prints it: the client as it stands, every version
/// a commit wrote (created, members added or removed, its record changed), every decision a
/// person made about it, and the pairs of its records kept apart.
public struct ClientHistory: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var archived: Bool
    public var members: [String]
    /// The commit that last changed the client's row.
    public var commitId: Int64
    public var versions: [Version]
    public var decisions: [Decision]
    public var apart: [Apart]

    /// The client as one commit left it.
    public struct Version: Codable, Sendable, Equatable {
        public var commit: JournalEntry
        public var archived: Bool
        public var members: [String]
        /// Records that joined or left the client in this commit (all of them, when it was created).
        public var added: [String]
        public var removed: [String]
        /// The canonical record's fields that changed from the version before (none when created).
        public var changes: [FieldChange]
        public var record: CanonicalRecord
    }

    /// A person's decision about a cluster that made this client.
    public struct Decision: Codable, Sendable, Equatable {
        public var commit: Int64
        public var at: String
        public var administrator: String
        public var cluster: String
        /// `accept`, `reject`, `split` or `relink`.
        public var decision: String
        /// The cluster's status in the plan: `review` or `auto`.
        public var status: String
        public var members: [String]
        /// The rollback that undid the commit, if one did.
        public var undoneBy: Int64?
    }

    /// Two records, one of them this client's, that a person said are different clients.
    public struct Apart: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        public var commit: Int64

        public init(a: String, b: String, commit: Int64) {
            self.a = a
            self.b = b
            self.commit = commit
        }
    }

    /// The story in plain lines, for `scr show`.
    public var text: String {
        var lines: [String] = []
        lines.append(
            "\(id)  \(name ?? "(no name)")\(archived ? "  (archived)" : "")  \(members.count) record(s): \(members.joined(separator: ", "))"
        )
        if versions.isEmpty {
            lines.append("last changed by commit \(commitId), before this store kept each client's history")
        }
        // Every commit that wrote a version of the client or decided about it, in order.
        let commits = Set(versions.map(\.commit.id)).union(decisions.map(\.commit)).sorted()
        for id in commits {
            let index = versions.firstIndex { $0.commit.id == id }
            let decided = decisions.filter { $0.commit == id }
            if let index {
                let commit = versions[index].commit
                var line = "commit \(commit.id)  \(commit.at)  signed by \(commit.administrator)"
                if !commit.fingerprint.isEmpty { line += " (key \(commit.fingerprint))" }
                if let undoneBy = commit.undoneBy { line += "  [rolled back by entry \(undoneBy)]" }
                lines.append(line)
                let version = versions[index]
                if index == 0 && version.removed.isEmpty && version.changes.isEmpty {
                    lines.append("  created with \(version.added.joined(separator: ", "))")
                } else {
                    if !version.added.isEmpty { lines.append("  added \(version.added.joined(separator: ", "))") }
                    if !version.removed.isEmpty {
                        lines.append("  removed \(version.removed.joined(separator: ", "))")
                    }
                    for change in version.changes { lines.append("  \(change.text)") }
                }
                if version.archived && (index == 0 || !versions[index - 1].archived) { lines.append("  archived") }
            } else if let first = decided.first {
                // A decision that left the client as it was (wrote no version of it).
                var line = "commit \(id)  \(first.at)  signed by \(first.administrator)"
                if let undoneBy = first.undoneBy { line += "  [rolled back by entry \(undoneBy)]" }
                lines.append(line)
            }
            for decision in decided { lines.append("  \(decision.words)") }
        }
        for pair in apart {
            lines.append("kept apart: \(pair.a) and \(pair.b), since commit \(pair.commit)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ClientHistory.Decision {
    /// The decision in plain words.
    var words: String {
        let what =
            switch decision {
            case "accept": status == "review" ? "accepted from review" : "accepted"
            case "reject": "rejected (each record its own client, kept apart)"
            case "split": "split"
            default: "re-linked"
            }
        return "\(status) cluster \(cluster) (\(members.joined(separator: ", "))) \(what) by \(administrator)"
    }
}
