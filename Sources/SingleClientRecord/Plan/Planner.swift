import Crypto
import Foundation

/// The engine's version, part of every plan's identity.
public enum Engine {
    public static let version = "0.4.0"
}

/// Reads, normalises, matches and writes the plan folder: the dry run.
///
///     let outcome = try Planner.plan(InputFiles(hq: "hq.csv", ...), out: "plan")
///     outcome.document.summary.review  // clusters a person must decide
///
/// - Complexity: O(n log n) in the records (see ``Matcher``).
public enum Planner {
    public struct Outcome: Sendable {
        public var document: PlanDocument
        public var read: ReadResult
        public var match: MatchResult
        /// Seconds spent in each stage: read, normalise, match, write.
        public var timings: [(stage: String, seconds: Double)]
    }

    /// Runs the pipeline up to the plan, without writing anything.
    public static func run(_ files: InputFiles) throws -> Outcome {
        var timings: [(stage: String, seconds: Double)] = []
        var clock = Clock()
        var read = InputReader.read(files)
        timings.append(("read", clock.lap()))
        let (normalised, warnings) = Normaliser.normalise(read.records)
        read.merge(warnings)
        timings.append(("normalise", clock.lap()))
        let match = Matcher.match(read.records, normalised)
        timings.append(("match", clock.lap()))
        let document = try makeDocument(files, read, match)
        timings.append(("plan", clock.lap()))
        return Outcome(document: document, read: read, match: match, timings: timings)
    }

    /// Runs the pipeline and writes `plan.json` into `folder` (created, owner-only).
    public static func plan(_ files: InputFiles, out folder: String) throws -> Outcome {
        var outcome = try run(files)
        var clock = Clock()
        try write(outcome.document, to: folder)
        outcome.timings.append(("write", clock.lap()))
        return outcome
    }

    public static func write(_ document: PlanDocument, to folder: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = (folder as NSString).appendingPathComponent("plan.json")
        var data = try document.encoded()
        data.append(0x0A)
        guard manager.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw PlanError.unreadable(path: path, reason: "cannot write the file")
        }
    }

    // MARK: The document

    static func makeDocument(_ files: InputFiles, _ read: ReadResult, _ match: MatchResult) throws -> PlanDocument {
        var inputs: [PlanInput] = []
        for summary in read.files {
            inputs.append(
                PlanInput(
                    path: summary.path, kind: summary.kind.rawValue, sha256: try sha256(ofFile: summary.path),
                    records: summary.records, quarantined: summary.quarantined))
        }
        if let columns = files.columns {
            inputs.append(
                PlanInput(
                    path: columns, kind: "columns", sha256: try sha256(ofFile: columns), records: 0, quarantined: 0))
        }
        let clusters = match.clusters.map { planCluster($0, match) }.sorted {
            $0.members.first!.sortKey < $1.members.first!.sortKey
        }
        let model = planModel(match)
        let quarantine = read.quarantine.map {
            PlanQuarantine(file: $0.file, line: $0.line, column: $0.column, reason: $0.reason)
        }
        let review = clusters.count { $0.status == .review }
        let singles = clusters.count { $0.members.count == 1 }
        let summary = PlanSummary(
            records: read.records.count, clusters: clusters.count, auto: clusters.count - review, review: review,
            merges: clusters.count - singles, singles: singles, pairsCompared: match.pairsCompared,
            quarantined: quarantine.count)
        // The plan's identity: the engine, the options, and every input's content.
        var identity =
            "scr \(Engine.version)\npolicy combine\nauto \(model.autoThreshold)\nreview \(model.reviewThreshold)\n"
        for input in inputs { identity += "\(input.kind) \(input.sha256)\n" }
        return PlanDocument(
            formatVersion: PlanDocument.currentFormatVersion, planId: hex(SHA256.hash(data: Data(identity.utf8))),
            engineVersion: Engine.version, policy: "combine", inputs: inputs, summary: summary, model: model,
            clusters: clusters, quarantine: quarantine)
    }

    static func planCluster(_ cluster: Cluster, _ match: MatchResult) -> PlanCluster {
        let members = cluster.members.map { PlanMember(match.records[$0]) }
        let id = "c-" + hex(SHA256.hash(data: Data(members.map(\.reference).joined(separator: "\n").utf8))).prefix(16)
        var reasons: [String] = []
        let several = cluster.links.count > 1
        for link in cluster.links {
            let explanation = match.explain(link.a, link.b)
            let prefix = several ? "\(match.records[link.a].reference) and \(match.records[link.b].reference): " : ""
            reasons += explanation.reasons.map { prefix + $0 }
        }
        if cluster.members.count == 1 {
            reasons.append(
                cluster.members.first.map {
                    match.records[$0].source == .hq ? "found in HQ only" : "found in XPM only"
                }!)
        }
        for conflict in cluster.conflicts {
            let (a, b) = (match.records[conflict.a].reference, match.records[conflict.b].reference)
            reasons.append(
                "\(a) and \(b) match strongly (weight \(rounded(conflict.weight, 1))) but contradict another member: a person must decide"
            )
        }
        let links = cluster.links.map { link in
            PlanLink(
                members: [link.a, link.b].map {
                    PlanMember(match.records[$0])
                },
                weight: rounded(link.weight, 2), probability: rounded(link.probability, 6))
        }
        return PlanCluster(
            id: id, status: cluster.status, action: members.count > 1 ? "merge" : "keep",
            confidence: rounded(cluster.confidence, 4), members: members, reasons: reasons, links: links)
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
            })
    }

    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// The SHA-256 of a file's bytes, read in 1 MiB blocks.
    public static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PlanError.unreadable(path: path, reason: "cannot open the file to hash it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hex(hasher.finalize())
    }

    static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PlanMember {
    /// HQ before XPM, then by key.
    var sortKey: String { "\(source == .hq ? 0 : 1)\u{0}\(key)" }
}

/// Wall-clock laps.
struct Clock {
    private var start = Date()

    mutating func lap() -> Double {
        let now = Date()
        defer { start = now }
        return now.timeIntervalSince(start)
    }
}
