import Foundation

/// The kinds of input file.
public enum InputKind: String, Sendable, Codable, Hashable {
    case hqCSV = "hq-csv"
    case hqContacts = "hq-contacts"
    case xpmXML = "xpm-xml"
    case xpmCSV = "xpm-csv"

    var title: String {
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
    var delimiter: String?
    /// The SHA-256 of the bytes read (hex), so that a plan records exactly what it read.
    public var sha256: String?
    public var records: Int = 0
    public var contacts: Int = 0
    /// Distinct group names among the file's clients.
    public var groups: Int = 0
    public var quarantined: Int = 0
    var errors: Int = 0
    public var warnings: Int = 0
    public var columns: [ColumnMapping] = []
    var unknownColumns: [String] = []
    /// Why the file could not be read at all, when it could not.
    var unreadable: String?
}

/// Everything read from a run's inputs: the records, each file's summary, and every problem.
public struct ReadResult: Sendable {
    public var records: [SourceRecord]
    public var files: [FileSummary]
    public var diagnostics: [Diagnostic]
    public var quarantine: [QuarantinedRow]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Adds later stages' diagnostics (normalisation's warnings) among the reading ones: each file's
    /// in line order, and counted in the file's summary.
    public mutating func merge(_ more: [Diagnostic]) {
        guard !more.isEmpty else { return }
        let order = Dictionary(files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        for diagnostic in more {
            guard let index = order[diagnostic.location.file] else { continue }
            if diagnostic.severity == .error { files[index].errors += 1 } else { files[index].warnings += 1 }
        }
        let all = (diagnostics + more).enumerated().sorted { a, b in
            let fa = order[a.element.location.file] ?? -1
            let fb = order[b.element.location.file] ?? -1
            return (fa, a.element.location.line, a.element.location.column, a.offset)
                < (fb, b.element.location.line, b.element.location.column, b.offset)
        }
        diagnostics = all.map(\.element)
    }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    var warningCount: Int { diagnostics.count { $0.severity == .warning } }
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
                for warning in text.warnings { sink.warning(warning.location, warning.message) }
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
        var result = assemble(files, outcomes)
        result.merge(overrides.warnings + unusedMappings(overrides, result.files))
        return result
    }

    /// A warning for each mapping of the `--columns` file that names a header no CSV input it
    /// applies to has (a mapping for one kind of file, when such a file is read; a flat mapping,
    /// when any CSV file is).
    static func unusedMappings(_ overrides: ColumnOverrides, _ files: [FileSummary]) -> [Diagnostic] {
        let layouts: [InputKind: ColumnLayout] = [.hqCSV: .hqClients, .hqContacts: .hqContacts, .xpmCSV: .xpmClients]
        var headers: [ColumnLayout: Set<String>] = [:]
        for file in files where file.unreadable == nil {
            guard let layout = layouts[file.kind] else { continue }
            headers[layout, default: []].formUnion(file.columns.map { ColumnLayout.normalise($0.header) })
        }
        var warnings: [Diagnostic] = []
        for (layout, entries) in overrides.entries {
            let applies = layout.map { [$0] } ?? Array(headers.keys)
            guard applies.contains(where: { headers[$0] != nil }) else { continue }
            for entry in entries
            where !applies.contains(where: { headers[$0]?.contains(ColumnLayout.normalise(entry.header)) == true }) {
                let kinds = applies.filter { headers[$0] != nil }.map(\.rawValue).sorted().joined(separator: ", ")
                warnings.append(
                    .warning(
                        entry.location,
                        "the mapping names header \(quoted(entry.header)), which no \(kinds) file read has; it maps nothing"
                    ))
            }
        }
        return warnings.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// What a record's key is called in its export.
    static func keyName(of record: SourceRecord) -> String {
        if record.source == .hq { return "Client ID" }
        if record.fields[.uuid]?.trimmingSpaces == record.key { return "UUID" }
        if record.fields[.xpmID]?.trimmingSpaces == record.key { return "ID" }
        return "Name"
    }

    private static func assemble(
        _ files: [(path: String, kind: InputKind)], _ outcomes: [(Result<FileRecords, ReadError>, DiagnosticSink)]
    ) -> ReadResult {
        var sinks = outcomes.map(\.1)
        var summaries = files.map { FileSummary(path: $0.path, kind: $0.kind) }
        var kept: [[SourceRecord]] = Array(repeating: [], count: files.count)

        // Keys are unique per side, across all of that side's files: an index of where each key
        // was first read.
        var firstOfKey: [SourceSystem: KeyIndex] = [.hq: KeyIndex(), .xpm: KeyIndex()]
        for (result, _) in outcomes {
            if case .success(let file) = result, let source = file.records.first?.source {
                firstOfKey[source]!.reserveCapacity(file.records.count)
            }
        }
        var readFiles = outcomes.map { try? $0.0.get() }
        for (index, (result, _)) in outcomes.enumerated() {
            switch result {
            case .failure(let error):
                summaries[index].unreadable = error.message
                sinks[index].error(error.location, error.message)
            case .success(let file):
                summaries[index].encoding =
                    file.text.encoding.rawValue + (file.text.crLineEndings ? ", CR line endings" : "")
                summaries[index].delimiter = file.delimiter
                summaries[index].sha256 = file.text.sha256
                summaries[index].columns = file.header?.mappings ?? []
                summaries[index].unknownColumns = file.header?.unknownColumns ?? []
                guard let source = file.records.first?.source else { continue }
                var keys = firstOfKey[source]!
                firstOfKey[source] = nil  // let `keys` be uniquely referenced while it grows
                var duplicates: [Int] = []
                let records = file.records
                for offset in records.indices {
                    // Only the key: copying the record would touch its values for nothing.
                    let key = records[offset].key
                    let hash = file.keyHashes.isEmpty ? KeyIndex.hash(key) : file.keyHashes[offset]
                    guard let first = keys.insert(key, hash: hash, at: (index, offset), in: readFiles) else { continue }
                    let record = records[offset]
                    let firstLocation = readFiles[first.file]!.records[first.record].location
                    let location = record.location
                    let keyName = Self.keyName(of: record)
                    let place =
                        first.file == index
                        ? "line \(firstLocation.line)"
                            + (firstLocation.line == location.line ? ", column \(firstLocation.column)" : "")
                        : "\(firstLocation)"
                    sinks[index].quarantine(
                        location, "duplicate \(keyName) \(quoted(key)); first read at \(place)",
                        text: file.rawText(file.ranges[offset]))
                    duplicates.append(offset)
                }
                firstOfKey[source] = keys
                if duplicates.isEmpty {
                    kept[index] = file.records  // shared, not copied
                } else {
                    let dropped = Set(duplicates)
                    kept[index] = file.records.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
                }
            }
        }
        readFiles.removeAll()

        // HQ contacts join their clients; without a readable HQ export they cannot.
        if let contactsIndex = files.firstIndex(where: { $0.kind == .hqContacts }),
            case .success(let file) = outcomes[contactsIndex].0,
            let hqIndex = files.firstIndex(where: { $0.kind == .hqCSV }), summaries[hqIndex].unreadable != nil
        {
            let message = "not read: its contacts cannot be joined, because the HQ export could not be read"
            summaries[contactsIndex].unreadable = message
            sinks[contactsIndex].error(SourceLocation(file: file.text.path, line: 1, column: 1), message)
        } else if let contactsIndex = files.firstIndex(where: { $0.kind == .hqContacts }),
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
                        entry.location,
                        "contact for Client ID \(quoted(entry.clientID)), which is not in the HQ export",
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
            let records = kept[index]
            var groupNames = Set<String>()
            var contacts = 0
            for offset in records.indices {
                contacts += records[offset].contacts.count
                for group in records[offset].groups { groupNames.insert(group.name) }
            }
            if files[index].kind != .hqContacts { summaries[index].contacts = contacts }
            summaries[index].groups = groupNames.count
            summaries[index].quarantined = sink.quarantine.count
            summaries[index].errors = sink.diagnostics.count { $0.severity == .error }
            summaries[index].warnings = sink.diagnostics.count { $0.severity == .warning }
        }
        var records: [SourceRecord] = kept.count == 1 ? kept[0] : []
        if kept.count > 1 {
            records.reserveCapacity(kept.reduce(0) { $0 + $1.count })
            for list in kept { records.append(contentsOf: list) }
        }
        return ReadResult(records: records, files: summaries, diagnostics: diagnostics, quarantine: quarantine)
    }
}

