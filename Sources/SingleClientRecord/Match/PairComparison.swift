/// Compares two records field by field: the level of every ``Comparison``.
///
///     let vector = PairComparison.compare(features[i], features[j])
///
/// - Complexity: O(1) per pair in practice: names of a few dozen bytes, a handful of e-mails and
///   phones; no allocation.
enum PairComparison {
    typealias NameLevel = Comparison.NameLevel

    static func compare(_ a: MatchFeatures, _ b: MatchFeatures) -> ComparisonVector {
        var vector = ComparisonVector(bits: 0)
        let date = dateOfBirth(a, b)
        let (level, readings) = names(a.names, b.names, secondSlip: date == .exact)
        vector[.name] = level.rawValue
        vector.nameReadings = readings
        vector[.dateOfBirth] = date.rawValue
        vector[.businessNumber] = identifier(a.businessNumber, b.businessNumber).rawValue
        vector[.companyNumber] = company(a, b).rawValue
        vector[.taxNumber] = tax(a, b).rawValue
        vector[.email] = email(a, b).rawValue
        vector[.phone] = phone(a, b).rawValue
        vector[.address] = address(a, b).rawValue
        vector[.structure] = structure(a.structure, b.structure).rawValue
        vector[.link] = link(a, b).rawValue
        if let x = a.isPersonEntity, let y = b.isPersonEntity, x != y { vector.personAndOrganisation = true }
        return vector
    }

    // MARK: Names

    /// The best level over every reading of each name, and which readings gave it. With
    /// `secondSlip` (the dates of birth agree), people's names may be two typing slips apart.
    static func names(_ a: [NameFeature], _ b: [NameFeature], secondSlip: Bool = false) -> (NameLevel, (Int, Int)) {
        var best = NameLevel.missing
        var readings = (0, 0)
        for i in a.indices {
            for j in b.indices {
                let level = name(a[i], b[j], secondSlip: secondSlip)
                if best == .missing || (level != .missing && level.rawValue < best.rawValue) {
                    best = level
                    readings = (i, j)
                }
            }
        }
        return (best, readings)
    }

    static func name(_ a: NameFeature, _ b: NameFeature, secondSlip: Bool = false) -> NameLevel {
        if a.key.isEmpty || b.key.isEmpty { return .missing }
        if a.keyHash == b.keyHash { return .exact }
        if a.bagHash == b.bagHash && a.tokens.count == b.tokens.count { return .sameWords }
        if a.isPerson && b.isPerson && a.person.familyHash != 0 && b.person.familyHash != 0 {
            let direct = people(a.person, b.person, secondSlip: secondSlip)
            if let direct, direct != .twoSlips { return direct }
            // Given and family names in each other's places.
            if a.person.familyHash == b.person.givenHash && a.person.givenHash == b.person.familyHash {
                return .sameWords
            }
            // In each other's places and mistyped: the swap counts as a slip of its own. Either
            // record may hold the swap; a given name is read as one (a short form) on each side.
            if let crossed = crossed(a, b, secondSlip: secondSlip) ?? crossed(b, a, secondSlip: secondSlip) {
                return crossed
            }
            if let direct { return direct }
            if a.person.familyHash == b.person.familyHash { return .familyOnly }
            return closeWords(a.key, b.key, twoSlipsFrom: 12) ? .typo : .different
        }
        if a.compact == b.compact { return .sameWords }
        if wordsOneSlipApart(a, b) { return .typo }
        let (short, long) = a.tokens.count <= b.tokens.count ? (a, b) : (b, a)
        var shared = 0
        for token in short.tokens where long.tokens.contains(token) { shared += 1 }
        if shared == short.tokens.count && short.tokens.count < long.tokens.count { return .subset }
        return shared > 0 ? .sharedWords : .different
    }

    /// How two people's given and family names agree, or nil when they do not: the same family
    /// name and given names that agree (given-compatible); one slip in either (typo); with
    /// `secondSlip`, a second slip in one of them while the other agrees (two-slips). When
    /// `strict`, only edits count as slips: a name that merely starts another ("Jack",
    /// "Jackson") or is close by Jaro-Winkler alone is no agreement.
    static func people(_ a: PersonParts, _ b: PersonParts, secondSlip: Bool, strict: Bool = false) -> NameLevel? {
        let familyEqual = a.familyHash == b.familyHash
        let given = givenNames(a, b, strict: strict)
        if familyEqual {
            switch given {
            case .equal, .compatible: return .givenCompatible
            case .close: return .typo
            case .different: break
            }
        } else if given != .different,
            closeWords(a.family, b.family) || (!strict && jaroWinkler(a.family, b.family) >= familySimilarity)
        {
            return .typo
        }
        guard secondSlip else { return nil }
        if familyEqual && twoSlips(a.given, b.given) { return .twoSlips }
        if (given == .equal || given == .compatible) && twoSlips(a.family, b.family) { return .twoSlips }
        return nil
    }

