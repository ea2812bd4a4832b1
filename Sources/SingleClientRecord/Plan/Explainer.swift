import Foundation

/// Explains a planned pair or cluster by reading the plan's inputs again (checking they have
/// not changed) and comparing the records with the same deterministic model.
///
///     let explanation = try Explainer.explain(plan, pair: (a, b))
///     print(Explainer.text(explanation))
public enum Explainer {
    /// Matches the plan's inputs again; refuses inputs whose contents changed.
    static func rematch(_ plan: PlanDocument, planFolder: String?) throws -> MatchResult {
        for input in plan.inputs {
            if let missing = input.missing(planFolder: planFolder) { throw FileError(path: input.path, missing) }
            guard try Digest.sha256(ofFile: input.location(planFolder: planFolder)) == input.sha256 else {
                throw PlanError.inputChanged(path: input.path)
            }
        }
        let files = try InputFiles(planInputs: plan.inputs, planFolder: planFolder, file: Planner.fileNames.plan)
        return Planner.match(files).1
    }

    /// Every comparison of two records of the plan.
    public static func explain(
        _ plan: PlanDocument, planFolder: String? = nil, pair: (RecordReference, RecordReference)
    ) throws -> PairExplanation {
        let match = try rematch(plan, planFolder: planFolder)
        let index = recordIndex(match)
        guard let a = index[pair.0] else { throw PlanError.unknownRecord(pair.0.reference) }
        guard let b = index[pair.1] else { throw PlanError.unknownRecord(pair.1.reference) }
        return match.explain(a, b)
    }

    /// Every pair of a cluster's members.
    public static func explain(
        _ plan: PlanDocument, planFolder: String? = nil, cluster id: String
    ) throws -> (PlanCluster, [PairExplanation]) {
        guard let cluster = plan.clusters.first(where: { $0.id == id }) else { throw PlanError.unknownCluster(id) }
        guard cluster.members.count > 1 else { return (cluster, []) }
        let match = try rematch(plan, planFolder: planFolder)
        let index = recordIndex(match)
        var out: [PairExplanation] = []
        for x in cluster.members.indices {
            for y in (x + 1)..<cluster.members.count {
                guard let a = index[cluster.members[x]], let b = index[cluster.members[y]] else {
                    throw PlanError.unknownRecord(cluster.members[x].reference)
                }
                out.append(match.explain(a, b))
            }
        }
        return (cluster, out)
    }

    /// Each record's index in the matched records, by member.
    static func recordIndex(_ match: MatchResult) -> [RecordReference: Int] {
        Dictionary(
            match.records.indices.map { (RecordReference(match.records[$0]), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The explanation as aligned text.
    public static func text(_ explanation: PairExplanation) -> String {
        func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + String(format: "%.2f", x) }
        var lines = [
            "\(explanation.records.joined(separator: " and ")): match weight \(String(format: "%.2f", explanation.weight)) bits, probability \(String(format: "%.6f", explanation.probability))",
            "  " + "prior".padding(toLength: 20, withPad: " ", startingAt: 0)
                + "".padding(toLength: 29, withPad: " ", startingAt: 0) + signed(explanation.priorWeight).leftPadded(8)
                + "  the share of compared pairs that match",
        ]
        for c in explanation.comparisons {
            var line =
                "  " + c.comparison.padding(toLength: 20, withPad: " ", startingAt: 0)
                + c.level.padding(toLength: 29, withPad: " ", startingAt: 0) + signed(c.weight).leftPadded(8) + "  "
                + c.reason
            if let m = c.m, let u = c.u {
                line += String(format: " (m %.4f, u %.6f)", m, u)
            } else if c.level != "missing" {
                line += " (a rule's weight)"
            }
            lines.append(line)
        }
        lines.append(
            "  " + "total".padding(toLength: 49, withPad: " ", startingAt: 0) + signed(explanation.weight).leftPadded(8)
        )
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
