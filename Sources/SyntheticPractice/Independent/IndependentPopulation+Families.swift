import SingleClientRecord

/// Households and their families' entities, unrelated businesses, and which list holds whom.
extension IndependentPopulationBuilder {
    /// People of one family at one address with one landline; sometimes a family domain, a
    /// couple's shared e-mail, a father and son of one name; sometimes the family's trust,
    /// trustee company, super fund, business and partnership.
    mutating func household() {
        let (family, origin) = surname()
        let home = address()
        let state = state(of: home)
        let landline = random.chance(0.55) ? landline(state: state) : ""
        let headFemale = random.chance(0.4)
        let head = person(family: family, origin: origin, female: headFemale, born: 1938...2002)
        let headYear = Int(population.people[Int(head)].birth / 10_000)
        var members: [Int32] = [head]
        var partner: Int32 = -1
        if headYear < 1999 && random.chance(0.62) {
            let female = random.chance(0.95) ? !headFemale : headFemale
            var partnerFamily = family
            var partnerOrigin = origin
            if random.chance(0.2) {
                let other = random.chance(0.7) ? sameOriginSurname(origin) : surname()
                partnerFamily = other.name
                partnerOrigin = other.origin
            }
            let years = max(1935, headYear - 6)...min(2002, headYear + 6)
            partner = person(
                family: partnerFamily, origin: partnerOrigin, female: female, born: years,
                avoiding: [population.people[Int(head)].given])
            if female && partnerFamily == family && random.chance(0.08) {
                population.people[Int(partner)].maiden = sameOriginSurname(origin).name
            }
            members.append(partner)
        }
        var junior: Int32 = -1
        if headYear < 1978 {
            let children = random.chance(0.3) ? (random.chance(0.3) ? 2 : 1) : 0
            for _ in 0..<children {
                let female = random.chance(0.5)
                let years = min(2005, headYear + 22)...min(2006, headYear + 38)
                var sameName: String? = nil
                if !female && !headFemale && junior < 0 && random.chance(0.3) {
                    sameName = population.people[Int(head)].given
                }
                let child = person(
                    family: family, origin: origin, female: female, born: years, given: sameName,
                    avoiding: members.map { population.people[Int($0)].given })
                if sameName != nil {
                    junior = child
                    population.people[Int(head)].suffix = 1
                    population.people[Int(child)].suffix = 2
                }
                members.append(child)
            }
        }
        // The family's own domain, or one e-mail the couple share.
        if random.chance(0.12) {
            let f = Self.plain(family)
            let g = Self.plain(population.people[Int(head)].given)
            let domain = domain([
                f + "family.com.au", "the" + f + "s.com.au", f + ".id.au", f + "family.net.au", f + "clan.com",
                g + f + ".com.au", g + f + ".id.au", f + suburbWord(home) + ".com.au", g + "and" + f + ".net",
            ])
            for member in members where random.chance(0.85) {
                let given =
                    population.people[Int(member)].preferred.isEmpty
                    ? population.people[Int(member)].given : population.people[Int(member)].preferred
                var email = Self.plain(given) + "@" + domain
                if !usedEmails.insert(email).inserted { email = Self.plain(given) + "2@" + domain }
                population.people[Int(member)].email = email
            }
        } else if partner >= 0 && random.chance(0.15) {
            let f = Self.plain(family)
            let a = Self.plain(population.people[Int(head)].given)
            let b = Self.plain(population.people[Int(partner)].given)
            let provider = IndependentPlaces.providers[providerTable.draw(&random)]
            var local = [a + "and" + b, f + "family", a + "." + b, f + "s"][below(4)]
            while !usedEmails.insert(local + "@" + provider).inserted { local += String(below(10)) }
            population.people[Int(head)].email = local + "@" + provider
            population.people[Int(partner)].email = local + "@" + provider
        }
        // A son of his father's name often still uses the family's e-mail.
        if junior >= 0 && random.chance(0.6) && !population.people[Int(head)].email.isEmpty {
            population.people[Int(junior)].email = population.people[Int(head)].email
            population.people[Int(junior)].oldEmail = ""
        }
        let moved = random.chance(0.07)
        let oldHome = moved ? address() : -1
        let changedPhone = !landline.isEmpty && random.chance(0.04)
        let oldLandline = changedPhone ? self.landline(state: state) : ""
        var individuals: [Int32] = []
        for (offset, member) in members.enumerated() {
            if offset > 0 && offset == (partner >= 0 ? 1 : -1) && !random.chance(0.85) { continue }
            if offset > 1 && random.chance(0.1) { continue }
            let person = population.people[Int(member)]
            var client = Client(kind: .individual, address: home)
            client.person = member
            client.oldAddress = oldHome
            client.phone = landline
            client.oldPhone = oldLandline
            client.mobile = person.mobile
            client.email = person.email
            client.oldEmail = person.oldEmail
            if random.chance(0.92) { client.tfn = tfn() }
            if random.chance(offset == 0 ? 0.14 : 0.05) {
                client.kind = .soleTrader
                client.abn = abn()
                if random.chance(0.5) {
                    let trade = IndependentNames.trades[below(IndependentNames.trades.count)]
                    client.tradingName =
                        random.chance(0.5)
                        ? person.family + " " + trade
                        : IndependentNames.tradingFirst[below(IndependentNames.tradingFirst.count)] + " " + trade
                }
            }
            if random.chance(0.04) { client.postalBox = Int32(1 + below(9000)) }
            let index = addClient(client)
            if client.kind == .soleTrader && random.chance(0.5) {
                organisation(for: index, name: client.tradingName.isEmpty ? personName(member) : client.tradingName)
            } else if random.chance(0.04) {
                organisation(for: index, name: personName(member) + (random.chance(0.5) ? "" : " - Rental Property"))
            }
            individuals.append(index)
        }
        if individuals.count >= 2 {
            population.clients[Int(individuals[0])].related = individuals[1]
            population.clients[Int(individuals[1])].related = individuals[0]
        }
        var group: Int32 = -1
        if headYear < 1990 && random.chance(0.24) {
            group = familyEntities(
                family: family, head: head, partner: partner, home: home, landline: landline)
        } else if random.chance(0.04) {
            let given = population.people[Int(head)].given
            group = groupNamed([
                family + " Family", family + " Family (" + given + ")", family + ", " + given + " & Family",
            ])
        }
        if group >= 0 {
            for index in individuals { population.clients[Int(index)].group = group }
        }
    }

