import Crypto
import Foundation

/// The engine's version, part of every plan's identity.
enum Engine {
    public static let version = "0.6.0"
}

/// What a plan is made with, besides its inputs; part of its identity (``PlanDocument/planId``).
public struct PlanOptions: Sendable, Equatable {
    public var policy: ReconcilePolicy
    public var preferences: SourcePreferences
    /// The store the plan is made against, as it is now (`scr plan --store`): its committed
    /// clients stay together, its pairs kept apart stay apart, and the plan records its state.
    public var committed: CommittedDecisions?
    /// A store to read `committed` from, when `committed` is nil (``PlanFolder/plan`` reads it
    /// while the inputs are read).
    public var committedFrom: (any CommittedStore)?
    /// The folder the plan is written to: each input's path is recorded relative to it too.
    public var planFolder: String?
    public var store: StoreState? { committed?.state }

    /// The policy with its default preferences.
    public init(policy: ReconcilePolicy = .combine) {
        self.policy = policy
        preferences = SourcePreferences(policy: policy)
    }

    public init(policy: ReconcilePolicy, preferences: SourcePreferences) {
        self.policy = policy
        self.preferences = preferences
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.policy == rhs.policy && lhs.preferences == rhs.preferences && lhs.committed == rhs.committed
            && lhs.planFolder == rhs.planFolder && lhs.committedFrom === rhs.committedFrom
    }
}

/// Reads, normalises, matches and reconciles: the dry run, up to the plan (``PlanFolder`` writes it).
///
///     let outcome = try Planner.run(InputFiles(hq: "hq.csv", ...))
///     outcome.document.summary.review  // clusters a person must decide
///
/// - Complexity: O(n log n) in the records (see ``Matcher``).
public enum Planner {
    /// A plan made in memory (``run(_:options:progress:)``), clusters and all.
    public struct Outcome: Sendable {
        public var document: PlanDocument
        public var read: ReadResult
        public var match: MatchResult
        /// Seconds spent in each stage: read, normalise, match, reconcile.
        public var timings: [(stage: String, seconds: Double)]

        public init(
            document: PlanDocument, read: ReadResult, match: MatchResult, timings: [(stage: String, seconds: Double)]
        ) {
            self.document = document
            self.read = read
            self.match = match
            self.timings = timings
        }
    }

    /// Hears which stage starts: reading, normalising, matching, reconciling (and writing).
    public typealias Progress = (String) -> Void

    /// Runs the pipeline up to the plan, without writing anything: the whole plan in memory, for
    /// tests and evaluations (``PlanFolder/plan(_:options:out:carried:progress:)`` writes a plan
    /// without holding it).
    public static func run(
        _ files: InputFiles, options: PlanOptions = PlanOptions(), progress: Progress? = nil
    ) throws -> Outcome {
        var options = options
        if options.committed == nil, let store = options.committedFrom {
            options.committed = try store.committedDecisions()
        }
        var (read, match, timings) = self.match(files, committed: options.committed, progress: progress)
        var clock = Clock()
        progress?("reconciling \(match.clusters.count) clusters")
        let document = try document(files, options, read, match)
        timings.append(("reconcile", clock.lap()))
        return Outcome(document: document, read: read, match: match, timings: timings)
    }

    /// Reads, normalises and matches, without reconciling: what `explain` needs.
    public static func match(
        _ files: InputFiles, committed: CommittedDecisions? = nil, progress: Progress? = nil
    ) -> (
        ReadResult, MatchResult, [(stage: String, seconds: Double)]
    ) {
        match(files, progress: progress) { committed }
    }

    /// Reads, normalises and matches, asking `committed` for the store's decisions once the inputs
    /// are read and normalised (so that a store can be read meanwhile).
    static func match(
        _ files: InputFiles, progress: Progress?, committed: () throws -> CommittedDecisions?
    ) rethrows -> (
        ReadResult, MatchResult, [(stage: String, seconds: Double)]
    ) {
        var timings: [(stage: String, seconds: Double)] = []
        var clock = Clock()
        progress?("reading the inputs")
        var read = InputReader.read(files)
        timings.append(("read", clock.lap()))
        progress?("normalising \(read.records.count) records")
        let (normalised, warnings) = Normaliser.normalise(read.records)
        read.merge(warnings)
        timings.append(("normalise", clock.lap()))
        progress?("matching \(read.records.count) records")
        let constraints = try committed().map { MatchConstraints($0, records: read.records) } ?? MatchConstraints()
        let match = Matcher.match(read.records, normalised, constraints: constraints)
        timings.append(("match", clock.lap()))
        return (read, match, timings)
    }

    /// The plan folder's files, by name.
    public static let fileNames = (plan: "plan.json", report: "report.html", decisions: "decisions.csv")

    // MARK: The document

