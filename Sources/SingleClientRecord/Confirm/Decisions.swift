import Foundation

/// What a person decided about a cluster, in `decisions.csv` or with `scr decide`.
public enum DecisionKind: String, Sendable, Codable, CaseIterable {
    /// Do what the plan proposes.
    case accept
    /// Do not: the records stay as they are, apart, and stay apart in later plans.
    case reject
    /// Keep the groups named in the `split` column (each record alone when it is empty).
    case split
}

/// One row of `decisions.csv`, as read back.
public struct DecisionRow: Sendable, Equatable {
    /// Every cell of the row, as the file holds it (missing trailing cells are empty).
    public var cells: [String]
    public var line: Int

    /// Where each column of ``DecisionsFile/header`` stands in a row.
    enum Column {
        static let cluster = 0
        static let status = 1
        static let proposal = 2
        static let decision = 3
        static let split = 4
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
/// known word, every split naming the cluster's own records, each once. Problems are located by
/// line and column.
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
}

extension DecisionsFile {
    /// Decides one cluster of the plan in `folder`: writes `decision` (and for a split, its
    /// groups, `hq:A xpm:B | xpm:C`) into its row of `decisions.csv`, then reads the file back and
    /// checks it. When the check finds a problem the file is put back as it was and the problems
    /// are thrown; the decisions that stand are returned otherwise.
    ///
    ///     let decisions = try DecisionsFile.decide(folder: "plan", cluster: "c-1f…", .split, split: "hq:A | xpm:B")
    ///     decisions.undecided.count  // review clusters still to decide
    public static func decide(
        folder: String, cluster: String, _ decision: DecisionKind, split: String? = nil
    ) throws -> Decisions {
        let plan = try PlanDocument.read(from: folder)
        let before = try read(folder: folder, plan: plan)
        if before.rowsLost, let first = before.problems.first {
            throw ConfirmError.decisions(before.problems, first: first)  // writing it back would lose rows
        }
        guard let index = before.byCluster[cluster] else { throw PlanError.unknownCluster(cluster) }
        var decided = before
        decided.rows[index].decisionText = decision.rawValue
        decided.rows[index].splitText = split ?? ""
        try write(decided)
        let checked = try read(folder: folder, plan: plan)
        if let first = checked.problems.first {
            try write(before)  // the file as it was
            throw ConfirmError.decisions(checked.problems, first: first)
        }
        return checked
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
        folder: String, clusters planned: [some DecidedCluster], columns: Int = .max
    ) throws(ReadError) -> Decisions {
        let path = (folder as NSString).appendingPathComponent(Planner.fileNames.decisions)
        let (rows, read) = try readRows(path, columns: columns)
        var problems = read
        func at(_ row: DecisionRow, _ column: Int) -> SourceLocation {
            SourceLocation(file: path, line: row.line, column: column)
        }
        let clusters = Dictionary(planned.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byCluster: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            guard let cluster = clusters[row.cluster] else {
                problems.append(.error(at(row, 1), "no cluster \(quoted(row.cluster)) in the plan"))
                continue
            }
            if let earlier = byCluster.updateValue(index, forKey: row.cluster) {
                problems.append(
                    .error(
                        at(row, 1),
                        "cluster \(quoted(row.cluster)) is decided twice (first on line \(rows[earlier].line))"))
            }
            let word = row.decisionText.trimmingSpaces
            if !word.isEmpty && row.decision == nil {
                problems.append(.error(at(row, 4), "unknown decision \(quoted(word)); write accept, reject or split"))
            }
            if row.decision == .split {
                let groups: [[String]]
                do throws(DecisionRow.SplitProblem) {
                    groups = try DecisionRow.parseSplit(row.splitText)
                } catch {
                    problems.append(.error(at(row, 5), error.message))
                    continue
                }
                let members = cluster.members.map(\.reference)
                let named = groups.flatMap { $0 }
                let known = Set(members)
                if let stranger = named.first(where: { !known.contains($0) }) {
                    problems.append(.error(at(row, 5), "\(quoted(stranger)) is not a record of cluster \(row.cluster)"))
                } else if Set(named).count != named.count {
                    problems.append(.error(at(row, 5), "a record is named twice in the split"))
                } else if !groups.isEmpty, case let namedSet = Set(named),
                    case let unnamed = members.filter({ !namedSet.contains($0) }), !unnamed.isEmpty
                {
                    let list = unnamed.map(DecisionRow.splitReference).joined(separator: ", ")
                    problems.append(
                        .error(
                            at(row, 5),
                            "the split leaves \(list) in no group; name every record of the cluster (a record alone as a group of its own), or leave the split empty to keep every record alone"
                        ))
                }
            } else if !row.splitText.trimmingSpaces.isEmpty {
                problems.append(.error(at(row, 5), "a split is given but the decision is not split"))
            }
        }
        for cluster in planned where byCluster[cluster.id] == nil {
            problems.append(
                .error(
                    SourceLocation(file: path, line: 1, column: 1),
                    "cluster '\(cluster.id)' has no row; every cluster needs one"))
        }
        let undecided = planned.filter { cluster in
            cluster.status == .review && byCluster[cluster.id].map { rows[$0].decision == nil } ?? true
        }.map(\.id)
        var decisions = Decisions(
            path: path, rows: rows, byCluster: byCluster, problems: problems, undecided: undecided)
        decisions.rowsLost = !read.isEmpty
        return decisions
    }

    /// `decisions.csv`'s rows as the file holds them (each kept to its first `columns` cells, the
    /// header's in full), with the problems of its CSV, and the header checked; nothing is checked
    /// against a plan.
    static func readRows(
        _ path: String, columns: Int = .max
    ) throws(ReadError) -> (
        rows: [DecisionRow], problems: [Diagnostic]
    ) {
        let text = try TextBuffer(contentsOf: path)
        var rows: [DecisionRow] = []
        var problems: [Diagnostic] = []
        text.withBytes { bytes in
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
                var cells = fields.prefix(rows.isEmpty ? fields.count : columns).map {
                    CSVTokenizer.string(bytes, CSVTokenizer.withoutNeutralisingMark(bytes, $0)) ?? ""
                }
                while cells.count < header.count { cells.append("") }
                rows.append(DecisionRow(cells: cells, line: row.line))
            }
        }
        guard let first = rows.first, Array(first.cells.prefix(header.count)) == header else {
            throw ReadError(
                file: path,
                "the header row must be \(header.joined(separator: ",")); write the file again with scr plan")
        }
        rows.removeFirst()
        return (rows, problems)
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
