import Testing

@testable import SingleClientRecord

@Suite struct EmailTests {
    @Test func trimmedLowerCasedWithTheDomainApart() throws {
        let email = try #require(NormalisedEmail("  Info@ACME.example "))
        #expect(email.address == "info@acme.example")
        #expect(email.local == "info")
        #expect(email.domain == "acme.example")
        #expect(email.isValid)
        #expect(!email.isFreeMail)
    }

    @Test(arguments: [
        ("sarah@gmail.com", true), ("s@bigpond.com", true), ("x@xtra.co.nz", true), ("x@outlook.com.au", true),
        ("x@btinternet.com", true), ("x@acme.com.au", false),
    ])
    func freeMailDomainsAreKnown(_ address: String, _ free: Bool) {
        #expect(NormalisedEmail(address)?.isFreeMail == free)
    }

    @Test func invalidAddressesAreKeptAndFlagged() {
        #expect(NormalisedEmail("not an email")?.isValid == false)
        #expect(NormalisedEmail("a@b")?.isValid == false)
        #expect(NormalisedEmail("mailto:<A@B.example>")?.address == "a@b.example")
        #expect(NormalisedEmail("   ") == nil)
    }

    @Test func severalAddressesInOneField() {
        #expect(
            NormalisedEmail.all(in: "a@x.example; B@Y.example, c@z.example").map(\.address) == [
                "a@x.example", "b@y.example", "c@z.example",
            ])
    }
}

@Suite struct PhoneTests {
    @Test(arguments: [
        ("+61 2 9876 5432", Country?.none, "+61298765432", PhoneKind.landline),
        ("(02) 9876 5432", .au, "+61298765432", .landline),
        ("02 9876 5432", nil, "+61298765432", .landline),
        ("+61 (0)2 9876 5432", nil, "+61298765432", .landline),
        ("0061 2 9876 5432", .nz, "+61298765432", .landline),
        ("0412 345 678", .au, "+61412345678", .mobile),
        ("+61 412 345 678", nil, "+61412345678", .mobile),
        ("021 123 4567", .nz, "+64211234567", .mobile),
        ("+64 9 123 4567", nil, "+6491234567", .landline),
        ("(09) 123 4567", .nz, "+6491234567", .landline),
        ("07700 900123", .gb, "+447700900123", .mobile),
        ("+44 20 7946 0018", nil, "+442079460018", .landline),
        ("020 7946 0018 ext 12", .gb, "+442079460018", .landline),
    ])
    func reducedToE164(_ raw: String, _ country: Country?, _ e164: String, _ kind: PhoneKind) throws {
        let phone = try #require(NormalisedPhone(raw, country: country))
        #expect(phone.e164 == e164)
        #expect(phone.kind == kind)
    }

    @Test func numbersThatCannotBePlacedKeepTheirDigits() throws {
        let local = try #require(NormalisedPhone("9876 5432", country: .au))
        #expect(local.e164 == nil)
        #expect(local.key == "98765432")
        let service = try #require(NormalisedPhone("1300 123 456", country: .au))
        #expect(service.kind == .service)
        #expect(service.e164 == nil)
        #expect(NormalisedPhone("12345", country: .au) == nil)
        let foreign = try #require(NormalisedPhone("+1 212 555 0100", country: .au))
        #expect(foreign.e164 == "+12125550100")
        #expect(foreign.country == nil)
    }
}

@Suite struct AddressTests {
    @Test(
        arguments: [
            ("Unit 4, 88 Parramatta Road", "4/88 parramatta rd", "4", "88"),
            ("U4/88 Parramatta Rd", "4/88 parramatta rd", "4", "88"),
            ("4/88 Parramatta Rd.", "4/88 parramatta rd", "4", "88"),
            ("Flat 2, 10 High Street", "2/10 high st", "2", "10"),
            ("Apt 12 / 5 Queen St", "12/5 queen st", "12", "5"),
            ("7 Wattle Street", "7 wattle st", nil, "7"),
            ("123 King William Street", "123 king william st", nil, "123"),
            ("45 Beach Rd", "45 beach rd", nil, "45"),
            ("9 Victoria Avenue", "9 victoria ave", nil, "9"),
        ] as [(String, String, String?, String?)])
    func streetsUnitsAndNumbers(_ lines: String, _ street: String, _ unit: String?, _ number: String?) throws {
        let address = try #require(NormalisedAddress(lines: lines, city: nil, region: nil, postcode: nil, country: nil))
        #expect(address.street == street)
        #expect(address.unit == unit)
        #expect(address.number == number)
    }