    /// A group's index under the first of `candidates` no other group has (practices keep group
    /// names apart), or the first with a number.
    mutating func groupNamed(_ candidates: [String]) -> Int32 {
        var name = candidates.first { usedGroupNames.insert($0).inserted }
        var number = 2
        while name == nil {
            let candidate = candidates[0] + " " + String(number)
            if usedGroupNames.insert(candidate).inserted { name = candidate }
            number += 1
        }
        population.groupNames.append(name!)
        return Int32(population.groupNames.count - 1)
    }

    func suburbName(_ address: Int32) -> String {
        IndependentPlaces.suburbs[Int(population.addresses[Int(address)].suburb)].name
    }

    func suburbWord(_ address: Int32) -> String { Self.plain(suburbName(address)) }

    func personName(_ person: Int32) -> String {
        let p = population.people[Int(person)]
        return (p.preferred.isEmpty ? p.given : p.preferred) + " " + p.family
    }

    mutating func sameOriginSurname(_ origin: NameOrigin) -> (name: String, origin: NameOrigin) {
        for _ in 0..<40 {
            let drawn = surname()
            if drawn.origin == origin { return drawn }
        }
        return surname()
    }

    /// The family's trust, trustee company, super fund, business and partnership: one group,
    /// sharing a business domain's e-mails, an office and its phone; each with its own numbers.
    /// Returns the family's group.
    mutating func familyEntities(
        family: String, head: Int32, partner: Int32, home: Int32, landline: String
    ) -> Int32 {
        let f = Self.plain(family)
        let headPerson = population.people[Int(head)]
        let initials =
            partner >= 0
            ? String(headPerson.given.prefix(1)) + " & " + String(population.people[Int(partner)].given.prefix(1))
            : String(headPerson.given.prefix(1))
        let trade = IndependentNames.trades[below(IndependentNames.trades.count)]
        let business = random.chance(0.55)
        let tradeWord = Self.plain(trade.split(separator: " ")[0].description)
        let domain =
            random.chance(0.7)
            ? domain([
                f + "group.com.au", f + tradeWord + ".com.au", f + "family.com.au", f + "investments.com.au",
                Self.plain(initials) + f + ".com.au", f + suburbWord(home) + ".com.au",
                f + tradeWord + suburbWord(home) + ".com.au", Self.plain(initials) + f + "group.com.au",
            ])
            : ""
        let shared = domain.isEmpty ? "" : ["admin@", "accounts@", "office@"][below(3)] + domain
        let office = random.chance(0.5) ? home : address(business: true, near: home)
        let officePhone = office != home || random.chance(0.6) ? self.landline(state: state(of: office)) : landline
        let adults = partner >= 0 ? [head, partner] : [head]
        let individualTrustees =
            partner >= 0
            ? personName(head) + " & " + personName(partner) : personName(head)
        var groupNames = [
            family + " Family Group", family + " Group", family.uppercased() + " " + initials,
            "The " + family + (family.hasSuffix("s") ? "es" : "s"),
        ]
        groupNames.swapAt(0, below(4))
        groupNames += [family + " Group (" + initials + ")", family + " Family Group - " + suburbName(home)]
        let group = groupNamed(groupNames)

        func base(_ kind: Kind, _ name: String) -> Client {
            var client = Client(kind: kind, address: office)
            client.name = name
            client.phone = officePhone
            let roll = u(&random)
            client.email =
                roll < 0.55 && !shared.isEmpty
                ? shared
                : roll < 0.75 ? headPerson.email : roll < 0.85 && !domain.isEmpty ? "accounts@" + domain : ""
            client.contacts = adults
            client.positions = adults.map { _ in kind == .partnership ? 6 : kind == .company ? 0 : 3 }
            client.group = group
            if random.chance(0.15) { client.postalBox = Int32(1 + below(9000)) }
            return client
        }

        var trusteeCompany: Int32 = -1
        var trusteeName = individualTrustees
        if random.chance(0.7) {
            let wanted = [
                family + " Holdings", family + " Nominees", initials + " " + family, family + " Investments",
                family + " Family Holdings", family + " Corporation",
            ][below(6)]
            let name = companyName(wanted)
            var client = base(.company, name)
            let numbers = acnAndABN()
            client.acn = numbers.acn
            if random.chance(0.5) { client.abn = numbers.abn }
            if random.chance(0.8) { client.tfn = tfn() }
            trusteeCompany = addClient(client)
            trusteeName = name + " Pty Ltd"
            if random.chance(0.4) { organisation(for: trusteeCompany, name: name + " Pty Ltd") }
        }
        var trust = base(.trust, family + " Family Trust")
        trust.trustee = trusteeName
        trust.related = trusteeCompany
        if random.chance(0.85) { trust.abn = abn() }
        if random.chance(0.9) { trust.tfn = tfn() }
        let trustIndex = addClient(trust)
        if random.chance(0.45) {
            let name = random.chance(0.5) ? "The Trustee for " + family + " Family Trust" : family + " Family Trust"
            organisation(for: trustIndex, name: name)
            // Some practices keep the trust's books in its trustee company's file.
            if trusteeCompany >= 0 && population.clients[Int(trusteeCompany)].organisation < 0 && random.chance(0.05) {
                population.clients[Int(trusteeCompany)].organisation = population.clients[Int(trustIndex)].organisation
            }
        }
        if trusteeCompany >= 0 { population.clients[Int(trusteeCompany)].related = trustIndex }

        if random.chance(0.4) {
            let fund = [
                family + " Super Fund", family + " Superannuation Fund", family + " Family Super Fund",
                family + " Retirement Fund", initials + " " + family + " Super Fund",
            ][below(5)]
            var superTrustee = individualTrustees
            var related: Int32 = -1
            if random.chance(0.5) {
                let name = companyName(family + " Super")
                superTrustee = name + " Pty Ltd"
                if random.chance(0.6) {
                    var company = base(.company, name)
                    company.acn = acnAndABN().acn
                    if random.chance(0.5) { company.tfn = tfn() }
                    related = addClient(company)
                }
            }
            var client = base(.superFund, fund)
            client.trustee = superTrustee
            client.related = related
            client.abn = abn()
            if random.chance(0.95) { client.tfn = tfn() }
            let index = addClient(client)
            if random.chance(0.3) { organisation(for: index, name: fund) }
        }
        if business {
            let wanted =
                random.chance(0.5)
                ? family + " " + trade
                : IndependentNames.tradingFirst[below(IndependentNames.tradingFirst.count)] + " " + trade
            let name = companyName(wanted)
            var client = base(.company, name)
            let numbers = acnAndABN()
            client.acn = numbers.acn
            client.abn = numbers.abn
            if random.chance(0.85) { client.tfn = tfn() }
            if !domain.isEmpty && random.chance(0.6) { client.website = "www." + domain }
            if random.chance(0.04) {
                client.formerName = companyName(
                    IndependentNames.tradingFirst[below(IndependentNames.tradingFirst.count)] + " " + trade)
            }
            if random.chance(0.3) {
                client.contacts.append(bookkeeper())
                client.positions.append(7)
            }
            if random.chance(0.3) { client.tradingName = family + "'s " + trade }
            let index = addClient(client)
            if random.chance(0.65) { organisation(for: index, name: name + (random.chance(0.8) ? " Pty Ltd" : "")) }
        }
        if random.chance(0.15) {
            let name = [
                family + " Investment Trust", family + " Property Trust", family + " Unit Trust",
                headPerson.given + " " + family + " Family Trust",
            ][below(4)]
            var client = base(.trust, name)
            client.trustee = trusteeName
            if random.chance(0.7) { client.abn = abn() }
            if random.chance(0.9) { client.tfn = tfn() }
            _ = addClient(client)
        }
        if partner >= 0 && random.chance(0.12) {
            let other = population.people[Int(partner)]
            let name = [
                initials + " " + family,
                headPerson.given + " & " + other.given + " " + family,
                String(headPerson.given.prefix(1)) + " " + family + " & " + String(other.given.prefix(1)) + " "
                    + other.family,
                family + " Partnership",
            ][below(4)]
            var client = base(.partnership, name)
            client.abn = abn()
            if random.chance(0.9) { client.tfn = tfn() }
            let index = addClient(client)
            if random.chance(0.5) { organisation(for: index, name: name) }
        }
        return group
    }

