import SCRTestSupport
import Testing

@testable import SingleClientRecord

/// Spellings a review found read wrongly, each pinned to what it must give now.
@Suite struct ReviewedNameTests {
    @Test(arguments: [
        ("Tas Timber Supplies Pty Ltd", ["tas", "timber", "supplies"], LegalForm?.some(.company), String?.none),
        ("Ta Family Trust", ["ta"], .familyTrust, nil),
        ("Acme Pty Ltd T/A Acme Plumbing", ["acme"], .company, "acme plumbing"),
        ("The Smith Trust ATF", ["smith", "trust", "atf"], nil, nil),
        ("Acme Pty Ltd (in liquidation)", ["acme"], .company, nil),
    ])
    func markerWordsNeedTextOnBothSides(_ raw: String, _ tokens: [String], _ form: LegalForm?, _ trading: String?) {
        let name = NormalisedName.organisation(raw)
        #expect(name.tokens == tokens)
        #expect(name.legalForm == form)
        #expect(name.tradingName == trading)
    }

    @Test func aTrusteeCompanyAndItsFundShareWordsButNotForms() {
        let trustee = NormalisedName.organisation("ABC Super Fund Pty Ltd")
        let fund = NormalisedName.organisation("ABC Super Fund")
        #expect(trustee.tokens == fund.tokens)
        #expect(trustee.legalForms == [.company, .superFund])
        #expect(fund.legalForms == [.superFund])
    }

    @Test(arguments: [
        ("J. Smith", [String](), ["j"], "smith", String?.none),
        ("A.B. Citizen", [], ["a", "b"], "citizen", nil),
        ("JR Smith", [], ["j", "r"], "smith", nil),
        ("DR Sarah Brown", ["sarah"], [], "brown", "dr"),
        ("Mr Sam Lee", ["sam"], [], "lee", "mr"),
        ("Ms Jo Lee", ["jo"], [], "lee", "ms"),
        ("SMITH, JOHN ROBERT", ["john", "robert"], [], "smith", nil),
        ("Mrs Sarah O'Brien-Jones", ["sarah"], [], "obrien jones", "mrs"),
        ("Sarah Jane Van Der Berg", ["sarah", "jane"], [], "van der berg", nil),
    ])
    func initialsTitlesAndFamilyNames(
        _ raw: String, _ given: [String], _ initials: [String], _ family: String, _ title: String?
    ) {
        let name = NormalisedName.person(raw)
        #expect(name.given == given)
        #expect(name.initials == initials)
        #expect(name.family == family)
        #expect(name.title == title)
    }

    @Test func oneFieldAndTwoFieldsAgreeOnTheFamilyName() {
        #expect(
            NormalisedName.person("Mrs Sarah O'Brien-Jones").family
                == NormalisedName.person(first: "Sarah", last: "O'Brien-Jones").family)
    }

    @Test func couples() {
        let mrAndMrs = NormalisedName.person("Mr & Mrs J Smith")
        #expect(mrAndMrs.isCouple)
        #expect(mrAndMrs.given == [])
        #expect(mrAndMrs.initials == ["j"])
        #expect(mrAndMrs.family == "smith")
        let names = NormalisedName.person("Smith, John & Jane")
        #expect(names.isCouple)
        #expect(names.given == ["john", "jane"])
    }

    @Test func nicknamesMapToEveryFormalName() {
        #expect(NormalisedName.person("Chris Lee").formalGiven == ["christine", "christopher"])
        #expect(NormalisedName.person("Sam Lee").formalGiven == ["samantha", "samuel"])
    }
}

@Suite struct ReviewedIdentifierTests {
    @Test(arguments: [
        ("000000000", Country?.some(.au)), ("000 000 000", nil), ("00000000000", nil),
    ])
    func zerosAreNeverValid(_ raw: String, _ country: Country?) {
        #expect(Identifier.taxNumber(raw, country: country)?.isValid == false)
        #expect(Identifier.companyNumber(raw, country: country)?.isValid == false)
        #expect(Identifier.businessNumber(raw, country: country)?.isValid == false)
    }

    @Test func excelFloatsAndLabelsAreUndone() {
        #expect(
            Identifier.businessNumber("51824753556.0", country: nil)
                == Identifier(kind: .abn, value: "51824753556", isValid: true))
        #expect(Identifier.businessNumber("ABN 51 824 753 556", country: .au)?.value == "51824753556")
        #expect(
            Identifier.taxNumber("TFN: 123 456 782", country: .au)
                == Identifier(kind: .tfn, value: "123456782", isValid: true))
        #expect(
            Identifier.taxNumber("IRD 49-091-850", country: .nz)
                == Identifier(kind: .ird, value: "049091850", isValid: true))
        #expect(
            Identifier.taxNumber("TFN: ******782", country: .au)
                == Identifier(kind: .maskedTaxNumber, value: "782", isValid: true))
        #expect(
            Identifier.taxNumber("1955839661K", country: .gb)
                == Identifier(kind: .utr, value: "1955839661", isValid: true))
        // A spreadsheet dropped the ACN's leading zeros.
        #expect(
            Identifier.companyNumber("4085616", country: .au)
                == Identifier(kind: .acn, value: "004085616", isValid: true))
    }

    @Test func aKnownCountryTakesOnlyItsOwnKind() {
        // 1234567820 is a valid UTR, but not on an Australian record.
        #expect(
            Identifier.taxNumber("1234567820", country: .au)
                == Identifier(kind: .tfn, value: "1234567820", isValid: false))
        #expect(Identifier.taxNumber("1234567820", country: nil)?.kind == .utr)
        #expect(Identifier.companyNumber("0", country: .nz)?.isValid == false)
    }

    @Test(arguments: [
        ("150000009", false),  // a valid checksum above the range
        ("009999996", false),  // a valid checksum below the range
        ("49091850", true),
    ])
    func irdRange(_ digits: String, _ valid: Bool) { #expect(NewZealandIdentifiers.isValidIRD(digits) == valid) }

    @Test(arguments: [
        ("100000034", true),  // remainder 42
        ("100000047", true),  // remainder 55, from 100 up
        ("010000048", false),  // remainder 55 below 100
        ("980780684001", true),  // the 12-digit branch form
    ])
    func vatRemainders(_ digits: String, _ valid: Bool) {
        #expect(UnitedKingdomIdentifiers.isValidVAT(digits) == valid)
    }

    @Test func companiesHouseNumbersAsDesignDescribes() {
        #expect(UnitedKingdomIdentifiers.companiesHouseNumber("1234567") == "01234567")
        #expect(UnitedKingdomIdentifiers.companiesHouseNumber("123456") == nil)
        #expect(UnitedKingdomIdentifiers.companiesHouseNumber("R0000123") == nil)
        #expect(UnitedKingdomIdentifiers.companiesHouseNumber("SC012345") == "SC012345")
    }
}

