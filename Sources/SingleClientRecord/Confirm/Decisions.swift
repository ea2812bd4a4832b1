import Foundation

/// What a person decided about a cluster, in `decisions.csv` or with `scr decide`.
public enum DecisionKind: String, Sendable, Codable, CaseIterable {
    /// Do what the plan proposes.
    case accept
    /// Do not: the records stay as they are, apart, and stay apart in later plans.
    case reject
    /// Keep the groups named in the `split` column (each record alone when it is empty).
    case split
    /// Accept the cluster with records of other clusters joined to it: the `split` column names
    /// them (`xpm:B xpm:C`). They leave their own clusters, which keep their own decisions for
    /// the records left; the commit reconciles both from the inputs, as it does a split.
    case relink
}

/// One row of `decisions.csv`, as read back.
public struct DecisionRow: Sendable, Equatable {
    /// Every cell of the row, as the file holds it (missing trailing cells are empty).
    public var cells: [String]
    public var line: Int
    /// Where the row stands in the file's bytes (without its line's end), when it was read from
    /// a file to be written back.
    var span: Range<Int>?

    /// Where each column of ``DecisionsFile/header`` stands in a row.
    enum Column {
        static let cluster = 0
        static let status = 1
        static let proposal = 2
        static let decision = 3
        static let split = 4
        static let names = 7
    }

    public var cluster: String { cells[Column.cluster] }
    /// The `status` and `proposal` cells, as the plan wrote them.
    var status: String { cells[Column.status] }
    var proposal: String { cells[Column.proposal] }
    /// The `decision` cell as written (a person may have typed anything).
    var decisionText: String {
        get { cells[Column.decision] }
        set { cells[Column.decision] = newValue }
    }
    /// The `split` cell as written.
    var splitText: String {
        get { cells[Column.split] }
        set { cells[Column.split] = newValue }
    }
    public var decision: DecisionKind? { DecisionKind(rawValue: decisionText.trimmingSpaces.lowercased()) }
    /// The columns up to `split`: all that the checks, confirm and commit read.
    static let decidedColumns = Column.split + 1

    /// The groups of a `split`: `hq:A xpm:B | xpm:C` (empty when the split does not parse; the
    /// checks of ``DecisionsFile`` refuse such a row first).
    var splitGroups: [[String]] { (try? Self.parseSplit(splitText)) ?? [] }

    /// The records a `relink` joins to the cluster (none for any other decision).
    var relinkRecords: [String] { decision == .relink ? splitGroups.flatMap { $0 } : [] }

    /// Why a split cannot be read.
    struct SplitProblem: Error {
        var message: String
    }

    /// Reads a split: groups between `|`, records separated by spaces. A reference that holds a
    /// space or a `|` is written in double quotes (`"hq:Smith & Co|2"`, a `"` inside doubled),
    /// which no reference of an older file begins with. An empty group is refused; an empty split
    /// is no groups (every record alone).
    ///
    /// - Complexity: O(n) in the split's characters.
    static func parseSplit(_ text: String) throws(SplitProblem) -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        if scalars.allSatisfy({ $0 == " " || $0 == "\t" }) { return [] }
        var groups: [[String]] = [[]]
        var i = 0
        func emptyGroup() -> SplitProblem {
            SplitProblem(message: "group \(groups.count) of the split is empty; write records between each '|'")
        }
        while i < scalars.count {
            switch scalars[i] {
            case " ", "\t": i += 1
            case "|":
                if groups[groups.count - 1].isEmpty { throw emptyGroup() }
                groups.append([])
                i += 1
            case "\"":
                var reference = String.UnicodeScalarView()
                i += 1
                while true {
                    guard i < scalars.count else {
                        throw SplitProblem(message: "a quoted record has no closing '\"'")
                    }
                    if scalars[i] == "\"" {
                        if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                            reference.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    reference.append(scalars[i])
                    i += 1
                }
                guard i == scalars.count || scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "|" else {
                    throw SplitProblem(message: "text right after the closing '\"' of a quoted record")
                }
                groups[groups.count - 1].append(String(reference))
            default:
                var reference = String.UnicodeScalarView()
                while i < scalars.count && scalars[i] != " " && scalars[i] != "\t" && scalars[i] != "|" {
                    reference.append(scalars[i])
                    i += 1
                }
                groups[groups.count - 1].append(String(reference))
            }
        }
        if groups[groups.count - 1].isEmpty { throw emptyGroup() }
        return groups
    }

