/// A decision an earlier commit made whose grounds have changed since: the plan sends the
/// cluster to a person, with the decision's history in the reason.
///
/// Decisions kept forever pile up into wrong merges and missed ones, so a decision expires when
/// the evidence it was made on changes, and only then:
/// - two records a commit merged now contradict each other on strong evidence (two different
///   valid business, company or tax numbers, two different dates of birth, links to two
///   different Xero organisations), and the contradicting field changed in one of them since it
///   was committed (a contradiction a person saw and accepted stays accepted; a record committed
///   before the store kept fingerprints has none, and counts as unchanged);
/// - two records a person kept apart now share strong evidence (the same valid business,
///   company or tax number, or the HQ record's sync link to the XPM record), and that field
///   changed in one of them since the decision.
///
/// The proposal stays the decision: the merged client is kept merged, the pair kept apart stays
/// apart, until a person decides otherwise (split, or re-link one record into the other's cluster).
struct Reopened: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Records merged as this canonical client now contradict each other.
        case contradicted(clientId: String)
        /// Records kept apart now share strong evidence.
        case nowShared
    }

    var kind: Kind
    /// The two records, indices into the records matched.
    var a: Int
    var b: Int
    /// The commit that merged the two, or kept them apart.
    var commit: Int64
    /// The comparisons that now contradict, or now tie.
    var comparisons: [Comparison]
    /// Of `a` and `b`, those whose field behind a comparison changed since they were committed.
    var changed: [Int] = []

    /// The comparisons that say two records are different clients, beyond doubt, and the field
    /// each reads.
    static let contradicting: [(Comparison, Field, Int)] = [
        (.businessNumber, .businessNumber, Comparison.IdentifierLevel.different.rawValue),
        (.companyNumber, .companyNumber, Comparison.CompanyLevel.different.rawValue),
        (.taxNumber, .taxNumber, Comparison.TaxLevel.different.rawValue),
        (.dateOfBirth, .dateOfBirth, Comparison.DateLevel.different.rawValue),
        (.link, .xeroOrganisationID, Comparison.LinkLevel.differentXeroOrganisation.rawValue),
    ]

    /// The comparisons that tie two records beyond doubt, and the field each reads.
    static let tying: [(Comparison, Field, Int)] = [
        (.businessNumber, .businessNumber, Comparison.IdentifierLevel.exact.rawValue),
        (.companyNumber, .companyNumber, Comparison.CompanyLevel.exact.rawValue),
        (.taxNumber, .taxNumber, Comparison.TaxLevel.exact.rawValue),
        (.link, .xpmClientUUID, Comparison.LinkLevel.syncLink.rawValue),
    ]

    /// Finds the decisions whose grounds changed and sends their clusters to a person.
    ///
    /// - Complexity: O(m²) per committed client of m members present, and O(1) per pair kept
    ///   apart; only records whose fingerprint changed since they were committed are compared.
    static func reopen(
        _ clusters: inout [Cluster], constraints: MatchConstraints, fingerprints: [RecordFingerprint],
        scorer: Scorer
    ) {
        guard let decisions = constraints.decisions, !fingerprints.isEmpty else { return }
        /// The record's fingerprint as committed (nil for a record no commit holds, or one
        /// committed before fingerprints were kept: nothing says it changed, so a store from
        /// before the history re-opens nothing until its next commit has recorded them).
        func committed(_ record: Int) -> RecordFingerprint? {
            guard let place = constraints.memberOf[record] else { return nil }
            return decisions.clients[place.client].fingerprints[place.member]
        }
        func changed(_ field: Field, _ record: Int) -> Bool {
            committed(record).map { fingerprints[record].changed(field, since: $0) } ?? false
        }
        func changedAtAll(_ record: Int) -> Bool {
            committed(record).map { $0 != fingerprints[record] } ?? false
        }
        func reopened(
            _ kind: Kind, _ x: Int, _ y: Int, commit: Int64, _ rules: [(Comparison, Field, Int)],
            _ vector: ComparisonVector
        ) -> Reopened? {
            let found = rules.filter { comparison, field, level in
                vector[comparison] == level && (changed(field, x) || changed(field, y))
            }
            guard !found.isEmpty else { return nil }
            return Reopened(
                kind: kind, a: min(x, y), b: max(x, y), commit: commit, comparisons: found.map(\.0),
                changed: [min(x, y), max(x, y)].filter { record in found.contains { changed($0.1, record) } })
        }
        // Merged records that now contradict each other.
        for index in clusters.indices where !clusters[index].canonicalIds.isEmpty {
            let members = clusters[index].members
            guard members.contains(where: changedAtAll) else { continue }
            for (i, x) in members.enumerated() {
                for y in members[(i + 1)...] {
                    guard let px = constraints.memberOf[x], let py = constraints.memberOf[y], px.client == py.client,
                        changedAtAll(x) || changedAtAll(y)
                    else { continue }
                    let client = decisions.clients[px.client]
                    if let found = reopened(
                        .contradicted(clientId: client.id), x, y,
                        commit: max(client.joined[px.member], client.joined[py.member]), contradicting,
                        scorer.compare(x, y).vector)
                    {
                        clusters[index].reopened.append(found)
                    }
                }
            }
        }
        // Pairs kept apart that now share strong evidence: both clusters go to a person.
        var clusterOf: [Int: Int] = [:]
        for (x, y, since) in constraints.apartPairs where changedAtAll(x) || changedAtAll(y) {
            guard let reopened = reopened(.nowShared, x, y, commit: since, tying, scorer.compare(x, y).vector)
            else { continue }
            if clusterOf.isEmpty {
                for (index, cluster) in clusters.enumerated() {
                    for member in cluster.members { clusterOf[member] = index }
                }
            }
            for record in [x, y] {
                if let index = clusterOf[record], !clusters[index].reopened.contains(reopened) {
                    clusters[index].reopened.append(reopened)
                }
            }
        }
        for index in clusters.indices where !clusters[index].reopened.isEmpty {
            clusters[index].status = .review
        }
    }
}