@Suite struct ReviewedContactDetailTests {
    @Test(arguments: [
        ("61 2 9876 5432", Country?.none, "+61298765432"),
        ("+61 (0) 412 345 678", nil, "+61412345678"),
        ("0061412345678", nil, "+61412345678"),
        ("412345678", .au, "+61412345678"),
        ("0412345678.0", .au, "+61412345678"),
        ("+44 (0)7700 900123", nil, "+447700900123"),
        ("021 123 4567", .nz, "+64211234567"),
        ("02 9876 5432x123", .au, "+61298765432"),
    ])
    func phoneForms(_ raw: String, _ country: Country?, _ e164: String) {
        #expect(NormalisedPhone(raw, country: country)?.e164 == e164)
    }

    @Test func severalNumbersInOneField() {
        #expect(
            NormalisedPhone.all(in: "0412 345 678 / 02 9876 5432", country: .au).map(\.e164) == [
                "+61412345678", "+61298765432",
            ])
    }

    @Test func emailForms() throws {
        #expect(NormalisedEmail("john@acme.com.")?.address == "john@acme.com")
        #expect(NormalisedEmail("John Smith <John@Acme.com>")?.address == "john@acme.com")
        #expect(NormalisedEmail("jo@acme.com\u{A0}")?.address == "jo@acme.com")
        #expect(NormalisedEmail("JOHN@GMAIL.COM.")?.isFreeMail == true)
        #expect(NormalisedEmail("x@mail.bigpond.com")?.isFreeMail == true)
        #expect(NormalisedEmail("x@notbigpond.com")?.isFreeMail == false)
    }

    @Test func addressForms() throws {
        let range = try #require(
            NormalisedAddress(lines: "U 3 / 12-14 Smith St", city: nil, region: nil, postcode: nil, country: nil))
        #expect(range.street == "3/12-14 smith st")
        #expect(range.number == "12-14")
        let shop = try #require(
            NormalisedAddress(lines: "Shop 2/100 Main Rd", city: nil, region: nil, postcode: nil, country: nil))
        #expect(shop.street == "2/100 main rd")
        let box = try #require(
            NormalisedAddress(lines: "PO Box 12, Sydney", city: nil, region: nil, postcode: nil, country: nil))
        #expect(box.poBox == "po box 12")
        #expect(box.street == "")
        #expect(
            NormalisedAddress(lines: nil, city: nil, region: nil, postcode: "110", country: "NZ")?.postcode == "0110")
        #expect(
            NormalisedAddress(lines: nil, city: nil, region: nil, postcode: "2000.0", country: "Australia")?.postcode
                == "2000")
    }

    @Test(arguments: [
        ("Trustee Company", BusinessStructure?.some(.company)), ("Non-profit", .nonProfit), ("Deceased Estate", .trust),
        ("Association Inc", .nonProfit), ("Incorporated Association", .nonProfit),
    ])
    func structures(_ raw: String, _ expected: BusinessStructure?) { #expect(BusinessStructure(raw) == expected) }
}

@Suite struct ReviewedNormaliserTests {
    let folder = TemporaryFolder()

    @Test func oneClientsCopiesDoNotMakeItsNumberShared() {
        let path = folder.write(
            "hq.csv",
            "Client ID,Name,Phone\n1,Acme Pty Ltd,(02) 5550 1111\n2,ACME PTY LTD,02 5550 1111\n3,Acme P/L,+61 2 5550 1111\n"
        )
        let (normalised, _) = Normaliser.normalise(InputReader.read(InputFiles(hq: path)).records)
        #expect(normalised.map { $0.phones.map(\.isShared) } == [[false], [false], [false]])
    }

    @Test func phonesWithoutACountryFollowThePracticesCountry() {
        let path = folder.write(
            "hq.csv",
            "Client ID,Name,Phone,Country\n1,A Ltd,021 123 4567,\n2,B Ltd,09 123 4567,New Zealand\n3,C Ltd,,NZ\n")
        let (normalised, _) = Normaliser.normalise(InputReader.read(InputFiles(hq: path)).records)
        #expect(normalised[0].phones.first?.e164 == "+64211234567")
        #expect(normalised[0].phones.first?.kind == .mobile)
    }

    @Test func contactsDetailsAreNormalisedToo() {
        let (normalised, _) = Normaliser.normalise(
            InputReader.read(InputFiles(xpm: [Fixtures.path("real-world/xpm-api/client-get.xml")])).records)
        #expect(normalised.first?.contactEmails.map(\.address) == ["person18@example.com"])
    }
}
