import SingleClientRecord

/// Builds a practice's clients: who they are, how they are related, and on which lists they
/// appear.
///
/// Clients are added in units: a single person, a household of 2–4 people sharing a surname,
/// street address and landline; a company or a group of 2–3 sibling companies sharing address,
/// phone and director; a trust or super fund, usually beside its trustee company (same address,
/// phone and e-mail, another ABN); a sole trader; a partnership. Unit weights are set so that the
/// clients' structures come out near the target mix (45% individuals, 10% sole traders, 22%
/// companies, 12% trusts, 5% partnerships, 6% super funds).
///
/// - Complexity: O(n) for n clients (identifier and e-mail draws are retried on the rare clash).
struct PracticePopulation {
    typealias Vocabulary = PracticeVocabulary

    let country: Country
    var random: SeededRandom
    var entities: [PracticeEntity] = []
    /// The practice's group names; a group's XPM ID is 922101 plus its index.
    var groupNames: [String] = []

    var identifiers = IdentifierFactory()
    var phones: PhoneFactory
    var emails = Set<String>()
    var organisationNames = Set<String>()
    var domains = Set<String>()
    var groupNameCounts: [String: Int] = [:]
    /// The first member of every household, and every individual (directors are drawn from them).
    var households: [Int32] = []
    var individuals: [Int32] = []
    let addresses: AddressMaker
    let familyDraw = WeightedDraw.zipf(count: Vocabulary.familyNames.count, offset: 15)
    let givenDraw = WeightedDraw.zipf(count: Vocabulary.givenNames.count, offset: 12)
    let mailDraw: WeightedDraw
    let partners: Int
    let serviceGroupNames: [String]
    var serviceGroupCount: Int { serviceGroupNames.count }

    /// The share of individuals in households, of trusts and funds with a trustee company, and of
    /// companies in sibling groups.
    static let householdShare = 0.35
    static let trusteeShare = 0.6
    static let siblingShare = 0.30

    /// The share of clients given an alternate e-mail, for records whose e-mail changed.
    let alternateEmailShare: Double

    private init(country: Country, seed: UInt64, alternateEmailShare: Double) {
        self.country = country
        self.alternateEmailShare = alternateEmailShare
        random = SeededRandom(seed: seed)
        phones = PhoneFactory(country: country)
        addresses = AddressMaker(country: country)
        mailDraw = WeightedDraw.zipf(count: Vocabulary.freeMailDomains(country).count, offset: 1.5)
        serviceGroupNames = Vocabulary.serviceGroups(country)
        groupNames = serviceGroupNames
        partners = 3
        for _ in 0..<partners {
            groupNames.append("Partner: " + givenName() + " " + familyName())
        }
    }

    /// The practice's `count` clients from `seed`. `alternateEmails` of them (a share) get a second
    /// e-mail that a record may hold instead of the first.
    static func build(count: Int, country: Country, seed: UInt64, alternateEmails: Double) -> PracticePopulation {
        var population = PracticePopulation(country: country, seed: seed, alternateEmailShare: alternateEmails)
        population.emails.reserveCapacity(count + count / 4)
        population.organisationNames.reserveCapacity(count / 2)
        population.domains.reserveCapacity(count / 3)
        population.identifiers.reserveCapacity(count * 2)
        population.phones.reserveCapacity(count * 2)
        population.populate(count)
        return population
    }

    // MARK: Units