    /// A bookkeeper's person, to stand as a contact on the businesses they keep the books of.
    mutating func bookkeeper() -> Int32 {
        bookkeepers[min(below(bookkeepers.count), below(bookkeepers.count))].person
    }

    /// A business with no family in the practice: a company, a partnership of two families, a
    /// unit or trading trust; its directors are contacts, not clients.
    mutating func unrelatedBusiness() {
        let roll = u(&random)
        let trade = IndependentNames.trades[below(IndependentNames.trades.count)]
        let first = IndependentNames.tradingFirst[below(IndependentNames.tradingFirst.count)]
        let (family, origin) = surname()
        let nameRoll = u(&random)
        var wanted =
            nameRoll < 0.55
            ? first + " " + trade
            : nameRoll < 0.8 ? family + " " + trade : nameRoll < 0.9 ? initialsWord() + " " + trade : ""
        if wanted.isEmpty { wanted = family + " & " + surname().name + " " + trade }
        let kind: Kind = roll < 0.64 ? .company : roll < 0.8 ? .partnership : .trust
        let place = address(business: true)
        var client = Client(kind: kind, address: place)
        client.name =
            kind == .company
            ? companyName(wanted) : kind == .trust ? wanted + (random.chance(0.5) ? " Unit Trust" : " Trust") : wanted
        client.phone = random.chance(0.85) ? landline(state: state(of: place)) : ""
        let domain = domain([
            Self.plain(kind == .company ? client.name : wanted) + ".com.au", Self.plain(wanted) + ".net.au",
            Self.plain(wanted) + suburbWord(place) + ".com.au", Self.plain(client.name) + ".au",
        ])
        if random.chance(0.75) { client.email = ["info@", "admin@", "accounts@", "office@"][below(4)] + domain }
        if random.chance(0.55) { client.website = "www." + domain }
        let directors = random.chance(0.4) ? 2 : 1
        for _ in 0..<directors {
            let female = random.chance(0.35)
            let person = person(family: family, origin: origin, female: female, born: 1945...1995)
            client.contacts.append(person)
            client.positions.append(kind == .partnership ? 6 : kind == .company ? 0 : 3)
        }
        if random.chance(0.3) {
            client.contacts.append(bookkeeper())
            client.positions.append(7)
        }
        if kind == .company {
            let numbers = acnAndABN()
            client.acn = numbers.acn
            client.abn = numbers.abn
            if random.chance(0.03) { client.formerName = companyName(first + " " + trade + " Group") }
            if random.chance(0.1) { client.tradingName = first + " " + trade }
        } else {
            client.abn = abn()
            if kind == .trust { client.trustee = companyName(family + " Nominees") + " Pty Ltd" }
        }
        if random.chance(0.85) { client.tfn = tfn() }
        if random.chance(0.06) { client.oldAddress = address(business: true) }
        if random.chance(0.1) { client.postalBox = Int32(1 + below(9000)) }
        let index = addClient(client)
        if random.chance(0.6) {
            organisation(for: index, name: client.name + (kind == .company && random.chance(0.8) ? " Pty Ltd" : ""))
        }
    }

