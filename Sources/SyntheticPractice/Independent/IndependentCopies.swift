import SingleClientRecord

/// One client as one system wrote it down: every value a string, as it goes into the file.
struct WrittenClient {
    var name = ""
    var first = ""
    var last = ""
    var structure = ""
    var email = ""
    var phone = ""
    var mobile = ""
    var website = ""
    var address = ""
    var city = ""
    var region = ""
    var postcode = ""
    var country = ""
    var postalAddress = ""
    var postalCity = ""
    var postalRegion = ""
    var postalPostcode = ""
    var postalCountry = ""
    var tax = ""
    var business = ""
    var company = ""
    var birth = ""
    /// Indexes into the population's group names.
    var groups: [Int32] = []
    var contacts: [(name: String, email: String, mobile: String, position: String)] = []
    var archived = false
    var isPerson = false
}

/// Writes the independent practice's clients the way each system holds them: the same client
/// with a nickname in one list and the given name in the other, a slipped digit in one TFN, a
/// move recorded in one system only, "The Trustee for" where Xero looked the name up.
///
/// Each copy draws from its own random stream (seed, client, side, copy), and the decisions both
/// systems share (a TFN miscopied from one form into both, which list still holds the old
/// address) from the client's own stream, so the files do not depend on the order of writing.
struct IndependentCopies: Sendable {
    enum Side: Int { case hq = 0, xpm = 1 }

    let population: IndependentPopulation
    let noise: IndependentNoise
    let seed: UInt64

    func stream(_ client: Int, _ salt: UInt64) -> SeededRandom {
        var mixer = SeededRandom(seed: seed &+ UInt64(client) &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xD1B5_4A32_D192_ED03)
        return SeededRandom(seed: mixer.next())
    }

    /// What both systems got from the same paper (or the same stale memory).
    struct Shared {
        var tfn: [UInt8]
        var staleSide: Side
        var staleName = false
        var staleAddress = false
        var staleEmail = false
        var stalePhone = false
        var staleMaiden = false
    }

    func shared(_ index: Int) -> Shared {
        var random = stream(index, 0)
        let client = population.clients[index]
        var tfn = client.tfn
        // A TFN misread from the client's form and typed into both systems alike.
        if !tfn.isEmpty && noise.chance(0.012, &random) { tfn = AUIdentifiers.slip(tfn, &random) }
        var shared = Shared(tfn: tfn, staleSide: random.chance(0.5) ? .hq : .xpm)
        shared.staleName = !client.formerName.isEmpty && noise.chance(0.6, &random)
        shared.staleAddress = client.oldAddress >= 0 && noise.chance(0.7, &random)
        shared.staleEmail = !client.oldEmail.isEmpty && noise.chance(0.6, &random)
        shared.stalePhone = !client.oldPhone.isEmpty && noise.chance(0.6, &random)
        if client.person >= 0 {
            shared.staleMaiden = !population.people[Int(client.person)].maiden.isEmpty && noise.chance(0.5, &random)
        }
        return shared
    }

