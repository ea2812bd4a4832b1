/// A street or postal address in the form addresses are compared in.
///
/// Street types are abbreviated (Street = St, Road = Rd, ...), unit and flat forms are one form
/// (`Unit 4, 88 Parramatta Road`, `U4/88 Parramatta Rd` and `4/88 Parramatta Rd` are unit 4 at
/// 88 parramatta rd), PO boxes are recognised (`P.O. Box`, `GPO Box`, `Locked Bag`, `Private Bag`),
/// postcodes follow their country's format, and the city is folded for comparison and title-cased
/// for display.
///
///     NormalisedAddress(lines: "U4/88 Parramatta Road", city: "PARRAMATTA", region: "New South Wales",
///                       postcode: "2150", country: "Australia")?.street  // "4/88 parramatta rd"
public struct NormalisedAddress: Hashable, Sendable, Codable {
    /// `[unit/]number street-words`, folded and abbreviated: what two street addresses are compared by.
    public var street: String
    public var unit: String?
    /// The floor (`Level 2`, `L2`, `Floor 3`), set apart from the street.
    public var level: String?
    public var number: String?
    /// `po box 123`, `locked bag 7`, ...
    public var poBox: String?
    /// Folded city (`st kilda`) and the display form (`St Kilda`).
    public var city: String?
    public var cityDisplay: String?
    /// A state's abbreviation for AU (`NSW`), else the folded region.
    public var region: String?
    public var postcode: String?
    public var postcodeIsValid: Bool
    public var country: Country?

    public init?(lines: String?, city: String?, region: String?, postcode: String?, country: String?) {
        let countryValue = country.flatMap(Country.named)
        self.country = countryValue
        let (box, afterBox) = Self.extractPOBox(Self.tokens(lines ?? ""))
        let (level, afterLevel) = Self.extractLevel(afterBox)
        let (unit, number, words) = Self.extractUnit(afterLevel)
        self.level = level
        poBox = box
        self.unit = unit
        self.number = number
        let place = unit.map { "\($0)/\(number ?? "")" } ?? number
        street = ([place].compactMap { $0 } + words).joined(separator: " ")
        let folded = city.map(Fold.key).flatMap { $0.isEmpty ? nil : $0 }
        self.city = folded.map(Self.expandSaint)
        cityDisplay = self.city.map(Self.titleCase)
        self.region = region.flatMap { Self.region($0, country: countryValue) }
        let code = postcode.map { Self.postcode($0, country: countryValue) }
        self.postcode = code?.value
        postcodeIsValid = code?.isValid ?? false
        if street.isEmpty && poBox == nil && self.city == nil && self.postcode == nil { return nil }
    }

    // MARK: Streets

    static let streetTypes: [String: String] = [
        "street": "st", "str": "st", "road": "rd", "avenue": "ave", "av": "ave", "drive": "dr", "drv": "dr",
        "court": "ct", "crt": "ct", "place": "pl", "crescent": "cres", "cr": "cres", "crs": "cres",
        "parade": "pde", "highway": "hwy", "lane": "ln", "terrace": "tce", "terr": "tce", "boulevard": "blvd",
        "boulevarde": "blvd", "circuit": "cct", "close": "cl", "esplanade": "esp", "grove": "gr", "square": "sq",
        "parkway": "pkwy", "way": "way", "mews": "mews", "quay": "qy", "circle": "cir", "track": "trk",
        "trail": "trl", "rise": "rise", "ridge": "rdge", "walk": "wlk", "promenade": "prom", "gardens": "gdns",
        "heights": "hts", "point": "pt", "junction": "jnct", "corner": "cnr", "row": "row", "loop": "loop",
    ]

    static let unitWords: Set<String> = [
        "unit", "u", "flat", "f", "apartment", "apt", "suite", "ste", "shop", "villa", "townhouse", "th",
    ]

    /// Folded tokens, with `/` kept as its own token (`4/88`) and street types abbreviated.
    static func tokens(_ text: String) -> [String] {
        let spaced = text.replacingOccurrences(of: "/", with: " / ")
        var tokens = Fold.tokens(spaced.replacingOccurrences(of: "/", with: " slash "))
        tokens = tokens.map { $0 == "slash" ? "/" : (streetTypes[$0] ?? $0) }
        return tokens
    }

    static func extractPOBox(_ tokens: [String]) -> (String?, [String]) {
        let patterns: [([String], String)] = [
            (["po", "box"], "po box"), (["p", "o", "box"], "po box"), (["post", "office", "box"], "po box"),
            (["gpo", "box"], "gpo box"), (["pobox"], "po box"), (["locked", "bag"], "locked bag"),
            (["private", "bag"], "private bag"), (["pmb"], "private bag"), (["lpo", "box"], "po box"),
            (["box"], "po box"),
        ]
        for (pattern, name) in patterns {
            guard let start = tokens.firstRange(of: pattern)?.lowerBound else { continue }
            let after = start + pattern.count
            guard after < tokens.count, tokens[after].first?.isNumber == true else { continue }
            var rest = tokens
            rest.removeSubrange(start...after)
            return ("\(name) \(tokens[after])", rest)
        }
        return (nil, tokens)
    }

