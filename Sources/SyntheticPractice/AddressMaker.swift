import SingleClientRecord

/// Street addresses in a country's places: big towns more often, small street numbers more often.
struct AddressMaker: Sendable {
    let country: Country
    let places: [PracticeVocabulary.Place]
    private let placeDraw: WeightedDraw
    private let streetTypeDraw = WeightedDraw(weights: PracticeVocabulary.streetTypeWeights)

    init(country: Country) {
        self.country = country
        places = PracticeVocabulary.places(country)
        placeDraw = WeightedDraw.zipf(count: places.count, offset: 4)
    }

    /// A home: a number on a street, sometimes a unit or flat.
    func residential(_ random: inout SeededRandom) -> PracticeAddress {
        var address = PracticeAddress()
        address.place = Int16(placeDraw.draw(&random))
        address.number = Int16(random.chance(0.6) ? random.int(in: 1...40) : random.int(in: 1...320))
        address.street = Int16(random.below(PracticeVocabulary.streetNames.count))
        address.type = Int8(streetTypeDraw.draw(&random))
        if random.chance(0.2) { address.unit = Int16(random.int(in: 1...40)) }
        address.postcode = postcode(places[Int(address.place)], &random)
        return address
    }

    /// An office: often a suite, a floor, or a unit in a business park.
    func commercial(_ random: inout SeededRandom) -> PracticeAddress {
        var address = residential(&random)
        address.unit = 0
        let roll = random.below(100)
        if roll < 30 {
            address.unit = Int16(random.int(in: 1...30))
            address.suite = true
        } else if roll < 50 {
            address.level = Int8(random.int(in: 1...25))
            if random.chance(0.4) {
                address.unit = Int16(address.level) * 100 + Int16(random.int(in: 1...12))
                address.suite = true
            }
        } else if roll < 65 {
            address.unit = Int16(random.int(in: 1...20))
        }
        return address
    }

    /// AU and NZ: the place's postcode. UK: one of its outward codes and a random inward code.
    private func postcode(_ place: PracticeVocabulary.Place, _ random: inout SeededRandom) -> String {
        guard country == .gb else { return place.postcodes[0] }
        let letters = PracticeVocabulary.inwardLetters
        return random.pick(place.postcodes) + " " + String(random.int(in: 1...9))
            + String(decoding: [random.pick(letters), random.pick(letters)], as: UTF8.self)
    }
}

extension String {
    /// Lower-case ASCII letters and digits only, accents folded (`Zoë O'Brien` → `zoeobrien`): for
    /// e-mail addresses and domains.
    var asciiLetters: String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
                    out.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    out.append(byte | 0x20)
                }
            } else if let folded = asciiLetter(of: scalar) {
                out.append(folded)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The lower-case ASCII letter an accented Latin letter folds to (`é`, `É` → `e`), or nil.
func asciiLetter(of scalar: Unicode.Scalar) -> UInt8? { asciiFolding[scalar.value] }

/// Accented Latin letters and the ASCII letter they fold to.
private let asciiFolding: [UInt32: UInt8] = {
    let groups: [(String, Character)] = [
        ("àáâãäåāÀÁÂÃÄÅĀ", "a"), ("çćčÇĆČ", "c"), ("èéêëēÈÉÊËĒ", "e"), ("ìíîïīÌÍÎÏĪ", "i"), ("ñńÑŃ", "n"),
        ("òóôõöøōÒÓÔÕÖØŌ", "o"), ("ùúûüūÙÚÛÜŪ", "u"), ("ýÿÝ", "y"), ("šŠ", "s"), ("žŽ", "z"), ("đĐ", "d"),
        ("łŁ", "l"),
    ]
    var table: [UInt32: UInt8] = [:]
    for (letters, ascii) in groups {
        for scalar in letters.unicodeScalars { table[scalar.value] = ascii.asciiValue! }
    }
    return table
}()
