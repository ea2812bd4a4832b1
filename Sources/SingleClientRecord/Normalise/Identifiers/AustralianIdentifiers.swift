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
        guard digits.utf8.first.map({ $0 >= 0x31 && $0 <= 0x39 }) == true,
            let (sum, _) = weightedDigitSum(digits, length: 11, weights: abnWeights, firstDigitOffset: 1)
        else { return false }
        return sum % 89 == 0
    }

    /// ACN: 9 digits; weights 8..1 on the first 8; check = (10 - sum mod 10) mod 10.
    static func isValidACN(_ digits: String) -> Bool {
        guard let (sum, check) = weightedDigitSum(digits, length: 9, weights: acnWeights) else { return false }
        return (10 - sum % 10) % 10 == check
    }

    /// TFN: 9 digits; weights 1,4,3,7,5,8,6,9,10; the sum is divisible by 11.
    static func isValidTFN(_ digits: String) -> Bool {
        guard let (sum, _) = weightedDigitSum(digits, length: 9, weights: tfnWeights) else { return false }
        return sum % 11 == 0
    }

    private static let abnWeights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
    private static let acnWeights = [8, 7, 6, 5, 4, 3, 2, 1]
    private static let tfnWeights = [1, 4, 3, 7, 5, 8, 6, 9, 10]

    /// A company's ABN is its ACN behind two check digits: true when the ABN's last nine digits
    /// are the ACN.
    public static func abn(_ abn: String, contains acn: String) -> Bool {
        abn.count == 11 && acn.count == 9 && abn.hasSuffix(acn)
    }
}
