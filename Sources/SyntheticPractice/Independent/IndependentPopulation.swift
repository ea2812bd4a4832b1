import SingleClientRecord

/// The clients of the independent practice as they really are, before either system writes them
/// down: people in households, families with their trusts, trustee companies, super funds and
/// businesses, and unrelated businesses, with their identifiers, addresses, phones and e-mails.
///
/// Built from the seed alone (the noise level changes how the clients are written, never who
/// they are), so one seed gives the same truth at every noise level.
///
///     let population = IndependentPopulation.build(count: 1000, seed: 1)
///     population.clients.count  // 1000
///
/// - Complexity: O(n) in the clients.
struct IndependentPopulation {
    enum Kind: UInt8 {
        case individual, soleTrader, company, trust, superFund, partnership
    }

    struct Person {
        var given: String
        var middle = ""
        /// The English name or short form the person goes by, when they have one.
        var preferred = ""
        var family: String
        /// The family name before a marriage, which one system may still hold.
        var maiden = ""
        /// 1 senior, 2 junior: a father and son of one name.
        var suffix: UInt8 = 0
        var female: Bool
        var origin: NameOrigin
        /// yyyymmdd.
        var birth: Int32 = 0
        /// The practice holds the date of birth.
        var birthKnown = false
        /// Ten digits, 04...; empty for none.
        var mobile = ""
        var email = ""
        /// The address before the person changed it.
        var oldEmail = ""
    }

    struct Address {
        /// 0 none, 1 unit, 2 level, 3 suite, 4 shop, 5 lot (then `number` is the lot).
        var unitKind: UInt8 = 0
        var unit: UInt16 = 0
        var number: UInt16
        var street: UInt16
        var type: UInt8
        var suburb: UInt16
    }

    struct Client {
        var kind: Kind
        /// The person an individual or sole trader is; -1 for organisations.
        var person: Int32 = -1
        /// An organisation's legal name without its legal form ("Smith Holdings"); for trusts and
        /// funds the trust's name ("Smith Family Trust").
        var name = ""
        var tradingName = ""
        /// The name before a change of name (the company keeps its ABN and ACN).
        var formerName = ""
        /// Who holds a trust or fund as trustee, for "X ATF Y" forms.
        var trustee = ""
        var address: Int32
        var oldAddress: Int32 = -1
        /// A PO box number, or -1.
        var postalBox: Int32 = -1
        var phone = ""
        var oldPhone = ""
        var mobile = ""
        var email = ""
        var oldEmail = ""
        var website = ""
        var tfn: [UInt8] = []
        var abn: [UInt8] = []
        var acn: [UInt8] = []
        /// A client easily confused with this one: a spouse, a trust's trustee company.
        var related: Int32 = -1
        var contacts: [Int32] = []
        var positions: [UInt8] = []
        var group: Int32 = -1
        var organisation: Int32 = -1
        var hqCopies: UInt8 = 0
        var xpmCopies: UInt8 = 0
        /// Where this client's keys start in `hqKeys` and `xpmKeys`.
        var hqFirst: Int32 = 0
        var xpmFirst: Int32 = 0
        var archived = false
        /// The duplicate copies were archived when someone noticed them.
        var duplicateArchived = false
        /// The HQ record carries the old sync's link to the XPM client.
        var syncLink = false
    }

    /// A Xero organisation an HQ client is linked to.
    struct Organisation {
        var id: String
        var name: String
    }

    var people: [Person] = []
    var clients: [Client] = []
    var addresses: [Address] = []
    var organisations: [Organisation] = []
    var groupNames: [String] = []
    var hqKeys: [String] = []
    var xpmKeys: [(id: Int32, uuid: String)] = []
    /// The file-wide habits of each system (the same at every noise level).
    var xpmLastFirst = false

    static func build(count: Int, seed: UInt64) -> IndependentPopulation {
        var builder = IndependentPopulationBuilder(count: count, seed: seed)
        builder.build()
        return builder.population
    }
}

