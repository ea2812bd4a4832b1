/// A client's name in the form names are compared in.
///
/// Organisations keep their core words (`tokens`), their legal form as a separate hint, and the
/// parties their name mentions besides them: the trustee of a trust ("Smith Holdings Pty Ltd ATF
/// Smith Family Trust" is the trust `smith`, family trust, whose trustee is `smith holdings`,
/// company) and a trading name ("Acme Pty Ltd T/A Acme Plumbing"). People keep given names, initials
/// and family name apart; titles are set aside and nicknames map to a formal given name (a weak
/// signal only).
///
///     NormalisedName.organisation("The Smith Family Trust").tokens  // ["smith"]
///     NormalisedName.person("Brown, Sarah J").family                // "brown"
public struct NormalisedName: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case person
        case organisation
    }

    public var kind: Kind
    /// Organisations: the core words. People: given names, then the family name.
    var tokens: [String]
    /// The outermost legal form ("ABC Super Fund Pty Ltd": company).
    public var legalForm: LegalForm?
    /// The legal forms inside the outermost one ("ABC Super Fund Pty Ltd": super fund); nearly
    /// always none. See ``legalForms``.
    var innerLegalForms: [LegalForm]

    /// Every legal form set aside, outermost first ("ABC Super Fund Pty Ltd": company, super fund):
    /// a fund's trustee company and the fund share their core words but not these.
    var legalForms: [LegalForm] { legalForm.map { [$0] + innerLegalForms } ?? [] }
    /// Two people in one name ("Mr & Mrs J Smith", "John and Jane Smith").
    var isCouple: Bool
    /// The trustee named in a trust's name (`ATF`, `as trustee for`, `The Trustee for`).
    public var trustee: String?
    var trusteeLegalForm: LegalForm?
    /// The trading name (`T/A`, `t/as`, `trading as`).
    var tradingName: String?
    var title: String?
    public var given: [String]
    public var initials: [String]
    public var family: String?
    /// Formal given names for nicknames (`bill` → `william`); empty when none applies.
    var formalGiven: [String]
    /// Words set aside to reach `tokens`, as written for a person to read: `["The", "Pty Ltd"]`.
    var setAside: [String]

    /// The core words joined: the key exact name comparisons use.
    public var key: String { tokens.joined(separator: " ") }

    init(kind: Kind, tokens: [String]) {
        self.kind = kind
        self.tokens = tokens
        given = []
        initials = []
        formalGiven = []
        setAside = []
        innerLegalForms = []
        isCouple = false
    }

    // MARK: Organisations

    /// Reads an organisation's name.
    static func organisation(_ raw: String) -> NormalisedName {
        // A parenthetical remark ("(in liquidation)", "(deregistered)") is not part of the name.
        var text = raw
        var remark: String?
        if raw.containsByte(UInt8(ascii: "(")), let open = raw.firstIndex(of: "("),
            let close = raw[open...].firstIndex(of: ")"), open > raw.startIndex
        {
            remark = String(raw[raw.index(after: open)..<close])
            text = String(raw[..<open]) + String(raw[raw.index(after: close)...])
        }
        var words = Fold.tokens(text)
        var name = NormalisedName(kind: .organisation, tokens: [])
        let whole = words

        // Trading name: "<legal> t/a <trading>" (ta and tas only where the text spelled T/A).
        let slashMarker = text.containsByte(UInt8(ascii: "/")) && Self.spellsTradingAs(text)
        let markers = words.contains { splitWords.contains($0) }
        if markers, let (start, length) = find(in: words, any: slashMarker ? tradingPhrasesWithSlash : tradingPhrases),
            start > 0,
            start + length < words.count
        {
            let trading = Array(words[(start + length)...])
            name.tradingName = stripForm(trading).core.joined(separator: " ")
            words = Array(words[..<start])
        }
        // Trustee and trust: "<trustee> atf <trust>", "the trustee for <trust>".
        if markers,
            let (start, length) = find(in: words, any: trusteePhrases),
            start + length < words.count
        {
            let trustee = Array(words[..<start])
            if trustee.isEmpty || trustee == ["the"] {
                name.setAside.append("The Trustee for")
            } else {
                let stripped = stripForm(dropLeadingThe(trustee))
                name.trustee = stripped.core.joined(separator: " ")
                name.trusteeLegalForm = stripped.form
                name.setAside.append("the trustee's name")
            }
            words = Array(words[(start + length)...])
        }
        if words.first == "the", words.count > 1 {
            words.removeFirst()
            name.setAside.append("The")
        }
        let stripped = stripForm(words)
        name.tokens = stripped.core.isEmpty ? (words.isEmpty ? whole : words) : stripped.core
        name.legalForm = stripped.core.isEmpty ? nil : stripped.form
        name.innerLegalForms = stripped.core.isEmpty ? [] : Array(stripped.forms.dropFirst())
        if let spelled = stripped.spelled, !stripped.core.isEmpty { name.setAside.append(spelled) }
        if let remark { name.setAside.append("(\(remark))") }
        return name
    }

    static let tradingPhrases: [[String]] = [["trading", "as"], ["trades", "as"]]
    static let tradingPhrasesWithSlash: [[String]] = tradingPhrases + [["ta"], ["tas"]]
    static let trusteePhrases: [[String]] = [
        ["as", "trustee", "for"], ["as", "trustees", "for"], ["atf"], ["trustee", "for"], ["trustees", "for"],
    ]

    /// True when the text writes `T/A` or `t/as` (slash forms of "trading as").
    static func spellsTradingAs(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] == UInt8(ascii: "/") {
            var before = i - 1
            while before >= 0 && bytes[before] == 0x20 { before -= 1 }
            var after = i + 1
            while after < bytes.count && bytes[after] == 0x20 { after += 1 }
            guard before >= 0, after < bytes.count else { continue }
            let isT = bytes[before] | 0x20 == UInt8(ascii: "t") && (before == 0 || bytes[before - 1] == 0x20)
            if isT && bytes[after] | 0x20 == UInt8(ascii: "a") { return true }
        }
        return false
    }

    /// The words that may start a trading-name or trustee phrase.
    static let splitWords: Set<String> = ["trading", "ta", "tas", "trades", "as", "atf", "trustee", "trustees"]

    /// Words that join a family name to what follows: "Van Der Berg", "de la Cruz", "O'Neill" aside.
    static let particles: Set<String> = [
        "van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "ter", "ten",
        "bin", "al",
    ]

    /// Removes legal-form words from the end (repeatedly: "Smith Family Trust Pty Ltd" is rare but
    /// "Acme Co Pty Ltd" is not), returning the core and the innermost-first form found.
    static func stripForm(_ words: [String]) -> (core: [String], form: LegalForm?, forms: [LegalForm], spelled: String?)
    {
        var core = words
        var forms: [LegalForm] = []
        var spelled: [String] = []
        // Only the spellings that end in the name's last word can match.
        search: while let last = core.last, let candidates = LegalForm.spellingsByLastWord[last] {
            for (spelling, candidate) in candidates
            where core.count > spelling.count && core.suffix(spelling.count).elementsEqual(spelling) {
                core.removeLast(spelling.count)
                forms.append(candidate)
                spelled.insert(LegalForm.display(spelling), at: 0)
                continue search
            }
            break
        }
        return (core, forms.first, forms, spelled.isEmpty ? nil : spelled.joined(separator: " "))
    }

    static func dropLeadingThe(_ words: [String]) -> [String] {
        words.first == "the" && words.count > 1 ? Array(words.dropFirst()) : words
    }

    /// The first place where one of the word sequences starts, and its length.
    static func find(in words: [String], any patterns: [[String]]) -> (Int, Int)? {
        guard !words.isEmpty else { return nil }
        for start in words.indices {
            for pattern in patterns where words[start...].starts(with: pattern) { return (start, pattern.count) }
        }
        return nil
    }

    // MARK: People

    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd", "hon", "master",
        "lady", "lord",
    ]
    static let suffixes: Set<String> = ["jr", "jnr", "sr", "snr", "ii", "iii", "iv", "esq", "oam", "am", "ao", "ac"]

    /// Reads a person's name written in one field: "Sarah Brown", "Brown, Sarah J", "Dr Sarah Jane
    /// Brown", "BROWN Sarah" (a family name in capitals before mixed-case given names).
    public static func person(_ raw: String) -> NormalisedName {
        if let comma = raw.firstIndex(of: ",") {
            let family = Fold.tokens(String(raw[..<comma]))
            let rest = Fold.tokens(String(raw[raw.index(after: comma)...]))
            if !family.isEmpty && !rest.isEmpty {
                return person(given: rest, family: [family.joined(separator: " ")])
            }
        }
        // Words as written, so that a hyphenated family name stays one ("O'Brien-Jones").
        var parts = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        while let last = parts.last, parts.count > 2, suffixes.contains(Fold.key(last)) { parts.removeLast() }
        // "BROWN Sarah": a family name in capitals (three letters or more, not a title) before
        // given names in mixed case.
        if parts.count >= 2, let first = parts.first, first.count >= 3,
            first.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }),
            first == first.uppercased(), !titles.contains(Fold.key(first)),
            parts.dropFirst().contains(where: { $0 != $0.uppercased() })
        {
            return person(given: Fold.tokens(parts.dropFirst().joined(separator: " ")), family: [Fold.key(first)])
        }
        guard parts.count >= 2 else {
            // One word alone is taken for the family name: there is no telling.
            return person(given: [], family: parts.isEmpty ? [] : [Fold.key(parts[0])])
        }
        var familyStart = parts.count - 1
        while familyStart > 1, particles.contains(Fold.key(parts[familyStart - 1])) { familyStart -= 1 }
        let family = Fold.key(parts[familyStart...].joined(separator: " "))
        return person(given: parts[..<familyStart].flatMap(givenWords), family: family.isEmpty ? [] : [family])
    }

    /// A given-name word as tokens: dotted initials ("A.B.", "J.R.R.") are single letters.
    static func givenWords(_ part: String) -> [String] {
        let letters = part.filter(\.isLetter)
        if part.contains("."), (1...4).contains(letters.count) {
            return letters.lowercased().map(String.init)
        }
        return Fold.tokens(part)
    }

    /// Reads a person's name from separate given and family name fields.
    public static func person(first: String?, last: String?) -> NormalisedName {
        let family = Fold.key(last ?? "")
        return person(given: Fold.tokens(first ?? ""), family: family.isEmpty ? [] : [family])
    }

    static func person(given rawGiven: [String], family rawFamily: [String]) -> NormalisedName {
        var given = rawGiven
        var family = rawFamily
        var name = NormalisedName(kind: .person, tokens: [])
        if let first = given.first, titles.contains(first) { name.title = first }
        // Titles and "and" anywhere among the given words: "Mr & Mrs J Smith", "John and Jane".
        name.isCouple = given.contains("and")
        given.removeAll { titles.contains($0) || $0 == "and" }
        while let last = family.last, family.count > 1, suffixes.contains(last) { family.removeLast() }
        while let last = given.last, given.count > 1, suffixes.contains(last), family.isEmpty { given.removeLast() }
        for word in given {
            if word.count == 1 {
                name.initials.append(word)
            } else if word.count <= 3 && !word.contains(where: { "aeiouy".contains($0) }) {
                name.initials += word.map(String.init)  // "JR" from "J.R."
            } else {
                name.given.append(word)
            }
        }
        name.family = family.isEmpty ? nil : family.joined(separator: " ")
        name.tokens = name.given + (name.family.map { [$0] } ?? [])
        name.formalGiven = name.given.flatMap { Nicknames.formal[$0] ?? [] }
        return name
    }
}

