import SingleClientRecord

extension PracticePopulation {
    /// A client as one list writes it: its own spelling, gaps, formats and mistakes, drawn at
    /// `rates` (boosted for a re-keyed duplicate, `copy` 1).
    ///
    /// - Complexity: O(1) per record (a few dozen short strings).
    func view(
        of entity: borrowing PracticeEntity, side: SourceSystem, copy: Int, rates baseRates: NoiseRates,
        _ random: inout SeededRandom
    ) -> RecordView {
        let rates = copy > 0 ? baseRates.forDuplicate : baseRates
        var view = RecordView()
        if entity.isPerson {
            writePersonName(entity, side, rates, &view, &random)
        } else {
            view.name = organisationName(entity, rates, &random)
        }
        view.structure = structureLabel(entity, side, &random)
        writeContactDetails(entity, side, rates, &view, &random)
        writeAddress(entity, side, rates, &view, &random)
        writeIdentifiers(entity, side, rates, &view, &random)
        if entity.birth > 0 && !random.chance(rates.missingBirth) {
            view.birth = Self.date(entity.birth, side: side, dayFirst: random.chance(rates.dayFirstDate), &random)
        }
        view.groups = entity.groups
        if !view.groups.isEmpty && random.chance(rates.groupDropped) {
            view.groups.remove(at: random.below(view.groups.count))
        }
        view.archived = entity.inactive ? random.chance(0.85) : random.chance(copy > 0 ? 0.5 : 0.012)
        if side == .xpm {
            let style = random.chance(rates.phoneFormat) ? 1 + random.below(PhoneFactory.styles - 1) : 0
            view.contacts = entity.contacts.map { person in
                var contact = person
                contact.mobile =
                    person.mobile.isEmpty ? "" : PhoneFactory.written(person.mobile, style: style, country: country)
                contact.phone =
                    person.phone.isEmpty ? "" : PhoneFactory.written(person.phone, style: style, country: country)
                return contact
            }
        }
        return view
    }

    // MARK: Names

    private func writePersonName(
        _ entity: borrowing PracticeEntity, _ side: SourceSystem, _ rates: NoiseRates, _ view: inout RecordView,
        _ random: inout SeededRandom
    ) {
        var first = entity.first
        var last = entity.last
        var core = entity.core
        if random.chance(rates.nickname), let nicknames = PracticeVocabulary.nicknames[first] {
            first = random.pick(nicknames)
        }
        if random.chance(rates.accentsDropped) {
            first = first.withoutAccents
            last = last.withoutAccents
            core = core.withoutAccents
        }
        if random.chance(rates.typo) {
            let target = random.below(core.isEmpty ? 2 : 3)
            for _ in 0..<(random.chance(rates.secondEdit) ? 2 : 1) {
                switch target {
                case 0: first = Typo.apply(first, &random)
                case 1: last = Typo.apply(last, &random)
                default: core = Typo.apply(core, &random)
                }
            }
        }
        if random.chance(rates.swappedNames) { swap(&first, &last) }
        if random.chance(rates.caseChange) {
            let upper = random.chance(0.6)
            first = upper ? first.uppercased() : first.lowercased()
            last = upper ? last.uppercased() : last.lowercased()
            core = upper ? core.uppercased() : core.lowercased()
        }
        view.first = first
        view.last = last
        if !core.isEmpty {
            view.name = core
        } else if side == .hq && random.chance(rates.emptyName) {
            view.name = ""
        } else if random.chance(side == .hq ? rates.lastFirst : rates.lastFirst / 2) {
            view.name = last + ", " + first
        } else {
            view.name = first + " " + last
        }
    }

