import Testing

@testable import SingleClientRecord

/// Reference checksums, written from DESIGN.md's wording independently of the library's code.
private enum Reference {
    static func d(_ s: String) -> [Int] { s.map { Int(String($0))! } }

    static func abn(_ s: String) -> Bool {
        var x = d(s)
        guard x.count == 11, x[0] >= 1 else { return false }
        x[0] -= 1
        return zip(x, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]).map(*).reduce(0, +) % 89 == 0
    }
    static func acn(_ s: String) -> Bool {
        let x = d(s)
        let total = zip(x.prefix(8), [8, 7, 6, 5, 4, 3, 2, 1]).map(*).reduce(0, +)
        return x.count == 9 && (10 - total % 10) % 10 == x[8]
    }
    static func tfn(_ s: String) -> Bool {
        d(s).count == 9 && zip(d(s), [1, 4, 3, 7, 5, 8, 6, 9, 10]).map(*).reduce(0, +) % 11 == 0
    }
    static func ird(_ s: String) -> Bool {
        let x = d(s.count == 8 ? "0" + s : s)
        let n = Int(x.map(String.init).joined())!
        guard x.count == 9, n >= 10_000_000, n <= 150_000_000 else { return false }
        for w in [[3, 2, 7, 6, 5, 4, 3, 2], [7, 4, 3, 2, 5, 2, 7, 6]] {
            let r = zip(x.prefix(8), w).map(*).reduce(0, +) % 11
            let c = r == 0 ? 0 : 11 - r
            if c != 10 { return c == x[8] }
        }
        return false
    }
    static func nzbn(_ s: String) -> Bool {
        let x = d(s)
        guard x.count == 13, s.hasPrefix("94") else { return false }
        let total = x.prefix(12).enumerated().map { $0.element * ($0.offset % 2 == 0 ? 1 : 3) }.reduce(0, +)
        return (10 - total % 10) % 10 == x[12]
    }
    static func utr(_ s: String) -> Bool {
        let x = d(s)
        let total = zip(x.dropFirst(), [6, 7, 8, 9, 10, 5, 4, 3, 2]).map(*).reduce(0, +)
        return x.count == 10 && Array("21987654321")[total % 11] == Character(String(x[0]))
    }
    static func vat(_ s: String) -> Bool {
        let x = d(s)
        let r = zip(x, [8, 7, 6, 5, 4, 3, 2, 10, 1]).map(*).reduce(0, +) % 97
        return x.count == 9 && (r == 0 || r == 42 || (x[0] > 0 && r == 55))
    }
}

@Suite struct IdentifierTests {
    @Test func theNumbersInDesignAreValid() {
        #expect(AustralianIdentifiers.isValidABN("51824753556"))
        #expect(AustralianIdentifiers.isValidABN("83914571673"))
        #expect(AustralianIdentifiers.isValidACN("004085616"))
        #expect(AustralianIdentifiers.isValidTFN("123456782"))
        #expect(NewZealandIdentifiers.isValidIRD("49091850"))
        #expect(NewZealandIdentifiers.isValidIRD("136410132"))
        #expect(NewZealandIdentifiers.isValidNZBN("9429037893439"))
        #expect(UnitedKingdomIdentifiers.isValidUTR("1955839661"))
        #expect(UnitedKingdomIdentifiers.isValidVAT("980780684"))
    }

