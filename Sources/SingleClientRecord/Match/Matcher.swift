import Foundation

/// A compared pair: the records (indices into the records matched), every comparison's level,
/// and the match weight in bits.
public struct ScoredPair: Sendable, Hashable {
    public var a: Int
    public var b: Int
    var vector: ComparisonVector
    public var weight: Double

    var probability: Double { MatchModel.probability(weight) }
}

/// Where the match weight puts a pair: at or above `auto` a merge needs no person; between
/// `review` and `auto` a person decides.
public struct MatchThresholds: Sendable, Codable, Equatable {
    /// Bits. The model treats fields as independent, which related clients (who share contact
    /// details) are not, so the threshold sits well above the nominal 10 bits (0.999): measured
    /// on generated practices, see the README.
    public var auto: Double = 16
    public var review: Double = 4

    public init() {}
}

/// Everything matching worked out, kept for the plan, the explanations and the evaluation.
public struct MatchResult: Sendable {
    public var records: [SourceRecord]
    public var normalised: [NormalisedRecord]
    var model: MatchModel
    var thresholds: MatchThresholds
    /// Candidate pairs compared.
    public var pairsCompared: Int
    /// Compared pairs at or above the review threshold, by weight, strongest first.
    public var pairs: [ScoredPair]
    /// Every compared pair's weight.
    var histogram: WeightHistogram
    public var clusters: [Cluster]
    /// Seconds spent per stage: features, candidates, scoring (comparisons, model, weights), clustering.
    public var timings: [(stage: String, seconds: Double)]
    var features: [MatchFeatures]
    var frequencies: ValueFrequencies
    /// What earlier commits decided, when matching was made against a store.
    var constraints = MatchConstraints()
    /// Every record's fingerprint, when matching was made against a store (else empty).
    var fingerprints: [RecordFingerprint] = []
}

/// Candidates, scoring and clustering: which records are the same client.
///
///     let result = Matcher.match(records, normalised)
///     result.clusters.filter { $0.status == .review }
///
/// - Complexity: O(n log n) in the records: the candidate pairs grow linearly (see
///   ``Candidates``), scoring is O(1) per pair on every core.
public enum Matcher {
    public static func match(
        _ records: [SourceRecord], _ normalised: [NormalisedRecord], thresholds: MatchThresholds = MatchThresholds(),
        constraints: MatchConstraints = MatchConstraints()
    ) -> MatchResult {
        var clock = Clock()
        var timings: [(stage: String, seconds: Double)] = []
        let features = MatchFeatures.all(records, normalised)
        timings.append(("features", clock.lap()))
        let (scorer, compared, kept, histogram) = score(
            features, thresholds: thresholds, timings: &timings, clock: &clock)
        let fingerprints =
            constraints.decisions == nil ? [] : parallelArray(count: records.count) { RecordFingerprint(records[$0]) }
        var constraints = constraints
        constraints.settle(fingerprints)
        var clusters = Clustering.cluster(
            records: records, pairs: kept, scorer: scorer, thresholds: thresholds, constraints: constraints)
        Reopened.reopen(&clusters, constraints: constraints, fingerprints: fingerprints, scorer: scorer)
        timings.append(("clustering", clock.lap()))
        return MatchResult(
            records: records, normalised: normalised, model: scorer.model, thresholds: thresholds,
            pairsCompared: compared, pairs: kept, histogram: histogram, clusters: clusters, timings: timings,
            features: features, frequencies: scorer.frequencies, constraints: constraints, fingerprints: fingerprints)
    }

    /// The candidate pairs, compared and weighed: the fitted scorer, how many pairs were
    /// compared, those at or above the review threshold (strongest first) and every pair's
    /// weight. The candidates and their levels are freed on return, before clustering (at a
    /// million records a side they take 340 MB).
    static func score(
        _ features: [MatchFeatures], thresholds: MatchThresholds, timings: inout [(stage: String, seconds: Double)],
        clock: inout Clock
    ) -> (scorer: Scorer, compared: Int, kept: [ScoredPair], histogram: WeightHistogram) {
        let candidates = Candidates.pairs(features)
        timings.append(("candidates", clock.lap()))
        let table = FeatureTable(features)
        let vectors = compareAll(candidates, table)

        var model = MatchModel.priors
        model.estimateU(features)
        model.estimateM(patterns(vectors))
        let frequencies = ValueFrequencies(features)
        let scorer = Scorer(model: model, table: table, frequencies: frequencies)

        // Weights on every core; pairs below the review threshold are set aside.
        let chunks = candidates.count < 8192 ? 1 : 16
        var scored = parallelMap(count: chunks) { chunk -> ([ScoredPair], WeightHistogram) in
            var out: [ScoredPair] = []
            var histogram = WeightHistogram()
            for index in chunkRange(chunk, of: chunks, total: candidates.count) {
                let (a, b) = (Int(candidates[index] >> 32), Int(candidates[index] & 0xFFFF_FFFF))
                let weight = scorer.weight(a, b, vectors[index])
                histogram.add(weight)
                if weight >= thresholds.review {
                    out.append(ScoredPair(a: a, b: b, vector: vectors[index], weight: weight))
                }
            }
            return (out, histogram)
        }
        var histogram = WeightHistogram()
        var kept: [ScoredPair] = []
        kept.reserveCapacity(scored.reduce(0) { $0 + $1.0.count })
        for index in scored.indices {
            histogram.add(scored[index].1)
            kept += scored[index].0
            scored[index].0 = []
        }
        kept.sort { ($0.weight, $1.a, $1.b) > ($1.weight, $0.a, $0.b) }
        timings.append(("scoring", clock.lap()))
        return (scorer, candidates.count, kept, histogram)
    }

