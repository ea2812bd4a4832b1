import Foundation

/// What one CSV row says about a client, gathered by column target.
struct ClientRow: Sendable {
    var fields = FieldValues()
    var customFields: [NamedValue] = []
    var groups: [String] = []
    var contact: Contact?
    /// Column of each field, for locating a value's diagnostic.
    var fieldColumns: [Field: Int] = [:]

    /// Reads a row through the header's targets. `groupSeparator` splits HQ's `Groups` cell.
    init(_ row: CSVDocument.Row, targets: [ColumnTarget], groupSeparator: Character?) {
        var addressLines: [String?] = [nil, nil, nil]
        var postalLines: [String?] = [nil, nil, nil]
        var contact = Contact(line: row.line)
        var hasContact = false
        for (column, target) in targets.enumerated() {
            guard let value = row.value(column) else { continue }
            switch target {
            case .field(let field):
                fields[field] = value
                fieldColumns[field] = column
            case .addressLine(let n):
                addressLines[n - 1] = value
            case .postalAddressLine(let n):
                postalLines[n - 1] = value
            case .contact(let part):
                hasContact = true
                switch part {
                case .id: contact.id = value
                case .name: contact.name = value
                case .email: contact.email = value
                case .phone: contact.phone = value
                case .mobile: contact.mobile = value
                case .position: contact.position = value
                case .salutation: contact.salutation = value
                case .addressee: contact.addressee = value
                case .isPrimary: contact.isPrimary = value
                }
            case .groups:
                if let separator = groupSeparator {
                    groups += value.split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.isEmpty }
                } else {
                    groups.append(value)
                }
            case .custom(let name):
                customFields.append(NamedValue(name, value))
            }
        }
        Self.joinLines(addressLines, into: .address, of: &fields)
        Self.joinLines(postalLines, into: .postalAddress, of: &fields)
        if hasContact { self.contact = contact }
    }

    /// Address lines split over columns become one multi-line value, after any `Address` column.
    private static func joinLines(_ lines: [String?], into field: Field, of fields: inout FieldValues) {
        let parts = ([fields[field]] + lines).compactMap { $0 }
        if parts.count > 0 { fields[field] = parts.joined(separator: "\n") }
    }

    /// Warns when a yes/no column holds something else (the raw value is kept as read).
    func checkBoolean(_ field: Field, _ row: CSVDocument.Row, _ sink: inout DiagnosticSink) {
        guard let value = fields[field], parseBoolean(value) == nil else { return }
        sink.warning(
            row.location(ofColumn: fieldColumns[field] ?? 0),
            "'\(field.label)' is not a yes/no value; expected Yes, No, true, false, 1 or 0")
    }
}

/// A reader's records, with the byte range each one came from (for quarantining duplicates).
struct FileRecords: Sendable {
    var text: TextBuffer
    var records: [SourceRecord] = []
    var ranges: [Range<Int>] = []
    var contacts: [(clientID: String, contact: Contact, location: SourceLocation, range: Range<Int>)] = []
    var delimiter: String?
    var header: HeaderMap?

    init(text: TextBuffer) { self.text = text }

    func rawText(_ range: Range<Int>) -> String {
        text.withBytes { bytes in
            let end = min(range.upperBound, bytes.count, range.lowerBound + 4096)
            let start = min(range.lowerBound, end)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
