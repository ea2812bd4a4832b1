/// New Zealand identifiers: the IRD number and the NZBN.
///
///     NewZealandIdentifiers.isValidIRD("49091850")       // true
///     NewZealandIdentifiers.isValidNZBN("9429037893439") // true
enum NewZealandIdentifiers {
    /// IRD number: 8 or 9 digits (padded to 9), between 10,000,000 and 150,000,000. On the first 8
    /// digits weights 3,2,7,6,5,4,3,2; r = sum mod 11; check = 0 if r = 0 else 11 - r; when that is
    /// 10, again with weights 7,4,3,2,5,2,7,6; 10 again means invalid.
    static func isValidIRD(_ digits: String) -> Bool {
        guard digits.count == 8 || digits.count == 9 else { return false }
        let padded = digits.count == 8 ? "0" + digits : digits
        let d = digitValues(padded)
        guard d.allSatisfy({ (0...9).contains($0) }) else { return false }
        let number = d.reduce(0) { $0 * 10 + $1 }
        guard number >= 10_000_000 && number <= 150_000_000 else { return false }
        func check(_ weights: [Int]) -> Int {
            let r = zip(d.prefix(8), weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
            return r == 0 ? 0 : 11 - r
        }
        var digit = check([3, 2, 7, 6, 5, 4, 3, 2])
        if digit == 10 { digit = check([7, 4, 3, 2, 5, 2, 7, 6]) }
        return digit != 10 && digit == d[8]
    }

    /// NZBN: a 13-digit GS1 number starting 94, with the GS1 mod-10 check digit.
    static func isValidNZBN(_ digits: String) -> Bool {
        digits.count == 13 && digits.hasPrefix("94") && isValidGS1(digits)
    }

    /// The GS1 check: weights 3 and 1 alternating from the right of the payload; check =
    /// (10 - sum mod 10) mod 10.
    static func isValidGS1(_ digits: String) -> Bool {
        let d = digitValues(digits)
        guard d.count >= 2, d.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for (offset, digit) in d.dropLast().reversed().enumerated() { sum += digit * (offset % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10 == d.last!
    }
}