/// Draws the practice group by group (a household with its family's entities, or an unrelated
/// business) until it holds the clients asked for.
struct IndependentPopulationBuilder {
    typealias Kind = IndependentPopulation.Kind
    typealias Person = IndependentPopulation.Person
    typealias Client = IndependentPopulation.Client
    typealias Address = IndependentPopulation.Address

    var population = IndependentPopulation()
    var random: SeededRandom
    let target: Int
    let surnameTable = ZipfTable(count: IndependentNames.surnames.count, offset: 1.5)
    let suburbOrder: [Int]
    let suburbTable = ZipfTable(count: IndependentPlaces.suburbs.count, offset: 2)
    let providerTable = ZipfTable(count: IndependentPlaces.providers.count, offset: 0.6)
    let streetTable = ZipfTable(count: IndependentPlaces.streets.count, offset: 8)
    var usedEmails = Set<String>()
    var usedDomains = Set<String>()
    var usedCompanyNames = Set<String>()
    var usedGroupNames = Set<String>()
    var usedNumbers = Set<[UInt8]>()
    var usedPhones = Set<String>()
    var bookkeepers: [(person: Int32, domain: String)] = []

    init(count: Int, seed: UInt64) {
        target = count
        random = SeededRandom(seed: seed ^ 0x1D9E_7A21_C0DE_5EED)
        // The practice sits in one state: its suburbs come first, in an order of its own.
        let suburbs = IndependentPlaces.suburbs
        let home = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4][Int(random.next() % 10)]
        var local = suburbs.indices.filter { suburbs[$0].state == home }
        var other = suburbs.indices.filter { suburbs[$0].state != home }
        Self.shuffle(&local, &random)
        Self.shuffle(&other, &random)
        suburbOrder = local + other
    }

    static func shuffle<T>(_ items: inout [T], _ random: inout SeededRandom) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
    }

    mutating func build() {
        population.xpmLastFirst = random.chance(0.3)
        let bookkeeperCount = max(3, target / 1500)
        for _ in 0..<bookkeeperCount { addBookkeeper() }
        while population.clients.count < target {
            if random.chance(0.72) { household() } else { unrelatedBusiness() }
        }
        population.clients.removeLast(population.clients.count - target)
        // The last group may be cut short: forget links to clients that did not make it.
        for index in population.clients.indices where population.clients[index].related >= target {
            population.clients[index].related = -1
        }
        placeInLists()
    }

    // MARK: Helpers

    func u(_ random: inout SeededRandom) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    mutating func surname() -> (name: String, origin: NameOrigin) {
        IndependentNames.surnames[surnameTable.draw(&random)]
    }

    mutating func givenName(_ origin: NameOrigin, female: Bool) -> (name: String, own: Bool) {
        let own = random.chance(origin.ownGivenShare)
        let from = own ? origin : .anglo
        let list = IndependentNames.given[Int(from.rawValue)][female ? 1 : 0]
        let table = IndependentNames.givenTables[Int(from.rawValue)][female ? 1 : 0]
        return (list[table.draw(&random)], own && origin != .anglo)
    }

    /// A date of birth in `years` (a real calendar day).
    mutating func birth(_ years: ClosedRange<Int>) -> Int32 {
        let year = years.lowerBound + below(years.count)
        let month = 1 + below(12)
        let days = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let day = 1 + below(days)
        return Int32(year * 10_000 + month * 100 + day)
    }

    /// A new person (not yet a client).
    mutating func person(
        family: String, origin: NameOrigin, female: Bool, born years: ClosedRange<Int>, given: String? = nil,
        avoiding taken: [String] = []
    ) -> Int32 {
        var drawn = given.map { (name: $0, own: false) } ?? givenName(origin, female: female)
        // A household gives its members different names (a son named for his father is asked for).
        for _ in 0..<8 where given == nil && taken.contains(drawn.name) { drawn = givenName(origin, female: female) }
        var person = Person(given: drawn.name, family: family, female: female, origin: origin)
        if drawn.own, let english = IndependentNames.englishName[drawn.name], random.chance(0.45) {
            person.preferred = english[below(english.count)]
        } else if let short = IndependentNames.nicknames[drawn.name], random.chance(0.3) {
            person.preferred = short[below(short.count)]
        }
        person.middle = middleName(origin, female: female, given: drawn.name)
        let dob = birth(years)
        person.birth = dob
        person.birthKnown = random.chance(0.9)
        if random.chance(0.85) { person.mobile = mobile() }
        if random.chance(0.82) {
            person.email = personalEmail(
                given: person.preferred.isEmpty ? person.given : person.preferred,
                family: family, year: Int(dob / 10_000))
            if random.chance(0.12) {
                person.oldEmail = personalEmail(given: person.given, family: family, year: Int(dob / 10_000))
            }
        }
        population.people.append(person)
        return Int32(population.people.count - 1)
    }

    mutating func middleName(_ origin: NameOrigin, female: Bool, given: String) -> String {
        switch origin {
        case .vietnamese:
            if random.chance(female ? 0.7 : 0.6) { return female ? "Thi" : "Van" }
            return random.chance(0.2)
                ? IndependentNames.given[Int(NameOrigin.vietnamese.rawValue)][female ? 1 : 0][below(10)] : ""
        case .anglo, .greek, .italian, .filipino:
            guard random.chance(origin == .anglo ? 0.55 : 0.3) else { return "" }
            let list = IndependentNames.given[Int((origin == .filipino ? .anglo : origin).rawValue)][female ? 1 : 0]
            let middle = list[below(min(list.count, 40))]
            return middle == given ? "" : middle
        case .chinese, .indian, .lebanese, .korean:
            return random.chance(0.15) ? IndependentNames.given[0][female ? 1 : 0][below(30)] : ""
        }
    }

    mutating func distinctDigits(_ make: (inout SeededRandom) -> [UInt8]) -> [UInt8] {
        while true {
            let digits = make(&random)
            if usedNumbers.insert(digits).inserted { return digits }
        }
    }

    mutating func tfn() -> [UInt8] { distinctDigits(AUIdentifiers.tfn) }

    mutating func abn() -> [UInt8] { distinctDigits(AUIdentifiers.abn) }

    /// An ACN and the ABN that ends in it.
    mutating func acnAndABN() -> (acn: [UInt8], abn: [UInt8]) {
        while true {
            let acn = distinctDigits(AUIdentifiers.acn)
            if let abn = AUIdentifiers.abn(body: acn), usedNumbers.insert(abn).inserted { return (acn, abn) }
        }
    }

    mutating func digits(_ count: Int) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<count { bytes.append(0x30 + UInt8(random.next() % 10)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func mobile() -> String {
        while true {
            let number = "04" + String(Int(random.next() % 10) < 3 ? 0 : 1 + below(9)) + digits(7)
            if usedPhones.insert(number).inserted { return number }
        }
    }

    mutating func landline(state: Int) -> String {
        let info = IndependentPlaces.states[state]
        while true {
            let lead = info.leads[below(info.leads.count)]
            let number = info.area + String(lead) + digits(7)
            if usedPhones.insert(number).inserted { return number }
        }
    }

    mutating func address(business: Bool = false, near: Int32 = -1) -> Int32 {
        let suburb =
            near >= 0 && random.chance(0.5)
            ? population.addresses[Int(near)].suburb : UInt16(suburbOrder[suburbTable.draw(&random)])
        var address = Address(
            number: UInt16(1 + min(below(60), below(300))), street: UInt16(streetTable.draw(&random)),
            type: UInt8(IndependentPlaces.streetTypeTable.draw(&random)), suburb: suburb)
        let roll = u(&random)
        if business {
            if roll < 0.25 {
                address.unitKind = 2
                address.unit = UInt16(1 + below(12))
            } else if roll < 0.45 {
                address.unitKind = 3
                address.unit = UInt16(1 + below(40))
            } else if roll < 0.55 {
                address.unitKind = 4
                address.unit = UInt16(1 + below(20))
            }
        } else if roll < 0.28 {
            address.unitKind = 1
            address.unit = UInt16(1 + below(30))
        } else if roll < 0.30 {
            address.unitKind = 5
        }
        population.addresses.append(address)
        return Int32(population.addresses.count - 1)
    }

    func state(of address: Int32) -> Int {
        IndependentPlaces.suburbs[Int(population.addresses[Int(address)].suburb)].state
    }

    /// Lower-case letters only: "O'Brien" -> "obrien", "Van Der Berg" -> "vanderberg".
    static func plain(_ text: String) -> String {
        String(
            decoding: text.utf8.compactMap { byte -> UInt8? in
                switch byte {
                case 0x41...0x5A: byte + 0x20
                case 0x61...0x7A, 0x30...0x39: byte
                default: nil
                }
            }, as: UTF8.self)
    }

    mutating func personalEmail(given: String, family: String, year: Int) -> String {
        let g = Self.plain(given)
        let f = Self.plain(family)
        let yy = String(year % 100).count == 1 ? "0" + String(year % 100) : String(year % 100)
        let roll = u(&random)
        var local: String
        switch roll {
        case ..<0.25: local = g + "." + f
        case ..<0.38: local = g + f
        case ..<0.50: local = String(g.prefix(1)) + f
        case ..<0.57: local = g + "_" + f
        case ..<0.67: local = g + "." + f + yy
        case ..<0.75: local = g + f + yy
        case ..<0.82: local = f + "." + g
        case ..<0.86: local = g
        case ..<0.91: local = f + String(g.prefix(1))
        default: local = g + String(1 + below(999))
        }
        var provider = IndependentPlaces.providers[providerTable.draw(&random)]
        var email = local + "@" + provider
        var attempts = 0
        while !usedEmails.insert(email).inserted {
            // Taken: another provider, or a number (more digits the longer it takes).
            attempts += 1
            if attempts % 3 == 0 { provider = IndependentPlaces.providers[providerTable.draw(&random)] }
            email = local + String(1 + below(99 * (1 + attempts / 8))) + "@" + provider
        }
        return email
    }

    /// A domain of the family's or a business's own, not used by anyone else.
    mutating func domain(_ candidates: [String]) -> String {
        for candidate in candidates where usedDomains.insert(candidate).inserted { return candidate }
        var length = 1
        while true {
            let candidate = Self.plain(candidates[0].split(separator: ".")[0] + digits(length)) + ".com.au"
            if usedDomains.insert(candidate).inserted { return candidate }
            length += 1
        }
    }

    /// A company name not yet registered: a taken one gets a word that tells it apart, as ASIC
    /// requires ("Coastal Plumbing" -> "Coastal Plumbing Services").
    mutating func companyName(_ wanted: String) -> String {
        if usedCompanyNames.insert(wanted).inserted { return wanted }
        let extras = [
            " Services", " Group", " Australia", " (NSW)", " (Vic)", " No. 2", " & Co", " Solutions", " Enterprises",
            " Holdings",
        ]
        let start = below(extras.count)
        for offset in 0..<extras.count where !wanted.hasSuffix(extras[(start + offset) % extras.count]) {
            let candidate = wanted + extras[(start + offset) % extras.count]
            if usedCompanyNames.insert(candidate).inserted { return candidate }
        }
        var attempts = 0
        while true {
            attempts += 1
            let numbered = wanted + " " + String(2 + below(98 * (1 + attempts / 8)))
            if usedCompanyNames.insert(numbered).inserted { return numbered }
        }
    }

    mutating func addClient(_ client: Client) -> Int32 {
        population.clients.append(client)
        return Int32(population.clients.count - 1)
    }

    mutating func organisation(for client: Int32, name: String) {
        population.organisations.append(
            IndependentPopulation.Organisation(id: IndependentKeys.uuid(&random), name: name))
        population.clients[Int(client)].organisation = Int32(population.organisations.count - 1)
    }

    mutating func addBookkeeper() {
        let (family, origin) = surname()
        let person = person(family: family, origin: origin, female: random.chance(0.8), born: 1955...1995)
        let word = IndependentNames.tradingFirst[below(IndependentNames.tradingFirst.count)]
        let domain = domain([Self.plain(word) + "bookkeeping.com.au", Self.plain(family) + "bookkeeping.com.au"])
        population.people[Int(person)].email = Self.plain(population.people[Int(person)].given) + "@" + domain
        bookkeepers.append((person, domain))
    }
}
