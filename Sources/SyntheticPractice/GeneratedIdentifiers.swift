import SingleClientRecord

/// Random helpers for generated practices: ranges, weighted and Zipf-like draws.
extension SeededRandom {
    /// A uniform integer in `0..<n` (`n` > 0). The modulo bias is far below what tests could see.
    @inline(__always)
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A uniform integer in a closed range.
    @inline(__always)
    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// A uniform double in `0..<1`.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Draws indexes `0..<weights.count` in proportion to their weights; ``zipf(count:offset:)``
/// gives weights falling like `1 / (rank + offset)`, a Zipf-like law whose first ranks repeat a
/// lot without taking over (with 250 surnames and offset 15, the first takes about 2%).
///
///     let surnames = WeightedDraw.zipf(count: 250, offset: 15)
///     let index = surnames.draw(&random)
///
/// - Complexity: O(log count) per draw.
struct WeightedDraw: Sendable {
    private let cumulative: [Double]

    static func zipf(count: Int, offset: Double) -> WeightedDraw {
        WeightedDraw(weights: (0..<count).map { 1 / (Double($0) + offset) })
    }

    init(weights: [Double]) {
        var total = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        for weight in weights {
            total += weight
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    func draw(_ random: inout SeededRandom) -> Int {
        let target = random.unit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Tax and company identifiers with valid check digits, each number used once per practice.
///
/// Numbers are random digits with the check digits computed (DESIGN.md, "Identifiers"); a number
/// drawn twice is drawn again, so that no two clients share an identifier by accident.
///
///     var identifiers = IdentifierFactory()
///     let (acn, abn) = identifiers.australianCompany(&random)  // "004085616", "53004085616"
struct IdentifierFactory {
    private var used = Set<UInt64>()

    mutating func reserveCapacity(_ count: Int) { used.reserveCapacity(count) }

    /// Records `value` under `kind`; false when it was drawn before.
    private mutating func claim(_ value: Int, kind: UInt64) -> Bool {
        used.insert(kind << 56 | UInt64(value)).inserted
    }

    /// The sum of `weights[i]` times digit `i` of `value` written with `width` digits (digit 0 is
    /// the most significant). No allocation: this runs for every identifier drawn.
    @inline(__always)
    static func weightedSum(_ value: Int, width: Int, _ weights: [Int]) -> Int {
        var sum = 0
        var rest = value
        var index = width - 1
        while index >= 0 {
            if index < weights.count { sum += weights[index] * (rest % 10) }
            rest /= 10
            index -= 1
        }
        return sum
    }

    /// `value` as `width` ASCII digits.
    static func text(_ value: Int, width: Int) -> String {
        String(unsafeUninitializedCapacity: width) { buffer in
            var rest = value
            var index = width - 1
            while index >= 0 {
                buffer[index] = UInt8(0x30 + rest % 10)
                rest /= 10
                index -= 1
            }
            return width
        }
    }

    private static let tfnWeights = [1, 4, 3, 7, 5, 8, 6, 9]
    private static let acnWeights = [8, 7, 6, 5, 4, 3, 2, 1]
    private static let abnWeights = [3, 5, 7, 9, 11, 13, 15, 17, 19]
    private static let irdWeights = [3, 2, 7, 6, 5, 4, 3, 2]
    private static let irdSecondWeights = [7, 4, 3, 2, 5, 2, 7, 6]
    private static let utrWeights = [6, 7, 8, 9, 10, 5, 4, 3, 2]
    private static let utrChecks = [2, 1, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    private static let vatWeights = [8, 7, 6, 5, 4, 3, 2]
    private static let vatTargets = [0, 42, 55]

    // MARK: Australia

    /// TFN: eight digits and the one check digit that makes the weighted sum divisible by 11.
    mutating func tfn(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 10_000_000...99_999_999)
            let sum = Self.weightedSum(body, width: 8, Self.tfnWeights)
            // 10 ≡ -1 (mod 11): the check digit is the sum mod 11, when that is a digit.
            let check = sum % 11
            guard check < 10 else { continue }
            let value = body * 10 + check
            if claim(value, kind: 1) { return Self.text(value, width: 9) }
        }
    }

    /// ACN: eight digits and the mod-10 check digit.
    mutating func acn(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 100_000...99_999_999)
            let sum = Self.weightedSum(body, width: 8, Self.acnWeights)
            let value = body * 10 + (10 - sum % 10) % 10
            if claim(value, kind: 2) { return Self.text(value, width: 9) }
        }
    }

    /// The ABN whose last nine digits are `tail`: the two leading digits are the ones that make the
    /// weighted sum divisible by 89.
    static func abn(tail: Int, _ random: inout SeededRandom) -> String {
        let sum = weightedSum(tail, width: 9, abnWeights)
        // (first - 1) * 10 + second = v, with v + sum divisible by 89; v = 0 may also be written 89.
        var v = (89 - sum % 89) % 89
        if v == 0 && random.chance(0.5) { v = 89 }
        let prefix = (v / 10 + 1) * 10 + v % 10
        return text(prefix, width: 2) + text(tail, width: 9)
    }

    /// A company's ACN and its ABN ("NN" + ACN).
    mutating func australianCompany(_ random: inout SeededRandom) -> (acn: String, abn: String) {
        let acn = acn(&random)
        return (acn, Self.abn(tail: Int(acn)!, &random))
    }

    /// An ABN for a business that is not a company (its last nine digits are no ACN).
    mutating func abn(_ random: inout SeededRandom) -> String {
        while true {
            let tail = random.int(in: 100_000_000...999_999_999)
            if claim(tail, kind: 3) { return Self.abn(tail: tail, &random) }
        }
    }

    // MARK: New Zealand

    /// IRD number: between 10,000,000 and 150,000,000, check digit by the mod-11 rule (with the
    /// second weights when the first give 10; numbers whose second check is 10 too are skipped).
    mutating func ird(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 1_000_000...14_999_999)
            func check(_ weights: [Int]) -> Int {
                let r = Self.weightedSum(body, width: 8, weights) % 11
                return r == 0 ? 0 : 11 - r
            }
            var digit = check(Self.irdWeights)
            if digit == 10 { digit = check(Self.irdSecondWeights) }
            guard digit < 10 else { continue }
            let value = body * 10 + digit
            if claim(value, kind: 4) { return Self.text(value, width: value < 100_000_000 ? 8 : 9) }
        }
    }

