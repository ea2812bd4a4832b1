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
public struct NormalisedAddress: Hashable, Sendable {
    /// `[unit/]number street-words`, folded and abbreviated: what two street addresses are compared by.
    public var street: String
    public var unit: String?
    /// The floor (`Level 2`, `L2`, `Floor 3`), set apart from the street.
    public var level: String?
    public var number: String?
    /// `po box 123`, `locked bag 7`, ...
    var poBox: String?
    /// Folded city (`st kilda`) and the display form (`St Kilda`).
    public var city: String?
    /// The city as a person writes it (`St Kilda`).
    var cityDisplay: String? { city.map(Self.titleCase) }
    /// A state's abbreviation for AU (`NSW`), else the folded region.
    public var region: String?
    public var postcode: String?
    var postcodeIsValid: Bool
    public var country: Country?

    public init?(lines: String?, city: String?, region: String?, postcode: String?, country: String?) {
        let countryValue = country.flatMap(Country.named)
        self.country = countryValue
        var (box, afterBox) = Self.extractPOBox(Self.tokens(lines ?? ""))
        // "PO Box 12, Sydney": what follows a box on its line is the town, not a street.
        if box != nil && !afterBox.contains(where: Self.startsWithDigit) { afterBox = [] }
        let (level, afterLevel) = Self.extractLevel(afterBox)
        let (unit, number, words) = Self.extractUnit(afterLevel)
        self.level = level
        poBox = box
        self.unit = unit
        self.number = number
        var street = unit.map { "\($0)/\(number ?? "")" } ?? number ?? ""
        for word in words {
            if !street.isEmpty { street += " " }
            street += word
        }
        self.street = street
        let folded = city.map(Fold.key).flatMap { $0.isEmpty ? nil : $0 }
        self.city = folded.map(Self.expandSaint)
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
        var tokens = Fold.tokens(text, keepingSlashes: true)
        for index in tokens.indices {
            let token = tokens[index]
            // Street types are words of two letters or more.
            guard token.utf8.count >= 2, let first = token.utf8.first, first >= 0x61 && first <= 0x7A else { continue }
            if let short = streetTypes[token] { tokens[index] = short }
        }
        return tokens
    }

    static let poBoxPatterns: [([String], String)] = [
        (["po", "box"], "po box"), (["p", "o", "box"], "po box"), (["post", "office", "box"], "po box"),
        (["gpo", "box"], "gpo box"), (["pobox"], "po box"), (["locked", "bag"], "locked bag"),
        (["private", "bag"], "private bag"), (["pmb"], "private bag"), (["lpo", "box"], "po box"),
        (["box"], "po box"),
    ]
    static let poBoxFirstWords: Set<String> = Set(poBoxPatterns.map { $0.0[0] })

    static func extractPOBox(_ tokens: [String]) -> (String?, [String]) {
        guard tokens.contains(where: { poBoxFirstWords.contains($0) }) else { return (nil, tokens) }
        for (pattern, name) in poBoxPatterns {
            for start in tokens.indices where tokens[start] == pattern[0] {
                let after = start + pattern.count
                guard after < tokens.count, tokens[start..<after].elementsEqual(pattern),
                    tokens[after].utf8.first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true
                else { continue }
                var rest = tokens
                rest.removeSubrange(start...after)
                return ("\(name) \(tokens[after])", rest)
            }
        }
        return (nil, tokens)
    }

    static let levelWords: Set<String> = ["level", "lvl", "floor", "fl"]

