/// Why a canonical value was chosen: plan.json's `rule`.
public enum SurvivorshipRule: String, Sendable, Codable, CaseIterable {
    /// The cluster is one record: its values are the client's.
    case singleRecord = "single-record"
    /// One member holds a value: a non-empty value beats an empty one.
    case onlyValue = "only-value"
    /// Every member holding a value holds the same one (once spelling is set aside); the preferred
    /// source's spelling is kept.
    case agreed
    /// A valid identifier beats one that fails its checksum or is masked.
    case validIdentifier = "valid-identifier"
    /// The members differ: the preferred source's value wins (see ``SourcePreferences``).
    case preferredSource = "preferred-source"
    /// A multi-valued detail: every distinct value is kept, the preferred source's first.
    case everyValue = "every-value"

    /// The rule in plain words, for the report.
    public var words: String {
        switch self {
        case .singleRecord: "the record's own value"
        case .onlyValue: "the only member with a value"
        case .agreed: "every member agrees"
        case .validIdentifier: "a valid identifier beats an invalid or masked one"
        case .preferredSource: "members differ: the preferred source wins"
        case .everyValue: "every distinct value kept"
        }
    }
}

/// One canonical value and where it came from.
public struct CanonicalValue: Sendable, Equatable, Codable {
    public var value: String
    /// The member the value was taken from.
    public var from: RecordReference
    var rule: SurvivorshipRule
    /// For e-mails and phones: the one marked primary.
    var primary: Bool?
    /// For phones: `phone`, `mobile` or `fax`.
    public var kind: String?

    public init(
        value: String, from: RecordReference, rule: SurvivorshipRule, primary: Bool? = nil, kind: String? = nil
    ) {
        self.value = value
        self.from = from
        self.rule = rule
        self.primary = primary
        self.kind = kind
    }
}

/// A street or postal address, kept whole, as one of a canonical client's addresses.
public struct CanonicalAddress: Sendable, Equatable, Codable {
    /// `street` or `postal`.
    public var kind: String
    public var lines: String?
    public var city: String?
    public var region: String?
    public var postcode: String?
    public var country: String?
    public var from: RecordReference
    var primary: Bool

    /// The address on one line, as a person reads it.
    var display: String {
        [lines, city, region, postcode, country].compactMap { $0 }.joined(separator: ", ")
    }
}

/// A contact person of the canonical client; duplicates within the cluster (same e-mail or name)
/// are one contact, with every member it came from.
public struct CanonicalContact: Sendable, Equatable, Codable {
    public var name: String?
    public var email: String?
    public var phone: String?
    public var mobile: String?
    public var position: String?
    var salutation: String?
    var addressee: String?
    var isPrimary: Bool?
    var customFields: [NamedValue]
    public var from: [RecordReference]
}

/// A client group (the union of the members' groups).
public struct CanonicalGroup: Sendable, Equatable, Codable {
    public var id: String?
    public var name: String
    public var from: [RecordReference]

    public init(id: String? = nil, name: String, from: [RecordReference]) {
        self.id = id
        self.name = name
        self.from = from
    }
}

/// Values carried over from one member as it was read: a note, a relationship, or the custom
/// fields that member brings (each distinct name and value once per canonical client).
struct CarriedItem: Sendable, Equatable, Codable {
    public var values: [NamedValue]
    public var from: RecordReference

    public init(values: [NamedValue], from: RecordReference) {
        self.values = values
        self.from = from
    }
}

/// The proposed canonical client: plan.json's `record`. Single-valued fields sit at the top level
/// by their key (`name`, `businessNumber`, ...), beside the multi-valued details and what is
/// carried over.
///
///     record.fields[.name]?.value  // "Acmer Pty Ltd"
///     record.emails.first { $0.primary == true }
public struct CanonicalRecord: Sendable, Equatable {
    public var fields: [Field: CanonicalValue] = [:]
    public var emails: [CanonicalValue] = []
    public var phones: [CanonicalValue] = []
    public var addresses: [CanonicalAddress] = []
    public var contacts: [CanonicalContact] = []
    public var groups: [CanonicalGroup] = []
    var customFields: [CarriedItem] = []
    var notes: [CarriedItem] = []
    var relationships: [CarriedItem] = []
    /// True only when every member is archived, or when the cluster is proposed for archive.
    public var archived = false

    public init() {}

    /// The fields held at the top level of `record`.
    static let singleFields: [Field] = [
        .name, .firstName, .lastName, .businessStructure, .taxNumber, .businessNumber, .companyNumber, .dateOfBirth,
        .website, .xeroOrganisationID, .xeroOrganisationName,
    ]
}

extension CanonicalRecord: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for field in Self.singleFields {
            if let value = try container.decodeIfPresent(CanonicalValue.self, forKey: Key(field.key)) {
                fields[field] = value
            }
        }
        emails = try container.decode([CanonicalValue].self, forKey: Key("emails"))
        phones = try container.decode([CanonicalValue].self, forKey: Key("phones"))
        addresses = try container.decode([CanonicalAddress].self, forKey: Key("addresses"))
        contacts = try container.decode([CanonicalContact].self, forKey: Key("contacts"))
        groups = try container.decode([CanonicalGroup].self, forKey: Key("groups"))
        customFields = try container.decode([CarriedItem].self, forKey: Key("customFields"))
        notes = try container.decode([CarriedItem].self, forKey: Key("notes"))
        relationships = try container.decode([CarriedItem].self, forKey: Key("relationships"))
        archived = try container.decode(Bool.self, forKey: Key("archived"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (field, value) in fields { try container.encode(value, forKey: Key(field.key)) }
        try container.encode(emails, forKey: Key("emails"))
        try container.encode(phones, forKey: Key("phones"))
        try container.encode(addresses, forKey: Key("addresses"))
        try container.encode(contacts, forKey: Key("contacts"))
        try container.encode(groups, forKey: Key("groups"))
        try container.encode(customFields, forKey: Key("customFields"))
        try container.encode(notes, forKey: Key("notes"))
        try container.encode(relationships, forKey: Key("relationships"))
        try container.encode(archived, forKey: Key("archived"))
    }
}

/// Members that hold different values for one field: plan.json's `conflicts`.
public struct FieldConflict: Sendable, Equatable, Codable {
    /// The field's key (`email`, `businessNumber`, a custom field's name, ...).
    var field: String
    public var values: [ConflictValue]
    /// How it was settled: a ``SurvivorshipRule``'s raw value (`preferred-source`, `every-value`).
    var resolution: SurvivorshipRule

    public init(field: String, values: [ConflictValue], resolution: SurvivorshipRule) {
        self.field = field
        self.values = values
        self.resolution = resolution
    }
}

public struct ConflictValue: Sendable, Equatable, Codable {
    public var value: String
    public var from: RecordReference

    public init(value: String, from: RecordReference) {
        self.value = value
        self.from = from
    }
}