    /// Copy `copy` (0 the first; 1 and 2 duplicates) of client `index` in one system.
    func written(_ index: Int, side: Side, copy: Int) -> WrittenClient {
        let client = population.clients[index]
        let common = shared(index)
        var random = stream(index, 1 + UInt64(side.rawValue) * 8 + UInt64(copy))
        let stale = side == common.staleSide || (copy > 0 && random.chance(0.5))
        var out = WrittenClient()
        out.isPerson = client.person >= 0
        out.archived = client.archived || (copy > 0 && client.duplicateArchived)
        out.structure = structure(client.kind, &random)

        if client.person >= 0 {
            personName(client, side: side, staleMaiden: stale && common.staleMaiden, into: &out, &random)
            out.birth = birth(population.people[Int(client.person)], side: side, &random)
        } else {
            out.name = organisationName(client, side: side, stale: stale && common.staleName, &random)
        }

        // E-mail.
        var email = stale && common.staleEmail ? client.oldEmail : client.email
        if noise.chance(0.07, &random) { email = "" }
        if !email.isEmpty && client.related >= 0 && noise.chance(0.01, &random) {
            let other = population.clients[Int(client.related)].email
            if !other.isEmpty { email = other }
        }
        if !email.isEmpty && noise.chance(0.006, &random) { email = slipEmail(email, &random) }
        if !email.isEmpty && noise.chance(0.05, &random) { email = Slips.capitalised(email) }
        out.email = email

        // Phones: XPM has one client phone (a mobile when there is no landline).
        var landline = stale && common.stalePhone ? client.oldPhone : client.phone
        if noise.chance(0.08, &random) { landline = "" }
        if !landline.isEmpty && noise.chance(0.006, &random) { landline = slipDigits(landline, &random) }
        var mobile = client.mobile
        if noise.chance(0.08, &random) { mobile = "" }
        if !mobile.isEmpty && noise.chance(0.006, &random) { mobile = slipDigits(mobile, &random) }
        let landlineStyle = noise.chance(0.5, &random) ? 1 + Int(random.next() % 6) : 0
        let mobileStyle = noise.chance(0.5, &random) ? 1 + Int(random.next() % 5) : 0
        if side == .hq {
            out.phone = Self.landline(landline, style: landlineStyle)
            out.mobile = Self.mobile(mobile, style: mobileStyle)
            if out.phone.isEmpty && !mobile.isEmpty && noise.chance(0.1, &random) {
                out.phone = out.mobile
                out.mobile = ""
            }
        } else {
            out.phone =
                landline.isEmpty
                ? (random.chance(0.6) ? Self.mobile(mobile, style: mobileStyle) : "")
                : Self.landline(landline, style: landlineStyle)
        }
        if !client.website.isEmpty && !noise.chance(0.2, &random) {
            let style = noise.chance(0.3, &random) ? Int(random.next() % 3) : -1
            out.website =
                style < 0
                ? client.website
                : ["https://" + client.website, String(client.website.dropFirst(4)), "http://" + client.website][style]
        }

        // Addresses.
        let place = stale && common.staleAddress ? client.oldAddress : client.address
        if !noise.chance(0.05, &random) { address(place, into: &out, &random) }
        if client.postalBox >= 0 && !noise.chance(0.25, &random) {
            let box = String(client.postalBox)
            out.postalAddress =
                noise.chance(0.3, &random)
                ? ["P.O. Box " + box, "PO BOX " + box, "Po Box " + box, "Locked Bag " + box][Int(random.next() % 4)]
                : "PO Box " + box
            let suburb = IndependentPlaces.suburbs[Int(population.addresses[Int(client.address)].suburb)]
            out.postalCity = suburb.name
            out.postalRegion = IndependentPlaces.states[suburb.state].short
            out.postalPostcode = suburb.postcode
            out.postalCountry = out.country.isEmpty ? "" : "Australia"
        }

        // Identifiers.
        out.tax = tfn(client, common.tfn, side: side, &random)
        out.business = abn(client, &random)
        if !client.acn.isEmpty && !noise.chance(side == .hq ? 0.2 : 0.1, &random) {
            let acn = noise.chance(0.005, &random) ? AUIdentifiers.slip(client.acn, &random) : client.acn
            out.company =
                noise.chance(0.4, &random) ? AUIdentifiers.string(acn) : AUIdentifiers.grouped(acn, [3, 3, 3])
        }

        // Groups and (in XPM) contacts.
        if client.group >= 0 && !noise.chance(0.15, &random) {
            out.groups = [client.group]
        }
        if side == .xpm { contacts(client, into: &out, &random) }

        // A duplicate is usually a quick second entry: fewer details.
        if copy > 0 {
            if noise.chance(0.15, &random) { out.email = "" }
            if noise.chance(0.15, &random) { out.tax = "" }
            if noise.chance(0.15, &random) { out.birth = "" }
            if noise.chance(0.15, &random) { out.phone = "" }
            if noise.chance(0.1, &random) {
                (out.address, out.city, out.region, out.postcode) = ("", "", "", "")
            }
        }
        return out
    }

