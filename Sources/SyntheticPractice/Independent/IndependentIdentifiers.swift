import SingleClientRecord

/// Australian tax file numbers, ABNs and ACNs with valid check digits, written for the
/// independent practice without the engine's or the first generator's identifier code, and the
/// slips people make typing them.
///
///     var random = SeededRandom(seed: 1)
///     let tfn = AUIdentifiers.tfn(&random)  // nine digits, weighted sum divisible by 11
///     AUIdentifiers.tfnIsValid(tfn)  // true
///
/// Rules: ATO (TFN: weights 1,4,3,7,5,8,6,9,10, sum divisible by 11), ABR (ABN: one taken from
/// the first digit, weights 10,1,3,5,...,19, sum divisible by 89), ASIC (ACN: weights 8..1 on the
/// first eight digits, check = (10 - sum mod 10) mod 10).
enum AUIdentifiers {
    static let tfnWeights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    static let abnWeights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]

    static func tfnIsValid(_ digits: [UInt8]) -> Bool {
        guard digits.count == 9 else { return false }
        var sum = 0
        for index in 0..<9 { sum += Int(digits[index]) * tfnWeights[index] }
        return sum % 11 == 0
    }

    static func abnIsValid(_ digits: [UInt8]) -> Bool {
        guard digits.count == 11, digits[0] > 0 else { return false }
        var sum = (Int(digits[0]) - 1) * abnWeights[0]
        for index in 1..<11 { sum += Int(digits[index]) * abnWeights[index] }
        return sum % 89 == 0
    }

    static func acnCheck(_ digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (offset, digit) in digits.prefix(8).enumerated() { sum += Int(digit) * (8 - offset) }
        return UInt8((10 - sum % 10) % 10)
    }

    static func acnIsValid(_ digits: [UInt8]) -> Bool {
        digits.count == 9 && acnCheck(digits[0..<8]) == digits[8]
    }

    /// A valid TFN: eight random digits (the first not zero) and the ninth that makes the sum
    /// divisible by 11 (the last weight is 10, so the ninth digit is the sum of the others mod 11;
    /// when that is 10 the draw is repeated).
    static func tfn(_ random: inout SeededRandom) -> [UInt8] {
        while true {
            var digits = [UInt8](repeating: 0, count: 9)
            digits[0] = UInt8(1 + random.next() % 9)
            var sum = Int(digits[0])
            for index in 1..<8 {
                digits[index] = UInt8(random.next() % 10)
                sum += Int(digits[index]) * tfnWeights[index]
            }
            let check = sum % 11
            guard check < 10 else { continue }
            digits[8] = UInt8(check)
            return digits
        }
    }

    /// A valid ACN: eight random digits and the check digit.
    static func acn(_ random: inout SeededRandom) -> [UInt8] {
        var digits = [UInt8](repeating: 0, count: 9)
        for index in 0..<8 { digits[index] = UInt8(random.next() % 10) }
        digits[8] = acnCheck(digits[0..<8])
        return digits
    }

    /// A valid ABN whose last nine digits are `body` (a company's ABN ends in its ACN): the two
    /// leading digits, 10 to 99, that make the weighted sum divisible by 89; nil when none does.
    static func abn(body: [UInt8]) -> [UInt8]? {
        var rest = 0
        for index in 0..<9 { rest += Int(body[index]) * abnWeights[index + 2] }
        for prefix in 10...99 {
            let first = prefix / 10
            let second = prefix % 10
            if ((first - 1) * abnWeights[0] + second * abnWeights[1] + rest) % 89 == 0 {
                return [UInt8(first), UInt8(second)] + body
            }
        }
        return nil
    }

    /// A valid ABN on nine random digits.
    static func abn(_ random: inout SeededRandom) -> [UInt8] {
        while true {
            var body = [UInt8](repeating: 0, count: 9)
            for index in 0..<9 { body[index] = UInt8(random.next() % 10) }
            if let abn = abn(body: body) { return abn }
        }
    }

    /// The same number with one slip: a digit typed wrong (usually a neighbour on the keypad) or
    /// two neighbouring digits swapped. For a TFN either slip always breaks the check.
    static func slip(_ digits: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var digits = digits
        let count = digits.count
        guard count > 0 else { return digits }
        if count > 1 && random.chance(0.45) {
            // Swap two different neighbouring digits (equal ones would change nothing).
            let start = Int(random.next() % UInt64(count - 1))
            for offset in 0..<(count - 1) {
                let index = (start + offset) % (count - 1)
                if digits[index] != digits[index + 1] {
                    digits.swapAt(index, index + 1)
                    return digits
                }
            }
        }
        let index = Int(random.next() % UInt64(count))
        let old = digits[index]
        let neighbours = keypadNeighbours[Int(old)]
        var new = neighbours[Int(random.next() % UInt64(neighbours.count))]
        if index == 0 && new == 0 { new = old == 1 ? 2 : 1 }
        digits[index] = new
        return digits
    }

    /// Digits next to each one on a numeric keypad (7 8 9 / 4 5 6 / 1 2 3 / 0).
    static let keypadNeighbours: [[UInt8]] = [
        [1, 2, 3], [2, 4, 0], [1, 3, 5, 0], [2, 6], [1, 5, 7], [2, 4, 6, 8], [3, 5, 9], [4, 8], [5, 7, 9], [6, 8],
    ]

    static func string(_ digits: [UInt8]) -> String {
        String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
    }

    /// Digits written in groups: `groups` [3, 3, 3] gives "123 456 782".
    static func grouped(_ digits: [UInt8], _ groups: [Int], separator: UInt8 = 0x20) -> String {
        var bytes: [UInt8] = []
        var index = 0
        for (offset, size) in groups.enumerated() {
            if offset > 0 { bytes.append(separator) }
            for _ in 0..<size where index < digits.count {
                bytes.append(digits[index] + 0x30)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
