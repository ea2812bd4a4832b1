import Foundation

/// What `scr check` prints: per file, what was read and how the columns were understood.
public enum CheckReport {
    /// Reads and normalises the inputs as `scr plan` does, without matching: what `scr check`
    /// reports (normalising's warnings merged into the read's diagnostics).
    public static func check(_ files: InputFiles) -> (result: ReadResult, normalised: [NormalisedRecord]) {
        var result = InputReader.read(files)
        let (normalised, warnings) = Normaliser.normalise(result.records)
        result.merge(warnings)
        return (result, normalised)
    }

    /// The human summary (stdout); diagnostics are printed apart, one per line, on stderr.
    public static func text(_ result: ReadResult) -> String {
        var out = ""
        for file in result.files {
            out += "\(file.path): \(file.kind.title)\n"
            if let reason = file.unreadable {
                out += "  not read: \(reason)\n"
                continue
            }
            var format = [file.encoding].compactMap { $0 }
            if let delimiter = file.delimiter { format.append("\(delimiter)-separated") }
            out += "  format: \(format.joined(separator: ", "))\n"
            out += "  records \(file.records), contacts \(file.contacts), groups \(file.groups), "
            out += "quarantined \(file.quarantined), errors \(file.errors), warnings \(file.warnings)\n"
            if !file.columns.isEmpty {
                out += "  columns:\n"
                for column in file.columns {
                    let note = column.how == "known" ? "" : " (\(column.how))"
                    out += "    \(column.column). \(quoted(column.header)) -> \(column.mappedTo)\(note)\n"
                }
            }
            if !file.unknownColumns.isEmpty {
                out += "  unknown columns, kept as custom fields: "
                out += file.unknownColumns.map { quoted($0) }.joined(separator: ", ") + "\n"
            }
        }
        let hq = result.records.count { $0.source == .hq }
        let xpm = result.records.count { $0.source == .xpm }
        out += "read \(hq) HQ and \(xpm) XPM records; \(result.quarantine.count) quarantined; "
        out += "\(plural(result.errorCount, "error")), \(plural(result.warningCount, "warning"))\n"
        return out
    }

    /// The whole result as one document to encode: files, totals, diagnostics, the quarantine and,
    /// with `normalised`, every record read beside its normalised form.
    public static func document(_ result: ReadResult, normalised: [NormalisedRecord]? = nil) -> some Encodable {
        struct Document: Encodable {
            var files: [FileSummary]
            var totals: Totals
            var diagnostics: [DiagnosticJSON]
            var quarantine: [QuarantinedRow]
            var records: [RecordJSON]?
        }
        struct Totals: Encodable {
            var hqRecords: Int
            var xpmRecords: Int
            var quarantined: Int
            var errors: Int
            var warnings: Int
        }
        let document = Document(
            files: result.files,
            totals: Totals(
                hqRecords: result.records.count { $0.source == .hq },
                xpmRecords: result.records.count { $0.source == .xpm }, quarantined: result.quarantine.count,
                errors: result.errorCount, warnings: result.warningCount),
            diagnostics: result.diagnostics.map(DiagnosticJSON.init),
            quarantine: result.quarantine,
            records: normalised.map { zip(result.records, $0).map(RecordJSON.init) })
        return document
    }

    /// A record read and its normalised form, to encode as one line of `scr check --records`: source,
    /// key, file, line, every value read, and the normalised form beside it.
    public static func record(_ record: SourceRecord, _ normalised: NormalisedRecord?) -> some Encodable {
        RecordJSON(record, normalised)
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}

struct DiagnosticJSON: Encodable {
    var file: String
    var line: Int
    var column: Int
    var severity: String
    var message: String

    init(_ diagnostic: Diagnostic) {
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        severity = diagnostic.severity.rawValue
        message = diagnostic.message
    }
}

/// A source record as `--records` shows it.
struct RecordJSON: Encodable {
    var source: String
    var key: String
    var file: String
    var line: Int
    var fields: [String: String]
    var customFields: [NamedValue]
    var contacts: [Contact]
    var groups: [ClientGroup]
    var notes: [SubRecord]
    var relationships: [SubRecord]
    var normalised: NormalisedRecord?

    init(_ record: SourceRecord, _ normalised: NormalisedRecord?) {
        self.normalised = normalised
        source = record.source.rawValue
        key = record.key
        file = record.location.file
        line = record.location.line
        fields = Dictionary(uniqueKeysWithValues: record.fields.map { ($0.field.label, $0.value) })
        customFields = record.customFields
        contacts = record.contacts
        groups = record.groups
        notes = record.notes
        relationships = record.relationships
    }
}
