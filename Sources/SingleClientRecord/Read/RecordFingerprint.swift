/// A source record's fields as a commit saw them, one 32-bit digest per field that holds a value:
/// what the store keeps of each member (never the values), so that next month's plan says which
/// of a record's fields changed since it was committed, and whether the evidence behind a
/// decision is new.
///
/// The record's keys are left out (they name it), and so are the places it was read from
/// (a contact's line moves when a row is added above it). Contacts, groups, notes,
/// relationships and custom fields are one digest each.
///
///     let before = RecordFingerprint(record)
///     RecordFingerprint(nextMonthsRecord).changedFields(since: before)  // ["email"]
///
/// - Complexity: O(b) in the record's bytes.
public struct RecordFingerprint: Sendable, Equatable {
    /// (field code, digest), by code: a ``Field``'s raw value, or one of ``Part``'s.
    private(set) var digests: [(code: UInt8, digest: UInt32)]

    /// The parts of a record that are not one ``Field``, by their code.
    enum Part: UInt8, CaseIterable {
        case contacts = 200
        case groups
        case notes
        case relationships
        case customFields

        var key: String {
            switch self {
            case .contacts: "contacts"
            case .groups: "groups"
            case .notes: "notes"
            case .relationships: "relationships"
            case .customFields: "customFields"
            }
        }
    }

    public init(_ record: SourceRecord) {
        var digests: [(code: UInt8, digest: UInt32)] = []
        digests.reserveCapacity(20)
        record.fields.forEachValue { code, bytes in
            guard !Self.keyCodes.contains(code) else { return }
            var digest = Digest()
            digest.add(bytes)
            digests.append((code, digest.value))
        }
        func add(_ part: Part, _ write: (inout Digest) -> Void) {
            var digest = Digest()
            write(&digest)
            if digest.count > 0 { digests.append((part.rawValue, digest.value)) }
        }
        add(.contacts) { digest in
            for contact in record.contacts {
                for value in [
                    contact.id, contact.name, contact.email, contact.phone, contact.mobile, contact.position,
                    contact.salutation, contact.addressee, contact.isPrimary,
                ] {
                    digest.add(value ?? "")
                }
                for field in contact.customFields {
                    digest.add(field.name)
                    digest.add(field.value)
                }
                digest.add("\u{1E}")
            }
        }
        add(.groups) { digest in
            for group in record.groups {
                digest.add(group.id ?? "")
                digest.add(group.name)
            }
        }
        for (part, items) in [(Part.notes, record.notes), (.relationships, record.relationships)] {
            add(part) { digest in
                for item in items {
                    for value in item.values {
                        digest.add(value.name)
                        digest.add(value.value)
                    }
                    digest.add("\u{1E}")
                }
            }
        }
        add(.customFields) { digest in
            for field in record.customFields {
                digest.add(field.name)
                digest.add(field.value)
            }
        }
        // Fields come in storage order, parts after them: sorted by code.
        digests.sort { $0.code < $1.code }
        self.digests = digests
    }

    /// The codes of the fields that identify a record rather than describe it.
    private static let keyCodes: Set<UInt8> = [Field.clientID.rawValue, Field.uuid.rawValue, Field.xpmID.rawValue]

    /// FNV-1a over values, each ended by a unit separator, then ``StableHash``'s final mix.
    struct Digest {
        private var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        /// How many values were added.
        private(set) var count = 0

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
            count += 1
        }

        mutating func add(_ text: String) {
            var copy = text
            copy.withUTF8 { add($0) }
        }

        var value: UInt32 { UInt32(truncatingIfNeeded: StableHash.mix(hash)) }
    }

    /// Five bytes a field: its code, then its digest, little-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(digests.count * 5)
        for (code, digest) in digests {
            out.append(code)
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: digest >> shift)) }
        }
        return out
    }

    /// Reads ``bytes`` back; nil for bytes no fingerprint wrote.
    public init?(bytes: [UInt8]) {
        guard bytes.count % 5 == 0 else { return nil }
        var digests: [(code: UInt8, digest: UInt32)] = []
        for start in stride(from: 0, to: bytes.count, by: 5) {
            var digest: UInt32 = 0
            for offset in 0..<4 { digest |= UInt32(bytes[start + 1 + offset]) << (8 * offset) }
            guard digests.last.map({ $0.code < bytes[start] }) ?? true else { return nil }
            digests.append((bytes[start], digest))
        }
        self.digests = digests
    }

    /// The keys of the fields that differ from `earlier` (gained, lost or changed), in field
    /// order: a ``Field``'s key (`email`, `businessNumber`) or `contacts`, `groups`, `notes`,
    /// `relationships`, `customFields`.
    public func changedFields(since earlier: RecordFingerprint) -> [String] {
        var changed: [UInt8] = []
        var (i, j) = (0, 0)
        while i < digests.count || j < earlier.digests.count {
            if j == earlier.digests.count || i < digests.count && digests[i].code < earlier.digests[j].code {
                changed.append(digests[i].code)
                i += 1
            } else if i == digests.count || earlier.digests[j].code < digests[i].code {
                changed.append(earlier.digests[j].code)
                j += 1
            } else {
                if digests[i].digest != earlier.digests[j].digest { changed.append(digests[i].code) }
                i += 1
                j += 1
            }
        }
        return changed.map(Self.key)
    }

    /// True when `field` holds a different value (or none) than in `earlier`.
    func changed(_ field: Field, since earlier: RecordFingerprint) -> Bool {
        digests.first { $0.code == field.rawValue }?.digest
            != earlier.digests.first { $0.code == field.rawValue }?.digest
    }

    static func key(_ code: UInt8) -> String {
        if let part = Part(rawValue: code) { return part.key }
        return Field(rawValue: code)?.key ?? "field \(code)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.digests.elementsEqual(rhs.digests) { $0.code == $1.code && $0.digest == $1.digest }
    }
}