    /// NZBN: 942 and nine digits, with the GS1 check digit.
    mutating func nzbn(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 0...999_999_999)
            // GS1: weights 3 and 1 alternating from the payload's last digit.
            var sum = 0
            var rest = 942_000_000_000 + body
            for offset in 0..<12 {
                sum += rest % 10 * (offset % 2 == 0 ? 3 : 1)
                rest /= 10
            }
            let value = (942_000_000_000 + body) * 10 + (10 - sum % 10) % 10
            if claim(body, kind: 5) { return Self.text(value, width: 13) }
        }
    }

    /// An NZ company number: six or seven plain digits (no check digit exists).
    mutating func newZealandCompanyNumber(_ random: inout SeededRandom) -> String {
        while true {
            let value = random.chance(0.1) ? random.int(in: 100_000...999_999) : random.int(in: 1_000_000...8_999_999)
            if claim(value, kind: 6) { return String(value) }
        }
    }

    // MARK: United Kingdom

    /// UTR: nine digits behind the check digit "21987654321"[weighted sum mod 11].
    mutating func utr(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 100_000_000...999_999_999)
            let sum = Self.weightedSum(body, width: 9, Self.utrWeights)
            let value = Self.utrChecks[sum % 11] * 1_000_000_000 + body
            if claim(value, kind: 7) { return Self.text(value, width: 10) }
        }
    }

    /// VAT number: seven digits and the two check digits that bring the weighted sum to 0, 42 or
    /// 55 mod 97.
    mutating func vat(_ random: inout SeededRandom) -> String {
        while true {
            let body = random.int(in: 1_000_000...9_999_999)
            let sum = Self.weightedSum(body, width: 7, Self.vatWeights)
            let target = random.pick(Self.vatTargets)
            let check = ((target - sum) % 97 + 97) % 97
            let value = body * 100 + check
            if claim(value, kind: 8) { return Self.text(value, width: 9) }
        }
    }

    /// A Companies House number: eight digits, or SC (Scotland), NI or OC (an LLP) and six digits.
    mutating func companiesHouseNumber(_ random: inout SeededRandom, llp: Bool = false) -> String {
        while true {
            let roll = random.below(100)
            let prefix: UInt64 = llp ? 3 : (roll < 8 ? 1 : (roll < 11 ? 2 : 0))
            let value = prefix == 0 ? random.int(in: 1_000_000...15_999_999) : random.int(in: 100_000...999_999)
            guard claim(value, kind: 9 + prefix) else { continue }
            switch prefix {
            case 0: return Self.text(value, width: 8)
            case 1: return "SC" + Self.text(value, width: 6)
            case 2: return "NI" + Self.text(value, width: 6)
            default: return "OC" + Self.text(value, width: 6)
            }
        }
    }
}

/// Phone numbers in each country's numbering plan, stored as national digits with the trunk 0
/// (`0291234567`) and written in the formats people use.
///
/// Numbers are random within real prefixes (not the reserved fictional ranges, which are far too
/// small for a large practice); each is handed out once.
///
///     var phones = PhoneFactory(country: .au)
///     let number = phones.landline(area: "02", &random)   // "0291234567"
///     PhoneFactory.written(number, style: 0, country: .au)  // "(02) 9123 4567"
struct PhoneFactory {
    let country: Country
    private var used = Set<String>()

    init(country: Country) { self.country = country }

    mutating func reserveCapacity(_ count: Int) { used.reserveCapacity(count) }

