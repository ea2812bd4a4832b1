import Testing

@testable import SingleClientRecord

@Suite struct FoldTests {
    @Test(arguments: [
        ("The Smith & Jones P/L", ["the", "smith", "and", "jones", "pl"]),
        ("Zoë O'Brien-Ngata", ["zoe", "obrien", "ngata"]),
        ("Māori Wardens + Co.", ["maori", "wardens", "and", "co"]),
        ("Müller GmbH", ["muller", "gmbh"]),
        (
            "Smith Holdings Pty. Ltd. A.T.F. Smith Family Trust",
            ["smith", "holdings", "pty", "ltd", "atf", "smith", "family", "trust"]
        ),
        ("Acme T/A Acme Plumbing", ["acme", "ta", "acme", "plumbing"]),
        ("Liam O’Connor", ["liam", "oconnor"]),
        ("Straße", ["strasse"]),
        ("  LOTS   of\tspace\n", ["lots", "of", "space"]),
        ("Zoe\u{0308}", ["zoe"]),  // a combining diaeresis
        ("", []),
    ])
    func tokens(_ text: String, _ expected: [String]) { #expect(Fold.tokens(text) == expected) }
}

@Suite struct OrganisationNameTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var raw: String
        var tokens: [String]
        var form: LegalForm?
        var trustee: String? = nil
        var trusteeForm: LegalForm? = nil
        var trading: String? = nil
        var setAside: [String] = []
        var testDescription: String { raw }
    }

    @Test(arguments: [
        Case(raw: "Acme Pty Ltd", tokens: ["acme"], form: .company, setAside: ["Pty Ltd"]),
        Case(raw: "ACME PTY. LIMITED", tokens: ["acme"], form: .company, setAside: ["Pty Limited"]),
        Case(raw: "Acme Proprietary Limited", tokens: ["acme"], form: .company, setAside: ["Proprietary Limited"]),
        Case(raw: "Acme P/L", tokens: ["acme"], form: .company, setAside: ["P/L"]),
        Case(raw: "Kiwi Orchards Ltd", tokens: ["kiwi", "orchards"], form: .company, setAside: ["Ltd"]),
        Case(
            raw: "Harbour View Holdings Pty Ltd", tokens: ["harbour", "view", "holdings"], form: .company,
            setAside: ["Pty Ltd"]),
        Case(raw: "Smith & Partners LLP", tokens: ["smith", "and", "partners"], form: .llp, setAside: ["LLP"]),
        Case(raw: "Big Bank PLC", tokens: ["big", "bank"], form: .publicCompany, setAside: ["PLC"]),
        Case(raw: "Green Shoots CIC", tokens: ["green", "shoots"], form: .communityInterestCompany, setAside: ["CIC"]),
        Case(raw: "Tui Farm LTC", tokens: ["tui", "farm"], form: .lookThroughCompany, setAside: ["LTC"]),
        Case(raw: "The Smith Family Trust", tokens: ["smith"], form: .familyTrust, setAside: ["The", "Family Trust"]),
        Case(raw: "Smith Family Trust", tokens: ["smith"], form: .familyTrust, setAside: ["Family Trust"]),
        Case(raw: "Jones Unit Trust", tokens: ["jones"], form: .unitTrust, setAside: ["Unit Trust"]),
        Case(
            raw: "Lee Discretionary Trust", tokens: ["lee"], form: .discretionaryTrust,
            setAside: ["Discretionary Trust"]),
        Case(raw: "Patel Superannuation Fund", tokens: ["patel"], form: .superFund, setAside: ["Superannuation Fund"]),
        Case(raw: "Patel Super Fund", tokens: ["patel"], form: .superFund, setAside: ["Super Fund"]),
        Case(raw: "Patel SMSF", tokens: ["patel"], form: .superFund, setAside: ["SMSF"]),
        Case(raw: "Wattle Grove Trust", tokens: ["wattle", "grove"], form: .trust, setAside: ["Trust"]),
        Case(
            raw: "Smith Holdings Pty Ltd ATF Smith Family Trust", tokens: ["smith"], form: .familyTrust,
            trustee: "smith holdings", trusteeForm: .company, setAside: ["the trustee's name", "Family Trust"]),
        Case(
            raw: "Smith Holdings Pty Ltd A.T.F. The Smith Family Trust", tokens: ["smith"], form: .familyTrust,
            trustee: "smith holdings", trusteeForm: .company, setAside: ["the trustee's name", "The", "Family Trust"]),
        Case(
            raw: "Nguyen Holdings Pty Ltd as trustee for Nguyen Family Trust", tokens: ["nguyen"], form: .familyTrust,
            trustee: "nguyen holdings", trusteeForm: .company, setAside: ["the trustee's name", "Family Trust"]),
        Case(
            raw: "The Trustee for Lee Family Trust", tokens: ["lee"], form: .familyTrust,
            setAside: ["The Trustee for", "Family Trust"]),
        Case(
            raw: "Acme Pty Ltd T/A Acme Plumbing", tokens: ["acme"], form: .company, trading: "acme plumbing",
            setAside: ["Pty Ltd"]),
        Case(
            raw: "Acme Pty Ltd t/as Acme Plumbing", tokens: ["acme"], form: .company, trading: "acme plumbing",
            setAside: ["Pty Ltd"]),
        Case(raw: "J Bloggs trading as Bloggs Bakery", tokens: ["j", "bloggs"], form: nil, trading: "bloggs bakery"),
        Case(raw: "Jones & Co Plumbing", tokens: ["jones", "and", "co", "plumbing"], form: nil),
        Case(raw: "Jones and Co. Plumbing", tokens: ["jones", "and", "co", "plumbing"], form: nil),
        Case(raw: "Ltd", tokens: ["ltd"], form: nil),  // nothing left: the word is the name
        Case(raw: "Coastal Café Pty Ltd", tokens: ["coastal", "cafe"], form: .company, setAside: ["Pty Ltd"]),
    ])
    func organisations(_ c: Case) {
        let name = NormalisedName.organisation(c.raw)
        #expect(name.kind == .organisation)
        #expect(name.tokens == c.tokens)
        #expect(name.legalForm == c.form)
        #expect(name.trustee == c.trustee)
        #expect(name.trusteeLegalForm == c.trusteeForm)
        #expect(name.tradingName == c.trading)
        #expect(name.setAside == c.setAside)
    }
}