    // MARK: Names

    func personName(
        _ client: IndependentPopulation.Client, side: Side, staleMaiden: Bool, into out: inout WrittenClient,
        _ random: inout SeededRandom
    ) {
        let person = population.people[Int(client.person)]
        var given = person.given
        if !person.preferred.isEmpty && noise.chance(side == .hq ? 0.35 : 0.25, &random) {
            given = person.preferred
        } else if let short = IndependentNames.nicknames[person.given], noise.chance(0.04, &random) {
            given = short[Int(random.next() % UInt64(short.count))]
        }
        if !person.middle.isEmpty && noise.chance(0.02, &random) { given = person.middle }
        if noise.chance(0.004, &random) {
            // Another first name altogether (a family member's, or misheard).
            let list = IndependentNames.given[0][person.female ? 1 : 0]
            given = list[Int(random.next() % UInt64(min(40, list.count)))]
        }
        if noise.chance(0.015, &random) { given = Slips.typo(given, noise, &random) }
        var family = staleMaiden ? person.maiden : person.family
        let variants = IndependentNames.spacingVariants(family)
        if !variants.isEmpty && noise.chance(0.3, &random) {
            family = variants[Int(random.next() % UInt64(variants.count))]
        }
        if noise.chance(0.02, &random) { family = Slips.typoInWord(family, noise, &random) }
        var first = given
        if !person.middle.isEmpty && noise.chance(0.04, &random) { first += " " + person.middle }
        if noise.chance(0.01, &random) { first = String(first.prefix(1)) }
        var last = family
        let eastAsian = [.vietnamese, .chinese, .korean].contains(person.origin)
        if noise.chance(eastAsian ? 0.012 : 0.003, &random) { swap(&first, &last) }
        var suffix = ""
        if person.suffix != 0 && !noise.chance(0.4, &random) {
            let forms = person.suffix == 1 ? ["Sr", "Snr", "Senior"] : ["Jr", "Jnr", "Junior"]
            suffix = noise.chance(0.4, &random) ? forms[Int(random.next() % 3)] : forms[0]
        }
        if noise.chance(0.03, &random) {
            first = Slips.upper(first)
            last = Slips.upper(last)
        }
        let full = first + " " + last + (suffix.isEmpty ? "" : " " + suffix)
        if !suffix.isEmpty && noise.chance(0.3, &random) { last += " " + suffix }
        out.first = first
        out.last = last
        if client.kind == .soleTrader && !client.tradingName.isEmpty && noise.chance(0.3, &random) {
            out.name = random.chance(0.5) ? client.tradingName : full + " T/A " + client.tradingName
            return
        }
        switch side {
        case .hq:
            let roll = noise.chance(0.35, &random) ? random.next() % 4 : 4
            switch roll {
            case 0: out.name = ""
            case 1: out.name = last + ", " + first
            case 2: out.name = (person.female ? "Ms " : "Mr ") + full
            case 3: out.name = Slips.upper(last) + " " + first
            default: out.name = full
            }
        case .xpm:
            out.name = population.xpmLastFirst ? last + ", " + first : full
            if noise.chance(0.05, &random) { out.name = population.xpmLastFirst ? full : last + ", " + first }
        }
    }

    static let legalForms = [
        "Pty. Ltd.", "PTY LTD", "Pty Limited", "Proprietary Limited", "Pty Ltd.", "P/L", "Pty. Limited", "Pty ltd",
    ]

