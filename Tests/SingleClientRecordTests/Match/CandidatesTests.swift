import SCRTestSupport
import Testing

@testable import SingleClientRecord
@testable import SyntheticPractice

/// The candidate pairs of a generated practice against the blocking rule written out plainly:
/// every key's records in name order, all pairs of a small block, the window neighbours in a
/// large one, never a record with itself, then sorted with duplicates dropped.
@Suite struct CandidatesTests {
    let folder = TemporaryFolder()

    /// The features of a seeded practice of about five thousand records: more than one chunk of
    /// records, and blocks larger than the limit.
    private func features() throws -> [MatchFeatures] {
        let path = folder.path + "/practice"
        _ = try PracticeGenerator.write(PracticeGenerator.Options(clients: 2600, seed: 13), to: path)
        let read = InputReader.read(InputFiles(hq: path + "/hq.csv", xpm: [path + "/xpm.xml"]))
        let (normalised, _) = Normaliser.normalise(read.records)
        return MatchFeatures.all(read.records, normalised)
    }

    /// The blocks by key, each in name order (the first name reading's letters, then the index).
    private func blocks(_ features: [MatchFeatures]) -> [[Int]] {
        let letters = features.map { $0.names.first?.compact ?? [] }
        let order = features.indices.sorted {
            letters[$0] == letters[$1] ? $0 < $1 : letters[$0].lexicographicallyPrecedes(letters[$1])
        }
        var blocks: [UInt64: [Int]] = [:]
        for record in order { Candidates.keys(of: features[record]) { blocks[$0, default: []].append(record) } }
        return Array(blocks.values)
    }

    @Test func pairsAreEveryBlocksPairsSortedAndUnique() throws {
        let features = try features()
        #expect(features.count > 4096)
        let blocks = blocks(features)
        #expect(blocks.contains { $0.count > Candidates.blockLimit })
        var expected = Set<UInt64>()
        for members in blocks {
            for x in members.indices {
                let last =
                    members.count <= Candidates.blockLimit
                    ? members.count : min(members.count, x + 1 + Candidates.window)
                for y in (x + 1)..<last where members[x] != members[y] {
                    expected.insert(Candidates.pair(members[x], members[y]))
                }
            }
        }
        // Some records are held twice by a block: they are never paired with themselves.
        #expect(blocks.contains { Set($0).count < $0.count })
        let pairs = Candidates.pairs(features)
        #expect(pairs.allSatisfy { $0 >> 32 < $0 & 0xFFFF_FFFF })
        #expect(pairs == expected.sorted())
    }
}
