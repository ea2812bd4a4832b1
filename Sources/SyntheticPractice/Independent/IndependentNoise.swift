import SingleClientRecord

/// How often the independent practice's two systems write a client differently: every rate below
/// is the default's, per copy; `low` halves them, `high` multiplies them by 2.5 (capped at 95%)
/// and makes a third of typing slips double, `none` writes every copy alike.
struct IndependentNoise: Sendable {
    let scale: Double
    let heavy: Bool

    init(_ level: NoiseLevel) {
        switch level {
        case .none: scale = 0
        case .low: scale = 0.5
        case .default: scale = 1
        case .high: scale = 2.5
        }
        heavy = level == .high
    }

    var isNone: Bool { scale == 0 }

    /// True with the base rate scaled by the level; always false at `none`.
    func chance(_ base: Double, _ random: inout SeededRandom) -> Bool {
        let draw = random.chance(min(0.95, base * scale))
        return scale > 0 && draw
    }
}

/// Slips of the keyboard and of memory in names and words.
enum Slips {
    /// Letters next to each one on a QWERTY keyboard, `a` to `z`.
    static let neighbours: [[UInt8]] = [
        "qsz", "vngh", "xvdf", "sfec", "wrd", "dgrv", "fhtb", "gjyn", "uok", "hkum", "jlim", "kop", "njk", "bmhj",
        "ipl", "ol", "wa", "etf", "adwx", "ryg", "yij", "cbfg", "qes", "zcsd", "tuh", "xas",
    ].map { Array($0.utf8) }

    /// One slip in a word: a neighbouring key, a letter dropped, doubled, or two swapped; rarely
    /// the first letter. Words under three letters are left alone.
    static func typo(_ text: String, _ random: inout SeededRandom) -> String {
        var bytes = Array(text.utf8)
        var letters: [Int] = []
        for (index, byte) in bytes.enumerated() where isLetter(byte) && index > 0 { letters.append(index) }
        guard letters.count >= 2 else { return text }
        let at = letters[Int(random.next() % UInt64(letters.count))]
        switch random.next() % 4 {
        case 0:
            let lower = bytes[at] | 0x20
            let options = neighbours[Int(lower - 0x61)]
            var new = options[Int(random.next() % UInt64(options.count))]
            if bytes[at] < 0x61 { new -= 0x20 }
            bytes[at] = new
        case 1:
            bytes.remove(at: at)
        case 2:
            bytes.insert(bytes[at], at: at)
        default:
            if at + 1 < bytes.count && isLetter(bytes[at + 1]) && bytes[at + 1] != bytes[at] {
                bytes.swapAt(at, at + 1)
            } else {
                bytes.remove(at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One slip, or at high noise sometimes two.
    static func typo(_ text: String, _ noise: IndependentNoise, _ random: inout SeededRandom) -> String {
        let once = typo(text, &random)
        return noise.heavy && random.chance(0.35) ? typo(once, &random) : once
    }

    /// A slip in one word of a name of several (the longest is likeliest).
    static func typoInWord(_ text: String, _ noise: IndependentNoise, _ random: inout SeededRandom) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let candidates = words.indices.filter { words[$0].utf8.count >= 4 }
        guard !candidates.isEmpty else { return typo(text, noise, &random) }
        let index = candidates[Int(random.next() % UInt64(candidates.count))]
        words[index] = typo(words[index], noise, &random)
        return words.joined(separator: " ")
    }

    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    static func upper(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    static func lower(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// "john.smith@gmail.com" -> "John.Smith@gmail.com".
    static func capitalised(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var start = true
        for index in bytes.indices {
            if bytes[index] == 0x40 { break }
            if start && (0x61...0x7A).contains(bytes[index]) { bytes[index] -= 0x20 }
            start = !isLetter(bytes[index])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `&` written as "and" or the other way round.
    static func swapAmpersand(_ text: String) -> String {
        if text.contains(" & ") { return text.replacing(" & ", with: " and ") }
        if text.contains(" and ") { return text.replacing(" and ", with: " & ") }
        return text
    }
}