    func organisationName(
        _ client: IndependentPopulation.Client, side: Side, stale: Bool, _ random: inout SeededRandom
    ) -> String {
        var core = stale ? client.formerName : client.name
        if !client.tradingName.isEmpty && noise.chance(0.03, &random) { return client.tradingName }
        var name: String
        switch client.kind {
        case .company:
            var form = "Pty Ltd"
            if noise.chance(0.25, &random) { form = Self.legalForms[Int(random.next() % 8)] }
            if noise.chance(0.05, &random) { form = "" }
            name = form.isEmpty ? core : core + " " + form
        case .trust, .superFund:
            if client.kind == .superFund && noise.chance(0.1, &random) {
                core =
                    core.contains("Superannuation")
                    ? core.replacing("Superannuation", with: "Super") : core.replacing("Super", with: "Superannuation")
            }
            name = core
            if noise.chance(side == .hq ? 0.45 : 0.12, &random) {
                name = (random.chance(0.2) ? "The Trustee for the " : "The Trustee for ") + core
            } else if !client.trustee.isEmpty && noise.chance(0.06, &random) {
                name =
                    client.trustee + [" ATF ", " as trustee for ", " ITF ", " A.T.F. "][Int(random.next() % 4)] + core
            } else if noise.chance(0.08, &random) {
                name = "The " + core
            } else if noise.chance(0.02, &random) {
                name = core + " (The)"
            }
        case .partnership:
            name = core
            if noise.chance(0.1, &random) {
                name =
                    name.hasSuffix(" Partnership")
                    ? String(name.dropLast(12)) + " Partners" : name.replacing(" Partners", with: " Partnership")
            }
        case .individual, .soleTrader:
            name = core
        }
        if noise.chance(0.2, &random) { name = Slips.swapAmpersand(name) }
        if noise.chance(0.02, &random) {
            for word in [" Family", " Services", " Group", " Australia", "'s"] where name.contains(word) {
                name = name.replacing(word, with: "")
                break
            }
        }
        if noise.chance(0.015, &random) { name = Slips.typoInWord(name, noise, &random) }
        if noise.chance(0.04, &random) { name = Slips.upper(name) }
        return name
    }

    func structure(_ kind: IndependentPopulation.Kind, _ random: inout SeededRandom) -> String {
        if noise.chance(0.06, &random) { return "" }
        let variant = noise.chance(0.08, &random)
        switch kind {
        case .individual: return noise.chance(0.01, &random) ? "Sole Trader" : "Individual"
        case .soleTrader: return noise.chance(0.03, &random) ? "Individual" : "Sole Trader"
        case .company: return variant ? ["Private Company", "Pty Ltd"][Int(random.next() % 2)] : "Company"
        case .trust:
            return variant ? ["Discretionary Trust", "Family Trust", "Unit Trust"][Int(random.next() % 3)] : "Trust"
        case .superFund:
            return variant
                ? ["Self Managed Superannuation Fund", "SMSF"][Int(random.next() % 2)] : "Superannuation Fund"
        case .partnership: return "Partnership"
        }
    }

    // MARK: Dates and numbers

    func birth(_ person: IndependentPopulation.Person, side: Side, _ random: inout SeededRandom) -> String {
        guard person.birthKnown, !noise.chance(side == .hq ? 0.12 : 0.08, &random) else { return "" }
        var year = Int(person.birth / 10_000)
        var month = Int(person.birth / 100 % 100)
        var day = Int(person.birth % 100)
        if noise.chance(0.012, &random) {
            // One digit typed wrong, the date still a date.
            switch random.next() % 5 {
            case 0, 1: day = day % 10 == 9 || day >= 28 ? day - 1 : day + 1
            case 2: year += random.chance(0.5) ? 10 : -10
            case 3: year += random.chance(0.5) ? 2 : -3
            default: month = month == 12 ? 11 : month + 1
            }
            if day > 28 { day = 28 }
        }
        if day <= 12 && day != month && noise.chance(0.012, &random) { swap(&day, &month) }
        if noise.chance(0.008, &random) { year += random.chance(0.5) ? 1 : -1 }
        if side == .xpm { return Self.iso(year, month, day) + "T00:00:00" }
        let roll = noise.chance(0.25, &random) ? random.next() % 3 : 2
        switch roll {
        case 0: return Self.iso(year, month, day)
        case 1: return String(day) + "/" + String(month) + "/" + String(year)
        default: return Self.two(day) + "/" + Self.two(month) + "/" + String(year)
        }
    }