    @Test func levelsAreSetApartFromTheStreet() throws {
        let address = try #require(
            NormalisedAddress(lines: "Level 2\n45 Pitt Street", city: nil, region: nil, postcode: nil, country: nil))
        #expect(address.level == "2")
        #expect(address.street == "45 pitt st")
    }

    @Test(arguments: [
        ("PO Box 1234", "po box 1234"), ("P.O. Box 1234", "po box 1234"), ("Post Office Box 1234", "po box 1234"),
        ("GPO Box 99", "gpo box 99"), ("Locked Bag 7", "locked bag 7"), ("Private Bag 3", "private bag 3"),
    ])
    func poBoxes(_ lines: String, _ box: String) throws {
        let address = try #require(
            NormalisedAddress(lines: lines, city: "Sydney", region: nil, postcode: nil, country: nil))
        #expect(address.poBox == box)
        #expect(address.street == "")
    }

    @Test(arguments: [
        ("2000", "Australia", "2000", true), ("800", "AU", "0800", true), ("20000", "Australia", "20000", false),
        ("6011", "New Zealand", "6011", true), ("sw1a1aa", "United Kingdom", "SW1A 1AA", true),
        ("EC1A 1BB", "UK", "EC1A 1BB", true), ("M1 1AE", "GB", "M1 1AE", true), ("1234", "UK", "1234", false),
    ])
    func postcodesPerCountry(_ raw: String, _ country: String, _ value: String, _ valid: Bool) throws {
        let address = try #require(
            NormalisedAddress(lines: nil, city: nil, region: nil, postcode: raw, country: country))
        #expect(address.postcode == value)
        #expect(address.postcodeIsValid == valid)
    }

    @Test func citiesAndRegions() throws {
        let address = try #require(
            NormalisedAddress(
                lines: nil, city: "SAINT KILDA", region: "Victoria", postcode: "3182", country: "Australia"))
        #expect(address.city == "st kilda")
        #expect(address.cityDisplay == "St Kilda")
        #expect(address.region == "VIC")
        #expect(address.country == .au)
        #expect(NormalisedAddress(lines: nil, city: nil, region: nil, postcode: nil, country: "Australia") == nil)
    }
}

@Suite struct OtherFieldTests {
    @Test(arguments: [
        ("Individual", BusinessStructure?.some(.individual)), ("Sole Trader", .soleTrader),
        ("SOLE_TRADER", .soleTrader),
        ("Company", .company), ("Pty Ltd Company", .company), ("LOOK_THROUGH_COMPANY", .company),
        ("Trust", .trust), ("Family Trust", .trust), ("Unit Trust", .trust), ("TRUST", .trust),
        ("Partnership", .partnership), ("PARTNERSHIP", .partnership),
        ("Superannuation Fund", .superFund), ("SELF_MANAGED_SUPERANNUATION_FUND", .superFund), ("SMSF", .superFund),
        ("CHARITY", .nonProfit), ("CLUB_OR_SOCIETY", .nonProfit), ("PERSON", .individual),
        ("Spaceship", nil), ("", nil),
    ])
    func businessStructures(_ raw: String, _ expected: BusinessStructure?) {
        #expect(BusinessStructure(raw) == expected)
    }

    @Test(arguments: [
        ("1970-11-26", "1970-11-26"), ("1970-11-26T00:00:00", "1970-11-26"), ("26/11/1970", "1970-11-26"),
        ("6/1/1970", "1970-01-06"), ("26-11-1970", "1970-11-26"), ("26.11.1970", "1970-11-26"),
        ("1970/11/26", "1970-11-26"), ("29/02/2000", "2000-02-29"), ("26/11/70", "1970-11-26"),
        ("1/2/05", "2005-02-01"),
        ("19700201", "1970-02-01"), ("1 February 1970", "1970-02-01"), ("01-Feb-1970", "1970-02-01"),
        ("1970-02-01 00:00:00", "1970-02-01"),
    ])
    func datesOfBirth(_ raw: String, _ expected: String) { #expect(BirthDate(raw)?.description == expected) }

    @Test(arguments: [
        "30/02/1980", "29/02/1900", "1970-13-01", "00/01/1970", "1770-01-01", "2999-01-01", "tomorrow", "",
    ])
    func impossibleDatesAreMissing(_ raw: String) { #expect(BirthDate(raw) == nil) }

    @Test(arguments: [
        ("Australia", Country?.some(.au)), ("AUS", .au), ("new zealand", .nz), ("Aotearoa", .nz), ("UK", .gb),
        ("England", .gb), ("United Kingdom", .gb), ("France", nil),
    ])
    func countries(_ raw: String, _ expected: Country?) { #expect(Country.named(raw) == expected) }
}
