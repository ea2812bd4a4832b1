import Foundation

/// Which columns of a header feed what, worked out once per file so that rows are read without
/// any lookup.
struct ColumnPlan: Sendable {
    var targets: [ColumnTarget]
    var fieldColumns: [(column: Int, field: Field)] = []
    /// The columns of fields whose place a record keeps (``FieldPlaces/kept``), ascending.
    var placedColumns: [(column: Int, field: Field)] {
        fieldColumns.filter { FieldPlaces.keeps($0.field) }.sorted { $0.column < $1.column }
    }
    var addressLines: [Int] = []
    var postalLines: [Int] = []
    var contactColumns: [(column: Int, part: ContactPart)] = []
    var groupColumns: [Int] = []
    var customColumns: [(column: Int, name: String)] = []
    /// True for a file of contacts (the HQ contacts file): custom columns describe the contact.
    var contactCustomFields = false

    init(_ targets: [ColumnTarget], contactCustomFields: Bool = false) {
        self.contactCustomFields = contactCustomFields
        self.targets = targets
        for (column, target) in targets.enumerated() {
            switch target {
            case .field(let field):
                fieldColumns.append((column, field))
                columnOfField[Int(field.rawValue)] = column
            case .addressLine: addressLines.append(column)
            case .postalAddressLine: postalLines.append(column)
            case .contact(let part): contactColumns.append((column, part))
            case .groups: groupColumns.append(column)
            case .custom(let name): customColumns.append((column, name))
            }
        }
        // Address lines in their numbered order, whatever the column order.
        func number(_ column: Int) -> Int {
            switch targets[column] {
            case .addressLine(let n), .postalAddressLine(let n): n
            default: 0
            }
        }
        addressLines.sort { number($0) < number($1) }
        postalLines.sort { number($0) < number($1) }
    }

    func column(of target: ColumnTarget) -> Int? {
        if case .field(let field) = target { return columnOfField[Int(field.rawValue)] }
        return targets.firstIndex(of: target)
    }

    /// The column of each field, by the field's raw value.
    private var columnOfField: [Int?] = Array(repeating: nil, count: Field.allCases.count)
}

/// What one CSV row says about a client, gathered by column target.
///
/// - Complexity: O(bytes of the row); field values are copied from the file's bytes with no
///   intermediate `String`.
struct ClientRow: Sendable {
    var fields = FieldValues()
    var customFields: [NamedValue] = []
    var groups: [String] = []
    var contact: Contact?

    /// Reads a row through the plan. `groupSeparator` splits HQ's `Groups` cell.
    init(_ row: CSVDocument.Row, plan: ColumnPlan, groupSeparator: Character?) {
        var capacity = 0
        for (column, _) in plan.fieldColumns { capacity += row.byteCount(column) + FieldValues.Writer.headerBytes }
        fields = FieldValues(capacity: capacity) { writer in
            for (column, field) in plan.fieldColumns { row.write(column, as: field, to: &writer) }
        }
        if !plan.addressLines.isEmpty { Self.joinLines(row, plan.addressLines, into: .address, of: &fields) }
        if !plan.postalLines.isEmpty { Self.joinLines(row, plan.postalLines, into: .postalAddress, of: &fields) }
        if !plan.contactColumns.isEmpty {
            var contact = Contact(line: row.line)
            var hasContact = false
            if plan.contactCustomFields {
                // A contacts file's unknown columns belong to the contact.
                for (column, name) in plan.customColumns {
                    if let value = row.value(column) { contact.customFields.append(NamedValue(name, value)) }
                }
            }
            for (column, part) in plan.contactColumns {
                guard let value = row.value(column) else { continue }
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
            }
            if hasContact { self.contact = contact }
        }
        for column in plan.groupColumns {
            guard let value = row.value(column) else { continue }
            if let separator = groupSeparator {
                groups += value.split(separator: separator).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            } else {
                groups.append(value)
            }
        }
        if !plan.contactCustomFields {
            for (column, name) in plan.customColumns {
                if let value = row.value(column) { customFields.append(NamedValue(name, value)) }
            }
        }
    }

    /// Address lines split over columns become one multi-line value, after any `Address` column.
    private static func joinLines(
        _ row: CSVDocument.Row, _ columns: [Int], into field: Field, of fields: inout FieldValues
    ) {
        var parts = [fields[field]].compactMap { $0 }
        for column in columns {
            if let line = row.value(column) { parts.append(line) }
        }
        if !parts.isEmpty { fields[field] = parts.joined(separator: "\n") }
    }

    /// Warns when a yes/no column holds something else (the raw value is kept as read).
    static func checkBoolean(_ field: Field, _ row: CSVDocument.Row, _ plan: ColumnPlan, _ sink: inout DiagnosticSink) {
        guard let column = plan.column(of: .field(field)), !row.isEmptyOrBoolean(column) else { return }
        sink.warning(
            row.location(ofColumn: column),
            "'\(field.label)' is not a yes/no value; expected Yes, No, true, false, 1 or 0")
    }
}

/// A reader's records, with the byte range each one came from (for quarantining duplicates).
struct FileRecords: Sendable {
    var text: TextBuffer
    var records: [SourceRecord] = []
    var ranges: [Range<Int>] = []
    /// ``KeyIndex/hash(_:)`` of each record's key, when the reader worked them out on both cores.
    var keyHashes: [UInt64] = []
    var contacts: [(clientID: String, contact: Contact, location: SourceLocation, range: Range<Int>)] = []
    var delimiter: String?
    var header: HeaderMap?

    init(text: TextBuffer) { self.text = text }

    func rawText(_ range: Range<Int>) -> String { text.rawText(range) }
}
