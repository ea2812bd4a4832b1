import Foundation

/// Reads the Xero HQ client export: the engine's documented HQ layout (see DESIGN.md), one row
/// per client, keyed by `Client ID`. `Groups` holds `;`-separated group names.
///
/// Rows without a `Client ID` are quarantined; duplicate IDs are quarantined by ``InputReader``.
///
/// - Complexity: O(n) in the file's bytes, over both cores.
enum HQClientReader {
    static func read(
        _ text: TextBuffer, overrides: ColumnOverrides, sink: inout DiagnosticSink
    )
        throws(ReadError) -> FileRecords
    {
        let document = try CSVDocument(text: text, layout: .hqClients, overrides: overrides, sink: &sink)
        let plan = ColumnPlan(document.header.targets)
        let keyColumn = plan.column(of: .field(.clientID))!
        let path = text.path
        let placed = plan.placedColumns
        let rows = document.mapRows(sink: &sink) { row, sink -> CSVDocument.RowOutcome<SourceRecord> in
            let values = ClientRow(row, plan: plan, groupSeparator: ";")
            guard let key = row.trimmedValue(keyColumn) else {
                return .quarantine(row.location, "missing 'Client ID'")
            }
            ClientRow.checkBoolean(.archived, row, plan, &sink)
            var record = SourceRecord(
                source: .hq, key: key, location: SourceLocation(file: path, line: row.line, column: 1),
                fields: values.fields, customFields: values.customFields,
                groups: values.groups.map { ClientGroup(name: $0) })
            record.places = row.places(placed)
            return .value(record)
        }
        var result = FileRecords(text: text)
        result.records = rows.values
        result.keyHashes = KeyIndex.hashes(of: rows.values)
        result.ranges = rows.spans.map { $0.start..<$0.end }
        result.delimiter = document.delimiterName
        result.header = document.header
        return result
    }
}
