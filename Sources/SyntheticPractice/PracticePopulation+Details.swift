import SingleClientRecord

/// The details of a generated practice's clients: names, people, e-mail addresses and domains,
/// identifiers, groups and XPM keys. Every value that must be unique (an e-mail, a domain, an
/// organisation's name, an identifier) is claimed here, so that two clients never share one by
/// accident; the practice's look-alikes share theirs on purpose.
extension PracticePopulation {
    // MARK: Names

    mutating func familyName() -> String { Vocabulary.familyNames[familyDraw.draw(&random)] }

    mutating func givenName(notIn taken: [String] = []) -> String {
        while true {
            let name = Vocabulary.givenNames[givenDraw.draw(&random)]
            if !taken.contains(name) { return name }
        }
    }

    /// Two initials joined as couples write them: `J & M`.
    static func initials(_ random: inout SeededRandom) -> String {
        let letters = Array("ABCDEGHJKLMNPRSTW".utf8)
        return String(decoding: [random.pick(letters)], as: UTF8.self) + " & "
            + String(decoding: [random.pick(letters)], as: UTF8.self)
    }

    /// Claims an organisation's core name within its category; false when another client has it.
    mutating func claimName(_ core: String, _ category: String) -> Bool {
        organisationNames.insert(category + "|" + core.lowercased()).inserted
    }

    /// A core name from `make` that no other client of the category has. After eight clashes a
    /// number is added, as practices do (`Smith No. 2 Family Trust`), from a wider range the longer
    /// the clashes go on, so that the draw always ends.
    mutating func uniqueCore(category: String, _ make: (inout SeededRandom) -> String) -> String {
        var attempt = 0
        while true {
            var core = make(&random)
            if attempt >= 8 {
                let top = attempt < 16 ? 9 : (attempt < 24 ? 99 : 9999)
                core += " No. " + String(random.int(in: 2...top))
            }
            if claimName(core, category) { return core }
            attempt += 1
        }
    }

    /// A company's core name, and the family name it is built on when it is one.
    mutating func companyCore() -> (core: String, family: String?) {
        var family: String?
        let familyDraw = self.familyDraw
        let core = uniqueCore(category: "company") { random in
            let roll = random.below(100)
            family = nil
            if roll < 40 {
                return random.pick(Vocabulary.placeWords) + " " + random.pick(Vocabulary.tradeWords)
            } else if roll < 55 {
                return random.pick(Vocabulary.placeWords) + " " + random.pick(Vocabulary.secondPlaceWords) + " "
                    + random.pick(Vocabulary.tradeWords)
            } else if roll < 80 {
                let last = Vocabulary.familyNames[familyDraw.draw(&random)]
                family = last
                return last + " "
                    + random.pick(random.chance(0.5) ? Vocabulary.familyCompanyWords : Vocabulary.tradeWords)
            } else if roll < 90 {
                let letters = Array("ABCDEFGHJKLMNPRSTW".utf8)
                return String(decoding: (0..<3).map { _ in random.pick(letters) }, as: UTF8.self) + " "
                    + random.pick(Vocabulary.tradeWords)
            } else {
                let a = Vocabulary.familyNames[familyDraw.draw(&random)]
                let b = Vocabulary.familyNames[familyDraw.draw(&random)]
                return a + " & " + b + " " + random.pick(Vocabulary.tradeWords)
            }
        }
        return (core, family)
    }

    /// A sibling's name: the family's other companies (`Smith Holdings`, `Smith Investments`) or
    /// the base with one more word (`Harbour Plumbing Services`).
    mutating func siblingCore(_ base: String, family: String?) -> String {
        uniqueCore(category: "company") { random in
            if let family, random.chance(0.7) {
                return family + " " + random.pick(Vocabulary.familyCompanyWords + Vocabulary.siblingWords)
            }
            return base + " " + random.pick(Vocabulary.siblingWords)
        }
    }

    // MARK: People, addresses, contact details

