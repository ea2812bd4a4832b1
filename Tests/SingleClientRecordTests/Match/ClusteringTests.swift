import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Clusters from pairs set by hand over real records, so that each rule is seen alone.
@Suite struct ClusteringTests {
    let folder = TemporaryFolder()

    /// Five HQ rows and a scorer for them; the pairs' levels and weights come from each test.
    private func records() -> (MatchResult, Scorer) {
        let rows = [
            "Client ID,Name,Business Structure", "1,Lee Operations Pty Ltd,Company", "2,Lee Operations,Company",
            "3,Lee Capital Pty Ltd,Company", "4,Smith Holdings Pty Ltd,Company", "5,Smith Investments Pty Ltd,Company",
        ]
        let result = InputReader.read(InputFiles(hq: folder.write("hq.csv", rows.joined(separator: "\n") + "\n")))
        let (normalised, _) = Normaliser.normalise(result.records, defaultCountry: .au)
        let match = Matcher.match(result.records, normalised)
        return (match, Scorer(model: match.model, features: match.features, frequencies: match.frequencies))
    }

    /// A pair at a name level and weight; `tied`, with the same ABN too; `contradicting`, with
    /// two different valid TFNs.
    private func pair(
        _ a: Int, _ b: Int, _ name: Comparison.NameLevel, _ weight: Double, tied: Bool = false,
        contradicting: Bool = false
    ) -> ScoredPair {
        var vector = ComparisonVector(bits: 0)
        vector[.name] = name.rawValue
        if tied { vector[.businessNumber] = Comparison.IdentifierLevel.exact.rawValue }
        if contradicting { vector[.taxNumber] = Comparison.TaxLevel.different.rawValue }
        return ScoredPair(a: a, b: b, vector: vector, weight: weight)
    }

    private func cluster(
        _ pairs: [ScoredPair], _ constraints: MatchConstraints = MatchConstraints()
    ) -> [([String], ClusterStatus)] {
        clusters(pairs, constraints).map { ($0.members, $0.status) }
    }

    private func clusters(
        _ pairs: [ScoredPair], _ constraints: MatchConstraints
    ) -> [(members: [String], status: ClusterStatus, canonicalIds: [String], confidence: Double)] {
        let (match, scorer) = records()
        return Clustering.cluster(
            records: match.records, pairs: pairs, scorer: scorer, thresholds: MatchThresholds(),
            constraints: constraints
        )
        .map { ($0.members.map { match.records[$0].key }, $0.status, $0.canonicalIds, $0.confidence) }
    }

    /// A weak pair (names that merely share a word, or a weight below the automatic threshold)
    /// joins two lone records for a person to judge, but never adds a third record to a group:
    /// the family's other company stays apart and the strong pair stays automatic.
    @Test func aWeakPairJoinsLoneRecordsButNeverGrowsAGroup() {
        let sharedWords = cluster([
            pair(0, 1, .exact, 30), pair(0, 2, .sharedWords, 18), pair(1, 2, .sharedWords, 17),
            pair(3, 4, .sharedWords, 12),
        ])
        #expect(sharedWords.map(\.0) == [["1", "2"], ["3"], ["4", "5"]])
        #expect(sharedWords.map(\.1) == [.auto, .auto, .review])

        // A namesake with nothing else in common: equal names, too light to merge on their own.
        let light = cluster([pair(0, 1, .exact, 30), pair(0, 2, .exact, 10), pair(1, 2, .exact, 9)])
        #expect(light.map(\.0) == [["1", "2"], ["3"], ["4"], ["5"]])
        #expect(light.map(\.1) == [.auto, .auto, .auto, .auto])

        // A third record strong enough to merge on its own joins, when an identifier ties it: all
        // five records are HQ's, and a second record of one list needs more than a name.
        let strong = cluster([
            pair(0, 1, .exact, 30, tied: true), pair(0, 2, .typo, 20, tied: true), pair(1, 2, .typo, 19, tied: true),
        ])
        #expect(strong.map(\.0) == [["1", "2", "3"], ["4"], ["5"]])
        #expect(strong.map(\.1) == [.auto, .auto, .auto])
        // Untied, it joins only for a person: the cluster goes to review with it, so that a
        // person sees one proposal (a duplicate with nothing to tie it, or a namesake).
        let untied = clusters(
            [pair(0, 1, .exact, 30, tied: true), pair(0, 2, .typo, 20), pair(1, 2, .typo, 19)], MatchConstraints())
        #expect(untied.map(\.members) == [["1", "2", "3"], ["4"], ["5"]])
        #expect(untied.map(\.status) == [.review, .auto, .auto])
    }

