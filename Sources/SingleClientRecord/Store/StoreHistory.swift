import Foundation

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
        if let committed {
            text +=
                "  plan \(planId.prefix(12)): \(committed.clients) client(s) written (\(committed.created) new), \(committed.members) record(s), \(committed.archived) archived, \(committed.apart) pair(s) kept apart"
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
        for (index, version) in versions.enumerated() {
            let commit = version.commit
            var line = "commit \(commit.id)  \(commit.at)  signed by \(commit.administrator)"
            if !commit.fingerprint.isEmpty { line += " (key \(commit.fingerprint))" }
            if let undoneBy = commit.undoneBy { line += "  [rolled back by entry \(undoneBy)]" }
            lines.append(line)
            if index == 0 && version.removed.isEmpty && version.changes.isEmpty {
                lines.append("  created with \(version.added.joined(separator: ", "))")
            } else {
                if !version.added.isEmpty { lines.append("  added \(version.added.joined(separator: ", "))") }
                if !version.removed.isEmpty { lines.append("  removed \(version.removed.joined(separator: ", "))") }
                for change in version.changes { lines.append("  \(change.text)") }
            }
            if version.archived && (index == 0 || !versions[index - 1].archived) { lines.append("  archived") }
            for decision in decisions where decision.commit == commit.id {
                lines.append("  \(decision.words)")
            }
        }
        // Decisions of commits that wrote no version of the client (kept as it was).
        let versioned = Set(versions.map(\.commit.id))
        for decision in decisions where !versioned.contains(decision.commit) {
            lines.append("commit \(decision.commit)  \(decision.at)  signed by \(decision.administrator)")
            lines.append("  \(decision.words)")
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

/// A canonical record's field as one commit left it and as the next would: plan.json's
/// `changes.fields` and `scr show`'s lines.
public struct FieldChange: Codable, Sendable, Equatable {
    /// The field's key in the canonical record (`name`, `businessNumber`, `emails`, ...).
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// `name: "Old" → "New"`.
    public var text: String {
        "\(field): \(old.map { "\"\($0)\"" } ?? "(none)") → \(new.map { "\"\($0)\"" } ?? "(none)")"
    }
}

extension CanonicalRecord {
    /// The record's values as a person compares them, by field key, in a fixed order: the single
    /// fields, then e-mails, phones, addresses, contacts, groups and custom fields (each list on
    /// one line), the numbers of notes and relationships, and the archived flag. Where a value
    /// came from is left out: a change of source alone changes no value.
    var comparableValues: [(field: String, value: String)] {
        var out: [(field: String, value: String)] = []
        for field in Self.singleFields {
            if let value = fields[field]?.value { out.append((field.key, value)) }
        }
        func list(_ key: String, _ values: [String]) {
            if !values.isEmpty { out.append((key, values.joined(separator: "; "))) }
        }
        list("emails", emails.map(\.value))
        list("phones", phones.map(\.value))
        list("addresses", addresses.map { "\($0.kind): \($0.display)" })
        list("contacts", contacts.map { [$0.name, $0.email].compactMap { $0 }.joined(separator: " ") })
        list("groups", groups.map(\.name))
        list("customFields", customFields.flatMap(\.values).map { "\($0.name): \($0.value)" })
        if !notes.isEmpty { out.append(("notes", "\(notes.count) note(s)")) }
        if !relationships.isEmpty { out.append(("relationships", "\(relationships.count) relationship(s)")) }
        out.append(("archived", archived ? "yes" : "no"))
        return out
    }

    /// The fields whose values differ from `earlier`, in ``comparableValues``' order, then the
    /// fields it no longer holds.
    public func changes(from earlier: CanonicalRecord) -> [FieldChange] {
        let before = Dictionary(earlier.comparableValues.map { ($0.field, $0.value) }, uniquingKeysWith: { a, _ in a })
        let after = comparableValues
        var changes: [FieldChange] = []
        var seen = Set<String>()
        for (field, value) in after {
            seen.insert(field)
            if before[field] != value { changes.append(FieldChange(field: field, old: before[field], new: value)) }
        }
        for (field, value) in earlier.comparableValues where !seen.contains(field) {
            changes.append(FieldChange(field: field, old: value, new: nil))
        }
        return changes
    }
}