    mutating func populate(_ count: Int) {
        entities.reserveCapacity(count)
        // Every practice of a few clients or more holds each kind of look-alike at least once.
        if count >= 12 {
            addHousehold(size: 3, limit: count)
            addCompanies(size: 2, limit: count)
            addTrust(fund: false, trustee: true, limit: count)
        }
        // Households, sibling groups and trustees add several clients per unit: weigh units by the
        // target share over the clients each unit adds on average.
        let meanHousehold = 2.6
        let householdStart = Self.householdShare / ((1 - Self.householdShare) * meanHousehold + Self.householdShare)
        let trusteeCompanies = Self.trusteeShare * (0.12 + 0.06)
        let directCompanies = 0.22 - trusteeCompanies
        let siblingOfDirect = Self.siblingShare * 0.22 / directCompanies
        let meanSiblings = 2.4
        let siblingStart = siblingOfDirect / (meanSiblings - siblingOfDirect * (meanSiblings - 1))
        let units = WeightedDraw(weights: [
            0.45 / (1 + householdStart * (meanHousehold - 1)), 0.10,
            directCompanies / (1 + siblingStart * (meanSiblings - 1)), 0.12, 0.05, 0.06,
        ])
        while entities.count < count {
            switch units.draw(&random) {
            case 0:
                if random.chance(householdStart) {
                    let roll = random.unit()
                    addHousehold(size: roll < 0.55 ? 2 : (roll < 0.85 ? 3 : 4), limit: count)
                } else {
                    addIndividual()
                }
            case 1: addSoleTrader()
            case 2: addCompanies(size: random.chance(siblingStart) ? (random.chance(0.6) ? 2 : 3) : 1, limit: count)
            case 3: addTrust(fund: false, trustee: random.chance(Self.trusteeShare), limit: count)
            case 4: addPartnership()
            default: addTrust(fund: true, trustee: random.chance(Self.trusteeShare), limit: count)
            }
        }
        if count >= 12, !entities.contains(where: { $0.xpmCopies == 2 }),
            let first = entities.firstIndex(where: { $0.xpmCopies == 1 })
        {
            entities[first].xpmCopies = 2
        }
        assignXPMKeys()
    }

    /// Adds a client: its lists, duplicates, groups and Xero organisation.
    @discardableResult
    mutating func append(_ entity: PracticeEntity, extraGroup: Int32? = nil) -> Int32 {
        var entity = entity
        let roll = random.unit()
        let onHQ = roll < 0.87
        let onXPM = roll >= 0.13
        entity.hqCopies = onHQ ? (random.chance(0.01) ? 2 : 1) : 0
        entity.xpmCopies = onXPM ? (random.chance(0.04) ? 2 : 1) : 0
        entity.inactive = random.chance(0.03)
        entity.prospect = !onHQ && random.chance(0.05)
        if entity.kind != .individual && onHQ && random.chance(0.4) {
            entity.xeroOrganisationID = generatedUUID(&random)
            entity.xeroNameIsCore = !entity.suffix.isEmpty && random.chance(0.3)
        }
        assignIdentifiers(&entity)
        assignGroups(&entity, extra: extraGroup)
        if !entity.email.isEmpty && random.chance(alternateEmailShare) {
            if entity.isPerson {
                entity.alternateEmail = personalEmail(entity.first, entity.last, birth: entity.birth)
            } else if let at = entity.email.firstIndex(of: "@") {
                let domain = String(entity.email[entity.email.index(after: at)...])
                entity.alternateEmail = mailbox(at: domain, avoiding: entity.email)
            }
        }
        let index = Int32(entities.count)
        if entity.kind == .individual { individuals.append(index) }
        entities.append(entity)
        return index
    }

    mutating func addIndividual() {
        var person = PracticeEntity(kind: .individual)
        person.last = familyName()
        person.first = givenName()
        person.birth = birthDate(years: 1930...2005)
        person.address = residentialAddress()
        person.landline = random.chance(0.3) ? phones.landline(area: area(of: person.address), &random) : ""
        person.mobile = random.chance(0.88) ? phones.mobile(&random) : ""
        person.email = random.chance(0.85) ? personalEmail(person.first, person.last, birth: person.birth) : ""
        if random.chance(0.12) { person.postalBox = Int32(random.int(in: 10...9999)) }
        append(person)
    }

    /// A household: one surname, street address and landline; different given names, dates of
    /// birth, mobiles and (usually) e-mails.
    mutating func addHousehold(size: Int, limit: Int) {
        let size = min(size, limit - entities.count)
        guard size > 0 else { return }
        let last = familyName()
        let address = residentialAddress()
        let landline = random.chance(0.75) ? phones.landline(area: area(of: address), &random) : ""
        let familyEmail = random.chance(0.3) ? sharedEmail(last) : ""
        let group = random.chance(0.5) ? newGroup(last + " Family") : nil
        let adultYear = random.int(in: 1935...1983)
        var given: [String] = []
        households.append(Int32(entities.count))
        for member in 0..<size {
            var person = PracticeEntity(kind: .individual)
            person.last = last
            person.first = givenName(notIn: given)
            given.append(person.first)
            let year: Int
            if member == 0 {
                year = adultYear
            } else if member == 1 || adultYear + 22 > 2005 {
                year = min(2005, max(1930, adultYear + random.int(in: -6...6)))
            } else {
                year = min(2005, adultYear + random.int(in: 22...38))
            }
            person.birth = birthDate(years: year...year)
            person.address = address
            person.landline = landline
            person.mobile = random.chance(0.88) ? phones.mobile(&random) : ""
            if !familyEmail.isEmpty && member < 2 && random.chance(0.6) {
                person.email = familyEmail
            } else if random.chance(0.85) {
                person.email = personalEmail(person.first, last, birth: person.birth)
            }
            append(person, extraGroup: group)
        }
    }