    /// Reconciles every cluster and assembles the whole plan in memory: the `reconcile` stage of
    /// ``run(_:options:progress:)``.
    public static func document(
        _ files: InputFiles, _ options: PlanOptions, _ read: ReadResult, _ match: MatchResult
    )
        throws -> PlanDocument
    {
        let (header, order) = try header(files, options, read, match)
        var document = header
        let reconciler = reconciler(options, read)
        document.clusters.reserveCapacity(order.count)
        renderInOrder(count: order.count) { range in
            range.map { planCluster(match.clusters[order[$0]], match, reconciler) }
        } emit: {
            document.clusters += $0
        }
        document.summary.conflicts = document.clusters.count { !$0.conflicts.isEmpty }
        for changes in document.clusters.lazy.compactMap(\.changes) { document.sinceLastCommit?.add(changes) }
        return document
    }

    /// The reconciler for the options, reading phones without a prefix in the practice's country.
    static func reconciler(_ options: PlanOptions, _ read: ReadResult) -> Reconciler {
        Reconciler(
            policy: options.policy, preferences: options.preferences,
            defaultCountry: Normaliser.practiceCountry(read.records))
    }

    /// Everything of the plan but its clusters, with the order the clusters take in it (by their
    /// first member: HQ before XPM, then by key). The summary counts all but `conflicts` (0
    /// here), which only reconciling finds.
    static func header(
        _ files: InputFiles, _ options: PlanOptions, _ read: ReadResult, _ match: MatchResult
    ) throws -> (document: PlanDocument, order: [Int]) {
        var inputs: [PlanInput] = []
        for summary in read.files {
            inputs.append(
                PlanInput(
                    path: summary.path, fromPlan: options.planFolder.map { relativePath(summary.path, from: $0) },
                    kind: summary.kind.rawValue, sha256: try summary.sha256 ?? Digest.sha256(ofFile: summary.path),
                    records: summary.records, quarantined: summary.quarantined))
        }
        if let columns = files.columns {
            inputs.append(
                PlanInput(
                    path: columns, fromPlan: options.planFolder.map { relativePath(columns, from: $0) },
                    kind: PlanInput.columnsKind, sha256: try Digest.sha256(ofFile: columns), records: 0,
                    quarantined: 0))
        }
        let firstMembers = match.clusters.map { RecordReference(match.records[$0.members[0]]).sortKey }
        let order = match.clusters.indices.sorted { firstMembers[$0] < firstMembers[$1] }
        let model = planModel(match)
        let quarantine = read.quarantine.map {
            PlanQuarantine(file: $0.file, line: $0.line, column: $0.column, reason: $0.reason)
        }
        var summary = PlanSummary(
            records: read.records.count, clusters: match.clusters.count, auto: 0, review: 0, merges: 0, autoMerges: 0,
            singles: 0, oneSided: 0, archives: 0, conflicts: 0, pairsCompared: match.pairsCompared,
            quarantined: quarantine.count)
        for cluster in match.clusters {
            let sources = cluster.members.map { match.records[$0].source }
            let action = options.policy.action(sources)
            let several = sources.count > 1
            if cluster.status == .review { summary.review += 1 }
            if several { summary.merges += 1 } else { summary.singles += 1 }
            if several && cluster.status == .auto { summary.autoMerges += 1 }
            if sources.allSatisfy({ $0 == sources[0] }) { summary.oneSided += 1 }
            if action == .archive { summary.archives += 1 }
        }
        summary.auto = summary.clusters - summary.review
        // The plan's identity: the engine, the options, and every input's content.
        let preferences = options.preferences.byKey
        var identity = "scr \(Engine.version)\npolicy \(options.policy.rawValue)\n"
        identity += "auto \(model.autoThreshold)\nreview \(model.reviewThreshold)\n"
        for (key, source) in preferences.sorted(by: { $0.key < $1.key }) { identity += "prefer \(key) \(source)\n" }
        for input in inputs { identity += "\(input.kind) \(input.sha256)\n" }
        if let store = options.store { identity += "store \(store.id) \(store.generation)\n" }
        let document = PlanDocument(
            formatVersion: PlanDocument.currentFormatVersion, planId: hex(SHA256.hash(data: Data(identity.utf8))),
            engineVersion: Engine.version, policy: options.policy.rawValue, preferences: preferences, inputs: inputs,
            summary: summary, model: model, clusters: [], quarantine: quarantine, store: options.store,
            sinceLastCommit: planChanges(match))
        return (document, order)
    }