    mutating func birthDate(years: ClosedRange<Int>) -> Int32 {
        let year = random.int(in: years)
        let month = random.int(in: 1...12)
        let days = [
            31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        return Int32(year * 10000 + month * 100 + random.int(in: 1...days[month - 1]))
    }

    /// An organisation's director or trustee: a client of the practice a third of the time (the
    /// same name, mobile and e-mail as their own record), else someone new.
    mutating func directorPerson(lastName: String?) -> PracticePerson {
        if !individuals.isEmpty, random.chance(0.35) {
            let client = entities[Int(random.pick(individuals))]
            return PracticePerson(
                first: client.first, last: client.last, mobile: client.mobile, email: client.email, phone: "",
                position: "Director")
        }
        let first = givenName()
        let last = lastName ?? familyName()
        let mobile = phones.mobile(&random)
        let mail = random.chance(0.7) ? personalEmail(first, last, birth: 0) : ""
        return PracticePerson(first: first, last: last, mobile: mobile, email: mail, phone: "", position: "Director")
    }

    mutating func officePerson(domain: String, phone: String) -> PracticePerson {
        let first = givenName()
        let email = registered(first.asciiLetters + "@" + domain) ?? ""
        return PracticePerson(
            first: first, last: familyName(), mobile: "", email: email, phone: phone,
            position: random.pick(Vocabulary.officePositions))
    }

    func place(_ address: PracticeAddress) -> Vocabulary.Place { addresses.places[Int(address.place)] }
    func area(of address: PracticeAddress) -> String { addresses.places[Int(address.place)].area }

    mutating func residentialAddress() -> PracticeAddress { addresses.residential(&random) }
    mutating func commercialAddress() -> PracticeAddress { addresses.commercial(&random) }

    /// `address` when no client has it yet (it is then claimed), else nil.
    mutating func registered(_ address: String) -> String? {
        emails.insert(address).inserted ? address : nil
    }

    /// A person's own e-mail at a free-mail domain: `sarah.brown@gmail.com`, `sbrown78@outlook.com`.
    mutating func personalEmail(_ first: String, _ last: String, birth: Int32) -> String {
        let f = first.asciiLetters
        let l = last.asciiLetters
        let domains = Vocabulary.freeMailDomains(country)
        let year = birth > 0 ? String(Int(birth) / 10000 % 100) : String(random.int(in: 10...99))
        for attempt in 0..<12 {
            let domain = domains[mailDraw.draw(&random)]
            let local =
                // After two clashes, the forms with digits, as people with common names use.
                switch attempt < 2 ? random.below(8) : 6 + random.below(2) {
                case 0, 1: f + "." + l
                case 2: f + l
                case 3: String(f.prefix(1)) + l
                case 4: f + "_" + l
                case 5: String(f.prefix(1)) + "." + l
                case 6: f + "." + l + year
                default: f + l + String(random.int(in: 1...999))
                }
            if let email = registered(local + "@" + domain) { return email }
        }
        while true {
            if let email = registered(f + "." + l + String(random.int(in: 1000...999_999)) + "@" + domains[0]) {
                return email
            }
        }
    }

    /// A family's shared e-mail: `thesmiths@bigpond.com`, `smith.family@gmail.com`.
    mutating func sharedEmail(_ last: String) -> String {
        let l = last.asciiLetters
        let domains = Vocabulary.freeMailDomains(country)
        var attempt = 0
        while true {
            let local = random.pick(["the" + l + "s", l + ".family", l + "family", l + "home"])
            let top = attempt < 8 ? 99 : 99999
            let suffix = attempt < 4 && random.chance(0.5) ? "" : String(random.int(in: 1...top))
            if let email = registered(local + suffix + "@" + domains[mailDraw.draw(&random)]) { return email }
            attempt += 1
        }
    }

    /// Another mailbox at the organisation's domain.
    mutating func mailbox(at domain: String, avoiding: String) -> String {
        let boxes = Vocabulary.organisationMailboxes
        let start = random.below(boxes.count)
        for offset in boxes.indices {
            if let email = registered(boxes[(start + offset) % boxes.count] + "@" + domain) { return email }
        }
        return avoiding
    }

    /// The organisation's own domain from its name (`harbourplumbing.com.au`), claimed; a taken
    /// one gets a number, from a wider range the longer the clashes go on.
    mutating func domain(for core: String) -> String {
        let stem = core.asciiLetters
        let suffix = random.chance(0.8) ? Vocabulary.businessDomainSuffix(country) : ".com"
        var candidate = stem + suffix
        var attempt = 0
        while !domains.insert(candidate).inserted {
            attempt += 1
            let top = attempt < 8 ? 9 : (attempt < 16 ? 99 : 99999)
            candidate = stem + String(random.int(in: 2...top)) + suffix
        }
        return candidate
    }

    // MARK: Identifiers, groups, keys

    mutating func assignIdentifiers(_ entity: inout PracticeEntity) {
        // The chance of a tax number and of a business number, by structure.
        let (taxChance, businessChance): (Double, Double) =
            switch (country, entity.kind) {
            case (_, .individual): (country == .gb ? 0.8 : 0.9, 0)
            case (.au, .soleTrader): (0.9, 0.95)
            case (.nz, .soleTrader): (0.95, 0.6)
            case (.gb, .soleTrader): (0.95, 0.4)
            case (.au, .company): (0.7, 0.95)
            case (.nz, .company): (0.8, 1)
            case (.gb, .company): (0.85, 0.6)
            case (.au, .trust): (0.85, 0.9)
            case (.nz, .trust): (0.9, 0.3)
            case (.gb, .trust): (0.8, 0.1)
            case (.au, .partnership): (0.8, 0.95)
            case (.nz, .partnership): (0.85, 0.6)
            case (.gb, .partnership): (0.85, 0.5)
            case (.au, .superFund): (0.9, 0.98)
            case (.nz, .superFund): (0.9, 0.2)
            case (.gb, .superFund): (0.5, 0)
            }
        if random.chance(taxChance) {
            entity.tax =
                switch country {
                case .au: identifiers.tfn(&random)
                case .nz: identifiers.ird(&random)
                case .gb: identifiers.utr(&random)
                }
        }
        let hasBusinessNumber = random.chance(businessChance)
        switch country {
        case .au:
            if entity.kind == .company {
                let (acn, abn) = identifiers.australianCompany(&random)
                entity.company = acn
                if hasBusinessNumber { entity.business = abn }
            } else if hasBusinessNumber {
                entity.business = identifiers.abn(&random)
            }
        case .nz:
            if entity.kind == .company { entity.company = identifiers.newZealandCompanyNumber(&random) }
            if hasBusinessNumber { entity.business = identifiers.nzbn(&random) }
        case .gb:
            if entity.kind == .company {
                entity.company = identifiers.companiesHouseNumber(&random)
            } else if entity.kind == .partnership && entity.suffix == "LLP" {
                entity.company = identifiers.companiesHouseNumber(&random, llp: true)
            }
            if hasBusinessNumber { entity.business = identifiers.vat(&random) }
        }
    }

    /// A new group's index; a name already taken gets a number (`Smith Family 2`).
    mutating func newGroup(_ name: String) -> Int32 {
        let count = (groupNameCounts[name] ?? 0) + 1
        groupNameCounts[name] = count
        groupNames.append(count == 1 ? name : name + " " + String(count))
        return Int32(groupNames.count - 1)
    }

    func serviceGroup(_ name: String) -> Int32? {
        serviceGroupNames.firstIndex(of: name).map { Int32($0) }
    }

    mutating func assignGroups(_ entity: inout PracticeEntity, extra: Int32?) {
        var groups: [Int32] = []
        let business = !entity.business.isEmpty
        let kind = entity.kind
        func add(_ name: String, _ chance: Double) {
            if chance > 0, let index = serviceGroup(name), random.chance(chance) { groups.append(index) }
        }
        add("Tax", 0.85)
        add("Bookkeeping", kind == .individual ? 0.03 : 0.35)
        add("Payroll", kind == .company ? 0.25 : 0.02)
        add("BAS", business ? 0.5 : 0)
        add("GST", business ? 0.5 : 0)
        add("VAT", business ? 0.6 : 0)
        add("Advisory", 0.08)
        add("SMSF", kind == .superFund ? 0.95 : 0)
        add("Audit", kind == .superFund ? 0.6 : 0.02)
        add("Annual Accounts", kind == .company ? 0.7 : 0)
        add("Self Assessment", entity.isPerson ? 0.6 : 0)
        if random.chance(0.7) {
            groups.append(Int32(serviceGroupCount + random.below(partners)))
        }
        if let extra { groups.append(extra) }
        entity.groups = groups.sorted()
    }

    /// XPM's UUIDs and IDs: each client's first record in creation order, then the duplicates
    /// (created later, so with later IDs).
    mutating func assignXPMKeys() {
        var next = 23_400_000
        for pass in 0..<2 {
            for index in entities.indices where Int(entities[index].xpmCopies) > pass {
                entities[index].xpmUUIDs.append(generatedUUID(&random))
                next += 1 + random.below(3)
                entities[index].xpmIDs.append(Int32(next))
            }
        }
    }
}
