import Foundation
import SingleClientRecord

/// A plan measured against the truth: which records really are one client.
///
/// Pairwise: every two records in one proposed cluster are a proposed match; precision is the
/// share of proposed matches that are true, recall the share of true matches proposed. The
/// `auto` clusters' precision is measured alone, since those merges happen without a person.
///
///     let truth = try Truth.read(from: "truth.csv")
///     let result = Evaluation(plan: plan, truth: truth)
///     result.autoPrecision  // 0.9996
///
/// - Complexity: O(n) in the records.
public struct Evaluation: Codable, Sendable, Equatable {
    public var records: Int
    public var clusters: Int
    public var reviewClusters: Int
    public var reviewShare: Double
    public var truePairs: Int
    public var proposedPairs: Int
    public var correctPairs: Int
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var autoPairs: Int
    public var autoCorrectPairs: Int
    public var autoPrecision: Double
    /// Records in the truth that are in no cluster (the plan's quarantine may hold them).
    public var missing: [String]
    /// Records in more than one cluster.
    public var doubled: [String]
    /// Records in the plan that the truth does not know.
    public var unknown: [String]
    public var quarantined: Int

    public init(plan: PlanDocument, truth: Truth) {
        self.init(clusters: plan.clusters, quarantined: plan.quarantine.count, truth: truth)
    }

    /// From clusters alone (a ``PlanOutline``'s, read without decoding every record), with the
    /// number of rows quarantined.
    public init(clusters planned: [some DecidedCluster], quarantined: Int, truth: Truth) {
        var seen: [RecordReference: Int] = [:]
        var doubled: [String] = []
        var unknown: [String] = []
        var proposed = 0
        var correct = 0
        var autoPairs = 0
        var autoCorrect = 0
        for cluster in planned {
            var byEntity: [String: Int] = [:]
            for member in cluster.members {
                seen[member, default: 0] += 1
                if seen[member] == 2 { doubled.append(member.reference) }
                if let entity = truth.entity[member] {
                    byEntity[entity, default: 0] += 1
                } else {
                    unknown.append(member.reference)
                }
            }
            let n = cluster.members.count
            let pairs = n * (n - 1) / 2
            let right = byEntity.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
            proposed += pairs
            correct += right
            if cluster.status == .auto {
                autoPairs += pairs
                autoCorrect += right
            }
        }
        var perEntity: [String: Int] = [:]
        for (_, entity) in truth.entity { perEntity[entity, default: 0] += 1 }
        truePairs = perEntity.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        missing = truth.entity.keys.filter { seen[$0] == nil }.map(\.reference).sorted()
        self.doubled = doubled.sorted()
        self.unknown = unknown.sorted()
        records = seen.count
        clusters = planned.count
        reviewClusters = planned.count { $0.status == .review }
        reviewShare = clusters == 0 ? 0 : Double(reviewClusters) / Double(clusters)
        proposedPairs = proposed
        correctPairs = correct
        self.autoPairs = autoPairs
        autoCorrectPairs = autoCorrect
        precision = proposed == 0 ? 1 : Double(correct) / Double(proposed)
        recall = truePairs == 0 ? 1 : Double(correct) / Double(truePairs)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        autoPrecision = autoPairs == 0 ? 1 : Double(autoCorrect) / Double(autoPairs)
        self.quarantined = quarantined
    }

    /// The figures as a person reads them.
    public var text: String {
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        var lines = [
            "records \(records), clusters \(clusters), in review \(reviewClusters) (\(String(format: "%.2f", reviewShare * 100))%)",
            "pairs: true \(truePairs), proposed \(proposedPairs), correct \(correctPairs)",
            "precision \(f(precision)), recall \(f(recall)), F1 \(f(f1))",
            "auto: pairs \(autoPairs), correct \(autoCorrectPairs), precision \(f(autoPrecision))",
            "missing \(missing.count), doubled \(doubled.count), unknown to the truth \(unknown.count), quarantined rows \(quarantined)",
        ]
        for reference in (missing + doubled + unknown).prefix(20) { lines.append("  \(reference)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `truth.csv`: `source,key,entity`, one row per record.
public struct Truth: Sendable {
    public var entity: [RecordReference: String]

    public init(entity: [RecordReference: String]) { self.entity = entity }

    public static func read(from path: String) throws -> Truth {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(file: path, "cannot read the file")
        }
        var entity: [RecordReference: String] = [:]
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || (index == 0 && line.lowercased() == "source,key,entity") { continue }
            let parts = line.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3, let source = SourceSystem(rawValue: String(parts[0])), !parts[1].isEmpty,
                !parts[2].isEmpty
            else {
                throw ReadError(
                    SourceLocation(file: path, line: index + 1, column: 1),
                    "expected 'source,key,entity' with source 'hq' or 'xpm'")
            }
            entity[RecordReference(source: source, key: String(parts[1]))] = String(parts[2])
        }
        guard !entity.isEmpty else {
            throw ReadError(file: path, "the truth holds no records; expected rows of 'source,key,entity'")
        }
        return Truth(entity: entity)
    }
}