/// Where each key was first read: an open-addressing table of 64-bit FNV-1a hashes of the keys,
/// several times faster than a `String`-keyed dictionary on hundreds of thousands of keys. Equal
/// hashes are confirmed by comparing the keys; different keys with one hash (astronomically rare)
/// go to a dictionary of their own.
struct KeyIndex {
    typealias Place = (file: Int, record: Int)
    private var hashes: [UInt64] = []
    private var places: [(file: Int32, record: Int32)] = []
    private var used = 0
    private var collisions: [String: Place] = [:]

    /// Makes room for `count` more keys without growing during inserts.
    mutating func reserveCapacity(_ count: Int) {
        var size = 16
        while size < 2 * (used + count) { size <<= 1 }
        if size > hashes.count { rehash(size) }
    }

    /// Records `key` (whose ``hash(_:)`` is `hash`) at `place`; returns where it was first read
    /// when it was read before.
    ///
    /// - Complexity: O(1) expected, plus O(k) in the key's bytes on a hash match.
    mutating func insert(_ key: String, hash: UInt64, at place: Place, in files: [FileRecords?]) -> Place? {
        if 2 * (used + 1) > hashes.count { rehash(max(16, hashes.count * 2)) }
        let mask = hashes.count - 1
        let stored = hash == 0 ? 1 : hash  // 0 marks an empty slot
        var slot = Int(truncatingIfNeeded: stored) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == stored {
                let first = (file: Int(places[slot].file), record: Int(places[slot].record))
                if files[first.file]!.records[first.record].key == key { return first }
                if let earlier = collisions[key] { return earlier }
                collisions[key] = place
                return nil
            }
            slot = (slot + 1) & mask
        }
        hashes[slot] = stored
        places[slot] = (Int32(place.file), Int32(place.record))
        used += 1
        return nil
    }

    private mutating func rehash(_ size: Int) {
        let oldHashes = hashes
        let oldPlaces = places
        hashes = Array(repeating: 0, count: size)
        places = Array(repeating: (0, 0), count: size)
        let mask = size - 1
        for (index, hash) in oldHashes.enumerated() where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = hash
            places[slot] = oldPlaces[index]
        }
    }

    /// The hash of every record's key, worked out on every core.
    static func hashes(of records: [SourceRecord]) -> [UInt64] {
        let chunks = records.count < 8192 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 2
        return parallelMap(count: chunks) { chunk in
            chunkRange(chunk, of: chunks, total: records.count).map { hash(records[$0].key) }
        }.flatMap { $0 }
    }

    /// The key's ``StableHash``.
    static func hash(_ key: String) -> UInt64 { StableHash.of(key) }
}