    mutating func initialsWord() -> String {
        let letters = Array("ABCDEFGHJKLMNPRSTW".utf8)
        let count = 2 + below(2)
        return String(decoding: (0..<count).map { _ in letters[below(letters.count)] }, as: UTF8.self)
    }

    /// Which list holds each client, and how many times: about 76% in both, 12% in HQ only, 12%
    /// in XPM only (individuals lean to XPM, businesses to HQ); 3.5% of XPM clients keyed twice,
    /// 1% of HQ clients.
    mutating func placeInLists() {
        var hqKeys: [String] = []
        var xpmKeys: [(id: Int32, uuid: String)] = []
        hqKeys.reserveCapacity(population.clients.count)
        xpmKeys.reserveCapacity(population.clients.count)
        var nextXPMID: Int32 = 20_000_000
        for index in population.clients.indices {
            let person = population.clients[index].kind == .individual
            let roll = u(&random)
            let hqOnly = person ? 0.09 : 0.16
            let xpmOnly = person ? 0.15 : 0.08
            var hq: UInt8 = roll < 1 - xpmOnly ? 1 : 0
            var xpm: UInt8 = roll >= hqOnly ? 1 : 0
            if xpm > 0 && random.chance(0.035) { xpm = random.chance(0.06) ? 3 : 2 }
            if hq > 0 && random.chance(0.01) { hq = 2 }
            var client = population.clients[index]
            client.hqCopies = hq
            client.xpmCopies = xpm
            client.archived = random.chance(0.04)
            client.duplicateArchived = random.chance(0.5)
            client.syncLink = hq > 0 && xpm > 0 && random.chance(0.2)
            client.hqFirst = Int32(hqKeys.count)
            client.xpmFirst = Int32(xpmKeys.count)
            for _ in 0..<hq { hqKeys.append(IndependentKeys.uuid(&random)) }
            for _ in 0..<xpm {
                nextXPMID += Int32(1 + below(40))
                xpmKeys.append((nextXPMID, IndependentKeys.uuid(&random)))
            }
            population.clients[index] = client
        }
        population.hqKeys = hqKeys
        population.xpmKeys = xpmKeys
    }
}

/// Keys as the two products make them: lower-case version-4 UUIDs.
enum IndependentKeys {
    static func uuid(_ random: inout SeededRandom) -> String {
        let high = random.next()
        let low = random.next()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        let hex = Array("0123456789abcdef".utf8)
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { bytes.append(0x2D) }
            var nibble = Int(((index < 16 ? high : low) >> UInt64(60 - (index % 16) * 4)) & 0xF)
            if index == 12 { nibble = 4 }
            if index == 16 { nibble = 8 | (nibble & 3) }
            bytes.append(hex[nibble])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
