import Foundation

/// Which product a record comes from.
public enum SourceSystem: String, Hashable, Sendable, Codable, CaseIterable {
    case hq
    case xpm
}

/// The client fields the engine understands, whichever export they came from.
///
/// HQ's `Postcode` and XPM's `PostCode` are one field; XPM's `ID` and `UUID` are kept apart
/// because either may be the key. Anything else an export holds is a ``NamedValue`` in
/// ``SourceRecord/customFields``.
public enum Field: UInt8, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case clientID
    case uuid
    case xpmID
    case name
    case firstName
    case lastName
    case businessStructure
    case email
    case phone
    case mobile
    case fax
    case website
    case address
    case city
    case region
    case postcode
    case country
    case postalAddress
    case postalCity
    case postalRegion
    case postalPostcode
    case postalCountry
    case taxNumber
    case businessNumber
    case companyNumber
    case dateOfBirth
    case xeroOrganisationID
    case xeroOrganisationName
    case archived
    case xpmClientUUID

    public static func < (a: Field, b: Field) -> Bool { a.rawValue < b.rawValue }

    /// The field's name in the engine's documented HQ layout (and in `--records` output).
    public var label: String {
        switch self {
        case .clientID: "Client ID"
        case .uuid: "UUID"
        case .xpmID: "ID"
        case .name: "Name"
        case .firstName: "First Name"
        case .lastName: "Last Name"
        case .businessStructure: "Business Structure"
        case .email: "Email"
        case .phone: "Phone"
        case .mobile: "Mobile"
        case .fax: "Fax"
        case .website: "Website"
        case .address: "Address"
        case .city: "City"
        case .region: "Region"
        case .postcode: "Postcode"
        case .country: "Country"
        case .postalAddress: "Postal Address"
        case .postalCity: "Postal City"
        case .postalRegion: "Postal Region"
        case .postalPostcode: "Postal Postcode"
        case .postalCountry: "Postal Country"
        case .taxNumber: "Tax Number"
        case .businessNumber: "Business Number"
        case .companyNumber: "Company Number"
        case .dateOfBirth: "Date of Birth"
        case .xeroOrganisationID: "Xero Organisation ID"
        case .xeroOrganisationName: "Xero Organisation Name"
        case .archived: "Archived"
        case .xpmClientUUID: "XPM Client UUID"
        }
    }
}

/// A name and a raw value: a custom field, an XPM element the engine has no field for, a note's part.
public struct NamedValue: Hashable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The raw, non-empty values of a record's ``Field``s, kept exactly as read.
///
/// Stored sparsely in field order: a record holds a dozen values out of thirty fields.
///
/// - Complexity: lookup is O(k) for k values held (k ≤ 30).
public struct FieldValues: Hashable, Sendable, Sequence {
    public private(set) var entries: [(field: Field, value: String)] = []

    public init() {}

    public subscript(field: Field) -> String? {
        get {
            for entry in entries where entry.field == field { return entry.value }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.field == field }) {
                if let newValue, !newValue.isEmpty {
                    entries[index].value = newValue
                } else {
                    entries.remove(at: index)
                }
            } else if let newValue, !newValue.isEmpty {
                let index = entries.firstIndex(where: { $0.field > field }) ?? entries.endIndex
                entries.insert((field, newValue), at: index)
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[(field: Field, value: String)]> {
        entries.makeIterator()
    }

    public static func == (a: FieldValues, b: FieldValues) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.field == $1.field && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.field)
            hasher.combine(entry.value)
        }
    }
}

/// A person attached to a client: XPM's `Contacts/Contact`, an XPM CSV row's `Contact*` columns,
/// or a row of the HQ contacts file. Raw values, as read.
public struct Contact: Hashable, Sendable, Codable {
    public var id: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    public var mobile: String?
    public var position: String?
    public var salutation: String?
    public var addressee: String?
    /// The raw primary flag (`Yes`, `No`, `true`, ...); see ``isPrimaryFlag``.
    public var isPrimary: String?
    public var line: Int

    public init(
        id: String? = nil, name: String? = nil, email: String? = nil, phone: String? = nil,
        mobile: String? = nil, position: String? = nil, salutation: String? = nil,
        addressee: String? = nil, isPrimary: String? = nil, line: Int
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.mobile = mobile
        self.position = position
        self.salutation = salutation
        self.addressee = addressee
        self.isPrimary = isPrimary
        self.line = line
    }

    /// The primary flag read as a boolean; nil when missing or not a yes/no word.
    public var isPrimaryFlag: Bool? { isPrimary.flatMap(parseBoolean) }

    /// True when no part of the contact holds a value.
    public var isEmpty: Bool {
        [id, name, email, phone, mobile, position, salutation, addressee, isPrimary]
            .allSatisfy { ($0 ?? "").isEmpty }
    }
}

/// A client group: XPM's `Groups/Group` (with its ID) or a name from HQ's `Groups` column.
public struct ClientGroup: Hashable, Sendable, Codable {
    public var id: String?
    public var name: String

    public init(id: String? = nil, name: String) {
        self.id = id
        self.name = name
    }
}

/// A nested item carried over as it was read: an XPM `Note` or `Relationship`.
public struct SubRecord: Hashable, Sendable, Codable {
    public var values: [NamedValue]

    public init(values: [NamedValue]) { self.values = values }

    public subscript(name: String) -> String? { values.first { $0.name == name }?.value }
}

/// One client as one export holds it: typed fields with their raw values, where it came from, and
/// everything attached to it. The unit that the rest of the pipeline normalises and matches.
public struct SourceRecord: Hashable, Sendable {
    public var source: SourceSystem
    /// The HQ `Client ID`, or the XPM `UUID` (else `ID`).
    public var key: String
    /// The record's first line (a CSV row, or the `<Client>` start tag).
    public var location: SourceLocation
    public var fields: FieldValues
    /// Unknown CSV columns, `client.[Name]` columns and XPM elements with no ``Field``, in file order.
    public var customFields: [NamedValue]
    public var contacts: [Contact]
    public var groups: [ClientGroup]
    public var notes: [SubRecord]
    public var relationships: [SubRecord]

    public init(
        source: SourceSystem, key: String, location: SourceLocation, fields: FieldValues = FieldValues(),
        customFields: [NamedValue] = [], contacts: [Contact] = [], groups: [ClientGroup] = [],
        notes: [SubRecord] = [], relationships: [SubRecord] = []
    ) {
        self.source = source
        self.key = key
        self.location = location
        self.fields = fields
        self.customFields = customFields
        self.contacts = contacts
        self.groups = groups
        self.notes = notes
        self.relationships = relationships
    }

    public subscript(field: Field) -> String? {
        get { fields[field] }
        set { fields[field] = newValue }
    }

    /// `hq:KEY` or `xpm:KEY`, the way a person names a record on the command line.
    public var reference: String { "\(source.rawValue):\(key)" }
}

/// Reads the yes/no words the exports use: `Yes`/`No`, `yes`/`no`, `true`/`false`, `1`/`0`, `Y`/`N`.
///
///     parseBoolean(" Yes ")  // true
///     parseBoolean("maybe")  // nil
public func parseBoolean(_ text: String) -> Bool? {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "yes", "y", "true", "t", "1": true
    case "no", "n", "false", "f", "0": false
    default: nil
    }
}
