import Foundation

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
    var label: String {
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
/// Stored compactly: every value's UTF-8 bytes in one buffer, each behind its field's number and
/// its length, so that a record costs one allocation however many fields it has, and readers copy
/// values straight from the file's bytes. `String`s are made only when a value is asked for.
/// Iteration is in ``Field`` order.
///
///     var values = FieldValues()
///     values[.email] = "info@acme.example"
///     values[.email]  // "info@acme.example"
///
/// - Complexity: lookup and update are O(b) in the record's bytes (a few hundred).
public struct FieldValues: Hashable, Sendable, Sequence {
    /// `[field][length: 1 byte, or 255 then 4 bytes little-endian][UTF-8 bytes]`, repeated.
    private var storage: [UInt8] = []

    public init() {}

    public subscript(field: Field) -> String? {
        get {
            guard let (start, length, _) = find(field) else { return nil }
            return storage.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self)
            }
        }
        set {
            remove(field)
            if let newValue, !newValue.isEmpty {
                var copy = newValue
                copy.withUTF8 { append(field, $0) }
            }
        }
    }

    /// True when the field holds a value.
    public func contains(_ field: Field) -> Bool { find(field) != nil }

    /// Builds the values in one allocation: `capacity` must cover every value's bytes plus 6 per
    /// value; `fill` writes each value once through the writer.
    init(capacity: Int, _ fill: (inout Writer) -> Void) {
        storage = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var writer = Writer(base: buffer.baseAddress!, capacity: capacity)
            fill(&writer)
            count = writer.count
        }
    }

    /// Writes values into storage sized in advance (see ``init(capacity:_:)``).
    struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0

        /// The most header bytes a value needs.
        static let headerBytes = 6

        @inline(__always)
        mutating func write(_ field: Field, _ bytes: UnsafeBufferPointer<UInt8>) {
            let length = bytes.count
            if length == 0 { return }
            precondition(count + length + Self.headerBytes <= capacity, "FieldValues.Writer overflow")
            base[count] = field.rawValue
            if length < 255 {
                base[count + 1] = UInt8(length)
                count += 2
            } else {
                base[count + 1] = 255
                for k in 0..<4 { base[count + 2 + k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
                count += 6
            }
            (base + count).update(from: bytes.baseAddress!, count: length)
            count += length
        }
    }

    /// Adds a value from raw UTF-8 bytes, replacing any value the field had. Empty values are not kept.
    public mutating func append(_ field: Field, _ bytes: UnsafeBufferPointer<UInt8>) {
        if find(field) != nil { remove(field) }
        appendNew(field, bytes)
    }

    /// Adds a value for a field that holds none yet (readers add each field once).
    @inline(__always)
    mutating func appendNew(_ field: Field, _ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.isEmpty { return }
        storage.append(field.rawValue)
        if bytes.count < 255 {
            storage.append(UInt8(bytes.count))
        } else {
            storage.append(255)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { storage.append(contentsOf: $0) }
        }
        storage.append(contentsOf: bytes)
    }

    private mutating func remove(_ field: Field) {
        guard let (start, length, header) = find(field) else { return }
        storage.removeSubrange((start - header)..<(start + length))
    }

    /// The value's start, length and header size.
    private func find(_ field: Field) -> (Int, Int, Int)? {
        storage.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let (start, length) = Self.entry(bytes, at: i)
                if bytes[i] == field.rawValue { return (start, length, start - i) }
                i = start + length
            }
            return nil
        }
    }

    @inline(__always)
    private static func entry(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (start: Int, length: Int) {
        let short = Int(bytes[i + 1])
        if short < 255 { return (i + 2, short) }
        var length = 0
        for k in 0..<4 { length |= Int(bytes[i + 2 + k]) << (8 * k) }
        return (i + 6, length)
    }

    /// Calls `body` with each value's field and UTF-8 bytes, in storage order, making no String.
    func forEachValue(_ body: (UInt8, UnsafeBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let (start, length) = Self.entry(bytes, at: i)
                body(bytes[i], UnsafeBufferPointer(rebasing: bytes[start..<start + length]))
                i = start + length
            }
        }
    }

    /// Every field's value in one pass, indexed by the field's raw value (nil where missing).
    var byField: [String?] {
        var result = [String?](repeating: nil, count: Field.allCases.count)
        storage.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let (start, length) = Self.entry(bytes, at: i)
                result[Int(bytes[i])] = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self)
                i = start + length
            }
        }
        return result
    }

    /// Every (field, value), in field order.
    public var entries: [(field: Field, value: String)] {
        var result: [(field: Field, value: String)] = []
        storage.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let (start, length) = Self.entry(bytes, at: i)
                let value = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + length]), as: UTF8.self)
                result.append((Field(rawValue: bytes[i])!, value))
                i = start + length
            }
        }
        return result.sorted { $0.field < $1.field }
    }

    public var isEmpty: Bool { storage.isEmpty }
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
    var salutation: String?
    var addressee: String?
    /// The raw primary flag (`Yes`, `No`, `true`, ...); see ``isPrimaryFlag``.
    var isPrimary: String?
    /// Anything else the export says about the contact (unknown columns, other XML elements).
    var customFields: [NamedValue] = []
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
    var isPrimaryFlag: Bool? { isPrimary.flatMap(parseBoolean) }

    /// True when no part of the contact holds a value.
    public var isEmpty: Bool {
        [id, name, email, phone, mobile, position, salutation, addressee, isPrimary]
            .allSatisfy { ($0 ?? "").isEmpty } && customFields.isEmpty
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
    var customFields: [NamedValue]
    public var contacts: [Contact]
    public var groups: [ClientGroup]
    var notes: [SubRecord]
    var relationships: [SubRecord]
    /// Where the fields that normalising may warn about stand (``FieldPlaces/kept``), so that a
    /// warning points at the value itself.
    var places = FieldPlaces()

    /// Where `field`'s value stands in its file: its own line and column when the reader kept them,
    /// else the record's.
    func location(of field: Field) -> SourceLocation {
        guard let place = places[field] else { return location }
        return SourceLocation(file: location.file, line: Int(place.line), column: Int(place.column))
    }

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

    /// The client's name as the record gives it: `Name`, else `First Name Last Name`; empty when
    /// neither is there.
    public var displayName: String {
        if let name = fields[.name]?.trimmingWhitespace, !name.isEmpty { return name }
        return [fields[.firstName], fields[.lastName]].compactMap { $0?.trimmingWhitespace }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// `hq:KEY` or `xpm:KEY`, the way a person names a record on the command line.
    public var reference: String { "\(source.rawValue):\(key)" }
}

/// Reads the yes/no words the exports use: `Yes`/`No`, `yes`/`no`, `true`/`false`, `1`/`0`, `Y`/`N`
/// (any case, spaces around ignored).
///
///     parseBoolean(" Yes ")  // true
///     parseBoolean("maybe")  // nil
///
/// - Complexity: O(n) over the UTF-8 bytes, with no allocation.
public func parseBoolean(_ text: String) -> Bool? {
    var word: UInt64 = 0
    var length = 0
    for byte in text.utf8 where byte != 0x20 && byte != 0x09 {
        length += 1
        if length > 5 { return nil }
        let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        word = word << 8 | UInt64(lower)
    }
    switch word {
    case 0x796573, 0x79, 0x74727565, 0x74, 0x31: return true  // yes y true t 1
    case 0x6E6F, 0x6E, 0x66616C7365, 0x66, 0x30: return false  // no n false f 0
    default: return nil
    }
}

extension String {
    /// True when the string's UTF-8 holds `byte` (memchr; small strings are scanned in place).
    @inline(__always)
    func containsByte(_ byte: UInt8) -> Bool { containsAnyByte { $0 == byte } }

    /// True when some byte of the string's UTF-8 satisfies `test`, in one pass over its bytes.
    @inline(__always)
    func containsAnyByte(_ test: (UInt8) -> Bool) -> Bool {
        var copy = self
        return copy.withUTF8 { bytes in bytes.contains(where: test) }
    }

    /// The string without white space (spaces, tabs, line breaks) at either end: how keys are read.
    var trimmingWhitespace: String {
        let trimmed = trimmingSpaces
        guard trimmed.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return trimmed }
        return trimmed.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The string without spaces and tabs at either end; itself when there are none (no copy).
    ///
    /// - Complexity: O(k) for k spaces trimmed, over UTF-8 indices.
    var trimmingSpaces: String {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { utf8.formIndex(after: &start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        if start == utf8.startIndex && end == utf8.endIndex { return self }
        return String(self[start..<end])
    }
}

extension RecordReference {
    /// The reference of a record read.
    public init(_ record: SourceRecord) { self.init(source: record.source, key: record.key) }
}

/// The line and column of a few of a record's fields: those a warning may be about. Held inline
/// (two vectors, no allocation): every record read carries one.
struct FieldPlaces: Hashable, Sendable {
    /// The fields whose places are kept: identifiers (checksums) and the date of birth.
    static let kept: Set<Field> = [.taxNumber, .businessNumber, .companyNumber, .dateOfBirth]

    struct Place: Hashable, Sendable {
        var line: Int32
        var column: Int32
    }

    /// By slot (see ``slot(_:)``); a line of 0 is no place.
    private var lines = SIMD4<Int32>()
    private var columns = SIMD4<Int32>()

    /// True for a field whose place is kept (a switch: it runs for every value read).
    @inline(__always)
    static func keeps(_ field: Field) -> Bool { slot(field) != nil }

    @inline(__always)
    private static func slot(_ field: Field) -> Int? {
        switch field {
        case .taxNumber: 0
        case .businessNumber: 1
        case .companyNumber: 2
        case .dateOfBirth: 3
        default: nil
        }
    }

    mutating func set(_ field: Field, _ location: SourceLocation) {
        set(field, line: location.line, column: location.column)
    }

    mutating func set(_ field: Field, line: Int, column: Int) {
        guard let slot = Self.slot(field) else { return }
        lines[slot] = Int32(clamping: line)
        columns[slot] = Int32(clamping: column)
    }

    subscript(field: Field) -> Place? {
        guard let slot = Self.slot(field), lines[slot] != 0 else { return nil }
        return Place(line: lines[slot], column: columns[slot])
    }
}
