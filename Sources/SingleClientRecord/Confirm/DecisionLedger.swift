import Foundation

/// A plan folder's `decisions.csv` held open for deciding, one decision after another: what
/// `scr decide` does once and the review board does for every click. Each decision is checked
/// against the whole file as it would then be (the rows it touches are checked again, the others
/// keep their problems), then written the one way: the file's bytes with the changed rows put in
/// their places (every other row as it was; a UTF-8 byte-order mark kept, a file in another
/// encoding written back as UTF-8), to a temporary file, synced, renamed, under a lock on the
/// plan folder that every ledger takes.
///
/// A ledger notices when the file changed behind it (another tab, `scr decide`, a spreadsheet):
/// ``reloadIfChanged()`` reads it again, and a decision made against a row that has changed since
/// (`base`) is refused with ``StaleDecision``, never written over.
///
///     var ledger = try DecisionLedger(folder: "plan", outline: outline)
///     try ledger.decide(cluster: "c-1f…", .split, split: "hq:A | xpm:B")
public struct DecisionLedger: Sendable {
    public let folder: String
    /// The plan's clusters, in plan order.
    public let clusters: [PlanOutline.Cluster]
    /// Cluster id to its position in ``clusters``.
    public let positions: [String: Int]
    /// The review clusters' positions.
    let reviews: [Int]
    public private(set) var decisions: Decisions
    /// The checks' view of the whole file (every record's cluster, and the rows that re-link).
    private(set) var context: DecisionContext
    /// The problems of each row, and those of the file as a whole (its CSV, missing rows).
    private var rowProblems: [Int: [Diagnostic]] = [:]
    private var fileProblems: [Diagnostic] = []
    /// The file as this ledger last read or wrote it.
    private var stamp: FileStamp?
    /// True when the file began with a UTF-8 byte-order mark (as Excel's "CSV UTF-8" saves it),
    /// which the reader sets aside and a write puts back.
    private var byteOrderMark = false
    /// Bumped whenever the rows change, here or behind the ledger.
    public private(set) var revision = 0
    /// Each cluster's decision (plan order), read once per change rather than from its text.
    public private(set) var kinds: [DecisionKind?] = []

