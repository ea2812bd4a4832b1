import Foundation

/// The kinds of input file.
public enum InputKind: String, Sendable, Codable, Hashable {
    case hqCSV = "hq-csv"
    case hqContacts = "hq-contacts"
    case xpmXML = "xpm-xml"
    case xpmCSV = "xpm-csv"

    public var title: String {
        switch self {
        case .hqCSV: "Xero HQ clients (CSV)"
        case .hqContacts: "Xero HQ contacts (CSV)"
        case .xpmXML: "XPM API clients (XML)"
        case .xpmCSV: "XPM clients (CSV)"
        }
    }
}

/// The input files of one run, as the command line names them.
public struct InputFiles: Sendable, Hashable {
    public var hq: String?
    public var hqContacts: String?
    public var xpm: [String]
    public var xpmCSV: [String]
    public var columns: String?

    public init(
        hq: String? = nil, hqContacts: String? = nil, xpm: [String] = [], xpmCSV: [String] = [], columns: String? = nil
    ) {
        self.hq = hq
        self.hqContacts = hqContacts
        self.xpm = xpm
        self.xpmCSV = xpmCSV
        self.columns = columns
    }

    /// Every input with its kind, in the order records are numbered: HQ first, then XPM.
    public var all: [(path: String, kind: InputKind)] {
        var list: [(String, InputKind)] = []
        if let hq { list.append((hq, .hqCSV)) }
        if let hqContacts { list.append((hqContacts, .hqContacts)) }
        list += xpm.map { ($0, .xpmXML) }
        list += xpmCSV.map { ($0, .xpmCSV) }
        return list
    }
}

/// What was read from one file.
public struct FileSummary: Sendable, Hashable, Codable {
    public var path: String
    public var kind: InputKind
    public var encoding: String?
    public var delimiter: String?
    public var records: Int = 0
    public var contacts: Int = 0
    /// Distinct group names among the file's clients.
    public var groups: Int = 0
    public var quarantined: Int = 0
    public var errors: Int = 0
    public var warnings: Int = 0
    public var columns: [ColumnMapping] = []
    public var unknownColumns: [String] = []
    /// Why the file could not be read at all, when it could not.
    public var unreadable: String?
}

/// Everything read from a run's inputs: the records, each file's summary, and every problem.
public struct ReadResult: Sendable {
    public var records: [SourceRecord]
    public var files: [FileSummary]
    public var diagnostics: [Diagnostic]
    public var quarantine: [QuarantinedRow]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// Reads a run's input files into ``SourceRecord``s without losing a row.
///
/// Files are read in parallel. Afterwards, keys are checked across every file of a side (a second
/// record with a key already read is quarantined), and the HQ contacts file's rows are attached to
/// their clients. A file that cannot be read at all is one error diagnostic; the others are still read.
///
///     let result = InputReader.read(InputFiles(hq: "hq.csv", xpm: ["xpm.xml"]))
///     result.records.count, result.quarantine.count
public enum InputReader {
    public static func read(_ inputs: InputFiles) -> ReadResult {
        var overrides = ColumnOverrides()
        if let columns = inputs.columns {
            do {
                overrides = try ColumnOverrides(contentsOf: columns)
            } catch {
                return ReadResult(records: [], files: [], diagnostics: [error.diagnostic], quarantine: [])
            }
        }
        let files = inputs.all
        let frozenOverrides = overrides
        let outcomes = parallelMap(count: files.count) { index -> (Result<FileRecords, ReadError>, DiagnosticSink) in
            var sink = DiagnosticSink()
            let (path, kind) = files[index]
            do throws(ReadError) {
                let text = try TextBuffer(contentsOf: path)
                let records: FileRecords
                switch kind {
                case .hqCSV: records = try HQClientReader.read(text, overrides: frozenOverrides, sink: &sink)
                case .hqContacts: records = try HQContactReader.read(text, overrides: frozenOverrides, sink: &sink)
                case .xpmXML: records = try XPMXMLReader.read(text, sink: &sink)
                case .xpmCSV: records = try XPMClientCSVReader.read(text, overrides: frozenOverrides, sink: &sink)
                }
                return (.success(records), sink)
            } catch {
                return (.failure(error), sink)
            }
        }
        return assemble(files, outcomes)
    }

