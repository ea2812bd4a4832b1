import Testing

@testable import SingleClientRecord

@Suite struct SimilarityTests {
    @Test(arguments: [
        ("martha", "marhta", 0.9611),
        ("dwayne", "duane", 0.84),
        ("dixon", "dicksonx", 0.8133),
        ("smith", "smith", 1.0),
        ("abc", "xyz", 0.0),
    ])
    func jaroWinklerMatchesPublishedValues(a: String, b: String, expected: Double) {
        let score = jaroWinkler(Array(a.utf8), Array(b.utf8))
        #expect(abs(score - expected) < 0.0001)
        #expect(abs(jaroWinkler(Array(b.utf8), Array(a.utf8)) - expected) < 0.0001)
    }

    @Test func jaroWinklerHandlesLongAndEmptyText() {
        let long = Array(String(repeating: "harbour plumbing services ", count: 4).utf8)
        #expect(jaroWinkler(long, long) == 1)
        #expect(jaroWinkler([], []) == 1)
        #expect(jaroWinkler(Array("a".utf8), []) == 0)
        // Only the first 1,024 bytes count: a million-letter name costs no more than that.
        let head = Array(String(repeating: "harbour plumbing ", count: 61).utf8.prefix(1024))
        #expect(jaroWinkler(head + Array(repeating: 0x61, count: 1_000_000), head) == 1)
    }

    @Test(arguments: [
        ("smith", "smtih", 1), ("smith", "smyth", 1), ("holdings", "holdngs", 1), ("kate", "katherine", 5),
        ("", "abc", 3),
    ])
    func boundedEditDistanceAgreesWithTheFullDistance(a: String, b: String, distance: Int) {
        #expect(editDistance(Array(a.utf8), Array(b.utf8)) == distance)
        #expect(boundedEditDistance(Array(a.utf8), Array(b.utf8), limit: 5) == distance)
        #expect(boundedEditDistance(Array(a.utf8), Array(b.utf8), limit: 1) == min(distance, 2))
    }

    @Test(arguments: [(9, 2000), (300, 150)])
    func boundedEditDistanceAgreesOnSeededRandomWords(longest: Int, rounds: Int) {
        // Words past 63 bytes take the banded path (issue 15: a long name made planning quadratic).
        var random = SeededRandom(seed: 7)
        let letters = Array("abcdeh".utf8)
        for _ in 0..<rounds {
            let a = (0..<Int(random.next() % UInt64(longest))).map { _ in random.pick(letters) }
            var b = a
            for _ in 0..<Int(random.next() % (longest > 9 ? 7 : 4)) {
                let edit = random.next() % 3
                if edit == 0 || b.isEmpty {
                    b.insert(random.pick(letters), at: Int(random.next() % UInt64(b.count + 1)))
                } else if edit == 1 {
                    b.remove(at: Int(random.next() % UInt64(b.count)))
                } else {
                    b[Int(random.next() % UInt64(b.count))] = random.pick(letters)
                }
            }
            let full = editDistance(a, b)
            for limit in 0...4 { #expect(boundedEditDistance(a, b, limit: limit) == min(full, limit + 1)) }
        }
    }
}