    /// `level 2`, `l2`, `floor 3`, `fl 3`, `ground floor`, anywhere in the lines.
    static func extractLevel(_ tokens: [String]) -> (String?, [String]) {
        for (index, token) in tokens.enumerated() {
            if ["level", "lvl", "floor", "fl"].contains(token), index + 1 < tokens.count,
                tokens[index + 1].first?.isNumber == true
            {
                var rest = tokens
                rest.removeSubrange(index...(index + 1))
                return (tokens[index + 1], rest)
            }
            if token.count > 1, token.first == "l", token.dropFirst().allSatisfy(\.isNumber) {
                var rest = tokens
                rest.remove(at: index)
                return (String(token.dropFirst()), rest)
            }
            if token == "ground", index + 1 < tokens.count, tokens[index + 1] == "floor" {
                var rest = tokens
                rest.removeSubrange(index...(index + 1))
                return ("g", rest)
            }
        }
        return (nil, tokens)
    }

    /// The unit and street number: `unit 4 88 ...`, `u4 / 88 ...`, `4 / 88 ...`, `flat 2 10 ...`.
    static func extractUnit(_ tokens: [String]) -> (unit: String?, number: String?, rest: [String]) {
        var rest = tokens
        var unit: String?
        // "unit 4", "u4", "flat 2"
        if let first = rest.first {
            if unitWords.contains(first), rest.count > 1, rest[1].first?.isNumber == true {
                unit = rest[1]
                rest.removeFirst(2)
            } else if let word = unitWords.first(where: { first.hasPrefix($0) && first.count > $0.count }),
                first.dropFirst(word.count).first?.isNumber == true
            {
                unit = String(first.dropFirst(word.count))
                rest.removeFirst()
            }
        }
        // "4 / 88"
        if rest.count >= 3, rest[1] == "/", rest[0].first?.isNumber == true {
            unit = unit ?? rest[0]
            rest.removeFirst(2)
        } else if unit != nil, rest.first == "/" {
            rest.removeFirst()
        }
        rest.removeAll { $0 == "/" }
        var number: String?
        if let first = rest.first, first.first?.isNumber == true {
            number = first
            rest.removeFirst()
        }
        return (unit, number, rest)
    }

    // MARK: Places

    static func expandSaint(_ city: String) -> String {
        city.hasPrefix("saint ") ? "st " + city.dropFirst(6) : city
    }

    static func titleCase(_ folded: String) -> String {
        folded.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    static let australianStates: [String: String] = [
        "new south wales": "NSW", "nsw": "NSW", "victoria": "VIC", "vic": "VIC", "queensland": "QLD", "qld": "QLD",
        "south australia": "SA", "sa": "SA", "western australia": "WA", "wa": "WA", "tasmania": "TAS", "tas": "TAS",
        "northern territory": "NT", "nt": "NT", "australian capital territory": "ACT", "act": "ACT",
    ]

    static func region(_ text: String, country: Country?) -> String? {
        let folded = Fold.key(text)
        if folded.isEmpty { return nil }
        if country == .au || country == nil, let state = australianStates[folded] { return state }
        return folded
    }

    /// AU and NZ: four digits (AU's Northern Territory `800` is `0800`). UK: outward and inward
    /// codes, upper case, one space (`sw1a1aa` is `SW1A 1AA`).
    static func postcode(_ text: String, country: Country?) -> (value: String, isValid: Bool) {
        let compact = String(text.uppercased().filter { $0.isLetter || $0.isNumber })
        let isDigits = !compact.isEmpty && compact.allSatisfy(\.isNumber)
        switch country {
        case .gb:
            return ukPostcode(compact)
        case .au, .nz:
            if isDigits && compact.count == 3 && country == .au { return ("0" + compact, true) }
            return (compact, isDigits && compact.count == 4)
        case nil:
            if isDigits {
                return (compact.count == 3 ? "0" + compact : compact, compact.count == 4 || compact.count == 3)
            }
            return ukPostcode(compact)
        }
    }

    static func ukPostcode(_ compact: String) -> (value: String, isValid: Bool) {
        guard compact.count >= 5, compact.count <= 7 else { return (compact, false) }
        let inward = compact.suffix(3)
        let outward = compact.dropLast(3)
        let valid = inward.first!.isNumber && inward.dropFirst().allSatisfy(\.isLetter) && outward.first!.isLetter
        return ("\(outward) \(inward)", valid)
    }
}