    /// Two lone records whose strong pair contradicts itself are proposed together, for a person,
    /// with the contradiction; a record whose pair contradicts a group is not joined to it.
    @Test func aStrongPairThatContradictsItselfIsProposedTogetherOnlyBetweenLoneRecords() {
        let lone = clusters([pair(0, 1, .exact, 20, contradicting: true)], MatchConstraints())
        #expect(lone.map(\.members) == [["1", "2"], ["3"], ["4"], ["5"]])
        #expect(lone.map(\.status) == [.review, .auto, .auto, .auto])
        let (match, scorer) = records()
        let planned = Clustering.cluster(
            records: match.records, pairs: [pair(0, 1, .exact, 20, contradicting: true)], scorer: scorer,
            thresholds: MatchThresholds())
        guard case .contradiction(let rules)? = planned.first?.weakPairs.first?.why else {
            Issue.record("no contradiction")
            return
        }
        #expect(rules == [.taxNumber])
        // Even odds: a person must decide.
        #expect(planned.first?.confidence == 0.5)

        // The proposal does not outweigh the record's other refused pairs: a third record that
        // contradicts it too still goes to a person.
        let third = clusters(
            [pair(0, 1, .exact, 30, contradicting: true), pair(0, 2, .exact, 20, contradicting: true)],
            MatchConstraints())
        #expect(third.map(\.members) == [["1", "2"], ["3"], ["4"], ["5"]])
        #expect(third.map(\.status) == [.review, .review, .auto, .auto])

        // Once one of them is in a group, the pair is refused; nearly as strong as the group's
        // link, it sends both to a person.
        let grouped = clusters(
            [pair(0, 2, .exact, 30, tied: true), pair(0, 1, .exact, 26, contradicting: true)], MatchConstraints())
        #expect(grouped.map(\.members) == [["1", "3"], ["2"], ["4"], ["5"]])
        #expect(grouped.map(\.status) == [.review, .review, .auto, .auto])
    }

    /// What a store committed comes first: a committed client stays one cluster with no pair
    /// between its records, a pair kept apart never joins however strong, and neither is a
    /// conflict for review.
    @Test func committedClientsStayTogetherAndPairsKeptApartStayApart() {
        var constraints = MatchConstraints()
        constraints.together = [("C-000000000001", [3, 4]), ("C-000000000002", [2])]
        constraints.apart = [Candidates.pair(0, 1)]
        let planned = clusters([pair(0, 1, .exact, 30), pair(1, 2, .typo, 20)], constraints)
        #expect(planned.map(\.members) == [["1"], ["2", "3"], ["4", "5"]])
        #expect(planned.map(\.status) == [.auto, .auto, .auto])
        #expect(planned.map(\.canonicalIds) == [[], ["C-000000000002"], ["C-000000000001"]])
        // The committed pair, with no link of its own, is as sure as the person who confirmed it.
        #expect(planned[2].confidence == 1)

        // Without the constraints the pair kept apart merges, and the Smith companies stay apart.
        let free = cluster([pair(0, 1, .exact, 30), pair(1, 2, .typo, 20)])
        #expect(free.map(\.0) == [["1", "2"], ["3"], ["4"], ["5"]])
    }
}