    /// A record reference as a split names it: in double quotes only when it must be (it holds a
    /// space, a tab or a `|`, or begins with `"`), so that every other split reads as before.
    static func splitReference(_ reference: String) -> String {
        guard
            reference.hasPrefix("\"")
                || reference.unicodeScalars.contains(where: {
                    $0 == " " || $0 == "|" || $0.properties.generalCategory == .control
                })
        else { return reference }
        return "\"" + reference.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A split's text for these groups.
    static func splitText(_ groups: [[String]]) -> String {
        groups.map { $0.map(splitReference).joined(separator: " ") }.joined(separator: " | ")
    }
}

/// `decisions.csv` read back and checked against its plan: every cluster once, every decision a
/// known word, every split naming the cluster's own records, each once, every relink naming
/// records of other clusters, each joined to one cluster only. Problems are located by line and
/// column.
///
///     let decisions = try DecisionsFile.read(folder: "plan", plan: plan)
///     decisions.undecided  // review clusters nobody has decided yet
public struct Decisions: Sendable {
    public var path: String
    public var rows: [DecisionRow]
    /// Rows by cluster id.
    public var byCluster: [String: Int]
    public var problems: [Diagnostic]
    /// True when rows of the file could not be read as CSV (an unterminated quote, a broken
    /// row): writing the rows back would lose them, so nothing writes it back until it is mended.
    var rowsLost = false
    /// Review clusters whose decision is still empty, in plan order.
    public var undecided: [String]
    /// The file's bytes as read, for a ledger that writes changed rows back in place (kept only
    /// when every cell was read).
    var bytes: [UInt8]?
}

/// What the checks of one row need of the whole file: which cluster holds each record of the
/// plan, and which row re-links each record joined to another cluster.
struct DecisionContext {
    /// Record reference to its cluster's id (filled only when some row re-links, or when asked:
    /// nothing else needs it).
    var clusterOf: [String: String] = [:]
    /// Record reference to the first row that re-links it.
    var relinkedBy: [String: Int] = [:]
    /// The clusters whose row decides relink, and those rows, ascending.
    var relinking: Set<String> = []
    private(set) var relinkRows: [Int] = []

    init(rows: [DecisionRow], clusters: [some DecidedCluster], always: Bool = false) {
        relinkRows = rows.indices.filter { rows[$0].decision == .relink }
        readRelinks(rows)
        guard always || !relinkedBy.isEmpty else { return }
        clusterOf.reserveCapacity(clusters.count * 2)
        // By index: a loop over the clusters would copy each (every field retained and released).
        for index in clusters.indices {
            let id = clusters[index].id
            for member in clusters[index].members where clusterOf[member.reference] == nil {
                clusterOf[member.reference] = id
            }
        }
    }

    /// Reads which rows re-link which records anew after rows `changed` changed: only those
    /// rows' decisions are read again (what a ledger does after each click).
    mutating func relink(_ rows: [DecisionRow], changed: [Int]) {
        for index in changed {
            var at = 0  // where `index` stands or would stand in the ascending list
            var end = relinkRows.count
            while at < end {
                let middle = (at + end) / 2
                if relinkRows[middle] < index { at = middle + 1 } else { end = middle }
            }
            let listed = at < relinkRows.count && relinkRows[at] == index
            if rows[index].decision == .relink {
                if !listed { relinkRows.insert(index, at: at) }
            } else if listed {
                relinkRows.remove(at: at)
            }
        }
        readRelinks(rows)
    }

