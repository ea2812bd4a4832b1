/// `decisions.csv`: one row per cluster, for people who decide in a spreadsheet.
///
/// Columns: `cluster`, `status`, `proposal` (merge, keep or archive), `decision`, `split`,
/// `confidence`, `members`, `names`, `reasons`. `decision` takes `accept`, `reject` or `split`: it
/// is pre-filled `accept` for automatic clusters and left empty for review clusters, which a
/// person must decide. For `split`, `split` names the groups to keep, `|` between groups and spaces
/// between records (`hq:A xpm:B | xpm:C`); empty means every record alone.
public enum DecisionsFile: PlanFolderFile {
    public static let header = [
        "cluster", "status", "proposal", "decision", "split", "confidence", "members", "names", "reasons",
    ]

    /// The rows in order, rendered on every core.
    public static func write(_ plan: PlanDocument, records: [PlanMember: SourceRecord], emit: ([UInt8]) -> Void) {
        var csv = CSVWriter()
        csv.row(header)
        emit(csv.bytes)
        renderInOrder(count: plan.clusters.count) { range in
            var csv = CSVWriter()
            for cluster in plan.clusters[range] {
                var names: [String] = []
                for member in cluster.members {
                    if let name = records[member]?.displayName, !names.contains(name) { names.append(name) }
                }
                csv.row([
                    cluster.id, cluster.status.rawValue, cluster.action.rawValue,
                    cluster.status == .auto ? "accept" : "", "", String(cluster.confidence),
                    cluster.members.map(\.reference).joined(separator: " "), names.joined(separator: " | "),
                    cluster.reasons.joined(separator: "; "),
                ])
            }
            return csv.bytes
        } emit: {
            emit($0)
        }
    }
}