@Suite struct PersonNameTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var raw: String
        var given: [String]
        var family: String?
        var initials: [String] = []
        var title: String? = nil
        var formal: [String] = []
        var testDescription: String { raw }
    }

    @Test(arguments: [
        Case(raw: "Sarah Brown", given: ["sarah"], family: "brown"),
        Case(raw: "Brown, Sarah", given: ["sarah"], family: "brown"),
        Case(raw: "BROWN Sarah", given: ["sarah"], family: "brown"),
        Case(raw: "brown, sarah j", given: ["sarah"], family: "brown", initials: ["j"]),
        Case(raw: "Dr Sarah Jane Brown", given: ["sarah", "jane"], family: "brown", title: "dr"),
        Case(raw: "Mrs S. J. Brown", given: [], family: "brown", initials: ["s", "j"], title: "mrs"),
        Case(raw: "Bill Smith", given: ["bill"], family: "smith", formal: ["william"]),
        Case(raw: "Liz Taylor", given: ["liz"], family: "taylor", formal: ["elizabeth"]),
        Case(raw: "Jon Citizen", given: ["jon"], family: "citizen", formal: ["john", "jonathan"]),
        Case(raw: "Mike Chen", given: ["mike"], family: "chen", formal: ["michael"]),
        Case(raw: "Zoë Ngata", given: ["zoe"], family: "ngata"),
        Case(raw: "Liam O’Connor", given: ["liam"], family: "oconnor", formal: ["william"]),
        Case(raw: "John Smith Jr", given: ["john"], family: "smith"),
        Case(raw: "Madonna", given: [], family: "madonna"),
    ])
    func peopleInOneField(_ c: Case) {
        let name = NormalisedName.person(c.raw)
        #expect(name.kind == .person)
        #expect(name.given == c.given)
        #expect(name.family == c.family)
        #expect(name.initials == c.initials)
        #expect(name.title == c.title)
        #expect(name.formalGiven == c.formal)
        #expect(name.tokens == c.given + (c.family.map { [$0] } ?? []))
    }

    @Test func peopleFromFirstAndLastNameFields() {
        let name = NormalisedName.person(first: "  Sarah  Jane ", last: "BROWN-SMITH")
        #expect(name.given == ["sarah", "jane"])
        #expect(name.family == "brown smith")
        #expect(NormalisedName.person(first: nil, last: "Ngata").family == "ngata")
        #expect(NormalisedName.person(first: "Aroha", last: nil).given == ["aroha"])
    }
}