    private mutating func readRelinks(_ rows: [DecisionRow]) {
        relinkedBy.removeAll(keepingCapacity: true)
        relinking.removeAll(keepingCapacity: true)
        for index in relinkRows {
            relinking.insert(rows[index].cluster)
            for record in rows[index].relinkRecords where relinkedBy[record] == nil { relinkedBy[record] = index }
        }
    }
}

extension DecisionsFile {
    /// Decides one cluster of the plan in `folder`: writes `decision` (and for a split, its
    /// groups, `hq:A xpm:B | xpm:C`; for a relink, the records joined, `xpm:B xpm:C`) into its row
    /// of `decisions.csv`, after checking the file as it would then be. When the check finds a
    /// problem nothing is written and the problems are thrown; the decisions that stand are
    /// returned otherwise. What `scr decide` and the review board both call (through
    /// ``DecisionLedger``).
    ///
    ///     let decisions = try DecisionsFile.decide(folder: "plan", cluster: "c-1f…", .split, split: "hq:A | xpm:B")
    ///     decisions.undecided.count  // review clusters still to decide
    public static func decide(
        folder: String, cluster: String, _ decision: DecisionKind, split: String? = nil
    ) throws -> Decisions {
        var ledger = try DecisionLedger(folder: folder, outline: try PlanOutline.read(from: folder))
        _ = try ledger.decide(cluster: cluster, decision, split: split ?? "")
        return ledger.decisions
    }

    /// Accepts every cluster of the plan in `folder` whose decision is still empty (what
    /// `scr plan --auto-confirm` does for a small practice) and returns how many it accepted.
    @discardableResult
    public static func acceptUndecided(folder: String) throws -> Int {
        try acceptUndecided(try read(folder: folder, outline: try PlanOutline.read(from: folder)))
    }

    /// Accepts every undecided cluster of decisions already read, and writes the file.
    @discardableResult
    public static func acceptUndecided(_ read: Decisions) throws -> Int {
        if let first = read.problems.first { throw ConfirmError.decisions(read.problems, first: first) }
        var decisions = read
        var accepted = 0
        for index in decisions.rows.indices where decisions.rows[index].decisionText.trimmingSpaces.isEmpty {
            decisions.rows[index].decisionText = DecisionKind.accept.rawValue
            accepted += 1
        }
        try write(decisions)
        return accepted
    }

    /// Reads and checks the plan folder's `decisions.csv`.
    public static func read(folder: String, plan: PlanDocument) throws(ReadError) -> Decisions {
        try read(folder: folder, clusters: plan.clusters)
    }

    /// Reads and checks the plan folder's `decisions.csv` against a plan read as an outline.
    public static func read(folder: String, outline: PlanOutline) throws(ReadError) -> Decisions {
        try read(folder: folder, clusters: outline.clusters)
    }