    private func organisationName(
        _ entity: borrowing PracticeEntity, _ rates: NoiseRates, _ random: inout SeededRandom
    ) -> String {
        var core = entity.core
        var suffix = entity.suffix
        var prefix = ""
        if random.chance(rates.accentsDropped) { core = core.withoutAccents }
        if random.chance(rates.typo) {
            for _ in 0..<(random.chance(rates.secondEdit) ? 2 : 1) { core = Typo.apply(core, &random) }
        }
        switch entity.kind {
        case .company:
            if random.chance(rates.legalForm) {
                suffix = random.pick(PracticeVocabulary.companySuffix(country).variants)
            }
        case .trust:
            if random.chance(rates.thePrefix) { prefix = "The " }
        case .superFund:
            if random.chance(rates.legalForm) {
                suffix = random.pick(PracticeVocabulary.superFundSuffixes(country).variants)
            }
            if random.chance(rates.thePrefix / 2) { prefix = "The " }
        case .partnership:
            if random.chance(rates.legalForm) && suffix != "LLP" {
                if core.contains(" & ") && random.chance(0.5) {
                    core = core.replacing(" & ", with: " and ")
                } else {
                    suffix = suffix.isEmpty ? "Partnership" : ""
                }
            }
        default: break
        }
        var name = prefix + core + (suffix.isEmpty ? "" : " " + suffix)
        if entity.trustee >= 0 {
            // The trust's name beside its trustee's: `Smith Nominees Pty Ltd ATF Smith Family Trust`.
            if entity.namesTrustee != random.chance(rates.trusteeForm) {
                name = entities[Int(entity.trustee)].organisationName + " ATF " + core + " " + suffix
            }
        } else if entity.kind == .trust && random.chance(rates.trusteeForm / 2) {
            name = "The Trustee for " + core + " " + suffix
        }
        if random.chance(rates.caseChange) { name = random.chance(0.6) ? name.uppercased() : name.lowercased() }
        return name
    }

    private func structureLabel(
        _ entity: borrowing PracticeEntity, _ side: SourceSystem, _ random: inout SeededRandom
    ) -> String {
        switch entity.kind {
        case .individual: "Individual"
        case .soleTrader: "Sole Trader"
        case .company: "Company"
        case .trust: side == .xpm && random.chance(0.5) ? entity.trustLabel : "Trust"
        case .partnership: "Partnership"
        case .superFund:
            side == .xpm && country == .au && random.chance(0.5)
                ? "Self Managed Superannuation Fund" : "Superannuation Fund"
        }
    }

    // MARK: Contact details and addresses

    private func writeContactDetails(
        _ entity: borrowing PracticeEntity, _ side: SourceSystem, _ rates: NoiseRates, _ view: inout RecordView,
        _ random: inout SeededRandom
    ) {
        var email = entity.email
        // The population gave a share of clients a second e-mail (so that rendering claims none):
        // a record takes it at the rate that makes `emailChanged` of all records.
        if !entity.alternateEmail.isEmpty && random.chance(rates.emailChanged / alternateEmailShare) {
            email = entity.alternateEmail
        }
        if random.chance(rates.missingEmail) { email = "" }
        if !email.isEmpty && random.chance(rates.emailCase) {
            email = random.chance(0.6) ? email.capitalisedEmail : email.uppercased()
        }
        view.email = email

        var landline = entity.landline
        var mobile = entity.mobile
        if random.chance(rates.missingPhone) {
            if !landline.isEmpty && !mobile.isEmpty {
                if random.chance(0.5) { landline = "" } else { mobile = "" }
            } else {
                landline = ""
                mobile = ""
            }
        }
        // One person writes both numbers the same way.
        let style = random.chance(rates.phoneFormat) ? 1 + random.below(PhoneFactory.styles - 1) : 0
        let landlineText = landline.isEmpty ? "" : PhoneFactory.written(landline, style: style, country: country)
        let mobileText = mobile.isEmpty ? "" : PhoneFactory.written(mobile, style: style, country: country)
        if side == .xpm && landlineText.isEmpty {
            view.phone = mobileText  // XPM clients often keep a person's mobile as their phone
        } else {
            view.phone = landlineText
            view.mobile = mobileText
        }
        if !entity.website.isEmpty {
            let site = entity.website
            let bare = String(site.dropFirst(4))
            view.website =
                random.chance(rates.websiteForm)
                ? random.pick(["https://" + site, bare, "http://" + bare + "/"]) : site
        }
    }

