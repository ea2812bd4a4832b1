import Foundation

/// Reads the optional HQ contacts file (`--hq-contacts`): one row per contact, with the `Client ID`
/// of the HQ client it belongs to. ``InputReader`` attaches the contacts to their clients and
/// quarantines contacts whose client is not in the HQ export.
enum HQContactReader {
    static func read(
        _ text: TextBuffer, overrides: ColumnOverrides, sink: inout DiagnosticSink
    )
        throws(ReadError) -> FileRecords
    {
        let document = try CSVDocument(text: text, layout: .hqContacts, overrides: overrides, sink: &sink)
        let plan = ColumnPlan(document.header.targets, contactCustomFields: true)
        let rows = document.mapRows(sink: &sink) {
            row, sink -> CSVDocument.RowOutcome<(String, Contact, [NamedValue])> in
            let values = ClientRow(row, plan: plan, groupSeparator: nil)
            guard let clientID = values.fields[.clientID]?.trimmingWhitespace, !clientID.isEmpty
            else {
                return .quarantine(row.location, "missing 'Client ID'")
            }
            guard let contact = values.contact, !contact.isEmpty else {
                return .quarantine(row.location, "contact row holds nothing but its Client ID")
            }
            if let primary = contact.isPrimary, parseBoolean(primary) == nil {
                let column = plan.column(of: .contact(.isPrimary)) ?? 0
                sink.warning(
                    row.location(ofColumn: column),
                    "'Primary' is not a yes/no value; expected Yes, No, true, false, 1 or 0")
            }
            return .value((clientID, contact, values.customFields))
        }
        var result = FileRecords(text: text)
        for (span, (clientID, contact, _)) in zip(rows.spans, rows.values) {
            result.contacts.append(
                (clientID, contact, SourceLocation(file: text.path, line: span.line, column: 1), span.start..<span.end))
        }
        result.delimiter = document.delimiterName
        result.header = document.header
        return result
    }
}