    mutating func addSoleTrader() {
        var trader = PracticeEntity(kind: .soleTrader)
        trader.last = familyName()
        trader.first = givenName()
        trader.birth = birthDate(years: 1945...2000)
        trader.address = random.chance(0.6) ? residentialAddress() : commercialAddress()
        trader.mobile = phones.mobile(&random)
        trader.landline = random.chance(0.3) ? phones.landline(area: area(of: trader.address), &random) : ""
        if random.chance(0.5) {
            let trade = random.pick(Vocabulary.tradeWords)
            trader.core = uniqueCore(category: "sole") { [first = trader.first, last = trader.last] random in
                switch random.below(3) {
                case 0: first + " " + last + " " + trade
                case 1: last + " " + trade
                default: random.pick(Vocabulary.placeWords) + " " + trade
                }
            }
        }
        if !trader.core.isEmpty && random.chance(0.5) {
            let domain = domain(for: trader.core)
            trader.email = registered(trader.first.asciiLetters + "@" + domain) ?? ""
            if random.chance(0.5) { trader.website = "www." + domain }
        }
        if trader.email.isEmpty && random.chance(0.9) {
            trader.email = personalEmail(trader.first, trader.last, birth: trader.birth)
        }
        append(trader)
    }

    /// A company, or a group of sibling companies: near-identical names, one address, phone and
    /// director, different (valid) ACNs and ABNs.
    mutating func addCompanies(size: Int, limit: Int) {
        let size = min(size, limit - entities.count)
        guard size > 0 else { return }
        let (base, family) = companyCore()
        let address = random.chance(0.85) ? commercialAddress() : residentialAddress()
        let landline = random.chance(0.85) ? phones.landline(area: area(of: address), &random) : ""
        let domain = domain(for: base)
        let email = registered(random.pick(Vocabulary.organisationMailboxes) + "@" + domain) ?? ""
        let website = random.chance(0.4) ? "www." + domain : ""
        let director = directorPerson(lastName: family)
        let office = random.chance(0.3) ? officePerson(domain: domain, phone: landline) : nil
        let group = size > 1 ? newGroup(base + " Group") : nil
        for member in 0..<size {
            var company = PracticeEntity(kind: .company)
            company.core = member == 0 ? base : siblingCore(base, family: family)
            company.suffix = Vocabulary.companySuffix(country).canonical
            company.address = address
            company.landline = landline
            company.email = member == 0 || random.chance(0.7) ? email : mailbox(at: domain, avoiding: email)
            company.website = website
            company.contacts = [director] + (office.map { [$0] } ?? [])
            if random.chance(0.1) { company.postalBox = Int32(random.int(in: 10...9999)) }
            append(company, extraGroup: group)
        }
    }

