/// `decisions.csv`: one row per cluster, for people who decide in a spreadsheet.
///
/// Columns: `cluster`, `status`, `proposal` (merge, keep or archive), `decision`, `split`,
/// `confidence`, `members`, `names`, `reasons`. `decision` takes `accept`, `reject` or `split`: it
/// is pre-filled `accept` for automatic clusters and left empty for review clusters, which a
/// person must decide. For `split`, `split` names the groups to keep, `|` between groups and spaces
/// between records (`hq:A xpm:B | xpm:C`); empty means every record alone.
///
/// `reasons` is filled for the review clusters, the rows a person must decide; an automatic
/// cluster's reasons are in plan.json, report.html, `scr explain` and the review board. Nearly
/// every row of a large practice is automatic, and the review board writes the whole file for
/// every decision: at 100,000 clusters, their reasons made it 39 MB instead of 12.
public enum DecisionsFile {
    public static let header = [
        "cluster", "status", "proposal", "decision", "split", "confidence", "members", "names", "reasons",
    ]

    /// The header row, which opens the file.
    static var opening: [UInt8] {
        var csv = CSVWriter()
        csv.row(header)
        return csv.bytes
    }

    /// One cluster's row; `sources` are its members' records, in order (they give the names).
    /// `carried`, a decision an earlier plan of the same cluster held, stands in place of the
    /// pre-filled one.
    static func write(
        _ cluster: PlanCluster, sources: [SourceRecord], carried: CarriedDecision? = nil, to csv: inout CSVWriter
    ) {
        var names: [String] = []
        for source in sources {
            let name = source.displayName
            if !names.contains(name) { names.append(name) }
        }
        csv.row([
            cluster.id, cluster.status.rawValue, cluster.action.rawValue,
            carried?.decision ?? (cluster.status == .auto ? "accept" : ""), carried?.split ?? "",
            String(cluster.confidence),
            cluster.members.map(\.reference).joined(separator: " "), names.joined(separator: " | "),
            cluster.status == .review ? cluster.reasons.joined(separator: "; ") : "",
        ])
    }
}

/// A decision carried from an earlier plan into a new plan's `decisions.csv`: the `decision` and
/// `split` cells as a person left them, for a cluster with the same members (the same id).
/// It is carried only onto a cluster of the same status and proposal: a cluster that was
/// automatic and is now for review (or now proposed for archive) is decided again.
public struct CarriedDecision: Sendable, Equatable {
    public var decision: String
    public var split: String
    /// The earlier row's `status` and `proposal`.
    public var status: String
    public var proposal: String

    public init(decision: String, split: String, status: String, proposal: String) {
        self.decision = decision
        self.split = split
        self.status = status
        self.proposal = proposal
    }

    /// True when it may stand for `cluster`'s decision.
    func applies(to cluster: PlanCluster) -> Bool {
        status == cluster.status.rawValue && proposal == cluster.action.rawValue
    }
}
