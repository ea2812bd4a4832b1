import Foundation

/// Reads XPM's client CSV: one row per contact, the client's columns repeated on each row, custom
/// fields as `client.[Name]`.
///
/// Rows are gathered into clients by `UUID`, else `ClientID`, else (with a warning, since XPM's
/// import file may have neither) by `Name`. A row whose client columns contradict an earlier row of
/// the same client is quarantined rather than silently overwritten.
///
/// - Complexity: O(n) in the file's bytes; rows are split over both cores, then gathered in order.
enum XPMClientCSVReader {
    static func read(
        _ text: TextBuffer, overrides: ColumnOverrides, sink: inout DiagnosticSink
    )
        throws(ReadError) -> FileRecords
    {
        let document = try CSVDocument(text: text, layout: .xpmClients, overrides: overrides, sink: &sink)
        let plan = ColumnPlan(document.header.targets)
        let keyFields: [Field] = [.uuid, .xpmID].filter { plan.column(of: .field($0)) != nil }
        if keyFields.isEmpty {
            sink.warning(
                SourceLocation(file: text.path, line: document.headerRow.line, column: 1),
                "no 'UUID' or 'ClientID' column; rows are gathered into clients by 'Name'")
        }
        // A row's key: its UUID, else its ClientID, else (when the file has neither column) its Name.
        let candidates = keyFields.isEmpty ? [Field.name] : keyFields
        let placed = plan.placedColumns
        let rows = document.mapRows(sink: &sink) {
            row, sink -> CSVDocument.RowOutcome<(String, ClientRow, FieldPlaces)> in
            let values = ClientRow(row, plan: plan, groupSeparator: nil)
            guard
                let key = candidates.lazy.compactMap({ values.fields[$0]?.trimmingWhitespace }).first(where: {
                    !$0.isEmpty
                })
            else {
                let names = candidates.map { $0 == .xpmID ? "ClientID" : $0.label }
                return .quarantine(row.location, "missing '\(names.joined(separator: "' or '"))'")
            }
            ClientRow.checkBoolean(.archived, row, plan, &sink)
            return .value((key, values, row.places(placed)))
        }

        var result = FileRecords(text: text)
        var indexOfKey: [String: Int] = [:]
        for (span, (key, values, places)) in zip(rows.spans, rows.values) {
            let location = SourceLocation(file: text.path, line: span.line, column: 1)
            guard let index = indexOfKey[key] else {
                indexOfKey[key] = result.records.count
                var record = SourceRecord(
                    source: .xpm, key: key, location: location, fields: values.fields,
                    customFields: values.customFields,
                    contacts: values.contact.map { $0.isEmpty ? [] : [$0] } ?? [],
                    groups: values.groups.map { ClientGroup(name: $0) })
                record.places = places
                result.records.append(record)
                result.ranges.append(span.start..<span.end)
                continue
            }
            var record = result.records[index]
            if let conflict = firstConflict(values, with: record) {
                sink.quarantine(
                    location,
                    "row repeats client \(quoted(key)) (line \(record.location.line)) with a different \(quoted(conflict))",
                    text: document.rawText(span))
                continue
            }
            for (field, value) in values.fields where record.fields[field] == nil {
                record.fields[field] = value
                if let place = places[field] {
                    record.places.set(
                        field, SourceLocation(file: text.path, line: Int(place.line), column: Int(place.column)))
                }
            }
            for custom in values.customFields where !record.customFields.contains(where: { $0.name == custom.name }) {
                record.customFields.append(custom)
            }
            if let contact = values.contact, !contact.isEmpty {
                record.contacts.append(contact)
            }
            for group in values.groups where !record.groups.contains(where: { $0.name == group }) {
                record.groups.append(ClientGroup(name: group))
            }
            result.records[index] = record
        }
        result.delimiter = document.delimiterName
        result.header = document.header
        return result
    }

    /// The first client column on which a later row disagrees with the client read so far.
    private static func firstConflict(_ row: ClientRow, with record: SourceRecord) -> String? {
        for (field, value) in row.fields {
            if let existing = record.fields[field], existing != value { return field.label }
        }
        for custom in row.customFields {
            if let existing = record.customFields.first(where: { $0.name == custom.name }),
                existing.value != custom.value
            {
                return custom.name
            }
        }
        return nil
    }
}