    @Test(arguments: [
        ("51824753557", false), ("5182475355", false), ("01824753556", false), ("51824753556", true),
    ])
    func abn(_ digits: String, _ valid: Bool) { #expect(AustralianIdentifiers.isValidABN(digits) == valid) }

    @Test func invalidNumbersOfEveryKind() {
        #expect(!AustralianIdentifiers.isValidACN("004085617"))
        #expect(!AustralianIdentifiers.isValidTFN("123456789"))
        #expect(!NewZealandIdentifiers.isValidIRD("49091851"))
        #expect(!NewZealandIdentifiers.isValidIRD("9999999"))  // too short
        #expect(!NewZealandIdentifiers.isValidIRD("150000001"))  // above the range
        #expect(!NewZealandIdentifiers.isValidNZBN("9429037893438"))
        #expect(!NewZealandIdentifiers.isValidNZBN("9329037893439"))  // not 94
        #expect(!UnitedKingdomIdentifiers.isValidUTR("2955839661"))
        #expect(!UnitedKingdomIdentifiers.isValidVAT("980780685"))
    }

    /// Valid numbers made from a seed, and every single-digit corruption of each: the library
    /// agrees with the reference on all of them, and the checksums that catch every single-digit
    /// error (ABN: mod 89; TFN: mod 11 with weights 1-10; NZBN: GS1 weights 1 and 3) reject all.
    @Test(arguments: ["ABN", "ACN", "TFN", "IRD", "NZBN", "UTR", "VAT"])
    func generatedNumbersAndEverySingleDigitCorruption(_ kind: String) {
        let (length, prefix, library, reference): (Int, String, (String) -> Bool, (String) -> Bool) =
            switch kind {
            case "ABN": (11, "", AustralianIdentifiers.isValidABN, Reference.abn)
            case "ACN": (9, "", AustralianIdentifiers.isValidACN, Reference.acn)
            case "TFN": (9, "", AustralianIdentifiers.isValidTFN, Reference.tfn)
            case "IRD": (9, "0", NewZealandIdentifiers.isValidIRD, Reference.ird)
            case "NZBN": (13, "94", NewZealandIdentifiers.isValidNZBN, Reference.nzbn)
            case "UTR": (10, "", UnitedKingdomIdentifiers.isValidUTR, Reference.utr)
            default: (9, "", UnitedKingdomIdentifiers.isValidVAT, Reference.vat)
            }
        var random = SeededRandom(seed: 2026)
        var valid: [String] = []
        var tries = 0
        while valid.count < 40 && tries < 200_000 {
            tries += 1
            let body = (prefix.count..<length).map { _ in String(random.next() % 10) }.joined()
            let candidate = prefix + body
            if reference(candidate) { valid.append(candidate) }
        }
        #expect(valid.count == 40)
        var corruptions = 0
        var caught = 0
        for number in valid {
            #expect(library(number), "\(kind) \(number)")
            for position in 0..<length {
                for digit in 0...9 {
                    var chars = Array(number)
                    guard chars[position] != Character(String(digit)) else { continue }
                    chars[position] = Character(String(digit))
                    let corrupted = String(chars)
                    corruptions += 1
                    #expect(library(corrupted) == reference(corrupted), "\(kind) \(corrupted)")
                    if !library(corrupted) { caught += 1 }
                }
            }
        }
        if ["ABN", "TFN", "NZBN"].contains(kind) {
            #expect(caught == corruptions)
        } else {
            #expect(Double(caught) / Double(corruptions) > 0.85)
        }
    }

    @Test(arguments: [
        ("51 824 753 556", Country?.some(.au), IdentifierKind.abn, "51824753556", true),
        ("51-824-753-556", nil, .abn, "51824753556", true),
        ("51 824 753 557", .au, .abn, "51824753557", false),
        ("9429037893439", nil, .nzbn, "9429037893439", true),
        ("GB 980 7806 84", nil, .vat, "980780684", true),
        ("980780684", .gb, .vat, "980780684", true),
        ("n/a", nil, .unrecognised, "n/a", false),
    ])
    func businessNumbers(_ raw: String, _ country: Country?, _ kind: IdentifierKind, _ value: String, _ valid: Bool) {
        #expect(
            Identifier.businessNumber(raw, country: country) == Identifier(kind: kind, value: value, isValid: valid))
    }

    @Test(arguments: [
        ("123 456 782", Country?.some(.au), IdentifierKind.tfn, "123456782", true),
        ("123456782", nil, .tfn, "123456782", true),
        ("49-091-850", nil, .ird, "049091850", true),
        ("49091850", .nz, .ird, "049091850", true),
        ("1955839661", nil, .utr, "1955839661", true),
        ("******782", nil, .maskedTaxNumber, "782", true),
        ("***-***-782", .au, .maskedTaxNumber, "782", true),
        ("123456789", .au, .tfn, "123456789", false),
    ])
    func taxNumbers(_ raw: String, _ country: Country?, _ kind: IdentifierKind, _ value: String, _ valid: Bool) {
        let id = Identifier.taxNumber(raw, country: country)
        #expect(id == Identifier(kind: kind, value: value, isValid: valid))
        #expect(id?.isMasked == (kind == .maskedTaxNumber))
    }

    @Test(arguments: [
        ("004 085 616", Country?.some(.au), IdentifierKind.acn, "004085616", true),
        ("004085617", .au, .acn, "004085617", false),
        ("SC 12345", nil, .companiesHouse, "SC012345", true),
        ("1234567", .gb, .companiesHouse, "01234567", true),
        ("OC301540", .gb, .companiesHouse, "OC301540", true),
        ("1234567", .nz, .nzCompanyNumber, "1234567", true),
    ])
    func companyNumbers(_ raw: String, _ country: Country?, _ kind: IdentifierKind, _ value: String, _ valid: Bool) {
        #expect(Identifier.companyNumber(raw, country: country) == Identifier(kind: kind, value: value, isValid: valid))
    }

    @Test func anACNIsItsCompanysABNBehindTwoCheckDigits() {
        // ACN 004 085 616 is the company whose ABN is 53 004 085 616.
        #expect(AustralianIdentifiers.isValidABN("53004085616"))
        #expect(AustralianIdentifiers.abn("53004085616", contains: "004085616"))
        #expect(!AustralianIdentifiers.abn("51824753556", contains: "004085616"))
    }

    @Test func displayGroupsDigitsAsPeopleWriteThem() {
        #expect(Identifier(kind: .abn, value: "51824753556", isValid: true).display == "51 824 753 556")
        #expect(Identifier(kind: .acn, value: "004085616", isValid: true).display == "004 085 616")
        #expect(Identifier(kind: .vat, value: "980780684", isValid: true).display == "GB 980 7806 84")
        #expect(Identifier(kind: .maskedTaxNumber, value: "782", isValid: true).display == "******782")
    }
}