    /// `level 2`, `l2`, `floor 3`, `fl 3`, `ground floor`, anywhere in the lines.
    static func extractLevel(_ tokens: [String]) -> (String?, [String]) {
        for (index, token) in tokens.enumerated() {
            if levelWords.contains(token), index + 1 < tokens.count, startsWithDigit(tokens[index + 1]) {
                var rest = tokens
                rest.removeSubrange(index...(index + 1))
                return (tokens[index + 1], rest)
            }
            if token.utf8.count > 1, token.utf8.first == UInt8(ascii: "l"),
                token.utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            {
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
            if unitWords.contains(first), rest.count > 1, startsWithDigit(rest[1]) {
                unit = rest[1]
                rest.removeFirst(2)
            } else if let letters = first.utf8.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }),
                letters != first.utf8.startIndex, unitWords.contains(String(first[..<letters]))
            {
                unit = String(first[letters...])
                rest.removeFirst()
            }
        }
        // "4 / 88"
        if rest.count >= 3, rest[1] == "/", startsWithDigit(rest[0]) {
            unit = unit ?? rest[0]
            rest.removeFirst(2)
        } else if unit != nil, rest.first == "/" {
            rest.removeFirst()
        }
        rest.removeAll { $0 == "/" }
        var number: String?
        if let first = rest.first, startsWithDigit(first) {
            number = first
            rest.removeFirst()
        }
        return (unit, number, rest)
    }

    // MARK: Places

    static func expandSaint(_ city: String) -> String {
        city.hasPrefix("saint ") ? "st " + city.dropFirst(6) : city
    }

    /// `st kilda` → `St Kilda` (folded text is lower-case ASCII and spaces).
    static func titleCase(_ folded: String) -> String {
        var bytes = Array(folded.utf8)
        var wordStart = true
        for i in bytes.indices {
            if wordStart && bytes[i] >= 0x61 && bytes[i] <= 0x7A { bytes[i] -= 0x20 }
            wordStart = bytes[i] == 0x20
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func startsWithDigit(_ token: String) -> Bool {
        guard let first = token.utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    static let australianStates: [String: String] = [
        "new south wales": "NSW", "nsw": "NSW", "victoria": "VIC", "vic": "VIC", "queensland": "QLD", "qld": "QLD",
        "south australia": "SA", "sa": "SA", "western australia": "WA", "wa": "WA", "tasmania": "TAS", "tas": "TAS",
        "northern territory": "NT", "nt": "NT", "australian capital territory": "ACT", "act": "ACT",
    ]

    static func region(_ text: String, country: Country?) -> String? {
        if country == .au || country == nil, let state = australianStates[text.lowercased()] { return state }
        let folded = Fold.key(text)
        if folded.isEmpty { return nil }
        if country == .au || country == nil, let state = australianStates[folded] { return state }
        return folded
    }

    /// AU and NZ: four digits (AU's Northern Territory `800` is `0800`). UK: outward and inward
    /// codes, upper case, one space (`sw1a1aa` is `SW1A 1AA`).
    static func postcode(_ text: String, country: Country?) -> (value: String, isValid: Bool) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        var nonASCII = false
        // Excel's "2000.0" for a postcode stored as a number.
        let text = text.hasSuffix(".0") && text.dropLast(2).allSatisfy(\.isNumber) ? String(text.dropLast(2)) : text
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A: bytes.append(byte)
            case 0x61...0x7A: bytes.append(byte - 0x20)
            case 0x80...: nonASCII = true
            default: break
            }
        }
        let compact = String(decoding: bytes, as: UTF8.self)
        let isDigits = !bytes.isEmpty && !nonASCII && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        switch country {
        case .gb:
            return ukPostcode(compact)
        case .au, .nz:
            if isDigits && bytes.count == 3 { return ("0" + compact, true) }
            return (compact, isDigits && bytes.count == 4)
        case nil:
            if isDigits { return (bytes.count == 3 ? "0" + compact : compact, bytes.count == 4 || bytes.count == 3) }
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

extension NormalisedAddress: Codable {
    private enum CodingKeys: String, CodingKey {
        case street, unit, level, number, poBox, city, cityDisplay, region, postcode, postcodeIsValid, country
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(street, forKey: .street)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encodeIfPresent(level, forKey: .level)
        try container.encodeIfPresent(number, forKey: .number)
        try container.encodeIfPresent(poBox, forKey: .poBox)
        try container.encodeIfPresent(city, forKey: .city)
        try container.encodeIfPresent(cityDisplay, forKey: .cityDisplay)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encodeIfPresent(postcode, forKey: .postcode)
        try container.encode(postcodeIsValid, forKey: .postcodeIsValid)
        try container.encodeIfPresent(country, forKey: .country)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        street = try container.decode(String.self, forKey: .street)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        level = try container.decodeIfPresent(String.self, forKey: .level)
        number = try container.decodeIfPresent(String.self, forKey: .number)
        poBox = try container.decodeIfPresent(String.self, forKey: .poBox)
        city = try container.decodeIfPresent(String.self, forKey: .city)
        region = try container.decodeIfPresent(String.self, forKey: .region)
        postcode = try container.decodeIfPresent(String.self, forKey: .postcode)
        postcodeIsValid = try container.decode(Bool.self, forKey: .postcodeIsValid)
        country = try container.decodeIfPresent(Country.self, forKey: .country)
    }
}
