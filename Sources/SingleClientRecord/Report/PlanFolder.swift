import Foundation

/// The plan folder: `plan.json`, `report.html` and `decisions.csv`, written as the clusters are
/// reconciled (the dry run's output; no store is changed).
///
///     let written = try PlanFolder.plan(InputFiles(hq: "hq.csv", ...), out: "plan")
///     written.header.summary.review  // clusters a person must decide
///
/// - Complexity: O(n log n) in the records (see ``Matcher``); the folder is written in batches,
///   so memory beyond matching's does not grow with the plan.
public enum PlanFolder {
    /// A plan written to its folder: the plan without its clusters, which were written to the
    /// folder as they were reconciled and are not held in memory.
    public struct Written: Sendable {
        /// The plan's identity, inputs, model, quarantine and summary; its `clusters` are empty.
        public var header: PlanDocument
        public var read: ReadResult
        public var match: MatchResult
        /// Seconds spent in each stage: read, normalise, match, then reconcile and write as one.
        public var timings: [(stage: String, seconds: Double)]
        /// Clusters whose decision was carried from an earlier plan, in plan order.
        public var carriedOver: [String] = []
    }

    /// Runs the pipeline and writes the plan folder (see ``write(_:_:_:_:to:carried:progress:)``).
    public static func plan(
        _ files: InputFiles, options: PlanOptions = PlanOptions(), out folder: String,
        carried: [String: CarriedDecision] = [:], progress: Planner.Progress? = nil
    ) throws -> Written {
        try refuseInputsAmongOutputs(files, folder: folder)  // before matching; write checks it again, cheaply
        // The store is read on another core while the inputs are read.
        var options = options
        let loading: Background<Result<CommittedDecisions, any Error>>? = options.committedFrom.map { store in
            Background { () -> Result<CommittedDecisions, any Error> in
                do {
                    return .success(try store.committedDecisions())
                } catch {
                    return .failure(error)
                }
            }
        }
        let (read, match, timings) = try Planner.match(files, progress: progress) {
            if let loading { options.committed = try loading.value.get() }
            return options.committed
        }
        var written = try write(files, options, read, match, to: folder, carried: carried, progress: progress)
        written.timings = timings + written.timings
        return written
    }

    /// Reconciles every cluster and writes `plan.json`, `report.html` and `decisions.csv` into
    /// `folder` as it goes, a batch of clusters at a time on every core (so that no file and no
    /// more than a batch of reconciled clusters is ever whole in memory). The folder is created
    /// owner-only (or tightened) and the files are readable by their owner only: they hold client
    /// data. Each file is written the one way (``BlockFile``): until all three are whole, the
    /// folder's earlier files stay as they were. `carried` gives the decisions of clusters an
    /// earlier plan held, by cluster id.
    public static func write(
        _ files: InputFiles, _ options: PlanOptions, _ read: ReadResult, _ match: MatchResult, to folder: String,
        carried: [String: CarriedDecision] = [:], progress: Planner.Progress? = nil
    ) throws -> Written {
        try refuseInputsAmongOutputs(files, folder: folder)
        var clock = Clock()
        progress?("reconciling and writing \(match.clusters.count) clusters")
        var options = options
        if options.planFolder == nil { options.planFolder = folder }
        try OutputFolder.prepare(folder)  // first: the inputs' paths are recorded from it
        let (header, order) = try Planner.header(files, options, read, match)
        let decisions = ReportPage.DecisionCounts(match, policy: options.policy)
        try OutputFolder.prepare(folder)
        func create(_ name: String) throws(FileError) -> (path: String, file: BlockFile) {
            let path = (folder as NSString).appendingPathComponent(name)
            return (path, try BlockFile(path: path))
        }
        let names = Planner.fileNames
        let outputs = [try create(names.plan), try create(names.report), try create(names.decisions)]
        let (plan, report, csv) = (outputs[0].file, outputs[1].file, outputs[2].file)
        plan.write(PlanDocument.opening)
        report.write(ReportPage.opening(header, decisions: decisions))
        csv.write(DecisionsFile.opening)
        let reconciler = Planner.reconciler(options, read)
        var conflicts = 0
        var carriedOver: [String] = []
        var changes = PlanChanges()
        renderInOrder(count: order.count) { range in
            var planJSON = JSONWriter(capacity: range.count * 4096)
            var reportJSON = JSONWriter(htmlSafe: true, capacity: range.count * 2048)
            var rows = CSVWriter()
            var conflicts = 0
            var carriedOver: [String] = []
            var changes = PlanChanges()
            for index in range {
                let members = match.clusters[order[index]]
                let cluster = Planner.planCluster(members, match, reconciler)
                let sources = members.members.map { match.records[$0] }
                if !cluster.conflicts.isEmpty { conflicts += 1 }
                if let changed = cluster.changes { changes.add(changed) }
                PlanDocument.write(cluster, index: index, to: &planJSON)
                ReportPage.write(cluster, index: index, sources: sources, to: &reportJSON)
                // A decision whose grounds changed since (a re-opened cluster) is never carried: a
                // person must see the new evidence.
                let earlier =
                    carried.isEmpty || !(cluster.changes?.reopened.isEmpty ?? true)
                    ? nil : carried[cluster.id].flatMap { $0.applies(to: cluster) ? $0 : nil }
                if earlier != nil { carriedOver.append(cluster.id) }
                DecisionsFile.write(cluster, sources: sources, carried: earlier, to: &rows)
            }
            return (planJSON.bytes, reportJSON.bytes, rows.bytes, conflicts, carriedOver, changes)
        } emit: { part in
            plan.write(part.0)
            report.write(part.1)
            csv.write(part.2)
            conflicts += part.3
            carriedOver += part.4
            changes.add(counts: part.5)
        }
        var written = header
        written.summary.conflicts = conflicts
        if written.sinceLastCommit != nil { written.sinceLastCommit?.add(counts: changes) }
        plan.write(written.closing(clusterCount: order.count))
        report.write(
            ReportPage.closing(clusterCount: order.count, conflicts: conflicts, changes: written.sinceLastCommit))
        // Every file whole and synced first, then the three renamed together: a failure before
        // the renames leaves every earlier file of the folder as it was.
        for (_, file) in outputs { try file.finish() }
        for (_, file) in outputs { try file.commit() }
        return Written(
            header: written, read: read, match: match, timings: [("reconcile and write", clock.lap())],
            carriedOver: carriedOver)
    }

    /// Refuses inputs that are one of the plan folder's own files: planning would overwrite them.
    static func refuseInputsAmongOutputs(_ files: InputFiles, folder: String) throws(PlanError) {
        let names = [
            Planner.fileNames.plan, Planner.fileNames.report, Planner.fileNames.decisions, "confirmation.json",
        ]
        let outputs = Set(names.map { canonical((folder as NSString).appendingPathComponent($0)) })
        let inputs = [files.hq, files.hqContacts, files.columns].compactMap { $0 } + files.xpm + files.xpmCSV
        for input in inputs where outputs.contains(canonical(input)) {
            throw PlanError.inputAmongOutputs(path: input)
        }
    }

    /// A path with its links resolved and `.` and `..` taken out, for telling whether two paths
    /// name one file.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
