/// How many compared pairs fell at each match weight: the report's chart, where a practice sees
/// the non-matches on the left, the matches on the right and the thresholds between them.
///
///     var histogram = WeightHistogram()
///     histogram.add(17.3)  // counted in the bin [17, 18)
public struct WeightHistogram: Sendable, Equatable, Codable {
    /// The lower edge of the first bin, in bits; lower weights count in the first bin.
    var lowest: Double = -40
    /// Each bin's width, in bits.
    public var width: Double = 2
    /// Pairs per bin; higher weights than the last bin's count in the last bin.
    public var counts = [Int](repeating: 0, count: 50)

    public init() {}

    /// - Complexity: O(1).
    public mutating func add(_ weight: Double) {
        guard weight.isFinite else { return }
        let bin = Int(((weight - lowest) / width).rounded(.down))
        counts[min(max(bin, 0), counts.count - 1)] += 1
    }

    public mutating func add(_ other: WeightHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// All pairs counted.
    public var total: Int { counts.reduce(0, +) }
}