    /// Every candidate pair's comparison vector, on every core, each written in place (no chunk
    /// arrays copied together: at a million records a side that copy cleared gigabytes of fresh
    /// pages).
    static func compareAll(_ pairs: [UInt64], _ table: FeatureTable) -> [ComparisonVector] {
        parallelArray(count: pairs.count) { index in
            table.withPair(Int(pairs[index] >> 32), Int(pairs[index] & 0xFFFF_FFFF)) { PairComparison.compare($0, $1) }
        }
    }

    /// The distinct level patterns and how many pairs have each, in pattern order: counted on
    /// every core, without a sorted copy of the levels.
    static func patterns(_ vectors: [ComparisonVector]) -> [(levels: UInt64, count: Int)] {
        let chunks = vectors.count < 8192 ? 1 : 16
        let parts = parallelMap(count: chunks) { chunk in
            var counts: [UInt64: Int] = [:]
            for index in chunkRange(chunk, of: chunks, total: vectors.count) {
                counts[vectors[index].levels, default: 0] += 1
            }
            return counts
        }
        var counts: [UInt64: Int] = [:]
        for part in parts { counts.merge(part, uniquingKeysWith: +) }
        return counts.sorted { $0.key < $1.key }.map { (levels: $0.key, count: $0.value) }
    }
}

/// Weighs pairs with a fitted model and the value frequencies. A final class: the scoring
/// closures call it once a pair, and copying a struct of this many arrays cost 4% of matching.
final class Scorer: Sendable {
    let model: MatchModel
    let table: FeatureTable
    var features: [MatchFeatures] { table.features }
    let frequencies: ValueFrequencies
    /// Every comparison's level weights, one after another: `weights[offsets[c] + level]`.
    private let weights: [Double]
    private let offsets: [Int]

    init(model: MatchModel, table: FeatureTable, frequencies: ValueFrequencies) {
        self.model = model
        self.table = table
        self.frequencies = frequencies
        let levels = model.table
        weights = levels.flatMap { $0 }
        offsets = levels.indices.map { c in levels[..<c].reduce(0) { $0 + $1.count } }
    }

    /// A scorer with its own table of the features: for explanations and tests, which weigh a few pairs.
    convenience init(model: MatchModel, features: [MatchFeatures], frequencies: ValueFrequencies) {
        self.init(model: model, table: FeatureTable(features), frequencies: frequencies)
    }

    /// The pair's weight: the prior, every level's weight, the frequency adjustments and the
    /// contact details' overlap.
    ///
    /// The hot path of matching: it reads the features in place and allocates nothing.
    func weight(_ a: Int, _ b: Int, _ vector: ComparisonVector) -> Double {
        var total = model.priorWeight
        for comparison in Comparison.allCases {
            total += weights[offsets[comparison.rawValue] + vector[comparison]]
        }
        table.withPair(a, b) { first, second in
            frequencies.forEachSharedValue(first, second, vector) { comparison, count in
                total += frequencies.adjustment(u: model.u[comparison.rawValue][vector[comparison]], count: count)
            }
        }
        func level(_ comparison: Comparison) -> Double { weights[offsets[comparison.rawValue] + vector[comparison]] }
        return total + Self.contactOverlap(level(.email), level(.phone), level(.address))
    }

    /// E-mail, phone and address agree together between related clients (a family, a trust and
    /// its trustee company), so their agreement is not three independent pieces of evidence: the
    /// strongest counts fully, the second half, the third a quarter. Returns the bits taken off.
    static func contactOverlap(_ email: Double, _ phone: Double, _ address: Double) -> Double {
        // The agreeing weights (above zero), strongest first; a weight not agreeing counts 0.
        var (first, second, third) = (max(email, 0), max(phone, 0), max(address, 0))
        if first < second { swap(&first, &second) }
        if second < third { swap(&second, &third) }
        if first < second { swap(&first, &second) }
        return second > 0 ? -(second * 0.5 + third * 0.75) : 0
    }