    /// A landline in an area (`02`, `09`, `0161`): ten digits in AU, nine in NZ, eleven in the UK.
    mutating func landline(area: String, _ random: inout SeededRandom) -> String {
        let total = country == .au ? 10 : (country == .nz ? 9 : 11)
        while true {
            let number = area + String(random.int(in: 2...8)) + Self.randomDigits(total - area.count - 1, &random)
            if used.insert(number).inserted { return number }
        }
    }

    /// A mobile: 04xx xxx xxx (AU), 021/022/027 xxx xxxx (NZ), 07xxx xxxxxx (UK).
    mutating func mobile(_ random: inout SeededRandom) -> String {
        while true {
            let number =
                switch country {
                case .au: "04" + Self.randomDigits(8, &random)
                case .nz: "02" + random.pick(Self.newZealandMobiles) + Self.randomDigits(7, &random)
                case .gb: "07" + random.pick(Self.britishMobiles) + Self.randomDigits(8, &random)
                }
            if used.insert(number).inserted { return number }
        }
    }

    static func randomDigits(_ count: Int, _ random: inout SeededRandom) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count { buffer[i] = UInt8(0x30 + random.below(10)) }
            return count
        }
    }

    private static let newZealandMobiles = ["1", "1", "2", "7", "7"]
    private static let britishMobiles = ["4", "5", "7", "8", "9"]

    /// The number of ways ``written(_:style:country:)`` writes a number.
    static let styles = 6

    /// A national number written in one of the forms people use: 0 the country's usual form
    /// (`(02) 9123 4567`, `0412 345 678`), 1 spaced without brackets, 2 digits only, 3 international
    /// spaced (`+61 2 9123 4567`), 4 international digits only, 5 hyphenated (`02-9123-4567`).
    static func written(_ national: String, style: Int, country: Country) -> String {
        let digits = Array(national.utf8)
        guard digits.count > 3 else { return national }
        let isMobile =
            country == .gb
            ? digits[1] == UInt8(ascii: "7")
            : (country == .au ? digits[1] == UInt8(ascii: "4") : digits[1] == UInt8(ascii: "2"))
        let groups = groupSizes(digits, mobile: isMobile, country: country)
        var out: [UInt8] = []
        out.reserveCapacity(20)
        let code = country == .au ? "61" : (country == .nz ? "64" : "44")
        switch style {
        case 2:
            out = digits
        case 3, 4:
            out.append(UInt8(ascii: "+"))
            out.append(contentsOf: code.utf8)
            if style == 4 {
                out.append(contentsOf: digits.dropFirst())
            } else {
                var start = 1
                for size in groups {
                    let end = min(digits.count, start == 1 ? size : start + size)
                    out.append(0x20)
                    out.append(contentsOf: digits[start..<end])
                    start = end
                }
            }
        default:
            let bracket = style == 0 && !isMobile && country != .gb
            let separator = style == 5 ? UInt8(ascii: "-") : 0x20
            var start = 0
            for (index, size) in groups.enumerated() {
                let end = min(digits.count, start + size)
                if index > 0 { out.append(separator) }
                if bracket && index == 0 { out.append(UInt8(ascii: "(")) }
                out.append(contentsOf: digits[start..<end])
                if bracket && index == 0 { out.append(UInt8(ascii: ")")) }
                start = end
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How a national number is grouped: AU `(02) 9123 4567` / `0412 345 678`, NZ `(09) 123 4567`
    /// / `021 123 4567`, UK `020 7946 0018` / `0161 496 0000` / `01865 123456` / `07700 900123`.
    private static func groupSizes(_ d: [UInt8], mobile: Bool, country: Country) -> [Int] {
        switch country {
        case .au: return mobile ? [4, 3, 3] : [2, 4, 4]
        case .nz: return mobile ? [3, 3, d.count - 6] : [2, 3, 4]
        case .gb:
            if mobile { return [5, 6] }
            if d[1] == UInt8(ascii: "2") { return [3, 4, 4] }
            if d[2] == UInt8(ascii: "1") || d[3] == UInt8(ascii: "1") { return [4, 3, 4] }
            return [5, 6]
        }
    }
}

/// A version-4 UUID's text from the generator, lower case.
func generatedUUID(_ random: inout SeededRandom) -> String {
    let high = (random.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
    let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
    return String(unsafeUninitializedCapacity: 36) { bytes in
        var position = 0
        // 8-4-4-4-12 hex digits: a dash before digits 8, 12, 16 and 20.
        func write(_ word: UInt64, from first: Int) {
            for nibble in 0..<16 {
                let digit = first + nibble
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                    bytes[position] = UInt8(ascii: "-")
                    position += 1
                }
                let value = UInt8((word >> UInt64(60 - 4 * nibble)) & 0xF)
                bytes[position] = value < 10 ? 0x30 + value : 0x57 + value
                position += 1
            }
        }
        write(high, from: 0)
        write(low, from: 16)
        return 36
    }
}