    static func two(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(year) + "-" + two(month) + "-" + two(day)
    }

    func tfn(
        _ client: IndependentPopulation.Client, _ shared: [UInt8], side: Side, _ random: inout SeededRandom
    ) -> String {
        guard !shared.isEmpty, !noise.chance(side == .hq ? 0.15 : 0.06, &random) else { return "" }
        var digits = shared
        if noise.chance(0.025, &random) {
            digits = AUIdentifiers.slip(digits, &random)
        } else if client.related >= 0 && noise.chance(0.002, &random) {
            // A spouse's or trustee's TFN entered on this record.
            let other = population.clients[Int(client.related)].tfn
            if !other.isEmpty { digits = other }
        }
        let roll = noise.chance(0.4, &random) ? random.next() % 2 : 2
        switch roll {
        case 0: return AUIdentifiers.string(digits)
        case 1: return AUIdentifiers.grouped(digits, [3, 3, 3], separator: 0x2D)
        default: return AUIdentifiers.grouped(digits, [3, 3, 3])
        }
    }

    func abn(_ client: IndependentPopulation.Client, _ random: inout SeededRandom) -> String {
        guard !client.abn.isEmpty, !noise.chance(0.08, &random) else { return "" }
        var digits = client.abn
        if noise.chance(0.01, &random) {
            digits = AUIdentifiers.slip(digits, &random)
        } else if client.kind == .trust && client.related >= 0 && noise.chance(0.006, &random) {
            // The trustee company's ABN written on the trust.
            let other = population.clients[Int(client.related)].abn
            if !other.isEmpty { digits = other }
        }
        return noise.chance(0.4, &random)
            ? AUIdentifiers.string(digits) : AUIdentifiers.grouped(digits, [2, 3, 3, 3])
    }

    func slipDigits(_ text: String, _ random: inout SeededRandom) -> String {
        let digits = text.utf8.map { $0 - 0x30 }
        let head = Array(digits.prefix(2))
        let slipped = AUIdentifiers.slip(Array(digits.dropFirst(2)), &random)
        return AUIdentifiers.string(head + slipped)
    }

    func slipEmail(_ email: String, _ random: inout SeededRandom) -> String {
        guard let at = email.firstIndex(of: "@") else { return email }
        let local = String(email[..<at])
        let domain = String(email[email.index(after: at)...])
        if let slipped = IndependentPlaces.providerSlips[domain], random.chance(0.6) { return local + "@" + slipped }
        return Slips.typo(local, &random) + "@" + domain
    }

    /// "0298765432" in one of the ways people write a landline (style 0 the usual).
    static func landline(_ digits: String, style: Int) -> String {
        guard digits.utf8.count == 10 else { return digits }
        let d = Array(digits.utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: d[range], as: UTF8.self) }
        switch style {
        case 1: return "(" + part(0..<2) + ") " + part(2..<6) + " " + part(6..<10)
        case 2: return digits
        case 3: return "+61 " + part(1..<2) + " " + part(2..<6) + " " + part(6..<10)
        case 4: return part(2..<6) + " " + part(6..<10)
        case 5: return part(0..<2) + "-" + part(2..<6) + "-" + part(6..<10)
        case 6: return "+61" + part(1..<10)
        default: return part(0..<2) + " " + part(2..<6) + " " + part(6..<10)
        }
    }

    static func mobile(_ digits: String, style: Int) -> String {
        guard digits.utf8.count == 10 else { return digits }
        let d = Array(digits.utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: d[range], as: UTF8.self) }
        switch style {
        case 1: return digits
        case 2: return "+61 " + part(1..<4) + " " + part(4..<7) + " " + part(7..<10)
        case 3: return "+61" + part(1..<10)
        case 4: return part(0..<4) + "-" + part(4..<7) + "-" + part(7..<10)
        case 5: return part(0..<2) + " " + part(2..<6) + " " + part(6..<10)
        default: return part(0..<4) + " " + part(4..<7) + " " + part(7..<10)
        }
    }
}