    func compare(_ a: Int, _ b: Int) -> ScoredPair {
        let vector = table.withPair(a, b) { PairComparison.compare($0, $1) }
        return ScoredPair(a: min(a, b), b: max(a, b), vector: vector, weight: weight(a, b, vector))
    }

    /// True when the pair may merge without a person: its names agree (equal, reordered, a typing
    /// slip, a short form) or an identifier or link ties the records (for a person under another
    /// given name, with the same date of birth), and one is not a person while the other is an
    /// organisation. Names that merely share a word ("Smith Holdings", "Smith Investments") are
    /// for a person to judge, however much else agrees.
    static func canMergeAutomatically(_ vector: ComparisonVector) -> Bool {
        if vector.personAndOrganisation { return false }
        if namesAgree(vector) { return true }
        // A person under another given name: the same identifier and the same date of birth
        // (a spouse's TFN typed on the record has neither the name nor the date).
        if vector[.name] == Comparison.NameLevel.familyOnly.rawValue {
            return isTiedByIdentifier(vector) && vector[.dateOfBirth] == Comparison.DateLevel.exact.rawValue
        }
        return isTiedByIdentifier(vector)
    }

    /// True when a domain rule says the two are different clients: different valid identifiers,
    /// dates of birth, given names, Xero organisations. Names with no word in common count only
    /// when no identifier or link ties the records (a renamed company keeps its ABN).
    static func isHardConflict(_ vector: ComparisonVector) -> Bool {
        Comparison.allCases.contains { isHardConflict($0, vector) }
    }

    /// The comparisons whose rules say the two are different clients (``isHardConflict(_:)``),
    /// for a reason in words.
    static func hardConflicts(_ vector: ComparisonVector) -> [Comparison] {
        Comparison.allCases.filter { isHardConflict($0, vector) }
    }

    private static func isHardConflict(_ comparison: Comparison, _ vector: ComparisonVector) -> Bool {
        guard let rule = comparison.levels[vector[comparison]].rule, rule <= -8 else { return false }
        if comparison == .name && isTiedByIdentifier(vector) { return false }
        // Another given name with the same family name and date of birth: a name replaced in one
        // list (an English name, a different first name) or a twin. Such a pair may join, for a
        // person to judge, never by itself.
        if comparison == .name && vector[.name] == Comparison.NameLevel.familyOnly.rawValue
            && vector[.dateOfBirth] == Comparison.DateLevel.exact.rawValue
        {
            return false
        }
        // A date of birth typed wrong in one list: the names agree and an identifier or link ties
        // them (a spouse's TFN typed on the record has another given name).
        if comparison == .dateOfBirth && isTiedByIdentifier(vector) && namesAgree(vector) { return false }
        return true
    }

    /// The same identifier (failing its checksum or not: values many records hold are never
    /// compared), one typed with a slip, or a link.
    static func isTiedByIdentifier(_ vector: ComparisonVector) -> Bool {
        let business = Comparison.IdentifierLevel(rawValue: vector[.businessNumber])
        let company = Comparison.CompanyLevel(rawValue: vector[.companyNumber])
        let tax = Comparison.TaxLevel(rawValue: vector[.taxNumber])
        return business == .exact || business == .exactUnchecked || business == .oneSlip || company == .exact
            || company == .exactUnchecked || company == .withinABN || company == .oneSlip || tax == .exact
            || tax == .exactUnchecked || tax == .oneSlip || comparisonWeightIsPositive(.link, vector)
    }

    /// The names agree: equal, reordered, a typing slip or two, a short form.
    static func namesAgree(_ vector: ComparisonVector) -> Bool {
        switch Comparison.NameLevel(rawValue: vector[.name]) {
        case .exact, .sameWords, .givenCompatible, .typo, .twoSlips: true
        default: false
        }
    }

    /// True when something about the two records themselves ties them, beyond names and contact
    /// details: an identifier, a link, the same date of birth. A group takes a second record of
    /// one list only so (a namesake in one family shares the rest).
    static func tiesClients(_ vector: ComparisonVector) -> Bool {
        isTiedByIdentifier(vector) || vector[.dateOfBirth] == Comparison.DateLevel.exact.rawValue
    }

    static func comparisonWeightIsPositive(_ comparison: Comparison, _ vector: ComparisonVector) -> Bool {
        (comparison.levels[vector[comparison]].rule ?? 0) > 0
    }
}
