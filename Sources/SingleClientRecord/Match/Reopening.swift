/// A decision an earlier commit made whose grounds have changed since: the plan sends the
/// cluster to a person, with the decision's history in the reason.
///
/// Decisions kept forever pile up into wrong merges and missed ones, so a decision expires when
/// the evidence it was made on changes, and only then:
/// - two records a commit merged now contradict each other on strong evidence (two different
///   valid business, company or tax numbers, two different dates of birth, links to two
///   different Xero organisations), and the contradicting field changed in one of them since it
///   was committed (a contradiction a person saw and accepted stays accepted);
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
        /// The record's fingerprint as committed, and whether it changed since (a record
        /// committed before fingerprints were kept counts as changed).
        func committed(_ record: Int) -> RecordFingerprint?? {
            guard let place = constraints.memberOf[record] else { return nil }
            return .some(decisions.clients[place.client].fingerprints[place.member])
        }
        func changed(_ field: Field, _ records: Int...) -> Bool {
            records.contains { record in
                guard let stored = committed(record) else { return false }
                guard let stored else { return true }
                return fingerprints[record].changed(field, since: stored)
            }
        }
        func changedAtAll(_ record: Int) -> Bool {
            guard let stored = committed(record) else { return false }
            guard let stored else { return true }
            return stored != fingerprints[record]
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
                    let vector = scorer.compare(x, y).vector
                    let found = contradicting.filter { comparison, field, level in
                        vector[comparison] == level && changed(field, x, y)
                    }.map(\.0)
                    guard !found.isEmpty else { continue }
                    let client = decisions.clients[px.client]
                    clusters[index].reopened.append(
                        Reopened(
                            kind: .contradicted(clientId: client.id), a: x, b: y,
                            commit: max(client.joined[px.member], client.joined[py.member]), comparisons: found))
                }
            }
        }
        // Pairs kept apart that now share strong evidence: both clusters go to a person.
        var clusterOf: [Int: Int] = [:]
        for (x, y, since) in constraints.apartPairs where changedAtAll(x) || changedAtAll(y) {
            let vector = scorer.compare(x, y).vector
            let found = tying.filter { comparison, field, level in
                vector[comparison] == level && changed(field, x, y)
            }.map(\.0)
            guard !found.isEmpty else { continue }
            let reopened = Reopened(kind: .nowShared, a: min(x, y), b: max(x, y), commit: since, comparisons: found)
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