/// Common English nicknames and the formal given names they stand for. A weak signal only: "Bill
/// Smith" and "William Smith" may be one person, and may not.
enum Nicknames {
    static let formal: [String: [String]] = {
        let groups: [String: [String]] = [
            "william": ["bill", "billy", "will", "willy", "liam"], "robert": ["bob", "bobby", "rob", "robbie", "bert"],
            "elizabeth": ["liz", "lizzie", "beth", "betty", "eliza", "libby", "elise"],
            "jonathan": ["jon", "jonny", "johnny"], "john": ["jack", "johnny", "jon"],
            "michael": ["mike", "mick", "mickey", "mikey"], "david": ["dave", "davy"],
            "james": ["jim", "jimmy", "jamie"], "katherine": ["kate", "katie", "kath", "kathy", "kat"],
            "catherine": ["cath", "cathy", "cate"], "thomas": ["tom", "tommy"],
            "christopher": ["chris", "kit"], "christine": ["chris", "chrissy", "tina"], "samuel": ["sam", "sammy"],
            "samantha": ["sam", "sammy"], "alexander": ["alex", "sandy", "xander"],
            "alexandra": ["alex", "sandra", "lexi"],
            "matthew": ["matt", "matty"], "nicholas": ["nick", "nicky", "nico"], "stephen": ["steve", "stevie"],
            "steven": ["steve", "stevie"], "anthony": ["tony", "ant"], "andrew": ["andy", "drew"],
            "daniel": ["dan", "danny"], "benjamin": ["ben", "benny"], "patrick": ["pat", "paddy"],
            "patricia": ["pat", "patty", "trish"], "margaret": ["maggie", "meg", "peggy", "marge"],
            "jennifer": ["jen", "jenny"], "susan": ["sue", "susie"], "edward": ["ed", "eddie", "ted", "ned"],
            "henry": ["harry", "hal", "hank"], "rebecca": ["bec", "becky", "becca"], "amanda": ["mandy"],
            "gregory": ["greg"], "ronald": ["ron", "ronnie"], "donald": ["don", "donny"], "joseph": ["joe", "joey"],
            "frederick": ["fred", "freddie"], "charles": ["charlie", "chuck", "chas"], "nathan": ["nate"],
            "timothy": ["tim", "timmy"], "victoria": ["vicky", "tori"], "richard": ["rick", "dick", "rich", "richie"],
            "peter": ["pete"], "philip": ["phil"], "gerald": ["gerry"], "lawrence": ["larry", "laurie"],
            "deborah": ["deb", "debbie"], "barbara": ["barb", "babs"], "jessica": ["jess", "jessie"],
            "abigail": ["abby", "abbie"], "josephine": ["jo", "josie"], "joanne": ["jo"],
            "kimberley": ["kim"], "kimberly": ["kim"], "raymond": ["ray"], "douglas": ["doug"],
            "kenneth": ["ken", "kenny"], "leonard": ["len", "lenny", "leo"], "maximilian": ["max"],
            "nicole": ["nicky", "nikki"], "sarah": ["sally", "sal"], "zachary": ["zach", "zac"],
        ]
        var map: [String: [String]] = [:]
        for (formal, nicknames) in groups.sorted(by: { $0.key < $1.key }) {
            for nickname in nicknames { map[nickname, default: []].append(formal) }
        }
        return map
    }()
}