    /// `a` as written against `b` with its given and family names in each other's places: a
    /// typo, or two slips when `secondSlip` allows them; nil when they do not agree so.
    static func crossed(_ a: NameFeature, _ b: NameFeature, secondSlip: Bool) -> NameLevel? {
        guard a.person.given.count >= 2, b.swapped.familyHash != 0,
            let level = people(a.person, b.swapped, secondSlip: secondSlip, strict: true)
        else { return nil }
        return level == .twoSlips ? .twoSlips : .typo
    }

    /// The same words in the same order, each equal or a typing slip apart: only words of four
    /// letters or more may differ ("N & L Jones" is not "B & S Jones"), and at most two of them.
    static func wordsOneSlipApart(_ a: NameFeature, _ b: NameFeature) -> Bool {
        guard a.tokens.count == b.tokens.count else { return false }
        var differing = 0
        for index in a.tokens.indices where a.tokens[index] != b.tokens[index] {
            differing += 1
            if differing > 2 || !closeWords(a.tokenText[index], b.tokenText[index], twoSlipsFrom: 8) { return false }
        }
        return true
    }

    enum GivenRelation { case equal, compatible, close, different }

    /// How two people's first given names agree: equal; compatible (one missing, an initial, a
    /// short form or nickname, a middle name used as the first); one slip apart; or different.
    /// When `strict`, as ``people(_:_:secondSlip:strict:)``.
    static func givenNames(_ a: PersonParts, _ b: PersonParts, strict: Bool = false) -> GivenRelation {
        if a.given.isEmpty || b.given.isEmpty { return .compatible }
        if a.givenHash == b.givenHash { return .equal }
        if (a.given.count == 1 || b.given.count == 1) && a.given[0] == b.given[0] { return .compatible }
        if a.formalGiven.contains(b.givenHash) || b.formalGiven.contains(a.givenHash) { return .compatible }
        if a.formalGiven.contains(where: { b.formalGiven.contains($0) }) { return .compatible }
        // A middle name used as the first ("John Brett Turner", "Brett Turner").
        if a.middle.contains(b.givenHash) || b.middle.contains(a.givenHash) { return .compatible }
        let (short, long) = a.given.count <= b.given.count ? (a.given, b.given) : (b.given, a.given)
        if !strict && short.count >= 3 && long.starts(with: short) { return .compatible }
        if closeWords(a.given, b.given) { return .close }
        return !strict && jaroWinkler(a.given, b.given) >= givenSimilarity ? .close : .different
    }

    /// Jaro-Winkler similarities from which two family names, or two given names, count as one
    /// name mistyped ("Walker"/"Walket", "Kig"/"King"), while a family's "Jack" and "Jake" (0.88)
    /// stay apart.
    static let familySimilarity = 0.9
    static let givenSimilarity = 0.9

    /// One typing slip apart (words of four bytes or more), or two for long text.
    static func closeWords(_ a: [UInt8], _ b: [UInt8], twoSlipsFrom: Int = 10) -> Bool {
        let length = min(a.count, b.count)
        guard length >= 4 else { return false }
        let limit = length >= twoSlipsFrom ? 2 : 1
        return boundedEditDistance(a, b, limit: limit) <= limit
    }

    /// Two typing slips apart (at most), both words of four bytes or more: "Megan"/"Msan",
    /// "Turner"/"Trner".
    static func twoSlips(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        min(a.count, b.count) >= 4 && boundedEditDistance(a, b, limit: 2) <= 2
    }

    // MARK: Other fields