    private func writeAddress(
        _ entity: borrowing PracticeEntity, _ side: SourceSystem, _ rates: NoiseRates, _ view: inout RecordView,
        _ random: inout SeededRandom
    ) {
        let countryName = PracticeVocabulary.countryName(country)
        let countryText = random.chance(rates.countryCode) ? (country == .gb ? "UK" : country.rawValue) : countryName
        var address = entity.address
        if !address.isEmpty && random.chance(rates.moved) {
            address =
                address.suite || address.level > 0 ? addresses.commercial(&random) : addresses.residential(&random)
        }
        if random.chance(rates.missingAddress) { address = PracticeAddress() }
        if !address.isEmpty {
            let place = place(address)
            let abbreviate = random.chance(rates.streetAbbreviation)
            let type = PracticeVocabulary.streetTypes[Int(address.type)]
            var street =
                String(address.number) + " " + PracticeVocabulary.streetNames[Int(address.street)] + " "
                + (abbreviate ? type.short : type.full)
            var parts: [String] = []
            if address.level > 0 {
                parts.append(
                    country == .gb
                        ? "Floor \(address.level)" : (abbreviate ? "L\(address.level)" : "Level \(address.level)"))
            }
            if address.unit > 0 {
                if address.suite {
                    parts.append("Suite \(address.unit)")
                } else if abbreviate && country != .gb {
                    street = "\(address.unit)/" + street
                } else {
                    parts.append((country == .gb ? "Flat " : "Unit ") + String(address.unit))
                }
            }
            parts.append(street)
            // HQ keeps an office's floor on a line of its own half the time.
            if side == .hq && address.level > 0 && random.chance(0.5) {
                view.address = parts[0] + "\n" + parts.dropFirst().joined(separator: ", ")
            } else {
                view.address = parts.joined(separator: ", ")
            }
            view.city = place.city
            view.region = random.chance(rates.regionSpelledOut) ? place.regionLong : place.region
            view.postcode = address.postcode
            view.country = countryText
        }
        if entity.postalBox > 0 && !random.chance(rates.missingAddress) {
            let place = place(entity.address)
            view.postalAddress = "PO Box " + String(entity.postalBox)
            view.postalCity = place.city
            view.postalRegion = place.region
            view.postalPostcode = entity.address.postcode
            view.postalCountry = countryText
        }
    }

    // MARK: Identifiers and dates

    private func writeIdentifiers(
        _ entity: borrowing PracticeEntity, _ side: SourceSystem, _ rates: NoiseRates, _ view: inout RecordView,
        _ random: inout SeededRandom
    ) {
        if !entity.tax.isEmpty && !random.chance(rates.missingTaxNumber) {
            if side == .xpm {
                view.tax = "******" + entity.tax.suffix(3)  // the API shows the last three digits only
            } else {
                view.tax = random.chance(rates.spacedIdentifier) ? spacedTaxNumber(entity.tax) : entity.tax
            }
        }
        if !entity.business.isEmpty && !random.chance(rates.missingBusinessNumber) {
            view.business =
                random.chance(rates.spacedIdentifier) ? spacedBusinessNumber(entity.business, &random) : entity.business
        }
        if !entity.company.isEmpty && !random.chance(rates.missingCompanyNumber) {
            view.company =
                country == .au && random.chance(rates.spacedIdentifier)
                ? Self.grouped(entity.company, [3, 3, 3], " ") : entity.company
        }
    }

    /// TFN `123 456 782`, IRD `49-091-850` / `136-410-132`, UTR `12345 67890`.
    private func spacedTaxNumber(_ digits: String) -> String {
        switch country {
        case .au: Self.grouped(digits, [3, 3, 3], " ")
        case .nz: Self.grouped(digits, digits.utf8.count == 8 ? [2, 3, 3] : [3, 3, 3], "-")
        case .gb: Self.grouped(digits, [5, 5], " ")
        }
    }

    /// ABN `51 824 753 556`, NZBN as is, VAT `GB 980 7806 84` or `GB980780684`.
    private func spacedBusinessNumber(_ digits: String, _ random: inout SeededRandom) -> String {
        switch country {
        case .au: Self.grouped(digits, [2, 3, 3, 3], " ")
        case .nz: digits
        case .gb: random.chance(0.5) ? "GB " + Self.grouped(digits, [3, 4, 2], " ") : "GB" + digits
        }
    }

    static func grouped(_ text: String, _ sizes: [Int], _ separator: String) -> String {
        var parts: [Substring] = []
        var rest = Substring(text)
        for size in sizes where !rest.isEmpty {
            parts.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        if !rest.isEmpty { parts.append(rest) }
        return parts.joined(separator: separator)
    }

    /// HQ: `1978-03-14` or `14/03/1978`. XPM: `1978-03-14T00:00:00`, sometimes without the time.
    static func date(_ yyyymmdd: Int32, side: SourceSystem, dayFirst: Bool, _ random: inout SeededRandom) -> String {
        let value = Int(yyyymmdd)
        let year = IdentifierFactory.text(value / 10000, width: 4)
        let month = IdentifierFactory.text(value / 100 % 100, width: 2)
        let day = IdentifierFactory.text(value % 100, width: 2)
        if side == .hq {
            return dayFirst ? day + "/" + month + "/" + year : year + "-" + month + "-" + day
        }
        return year + "-" + month + "-" + day + (random.chance(0.9) ? "T00:00:00" : "")
    }
}