    private static func assemble(
        _ files: [(path: String, kind: InputKind)], _ outcomes: [(Result<FileRecords, ReadError>, DiagnosticSink)]
    ) -> ReadResult {
        var sinks = outcomes.map(\.1)
        var summaries = files.map { FileSummary(path: $0.path, kind: $0.kind) }
        var kept: [[SourceRecord]] = Array(repeating: [], count: files.count)

        // Keys are unique per side, across all of that side's files.
        var firstOfKey: [SourceSystem: [String: SourceLocation]] = [:]
        for (index, (result, _)) in outcomes.enumerated() {
            switch result {
            case .failure(let error):
                summaries[index].unreadable = error.message
                sinks[index].error(error.location, error.message)
            case .success(let file):
                summaries[index].encoding = file.text.encoding.rawValue
                summaries[index].delimiter = file.delimiter
                summaries[index].columns = file.header?.mappings ?? []
                summaries[index].unknownColumns = file.header?.unknownColumns ?? []
                for (record, range) in zip(file.records, file.ranges) {
                    let keyName = record.source == .hq ? "Client ID" : (record.fields[.uuid] != nil ? "UUID" : "ID")
                    if let first = firstOfKey[record.source]?[record.key] {
                        let place = first.file == record.location.file ? "line \(first.line)" : "\(first)"
                        sinks[index].quarantine(
                            record.location, "duplicate \(keyName) '\(record.key)'; first read at \(place)",
                            text: file.rawText(range))
                        continue
                    }
                    firstOfKey[record.source, default: [:]][record.key] = record.location
                    kept[index].append(record)
                }
            }
        }

        // HQ contacts join their clients.
        if let contactsIndex = files.firstIndex(where: { $0.kind == .hqContacts }),
            case .success(let file) = outcomes[contactsIndex].0
        {
            let hqIndex = files.firstIndex { $0.kind == .hqCSV }
            var position: [String: Int] = [:]
            if let hqIndex {
                for (offset, record) in kept[hqIndex].enumerated() { position[record.key] = offset }
            }
            var attached = 0
            for entry in file.contacts {
                guard let hqIndex, let offset = position[entry.clientID] else {
                    sinks[contactsIndex].quarantine(
                        entry.location, "contact for Client ID '\(entry.clientID)', which is not in the HQ export",
                        text: file.rawText(entry.range))
                    continue
                }
                kept[hqIndex][offset].contacts.append(entry.contact)
                attached += 1
            }
            summaries[contactsIndex].contacts = attached
        }

        var diagnostics: [Diagnostic] = []
        var quarantine: [QuarantinedRow] = []
        for index in files.indices {
            let sink = sinks[index]
            let sorted = sink.diagnostics.enumerated().sorted {
                ($0.element.location.line, $0.element.location.column, $0.offset)
                    < ($1.element.location.line, $1.element.location.column, $1.offset)
            }.map(\.element)
            diagnostics += sorted
            quarantine += sink.quarantine.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            summaries[index].records = kept[index].count
            if files[index].kind != .hqContacts {
                summaries[index].contacts = kept[index].reduce(0) { $0 + $1.contacts.count }
            }
            summaries[index].groups = Set(kept[index].flatMap { $0.groups.map(\.name) }).count
            summaries[index].quarantined = sink.quarantine.count
            summaries[index].errors = sink.diagnostics.count { $0.severity == .error }
            summaries[index].warnings = sink.diagnostics.count { $0.severity == .warning }
        }
        // The HQ file's contact count includes the contacts file's, once attached.
        return ReadResult(
            records: kept.flatMap { $0 }, files: summaries, diagnostics: diagnostics, quarantine: quarantine)
    }
}