    /// Reads and checks `decisions.csv` against the plan's clusters, as ``PlanOutline`` gives them
    /// too. With `columns`, each row keeps only its first `columns` cells (the header row keeps
    /// all): what confirm and commit read, without making a string of every member list, name and
    /// reason. Such rows are for reading, not for writing back.
    static func read(
        folder: String, clusters planned: [some DecidedCluster], columns: Int = .max, keepBytes: Bool = false
    ) throws(ReadError) -> Decisions {
        let path = (folder as NSString).appendingPathComponent(Planner.fileNames.decisions)
        let keepBytes = keepBytes || columns == .max  // rows read whole may be written back
        let (rows, read, bytes) = try readRows(path, columns: columns, keepBytes: keepBytes)
        var problems = read
        let clusters = Dictionary(
            planned.indices.map { (planned[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        var byCluster: [String: Int] = [:]
        let context = DecisionContext(rows: rows, clusters: planned)
        for (index, row) in rows.enumerated() {
            guard let position = clusters[row.cluster] else {
                problems.append(.error(row.at(path, 1), "no cluster \(quoted(row.cluster)) in the plan"))
                continue
            }
            if let earlier = byCluster.updateValue(index, forKey: row.cluster) {
                problems.append(
                    .error(
                        row.at(path, 1),
                        "cluster \(quoted(row.cluster)) is decided twice (first on line \(rows[earlier].line))"))
            }
            problems += row.problems(index, of: planned[position], rows: rows, context, path: path)
        }
        problems += missingRows(planned, byCluster, path: path)
        var decisions = Decisions(
            path: path, rows: rows, byCluster: byCluster, problems: problems,
            undecided: undecided(planned, rows: rows, byCluster: byCluster))
        decisions.rowsLost = !read.isEmpty
        decisions.bytes = keepBytes ? bytes : nil
        return decisions
    }

    /// A problem for each cluster of the plan that has no row.
    static func missingRows(
        _ planned: [some DecidedCluster], _ byCluster: [String: Int], path: String
    ) -> [Diagnostic] {
        planned.indices.filter { byCluster[planned[$0].id] == nil }.map {
            .error(
                SourceLocation(file: path, line: 1, column: 1),
                "cluster '\(planned[$0].id)' has no row; every cluster needs one")
        }
    }

    /// Review clusters whose decision is empty, in plan order.
    static func undecided(
        _ planned: [some DecidedCluster], rows: [DecisionRow], byCluster: [String: Int]
    ) -> [String] {
        planned.indices.filter { index in
            planned[index].status == .review && byCluster[planned[index].id].map { rows[$0].decision == nil } ?? true
        }.map { planned[$0].id }
    }

    /// `decisions.csv`'s rows as the file holds them (each kept to its first `columns` cells, the
    /// header's in full), with the problems of its CSV, and the header checked; nothing is checked
    /// against a plan.
    static func readRows(
        _ path: String, columns: Int = .max, keepBytes: Bool = false
    ) throws(ReadError) -> (
        rows: [DecisionRow], problems: [Diagnostic], bytes: [UInt8]
    ) {
        let text = try TextBuffer(contentsOf: path)
        var rows: [DecisionRow] = []
        var problems: [Diagnostic] = []
        let all = text.withBytes { bytes in
            let scan = CSVTokenizer.scanRows(bytes, delimiter: UInt8(ascii: ","))
            for bad in scan.unterminated {
                problems.append(.error(text.location(ofOffset: bad.quoteOffset), "unterminated quoted field"))
            }
            var fields: [CSVFieldSpan] = []
            for row in scan.rows {
                do throws(CSVTokenizer.RowProblem) {
                    try CSVTokenizer.splitFields(bytes, row, delimiter: UInt8(ascii: ","), into: &fields)
                } catch {
                    problems.append(.error(text.location(ofOffset: error.offset), error.message))
                    continue
                }
                let cells = DecisionRow.cells(fields.prefix(rows.isEmpty ? fields.count : columns), in: bytes)
                rows.append(DecisionRow(cells: cells, line: row.line, span: row.start..<row.end))
            }
            return keepBytes ? Array(bytes) : []
        }
        guard let first = rows.first, Array(first.cells.prefix(header.count)) == header else {
            throw ReadError(
                file: path,
                "the header row must be \(header.joined(separator: ",")); write the file again with scr plan")
        }
        rows.removeFirst()
        return (rows, problems, all)
    }

    /// Writes the rows back (the header first), every cell as read except what was changed (the
    /// writer neutralises formulas again), the one way: a failure or a kill leaves the file as it
    /// was.
    public static func write(_ decisions: Decisions) throws(FileError) {
        var csv = CSVWriter()
        csv.row(header)
        for row in decisions.rows { csv.row(row.cells) }
        try BlockFile.write(csv.bytes, to: decisions.path)
    }
}

/// What decisions are checked against: a cluster's id, status and records (a ``PlanCluster``, or
/// a ``PlanOutline/Cluster`` read without decoding every record).
public protocol DecidedCluster {
    var id: String { get }
    var status: ClusterStatus { get }
    var members: [RecordReference] { get }
}

extension PlanCluster: DecidedCluster {}
extension PlanOutline.Cluster: DecidedCluster {}

extension DecisionRow {
    /// Every cell of the row whose bytes are `span` in `bytes` (a file as ``DecisionsFile``
    /// reads it), as the reader gives them.
    static func cells(of span: Range<Int>, in bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { all in
            var fields: [CSVFieldSpan] = []
            let row = CSVRowSpan(start: span.lowerBound, end: span.upperBound, line: 0)
            do throws(CSVTokenizer.RowProblem) {
                try CSVTokenizer.splitFields(all, row, delimiter: UInt8(ascii: ","), into: &fields)
            } catch {
                return nil
            }
            return cells(fields[...], in: all)
        }
    }

    /// The cells of a row's fields as a person wrote them (a formula's neutralising `'` set
    /// aside), padded to the header's width.
    static func cells(_ fields: ArraySlice<CSVFieldSpan>, in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var cells = fields.map { CSVTokenizer.string(bytes, CSVTokenizer.withoutNeutralisingMark(bytes, $0)) ?? "" }
        while cells.count < DecisionsFile.header.count { cells.append("") }
        return cells
    }

    /// The place of one of the row's cells (columns count from 1).
    func at(_ path: String, _ column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    /// What is wrong with this row, the `index`-th, of `cluster`: its
    /// decision word, and the split or relink it names, against the other rows (`context`).
    func problems(
        _ index: Int, of cluster: some DecidedCluster, rows: [DecisionRow],
        _ context: DecisionContext, path: String
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let word = decisionText.trimmingSpaces
        if !word.isEmpty && decision == nil {
            problems.append(
                .error(at(path, 4), "unknown decision \(quoted(word)); write accept, reject, split or relink"))
        }
        let groups: [[String]]
        switch decision {
        case .split, .relink:
            do throws(SplitProblem) {
                groups = try Self.parseSplit(splitText)
            } catch {
                return problems + [.error(at(path, 5), error.message)]
            }
        default:
            if !splitText.trimmingSpaces.isEmpty {
                problems.append(.error(at(path, 5), "a split is given but the decision is not split or relink"))
            }
            return problems
        }
        let members = cluster.members.map(\.reference)
        let named = groups.flatMap { $0 }
        let known = Set(members)
        // A record of this cluster that a relink joins to another cluster.
        let movedOut = { (reference: String) in context.relinkedBy[reference].map { $0 != index } ?? false }
        if decision == .relink {
            if groups.count > 1 {
                problems.append(
                    .error(at(path, 5), "a relink names records separated by spaces, without '|' (\"xpm:B xpm:C\")"))
            } else if named.isEmpty {
                problems.append(
                    .error(
                        at(path, 5),
                        "the relink names no record; name the records of other clusters that join this one (\"xpm:B\")")
                )
            } else if Set(named).count != named.count {
                problems.append(.error(at(path, 5), "a record is named twice in the relink"))
            }
            for record in named {
                if known.contains(record) {
                    problems.append(
                        .error(at(path, 5), "\(quoted(record)) is already a record of cluster \(self.cluster)"))
                } else if let source = context.clusterOf[record] {
                    if let first = context.relinkedBy[record], first != index {
                        problems.append(
                            .error(
                                at(path, 5),
                                "\(quoted(record)) is re-linked into cluster \(rows[first].cluster) too (line \(rows[first].line)); a record joins one cluster"
                            ))
                    } else if context.relinking.contains(source) {
                        problems.append(
                            .error(
                                at(path, 5),
                                "\(quoted(record))'s cluster brings records in itself (a relink); re-link into one of the two clusters only"
                            ))
                    }
                } else {
                    problems.append(.error(at(path, 5), "\(quoted(record)) is not a record of the plan"))
                }
            }
            if let moved = members.first(where: movedOut) {
                problems.append(
                    .error(
                        at(path, 5),
                        "\(quoted(moved)), a record of this cluster, is re-linked into cluster \(rows[context.relinkedBy[moved]!].cluster); a cluster that brings records in keeps its own"
                    ))
            }
            return problems
        }
        if let stranger = named.first(where: { !known.contains($0) }) {
            problems.append(.error(at(path, 5), "\(quoted(stranger)) is not a record of cluster \(self.cluster)"))
        } else if Set(named).count != named.count {
            problems.append(.error(at(path, 5), "a record is named twice in the split"))
        } else if !groups.isEmpty, case let namedSet = Set(named),
            case let unnamed = members.filter({ !namedSet.contains($0) && !movedOut($0) }), !unnamed.isEmpty
        {
            let list = unnamed.map(Self.splitReference).joined(separator: ", ")
            problems.append(
                .error(
                    at(path, 5),
                    "the split leaves \(list) in no group; name every record of the cluster (a record alone as a group of its own), or leave the split empty to keep every record alone"
                ))
        }
        return problems
    }
}