    public init(folder: String, outline: PlanOutline) throws {
        self.folder = folder
        clusters = outline.clusters
        positions = Dictionary(
            outline.clusters.indices.map { (outline.clusters[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        reviews = outline.clusters.indices.filter { outline.clusters[$0].status == .review }
        decisions = Decisions(path: "", rows: [], byCluster: [:], problems: [], undecided: [])
        context = DecisionContext(rows: [], clusters: [PlanOutline.Cluster]())
        try load()
    }

    /// The row of a cluster as the file holds it: its decision and split cells.
    public struct Row: Sendable, Equatable, Codable {
        public var decision: String
        public var split: String

        public init(decision: String, split: String) {
            self.decision = decision
            self.split = split
        }
    }

    /// A decision made against a row that changed since it was seen: the row as it now stands.
    public struct StaleDecision: Error, CustomStringConvertible {
        public var cluster: String
        public var fresh: Row
        public var description: String {
            "error: cluster \(cluster)'s decision changed since you saw it (now \(fresh.decision.isEmpty ? "undecided" : quoted(fresh.decision))), in another window, by scr decide or in the spreadsheet; look again and decide anew"
        }
    }

    /// The row of cluster `id` (nil for a cluster the file has no row for).
    public func row(_ id: String) -> Row? {
        decisions.byCluster[id].map {
            Row(decision: decisions.rows[$0].decisionText.trimmingSpaces, split: decisions.rows[$0].splitText)
        }
    }

    /// The records of other clusters re-linked into cluster `id`, and the cluster each record of
    /// cluster `id` is re-linked into.
    public func relinks(of id: String) -> (into: [String], out: [(record: String, to: String)]) {
        let into = decisions.byCluster[id].map { decisions.rows[$0].relinkRecords } ?? []
        let members = positions[id].map { clusters[$0].members } ?? []
        let out = members.compactMap { member in
            context.relinkedBy[member.reference].map { (member.reference, decisions.rows[$0].cluster) }
        }
        return (into, out)
    }

    /// Which cluster holds record `reference` in the plan.
    public func cluster(ofRecord reference: String) -> String? { context.clusterOf[reference] }

    /// True when decisions.csv is no longer the file this ledger last read or wrote.
    public var changedBehind: Bool { FileStamp(decisions.path) != stamp }

    /// Reads the file again when it is not the one this ledger last read or wrote; true when it
    /// did.
    @discardableResult
    public mutating func reloadIfChanged() throws -> Bool {
        guard FileStamp(decisions.path) != stamp else { return false }
        try load()
        return true
    }

    /// Decides cluster `id` (`nil` clears its decision) and writes the file; `base`, when given,
    /// is the row as the person saw it, and a row that is no longer so refuses the decision.
    /// Refused too, with nothing written, when the file would then have a problem (the problems
    /// thrown, as ``DecisionsFile/read(folder:outline:)`` locates them) or has lost rows.
    @discardableResult
    public mutating func decide(
        cluster id: String, _ decision: DecisionKind?, split: String = "", base: Row? = nil
    ) throws -> Row {
        try reloadIfChanged()
        guard positions[id] != nil, let index = decisions.byCluster[id] else { throw PlanError.unknownCluster(id) }
        // The word as typed ("Accept" in a spreadsheet) is the same decision as the board's "accept".
        if let base, let now = row(id),
            now.decision.lowercased() != base.decision.lowercased() || now.split != base.split
        {
            throw StaleDecision(cluster: id, fresh: now)
        }
        try change([index]) { rows in
            rows[index].decisionText = decision?.rawValue ?? ""
            rows[index].splitText = split
        }
        guard let saved = row(id) else { throw PlanError.unknownCluster(id) }
        return saved
    }

    /// Accepts every cluster of `ids` whose decision is empty, in one write, and returns how
    /// many it accepted.
    @discardableResult
    public mutating func acceptUndecided(_ ids: [String]) throws -> Int {
        try reloadIfChanged()
        let indices = Set(ids.compactMap { decisions.byCluster[$0] }).sorted().filter {
            decisions.rows[$0].decisionText.trimmingSpaces.isEmpty
        }
        guard !indices.isEmpty else { return 0 }
        try change(indices) { rows in
            for index in indices { rows[index].decisionText = DecisionKind.accept.rawValue }
        }
        return indices.count
    }

    /// Changes rows `indices`, checks the rows the change touches, and writes the file; on a
    /// problem nothing is kept.
    ///
    /// - Complexity: O(k) checks for k rows changed, and one pass over the rows' places; the
    ///   rows are changed where they stand, not copied.
    private mutating func change(_ changed: [Int], _ edit: (inout [DecisionRow]) -> Void) throws {
        let indices = Set(changed).sorted()  // a row named twice is one change
        if decisions.rowsLost, let first = decisions.problems.first {
            throw ConfirmError.decisions(decisions.problems, first: first)  // writing it back would lose rows
        }
        // One writer at a time among ledgers (scr decide, review boards): a lock on the plan
        // folder, and the file looked at again once it is held.
        let lock = try FolderLock(folder)
        defer { lock.release() }
        if changedBehind {
            stamp = nil  // read it again on the next request
            throw ChangedWhileDeciding(path: decisions.path)
        }
        // What a refused change puts back: the rows it changed, and the checks' state.
        let saved = Saved(
            rows: indices.map { decisions.rows[$0] }, context: context, rowProblems: rowProblems,
            problems: decisions.problems)
        func restore() {
            for (offset, index) in indices.enumerated() { decisions.rows[index] = saved.rows[offset] }
            (context, rowProblems, decisions.problems) = (saved.context, saved.rowProblems, saved.problems)
        }
        edit(&decisions.rows)
        // The rows to check again: the changed ones, and those of every cluster whose records a
        // changed relink joined or let go.
        var touched = Set(indices)
        var after = context
        after.relink(decisions.rows, changed: indices)
        if after.relinking != context.relinking || after.relinkedBy != context.relinkedBy {
            for record in Set(context.relinkedBy.keys).symmetricDifference(after.relinkedBy.keys) {
                if let holder = after.clusterOf[record], let row = decisions.byCluster[holder] { touched.insert(row) }
            }
            touched.formUnion(after.relinkRows)
        }
        for index in touched {
            guard let position = positions[decisions.rows[index].cluster] else { continue }
            let found = decisions.rows[index].problems(
                index, of: clusters[position], rows: decisions.rows, after, path: decisions.path)
            rowProblems[index] = found.isEmpty ? nil : found
        }
        context = after
        gatherProblems()
        if let first = decisions.problems.first {
            let problems = decisions.problems
            restore()
            throw ConfirmError.decisions(problems, first: first)
        }
        do {
            try write(changed: indices)
        } catch let failure as FileError {
            restore()  // nothing was written
            throw failure
        } catch {
            stamp = nil  // written, but not read back: read it again on the next request
            throw error
        }
        for index in indices where index < decisions.rows.count {
            if let position = positions[decisions.rows[index].cluster] {
                kinds[position] = decisions.rows[index].decision
            }
        }
        // Review clusters still undecided, from the kinds (no lookup by id).
        decisions.undecided = reviews.filter { kinds[$0] == nil }.map { clusters[$0].id }
        revision += 1
    }

    /// What a change refused puts back.
    private struct Saved {
        var rows: [DecisionRow]
        var context: DecisionContext
        var rowProblems: [Int: [Diagnostic]]
        var problems: [Diagnostic]
    }

    /// Writes the file: its bytes as read, with rows `changed` (ascending) written anew in their
    /// places; later rows' spans and lines move with them. The file is written from the bytes
    /// held and the new rows, and the bytes held are then patched (one row: moved in place, not
    /// copied whole).
    private mutating func write(changed: [Int]) throws {
        // A ledger reads the whole file's bytes, with each row's place, so this always holds.
        guard decisions.bytes != nil, let first = changed.first,
            changed.allSatisfy({ decisions.rows[$0].span != nil })
        else {
            throw FileError(path: decisions.path, "decisions.csv was not read whole; nothing was written")
        }
        // The changed rows as they will be written.
        var patches: [(span: Range<Int>, bytes: [UInt8])] = []
        for index in changed {
            let span = decisions.rows[index].span!
            var cells = DecisionRow.cells(of: span, in: decisions.bytes!) ?? decisions.rows[index].cells
            cells[DecisionRow.Column.decision] = decisions.rows[index].decisionText
            cells[DecisionRow.Column.split] = decisions.rows[index].splitText
            var csv = CSVWriter()
            csv.row(cells)
            patches.append((span, Array(csv.bytes.dropLast())))  // the line's end stays as the file had it
        }
        let file = try BlockFile(path: decisions.path)
        if byteOrderMark { file.write([0xEF, 0xBB, 0xBF]) }
        decisions.bytes!.withUnsafeBytes { old in
            var copied = 0
            for patch in patches {
                file.write(UnsafeRawBufferPointer(rebasing: old[copied..<patch.span.lowerBound]))
                patch.bytes.withUnsafeBytes { file.write($0) }
                copied = patch.span.upperBound
            }
            file.write(UnsafeRawBufferPointer(rebasing: old[copied...]))
        }
        try file.finish()
        // The stamp of what this ledger wrote, taken before it is in place: a file put there
        // by another writer right after is seen as changed behind.
        let written = FileStamp(file.temporaryPath)
        try file.commit()
        // The bytes held become the file's, and every later row's place moves with them.
        var lineShift = 0
        var shift = 0
        var next = 0
        for index in first..<decisions.rows.count {
            let span = decisions.rows[index].span!
            decisions.rows[index].line += lineShift
            if next < patches.count && changed[next] == index {
                let patch = patches[next]
                next += 1
                let start = span.lowerBound + shift
                decisions.rows[index].span = start..<(start + patch.bytes.count)
                lineShift +=
                    patch.bytes.count(where: { $0 == 0x0A }) - decisions.bytes![span].count(where: { $0 == 0x0A })
                shift += patch.bytes.count - span.count
            } else if shift != 0 {
                decisions.rows[index].span = (span.lowerBound + shift)..<(span.upperBound + shift)
            }
        }
        if patches.count == 1 {
            decisions.bytes!.replaceSubrange(patches[0].span, with: patches[0].bytes)
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(decisions.bytes!.count + shift)
            var copied = 0
            for patch in patches {
                bytes += decisions.bytes![copied..<patch.span.lowerBound]
                bytes += patch.bytes
                copied = patch.span.upperBound
            }
            bytes += decisions.bytes![copied...]
            decisions.bytes = bytes
        }
        stamp = written
        if lineShift != 0 { try load() }  // a cell now spans more lines or fewer: place every problem anew
    }

    /// Reads the file and checks every row.
    private mutating func load() throws {
        let path = (folder as NSString).appendingPathComponent(Planner.fileNames.decisions)
        let stampBefore = FileStamp(path)
        byteOrderMark =
            FileHandle(forReadingAtPath: path).map { handle in
                defer { try? handle.close() }
                return (try? handle.read(upToCount: 3)) == Data([0xEF, 0xBB, 0xBF])
            } ?? false
        // Up to the names: the reasons, the longest cell, are read again only for a row written.
        let read = try DecisionsFile.read(
            folder: folder, clusters: clusters, columns: DecisionRow.Column.names + 1, keepBytes: true)
        decisions = read
        kinds = clusters.indices.map { index in read.byCluster[clusters[index].id].flatMap { read.rows[$0].decision } }
        context = DecisionContext(rows: read.rows, clusters: clusters, always: true)
        rowProblems = [:]
        fileProblems = []
        // Sort the problems read into rows' and the file's, so that a change checks only its rows.
        let lines = Dictionary(read.rows.enumerated().map { ($1.line, $0) }, uniquingKeysWith: { a, _ in a })
        for problem in read.problems {
            if problem.location.line > 1, let index = lines[problem.location.line], problem.location.column >= 4 {
                rowProblems[index, default: []].append(problem)
            } else {
                fileProblems.append(problem)
            }
        }
        stamp = stampBefore
        revision += 1
    }

    /// The file's problems, then each row's, in row order.
    private mutating func gatherProblems() {
        decisions.problems = fileProblems + rowProblems.keys.sorted().flatMap { rowProblems[$0]! }
    }
}

/// decisions.csv changed between the start of a decision and its write (another window, `scr
/// decide`): nothing was written.
public struct ChangedWhileDeciding: Error, CustomStringConvertible {
    public var path: String
    public var description: String {
        "\(path): error: the file changed while this decision was being made (in another window or by scr decide); nothing was written; look again and decide anew"
    }
}

/// An exclusive `flock` on a folder, held while a ledger writes into it.
struct FolderLock {
    let descriptor: Int32

    init(_ folder: String) throws(FileError) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError(path: folder, "cannot open the folder: \(BlockFile.reason(errno))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let failure = errno
                close(descriptor)
                throw FileError(path: folder, "cannot lock the folder: \(BlockFile.reason(failure))")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Which file a path named when it was looked at: a file replaced by a rename (as scr writes),
/// or written in place (as a spreadsheet may), has another stamp.
struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64

    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }
}
