/// The plan's invariants as code, for the tests and `scr plan --verify`.
///
/// - Conservation: every record read is in exactly one cluster (quarantined rows were never read
///   into records, and are listed apart).
/// - Provenance: every canonical value comes from a member of its own cluster.
/// - Identity: cluster ids are unique, and the summary counts what the clusters say.
///
///     let problems = plan.invariantProblems(records: outcome.match.records)
///     // [] when the plan holds; else one line per broken invariant
extension PlanDocument {
    /// - Complexity: O(n) in the plan's members and values.
    public func invariantProblems(records: [SourceRecord]) -> [String] {
        var problems: [String] = []
        var clusterOf: [RecordReference: String] = [:]
        clusterOf.reserveCapacity(records.count)
        var ids = Set<String>()
        for cluster in clusters {
            if !ids.insert(cluster.id).inserted { problems.append("cluster id \(cluster.id) is used twice") }
            let members = Set(cluster.members)
            for member in cluster.members {
                if let other = clusterOf.updateValue(cluster.id, forKey: member) {
                    problems.append("\(member.reference) is in two clusters, \(other) and \(cluster.id)")
                }
            }
            let record = cluster.record
            let sources =
                record.fields.values.map(\.from) + record.emails.map(\.from) + record.phones.map(\.from)
                + record.addresses.map(\.from) + record.contacts.flatMap(\.from) + record.groups.flatMap(\.from)
                + record.customFields.map(\.from) + record.notes.map(\.from) + record.relationships.map(\.from)
                + cluster.conflicts.flatMap { $0.values.map(\.from) }
            for source in Set(sources) where !members.contains(source) {
                problems.append("cluster \(cluster.id) takes a value from \(source.reference), which is not its member")
            }
        }
        for record in records where clusterOf[RecordReference(record)] == nil {
            problems.append("\(record.reference) was read but is in no cluster")
        }
        if clusterOf.count != records.count {
            problems.append("the clusters hold \(clusterOf.count) records; \(records.count) were read")
        }
        let review = clusters.count { $0.status == .review }
        let counted = [
            ("clusters", summary.clusters, clusters.count), ("records", summary.records, records.count),
            ("review", summary.review, review), ("auto", summary.auto, clusters.count - review),
            ("archives", summary.archives, clusters.count { $0.action == .archive }),
        ]
        for (name, said, found) in counted where said != found {
            problems.append("the summary says \(said) \(name); the clusters hold \(found)")
        }
        return problems
    }
}