    static func dateOfBirth(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.DateLevel {
        guard a.dateOfBirth != 0, b.dateOfBirth != 0, a.isPerson, b.isPerson else { return .missing }
        if a.dateOfBirth == b.dateOfBirth { return .exact }
        // One digit different, or day and month swapped.
        var differing = 0
        var x = a.dateOfBirth
        var y = b.dateOfBirth
        for _ in 0..<8 {
            if x % 10 != y % 10 { differing += 1 }
            x /= 10
            y /= 10
        }
        let swapped =
            a.dateOfBirth / 10_000 == b.dateOfBirth / 10_000 && a.dateOfBirth % 100 == (b.dateOfBirth / 100) % 100
            && (a.dateOfBirth / 100) % 100 == b.dateOfBirth % 100
        // The same day and month, the year one off (1979 and 1980 differ in two digits).
        let yearOff = a.dateOfBirth % 10_000 == b.dateOfBirth % 10_000 && abs(a.dateOfBirth - b.dateOfBirth) == 10_000
        return differing == 1 || swapped || yearOff ? .close : .different
    }

    /// Two identifiers: equal (valid, or failing the checksum), one slip apart with one failing
    /// it, or different (both valid, or not).
    static func identifier(_ a: IdentifierFeature, _ b: IdentifierFeature) -> Comparison.IdentifierLevel {
        guard a.value != 0, b.value != 0 else { return .missing }
        if a.value == b.value { return a.isValid ? .exact : .exactUnchecked }
        if a.isValid && b.isValid { return .different }
        return IdentifierFeature.oneSlipApart(a, b) ? .oneSlip : .differentUnchecked
    }

    static func company(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.CompanyLevel {
        let level = identifier(a.companyNumber, b.companyNumber)
        switch level {
        case .exact: return .exact
        case .exactUnchecked: return .exactUnchecked
        case .different: return .different
        case .missing, .oneSlip, .differentUnchecked:
            // An ACN inside the other's ABN outweighs a value that fails its checksum.
            if (a.acnDigits != 0 && a.acnDigits == b.abnCompanyPart)
                || (b.acnDigits != 0 && b.acnDigits == a.abnCompanyPart)
            {
                return .withinABN
            }
            return level == .oneSlip ? .oneSlip : (level == .differentUnchecked ? .differentUnchecked : .missing)
        }
    }

    static func tax(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.TaxLevel {
        switch identifier(a.taxNumber, b.taxNumber) {
        case .exact: return .exact
        case .exactUnchecked: return .exactUnchecked
        case .oneSlip: return .oneSlip
        case .different: return .different
        case .differentUnchecked: return .differentUnchecked
        case .missing:
            // XPM masks tax numbers: the last three digits of a valid or masked number.
            guard a.taxLastDigits >= 0, b.taxLastDigits >= 0 else { return .missing }
            return a.taxLastDigits == b.taxLastDigits ? .lastDigits : .otherDigits
        }
    }

    static func email(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.EmailLevel {
        if a.emails.contains(where: { b.emails.contains($0) }) { return .exact }
        // Own and contacts' addresses, without joining the lists: this runs for every pair.
        func inB(_ email: UInt64) -> Bool { b.emails.contains(email) || b.contactEmails.contains(email) }
        if a.emails.contains(where: inB) || a.contactEmails.contains(where: inB) { return .throughContact }
        if a.domains.contains(where: { b.domains.contains($0) }) { return .sameDomain }
        return a.emails.isEmpty || b.emails.isEmpty ? .missing : .different
    }

    static func phone(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.PhoneLevel {
        if a.phones.contains(where: { b.phones.contains($0) }) { return .exact }
        if a.sharedPhones.contains(where: { b.sharedPhones.contains($0) }) { return .shared }
        let aAny = !a.phones.isEmpty || !a.sharedPhones.isEmpty
        let bAny = !b.phones.isEmpty || !b.sharedPhones.isEmpty
        return aAny && bAny ? .different : .missing
    }

    static func address(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.AddressLevel {
        if a.street != 0 && b.street != 0 {
            if a.street == b.street { return .exact }
            return a.locality == b.locality ? .locality : .different
        }
        return .missing
    }

    static func structure(_ a: BusinessStructure?, _ b: BusinessStructure?) -> Comparison.StructureLevel {
        guard let a, let b else { return .missing }
        if a == b { return .same }
        return a.isPerson && b.isPerson ? .compatible : .different
    }

    static func link(_ a: MatchFeatures, _ b: MatchFeatures) -> Comparison.LinkLevel {
        if a.xpmLink != 0 && a.xpmLink == b.xpmUUID || b.xpmLink != 0 && b.xpmLink == a.xpmUUID { return .syncLink }
        if a.xpmLink != 0 && a.xpmLink == b.xpmLink { return .sameSyncTarget }
        if a.xeroOrganisation != 0 && b.xeroOrganisation != 0 {
            return a.xeroOrganisation == b.xeroOrganisation ? .sameXeroOrganisation : .differentXeroOrganisation
        }
        return .none
    }
}
