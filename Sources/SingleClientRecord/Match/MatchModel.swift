import Foundation

/// The Fellegi-Sunter model: for every comparison level, how often it is seen among pairs that
/// match (m) and pairs that do not (u); a level's weight is log2(m / u) bits, and a pair's match
/// weight is the prior's log-odds plus its levels' weights.
///
/// Nothing is learned from labels. u comes from pairs of records drawn at random (nearly all of
/// them are different clients); m and the prior come from expectation-maximisation over the
/// candidate pairs. Both start from the priors in ``Comparison`` and are pulled towards them when
/// the data are few. Domain rules' fixed weights stand in for the model where they apply.
///
///     var model = MatchModel.priors
///     model.estimateU(features)
///     model.estimateM(patterns)
///     model.weight(.name, 1)  // bits for "names equal"
///
/// Source: I. P. Fellegi and A. B. Sunter, "A theory for record linkage", JASA 64, 1969; EM as in
/// W. E. Winkler, "Using the EM algorithm for weight computation in the Fellegi-Sunter model",
/// 1988; u from random pairs as in Splink.
struct MatchModel: Sendable, Codable, Equatable {
    /// The share of candidate pairs that match.
    var prior: Double
    /// m and u for every level of every comparison, in ``Comparison`` order.
    var m: [[Double]]
    public var u: [[Double]]
    /// Pairs sampled to estimate u, and EM's iterations.
    var sampledPairs: Int
    var iterations: Int

    static let priors = MatchModel(
        prior: 0.2, m: Comparison.allCases.map { $0.levels.map(\.m) },
        u: Comparison.allCases.map { $0.levels.map(\.u) },
        sampledPairs: 0, iterations: 0)

    /// Weight in bits of one level: the rule's where one applies, else log2(m / u), within ±20.
    public func weight(_ comparison: Comparison, _ level: Int) -> Double {
        let spec = comparison.levels[level]
        if let rule = spec.rule { return rule }
        let c = comparison.rawValue
        return min(20, max(-20, log2(m[c][level] / u[c][level])))
    }

    /// The prior's log-odds in bits.
    var priorWeight: Double { log2(prior / (1 - prior)) }

    /// Every level's weight, looked up per pair.
    var table: [[Double]] { Comparison.allCases.map { c in c.levels.indices.map { weight(c, $0) } } }

    /// The probability that a pair of this weight matches.
    static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    // MARK: Estimating u from random pairs

    /// Pairs drawn for u: every pair of a small practice, else this many at random.
    static let uSample = 400_000
    /// Pseudo-pairs at the prior: how far the estimate is pulled towards it.
    static let uStrength = 20_000.0

    /// Estimates u for every learned level from random pairs of records (nearly all of which are
    /// different clients). The draw is seeded from the record count: the same records give the
    /// same model on any machine.
    ///
    /// - Complexity: O(min(n², uSample)).
    mutating func estimateU(_ features: [MatchFeatures]) {
        let n = features.count
        guard n >= 2 else { return }
        let allPairs = n * (n - 1) / 2
        let chunks = 8
        let counts: [[[Int]]] = parallelMap(count: chunks) { chunk in
            var counts = Comparison.allCases.map { [Int](repeating: 0, count: $0.levels.count) }
            func count(_ i: Int, _ j: Int) {
                let vector = PairComparison.compare(features[i], features[j])
                for c in Comparison.allCases { counts[c.rawValue][vector[c]] += 1 }
            }
            if allPairs <= Self.uSample {
                for i in chunkRange(chunk, of: chunks, total: n) {
                    for j in (i + 1)..<n { count(i, j) }
                }
            } else {
                var random = SeededRandom(seed: 0x5EED_0000 &+ UInt64(n) &* 31 &+ UInt64(chunk))
                for _ in 0..<(Self.uSample / chunks) {
                    let i = Int(random.next() % UInt64(n))
                    var j = Int(random.next() % UInt64(n - 1))
                    if j >= i { j += 1 }
                    count(i, j)
                }
            }
            return counts
        }
        var total = Comparison.allCases.map { [Int](repeating: 0, count: $0.levels.count) }
        for part in counts {
            for c in total.indices { for l in total[c].indices { total[c][l] += part[c][l] } }
        }
        sampledPairs = min(allPairs, Self.uSample / chunks * chunks)
        for c in Comparison.allCases {
            let present = total[c.rawValue].dropFirst().reduce(0, +)
            let priorsPresent = c.levels.dropFirst().map(\.u).reduce(0, +)
            for level in 1..<c.levels.count where c.levels[level].rule == nil {
                let priorShare = c.levels[level].u / priorsPresent
                u[c.rawValue][level] =
                    (Double(total[c.rawValue][level]) + Self.uStrength * priorShare)
                    / (Double(present) + Self.uStrength)
            }
        }
    }

    // MARK: Estimating m and the prior by expectation-maximisation

    /// Pseudo-pairs at the prior m: how far the estimate is pulled towards it.
    static let mStrength = 200.0

    /// Estimates m and the prior from the candidate pairs' level patterns (`levels`, counted), by
    /// EM: the E step gives each pattern its probability of being a match under the current
    /// model (with the rules' weights and the contact details' overlap, as pairs are scored), the
    /// M step re-estimates m as the matches' level shares. u stays as estimated.
    ///
    /// - Complexity: O(p · c · iterations) for p distinct patterns.
    mutating func estimateM(_ patterns: [(levels: UInt64, count: Int)], maxIterations: Int = 25) {
        guard !patterns.isEmpty else { return }
        let comparisons = Comparison.allCases
        let decoded = patterns.map { pattern in comparisons.map { ComparisonVector(bits: pattern.levels)[$0] } }
        iterations = 0
        for _ in 0..<maxIterations {
            iterations += 1
            let table = self.table
            var matched = comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
            var matchedTotal = 0.0
            var total = 0.0
            for (index, pattern) in patterns.enumerated() {
                var w = priorWeight
                for c in comparisons.indices { w += table[c][decoded[index][c]] }
                func level(_ c: Comparison) -> Double { table[c.rawValue][decoded[index][c.rawValue]] }
                w += Scorer.contactOverlap(level(.email), level(.phone), level(.address))
                let p = Self.probability(w) * Double(pattern.count)
                matchedTotal += p
                total += Double(pattern.count)
                for c in comparisons.indices { matched[c][decoded[index][c]] += p }
            }
            var change = 0.0
            for c in comparisons {
                let present = matched[c.rawValue].dropFirst().reduce(0, +)
                let priorsPresent = c.levels.dropFirst().map(\.m).reduce(0, +)
                for level in 1..<c.levels.count where c.levels[level].rule == nil {
                    let estimate =
                        (matched[c.rawValue][level] + Self.mStrength * c.levels[level].m / priorsPresent)
                        / (present + Self.mStrength)
                    change = max(change, abs(estimate - m[c.rawValue][level]))
                    m[c.rawValue][level] = estimate
                }
            }
            let newPrior = min(
                0.99, max(0.0001, (matchedTotal + Self.mStrength * Self.priors.prior) / (total + Self.mStrength)))
            change = max(change, abs(newPrior - prior))
            prior = newPrior
            if change < 1e-5 { break }
        }
    }
}
