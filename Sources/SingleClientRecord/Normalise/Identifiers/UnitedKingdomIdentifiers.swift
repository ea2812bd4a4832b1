/// United Kingdom identifiers: UTR, VAT number and Companies House number.
///
///     UnitedKingdomIdentifiers.isValidUTR("1955839661")          // true
///     UnitedKingdomIdentifiers.isValidVAT("980780684")           // true
///     UnitedKingdomIdentifiers.companiesHouseNumber("sc 12345")  // "SC012345"
enum UnitedKingdomIdentifiers {
    /// UTR: 10 digits, the first is the check digit; weights 6,7,8,9,10,5,4,3,2 on digits 2-10;
    /// check = "21987654321"[sum mod 11].
    static func isValidUTR(_ digits: String) -> Bool {
        let d = digitValues(digits)
        guard d.count == 10, d.allSatisfy({ (0...9).contains($0) }) else { return false }
        let weights = [6, 7, 8, 9, 10, 5, 4, 3, 2]
        let sum = zip(d.dropFirst(), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let checks = Array("21987654321")
        return Int(String(checks[sum % 11])) == d[0]
    }

    /// VAT number: 9 digits (a 12-digit branch form keeps the first 9); weights 8,7,6,5,4,3,2 on
    /// the first 7 and the last two digits as a number (the "10,1" weights); the total mod 97 is 0,
    /// or 42 (55 for numbers from 100 00 00 up, the newer scheme).
    static func isValidVAT(_ digits: String) -> Bool {
        let d = digitValues(String(digits.prefix(9)))
        guard (digits.count == 9 || digits.count == 12), d.count == 9, d.allSatisfy({ (0...9).contains($0) }) else {
            return false
        }
        let weights = [8, 7, 6, 5, 4, 3, 2, 10, 1]
        let sum = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let remainder = sum % 97
        let number = d.prefix(7).reduce(0) { $0 * 10 + $1 }
        return remainder == 0 || remainder == 42 || (number >= 1_000_000 && remainder == 55)
    }

    /// A Companies House number in canonical form: 8 digits (a 7-digit number is padded), or a
    /// two-letter prefix (OC, LP, SC, SO, SL, NI, NC, NL, ...) and six digits (padded from four or
    /// five, as people drop the zeros). No checksum exists.
    public static func companiesHouseNumber(_ text: String) -> String? {
        let compact = String(text.uppercased().filter { !$0.isWhitespace })
        let letters = compact.prefix { $0.isLetter }
        let digits = compact.dropFirst(letters.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch letters.count {
        case 0:
            if digits.count == 8 { return String(digits) }
            if digits.count == 7 { return "0" + digits }
            return nil
        case 2 where prefixes.contains(String(letters)) && (4...6).contains(digits.count):
            return letters + String(repeating: "0", count: 6 - digits.count) + digits  // SC12345 is SC012345
        default:
            return nil
        }
    }

    static let prefixes: Set<String> = [
        "OC", "LP", "SC", "SO", "SL", "NI", "NC", "NL", "RC", "SE", "SA", "SF", "SP", "SR", "SZ", "ZC",
        "FC", "GE", "IP", "NF", "NO", "NP", "NR", "NZ", "PC", "IC", "CE", "CS", "ES", "FE", "GS",
    ]
}
