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