    static func planCluster(_ cluster: Cluster, _ match: MatchResult, _ reconciler: Reconciler) -> PlanCluster {
        let members = cluster.members.map { RecordReference(match.records[$0]) }
        let id = "c-" + hex(SHA256.hash(data: Data(members.map(\.reference).joined(separator: "\n").utf8))).prefix(16)
        var reasons: [String] = []
        if !cluster.canonicalIds.isEmpty {
            let clients = cluster.canonicalIds.joined(separator: " and ")
            if cluster.canonicalIds.count > 1 {
                reasons.append("joins canonical clients \(clients), each committed before")
            } else if cluster.members.count > 1 {
                reasons.append("kept together: committed before as canonical client \(clients)")
            } else {
                reasons.append("committed before as canonical client \(clients)")
            }
        }
        let several = cluster.links.count > 1
        for link in cluster.links {
            let prefix = several ? "\(match.records[link.a].reference) and \(match.records[link.b].reference): " : ""
            reasons += match.reasons(link).map { prefix + $0 }
        }
        if cluster.members.count == 1 && cluster.canonicalIds.isEmpty {
            reasons.append(
                cluster.members.first.map {
                    match.records[$0].source == .hq ? "found in HQ only" : "found in XPM only"
                }!)
        }
        func references(_ pair: ScoredPair) -> (String, String) {
            (match.records[pair.a].reference, match.records[pair.b].reference)
        }
        for weak in cluster.weakPairs {
            let (a, b) = references(weak.pair)
            let weight = rounded(weak.pair.weight, 1)
            let joined = cluster.members.contains(weak.pair.a) && cluster.members.contains(weak.pair.b)
            switch weak.why {
            case .sharedValues(let values, let own):
                let list = values.map(\.words).joined(separator: ", ")
                reasons.append(
                    "\(a) and \(b) match (weight \(weight)), but \((own * 10).rounded(.down) / 10) without what other clients hold too (\(list)), short of the \(Int(match.thresholds.auto)) a merge without a person needs; a person must decide"
                )
            case .onlySharedValues(let values):
                let list = values.map(\.words).joined(separator: ", ")
                reasons.append(
                    "\(a) and \(b) are held together only by values other clients hold too: \(list); a person must decide"
                )
            case .untiedClients:
                reasons.append(
                    joined
                        ? "\(a) and \(b) match (weight \(weight)), but they are two records of one list, and no identifier, date of birth or link ties them (a duplicate, or a namesake of the family): a person must decide"
                        : "\(a) and \(b) match (weight \(weight)), but the cluster would then hold two records of one list, and no identifier, date of birth or link ties them: a person must decide"
                )
            case .contradiction(let comparisons):
                let rules = comparisons.map { $0.levels[weak.pair.vector[$0]].label }.joined(separator: ", ")
                reasons.append(
                    "\(a) and \(b) match strongly (weight \(weight)) but contradict each other (\(rules)): a person must decide"
                )
            }
        }
        for link in cluster.links where link.vector.personAndOrganisation {
            let (a, b) = references(link)
            reasons.append(
                "\(a) and \(b): one is a person and the other an organisation, which Xero HQ never merges: a person must decide"
            )
        }
        for conflict in cluster.conflicts
        where !cluster.weakPairs.contains(where: { $0.pair.a == conflict.a && $0.pair.b == conflict.b }) {
            let (a, b) = references(conflict)
            reasons.append(
                conflict.vector.linkedToDifferentOrganisations
                    ? "\(a) and \(b) match strongly but are linked to different Xero organisations, which Xero HQ never merges: a person must decide"
                    : "\(a) and \(b) match strongly (weight \(rounded(conflict.weight, 1))) but contradict another member: a person must decide"
            )
        }
        let links = cluster.links.map { link in
            PlanLink(
                members: [link.a, link.b].map {
                    RecordReference(match.records[$0])
                },
                weight: rounded(link.weight, 2), probability: rounded(link.probability, 6))
        }
        let reopened = cluster.reopened.map { reason($0, match) }
        reasons += reopened
        let reconciled = reconciler.reconcile(cluster.members, records: match.records, normalised: match.normalised)
        if reconciled.action == .archive {
            reasons.append(
                "proposed for archive: the \(reconciler.policy.rawValue) policy keeps only \(reconciler.policy.canonicalSide == .hq ? "HQ" : "XPM")'s clients"
            )
        }
        return PlanCluster(
            id: id, status: cluster.status, action: reconciled.action, confidence: rounded(cluster.confidence, 4),
            members: members, reasons: reasons, links: links, record: reconciled.record,
            conflicts: reconciled.conflicts, canonicalIds: cluster.canonicalIds.isEmpty ? nil : cluster.canonicalIds,
            changes: clusterChanges(cluster, match, record: reconciled.record, reopened: reopened))
    }

    static func planModel(_ match: MatchResult) -> PlanModel {
        let model = match.model
        return PlanModel(
            prior: rounded(model.prior, 6), priorWeight: rounded(model.priorWeight, 3),
            autoThreshold: match.thresholds.auto, reviewThreshold: match.thresholds.review,
            sampledPairs: model.sampledPairs, iterations: model.iterations,
            comparisons: Comparison.allCases.map { comparison in
                PlanComparison(
                    name: comparison.title,
                    levels: comparison.levels.enumerated().map { level, spec in
                        PlanLevel(
                            name: spec.name, label: spec.label, weight: rounded(model.weight(comparison, level), 3),
                            m: spec.rule == nil ? rounded(model.m[comparison.rawValue][level], 6) : nil,
                            u: spec.rule == nil ? rounded(model.u[comparison.rawValue][level], 8) : nil)
                    })
            }, weightHistogram: match.histogram)
    }

    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
