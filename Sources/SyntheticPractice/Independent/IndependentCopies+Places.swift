import SingleClientRecord

/// Addresses and contacts as each system writes them.
extension IndependentCopies {
    /// "3/12 Smith Street" in the forms people type: "Unit 3, 12 Smith St", "U3/12 Smith St",
    /// "12 Smith St Unit 3"; the suburb, state and postcode in their columns or on the line.
    func address(_ place: Int32, into out: inout WrittenClient, _ random: inout SeededRandom) {
        let address = population.addresses[Int(place)]
        let suburb = IndependentPlaces.suburbs[Int(address.suburb)]
        let type = IndependentPlaces.streetTypes[Int(address.type)]
        var street = IndependentPlaces.streets[Int(address.street)]
        if noise.chance(0.01, &random) { street = Slips.typoInWord(street, noise, &random) }
        var typeWord = type.full
        if noise.chance(0.45, &random) {
            typeWord = type.short
            if type.short != type.full && noise.chance(0.1, &random) { typeWord += "." }
        }
        var number = String(address.number)
        if noise.chance(0.006, &random) {
            number = AUIdentifiers.string(AUIdentifiers.slip(number.utf8.map { $0 - 0x30 }, &random))
            if number.hasPrefix("0") { number = String(number.dropFirst()) }
            if number.isEmpty { number = "1" }
        }
        let streetPart = number + " " + street + " " + typeWord
        let unit = String(address.unit)
        let variant = noise.chance(0.5, &random) ? Int(random.next() % 4) : -1
        let swapped = noise.chance(0.03, &random)
        var line: String
        switch address.unitKind {
        case 1:
            if swapped {
                line = streetPart + " Unit " + unit
            } else {
                line =
                    variant < 0
                    ? unit + "/" + streetPart
                    : [
                        "Unit " + unit + ", " + streetPart, "Unit " + unit + " " + streetPart,
                        "U" + unit + "/" + streetPart,
                        "Apt " + unit + ", " + streetPart,
                    ][variant]
            }
        case 2:
            if swapped {
                line = streetPart + ", Level " + unit
            } else {
                line =
                    variant < 0
                    ? "Level " + unit + ", " + streetPart
                    : [
                        "L" + unit + " " + streetPart, "Level " + unit + " " + streetPart,
                        "Lvl " + unit + ", " + streetPart,
                        "L" + unit + ", " + streetPart,
                    ][variant]
            }
        case 3:
            line =
                variant < 0
                ? "Suite " + unit + ", " + streetPart
                : [
                    "Suite " + unit + "/" + streetPart, unit + "/" + streetPart, "Ste " + unit + " " + streetPart,
                    "Suite " + unit + " " + streetPart,
                ][variant]
        case 4:
            line =
                variant < 0
                ? "Shop " + unit + ", " + streetPart
                : [
                    "Shop " + unit + "/" + streetPart, unit + "/" + streetPart, "Shop " + unit + " " + streetPart,
                    "Shp " + unit + ", " + streetPart,
                ][variant]
        case 5:
            line = variant < 0 || variant > 1 ? "Lot " + streetPart : "Lot " + number + ", " + street + " " + typeWord
        default:
            line = streetPart
        }
        if noise.chance(0.04, &random) { line = Slips.upper(line) }
        var city = suburb.name
        if noise.chance(0.01, &random) { city = Slips.typoInWord(city, noise, &random) }
        if noise.chance(0.05, &random) { city = Slips.upper(city) }
        let state = IndependentPlaces.states[suburb.state]
        var region = state.short
        if noise.chance(0.3, &random) { region = state.full }
        if noise.chance(0.05, &random) { region = "" }
        var postcode = suburb.postcode
        if noise.chance(0.03, &random) {
            postcode = ""
        } else if noise.chance(0.006, &random) {
            postcode = AUIdentifiers.string(AUIdentifiers.slip(postcode.utf8.map { $0 - 0x30 }, &random))
        }
        var country = "Australia"
        if noise.chance(0.15, &random) {
            country = ""
        } else if noise.chance(0.05, &random) {
            country = ["AU", "AUSTRALIA", "Aust"][Int(random.next() % 3)]
        }
        if noise.chance(0.05, &random) {
            // Everything typed on the one line.
            out.address = line + ", " + city + " " + state.short + " " + postcode
        } else {
            out.address = line
            out.city = city
            out.region = region
            out.postcode = postcode
        }
        out.country = country
    }

    /// XPM's contacts: an organisation's directors, trustees, partners and bookkeeper; for some
    /// people, themselves.
    func contacts(_ client: IndependentPopulation.Client, into out: inout WrittenClient, _ random: inout SeededRandom) {
        let index = client.person
        if index >= 0 {
            var own = stream(Int(index), 99)
            guard own.chance(0.35) else { return }
            let person = population.people[Int(index)]
            out.contacts.append(
                (
                    name: person.given + " " + person.family, email: out.email,
                    mobile: out.phone.hasPrefix("04")
                        ? "" : IndependentCopies.mobile(person.mobile, style: 0), position: ""
                ))
            return
        }
        let mobileStyle = noise.chance(0.5, &random) ? 1 + Int(random.next() % 5) : 0
        for (offset, member) in client.contacts.enumerated() {
            if noise.chance(0.1, &random) { continue }
            let person = population.people[Int(member)]
            let given = !person.preferred.isEmpty && noise.chance(0.4, &random) ? person.preferred : person.given
            let email = noise.chance(0.1, &random) ? "" : person.email
            let position = offset < client.positions.count ? Int(client.positions[offset]) : 0
            out.contacts.append(
                (
                    name: given + " " + person.family, email: email,
                    mobile: IndependentCopies.mobile(person.mobile, style: mobileStyle),
                    position: IndependentPlaces.positions[position]
                ))
        }
    }
}
