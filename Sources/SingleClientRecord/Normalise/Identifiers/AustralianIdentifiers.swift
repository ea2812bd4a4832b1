/// Australian identifiers: ABN, ACN and TFN, with the checksums the ATO and ASIC publish.
///
///     AustralianIdentifiers.isValidABN("51824753556")  // true
///     AustralianIdentifiers.abn("51824753556", contains: "824753556")  // true
///
/// - Complexity: O(1) (fixed-length numbers).
public enum AustralianIdentifiers {
    /// ABN: 11 digits; subtract 1 from the first; weights 10,1,3,5,7,9,11,13,15,17,19; the sum is
    /// divisible by 89.
    public static func isValidABN(_ digits: String) -> Bool {
        let d = digitValues(digits)
        guard d.count == 11, d.allSatisfy({ (0...9).contains($0) }), d[0] > 0 else { return false }
        let weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
        var sum = (d[0] - 1) * weights[0]
        for i in 1..<11 { sum += d[i] * weights[i] }
        return sum % 89 == 0
    }

    /// ACN: 9 digits; weights 8..1 on the first 8; check = (10 - sum mod 10) mod 10.
    public static func isValidACN(_ digits: String) -> Bool {
        let d = digitValues(digits)
        guard d.count == 9, d.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for i in 0..<8 { sum += d[i] * (8 - i) }
        return (10 - sum % 10) % 10 == d[8]
    }

    /// TFN: 9 digits; weights 1,4,3,7,5,8,6,9,10; the sum is divisible by 11.
    public static func isValidTFN(_ digits: String) -> Bool {
        let d = digitValues(digits)
        guard d.count == 9, d.allSatisfy({ (0...9).contains($0) }) else { return false }
        let weights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
        return zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 == 0
    }

    /// A company's ABN is its ACN behind two check digits: true when the ABN's last nine digits
    /// are the ACN.
    public static func abn(_ abn: String, contains acn: String) -> Bool {
        abn.count == 11 && acn.count == 9 && abn.hasSuffix(acn)
    }
}