    /// A trust or super fund, beside its trustee company when `trustee` (same address, phone and
    /// e-mail, another ABN). Half of family trusts and funds belong to a household of clients.
    mutating func addTrust(fund: Bool, trustee: Bool, limit: Int) {
        let trustee = trustee && limit - entities.count >= 2
        guard limit - entities.count >= 1 else { return }
        let unitTrust = !fund && random.chance(0.25)
        var person: PracticePerson
        var address: PracticeAddress
        var landline: String
        var email: String
        let last: String
        if !unitTrust, !households.isEmpty, random.chance(0.5) {
            let home = entities[Int(random.pick(households))]
            last = home.last
            address = home.address
            landline = home.landline
            email = home.email
            person = PracticePerson(
                first: home.first, last: home.last, mobile: home.mobile, email: home.email, phone: home.landline,
                position: "Trustee")
        } else {
            last = familyName()
            address = unitTrust || random.chance(0.5) ? commercialAddress() : residentialAddress()
            landline = random.chance(0.75) ? phones.landline(area: area(of: address), &random) : ""
            email = ""
            person = directorPerson(lastName: unitTrust ? nil : last)
            person.position = "Trustee"
        }
        if email.isEmpty {
            email = unitTrust ? (registered("admin@" + domain(for: last + " Property")) ?? "") : sharedEmail(last)
        }
        let group = random.chance(0.4) ? newGroup(last + " Family Group") : nil
        var trusteeIndex: Int32 = -1
        if trustee {
            var company = PracticeEntity(kind: .company)
            let words = fund ? Vocabulary.fundTrusteeWords : Vocabulary.trusteeWords
            company.core = uniqueCore(category: "company") { random in
                let owner = unitTrust ? random.pick(Vocabulary.placeWords) : last
                return switch random.below(10) {
                case 0..<6: owner + " " + random.pick(words)
                case 6..<8: Self.initials(&random) + " " + owner
                default: owner + " Family " + random.pick(words)
                }
            }
            company.suffix = Vocabulary.companySuffix(country).canonical
            company.address = address
            company.landline = landline
            company.email = email
            var director = person
            director.position = "Director"
            company.contacts = [director]
            trusteeIndex = append(company, extraGroup: group)
        }
        var trust = PracticeEntity(kind: fund ? .superFund : .trust)
        if fund {
            trust.suffix = random.pick(Vocabulary.superFundSuffixes(country).canonical)
            trust.core = uniqueCore(category: "fund") { [last] random in
                switch random.below(10) {
                case 0..<4: last
                case 4..<6: last + " Family"
                case 6..<8: Self.initials(&random) + " " + last
                default: random.pick(Vocabulary.givenNames) + " " + last
                }
            }
        } else if unitTrust {
            trust.trustLabel = "Unit Trust"
            trust.suffix = "Unit Trust"
            trust.core = uniqueCore(category: "trust") { random in
                random.pick(Vocabulary.placeWords)
                    + (random.chance(0.5) ? " " + random.pick(Vocabulary.secondPlaceWords) : "")
                    + random.pick(["", " Property", " Investment", " Land", " Development", " Equity"])
            }
        } else {
            trust.trustLabel = random.chance(0.75) ? "Family Trust" : "Discretionary Trust"
            trust.suffix = trust.trustLabel
            trust.core = uniqueCore(category: "trust") { [last] random in
                switch random.below(20) {
                case 0..<8: last
                case 8..<12: random.pick(Vocabulary.givenNames) + " " + last
                case 12..<15: Self.initials(&random) + " " + last
                case 15..<17: last + random.pick([" Investment", " Property", " Holdings"])
                default: random.pick(Vocabulary.placeWords)
                }
            }
        }
        trust.trustee = trusteeIndex
        trust.namesTrustee = trustee && random.chance(0.2)
        trust.address = address
        trust.landline = landline
        trust.email = email
        trust.contacts = [person]
        append(trust, extraGroup: group)
    }

    mutating func addPartnership() {
        var firm = PracticeEntity(kind: .partnership)
        let first = familyName()
        var second = familyName()
        while second == first { second = familyName() }
        let trade = random.pick(Vocabulary.tradeWords)
        firm.core = uniqueCore(category: "partnership") { random in
            switch random.below(5) {
            case 0: first + " & " + second
            case 1, 2: first + " & " + second + " " + trade
            case 3: Self.initials(&random) + " " + first
            default: random.pick(Vocabulary.placeWords) + " " + trade
            }
        }
        let roll = random.unit()
        firm.suffix = country == .gb && roll < 0.3 ? "LLP" : (roll > 0.75 ? "Partnership" : "")
        firm.address = commercialAddress()
        firm.landline = phones.landline(area: area(of: firm.address), &random)
        let domain = domain(for: firm.core)
        firm.email = registered(random.pick(Vocabulary.organisationMailboxes) + "@" + domain) ?? ""
        firm.website = random.chance(0.4) ? "www." + domain : ""
        var partner = directorPerson(lastName: first)
        partner.position = "Partner"
        var other = directorPerson(lastName: second)
        other.position = "Partner"
        firm.contacts = [partner, other]
        append(firm)
    }
}
